"""Reads of the care work, each from core.access.scope(); what a role sees of a record is decided here.

"Not reached in time" reads each person's last contact from their ContactState row and the
university's cadence table: one condition per group of the policy, no scan of the history, so its
cost does not grow with the number of contacts (make bench, care_*).
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from yinling.core.access import capability_any, flag, get_scoped_or_404, scope
from yinling.lib import care as rules
from yinling.lib.ages import shift_years
from yinling.roster.access import ROSTER_HEALTH
from yinling.roster.models import Person

from . import services
from .access import CARE_AID, CARE_HEALTH, CARE_MANAGE, CARE_RECORD, CARE_VIEW
from .models import CadenceRule, Campaign, CampaignTarget, Contact, HardshipAid, HospitalStay, ResponseClock, ServiceRequest


def intervals(institution) -> dict[str, int]:
    """The university's cadence table (its defaults the first time)."""
    services.cadence_ensure(institution)
    return dict(CadenceRule.objects.filter(institution=institution).values_list("group", "interval_days"))


def group_conditions(today: date) -> dict[str, Q]:
    """Each group of the cadence policy as a condition on Person (lib.care.cadence_groups, in SQL)."""
    return {
        rules.EVERYONE: Q(),
        rules.ALONE: Q(living_arrangement=Person.Living.ALONE),
        rules.DISABLED: Q(health_status__in=[Person.Health.DISABLED, Person.Health.SEMI_DISABLED]),
        rules.AGED: Q(birth_date__lte=shift_years(today, -rules.CLOSE_CARE_AGE)),
        rules.HOSPITAL: Q(hospitalized=True),
        rules.HARDSHIP: Q(flag_hardship=True),
    }


def facts_of(person: Person, today: date) -> rules.CareFacts:
    return rules.CareFacts(age=person.age(today), living_alone=person.living_arrangement == Person.Living.ALONE,
                           disabled=person.health_status in (Person.Health.DISABLED, Person.Health.SEMI_DISABLED),
                           hospitalized=person.hospitalized, hardship=person.flag_hardship)


def overdue_condition(table: dict[str, int], today: date) -> Q:
    """Never contacted, or last contacted longer ago than the interval of one of the person's groups."""
    last = "care_state__last_contact_on"
    found = Q(**{f"{last}__isnull": True})
    for group, condition in group_conditions(today).items():
        days = table.get(group, rules.DEFAULT_INTERVALS[group])
        found |= condition & Q(**{f"{last}__lt": today - timedelta(days=days)})
    return found


_OVERDUE_COLUMNS = ("name", "name_pinyin", "gender", "birth_date", "category", "unit", "grid", "liaison", "dedicated_contact",
                    "living_arrangement", "health_status", "hospitalized", "flag_hardship", "residence", "residence_city", "institution")


def overdue_people(*, user, institution, today: date, liaison_id: int | None = None, group: str = "") -> QuerySet[Person]:
    """The living people the user may see whom no one has contacted within their interval, the longest-waiting first."""
    table = intervals(institution)
    people = scope(user, Person.objects.filter(institution=institution, status=Person.Status.ACTIVE), CARE_VIEW)
    people = people.filter(overdue_condition(table, today))
    if group in table and group != rules.EVERYONE:
        people = people.filter(group_conditions(today)[group])
    if liaison_id:
        people = people.filter(liaison_id=liaison_id)
    return (people.select_related("unit", "grid", "liaison", "care_state").only(*_OVERDUE_COLUMNS, "care_state__last_contact_on", "care_state__last_contact_what",
                                                                                  "unit__name", "grid__name", "liaison__display_name", "liaison__username")
            .annotate(shows_health=flag(user, Person, ROSTER_HEALTH))
            .order_by(F("care_state__last_contact_on").asc(nulls_first=True), "name_pinyin", "id"))


@dataclass
class OverdueRow:
    person: Person
    last: date | None
    last_what: str
    interval: int
    days_over: int | None  # None: never contacted
    reasons: list[str]  # the groups that set the interval: only for those who see care facts


_GROUP_WORDS = {rules.ALONE: "独居", rules.DISABLED: "失能/半失能", rules.AGED: "80岁及以上", rules.HOSPITAL: "住院", rules.HARDSHIP: "特殊困难"}


def overdue_rows(people, table: dict[str, int], today: date) -> list[OverdueRow]:
    """One page's rows: when each was last reached, the interval that applies and by how many days it is past."""
    rows = []
    for p in people:
        state = getattr(p, "care_state", None) if hasattr(p, "care_state") else None
        last = state.last_contact_on if state else None
        facts = facts_of(p, today)
        interval = rules.contact_interval(facts, table)
        groups = rules.cadence_groups(facts) - {rules.EVERYONE}
        reasons = [_GROUP_WORDS[g] for g in _GROUP_WORDS if g in groups] if p.shows_health else []
        days_over = (today - rules.contact_due(last, interval, today)).days if last else None
        rows.append(OverdueRow(p, last, state.last_contact_what if state else "", interval, days_over, reasons))
    return rows


# --- contacts -------------------------------------------------------------------------------------

def contacts(*, user) -> QuerySet[Contact]:
    return scope(user, Contact.objects.select_related("person", "campaign", "created_by"), CARE_VIEW)


def contact_list(*, user, year: int, kind: str = "", mode: str = "") -> QuerySet[Contact]:
    qs = contacts(user=user).filter(on__year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if mode:
        qs = qs.filter(mode=mode)
    return qs.order_by("-on", "-id")


def contacts_of(*, user, person) -> list[Contact]:
    return list(contacts(user=user).filter(person_id=person.pk).prefetch_related("visitors", "photos")[:20])


def visited_this_year(*, user, year: int) -> dict:
    """The year's figures: contacts, people reached, visits at home, money given."""
    qs = scope(user, Contact.objects.filter(on__year=year), CARE_VIEW)
    figures = qs.aggregate(contacts=Count("id"), people=Count("person", distinct=True),
                           home=Count("id", filter=Q(mode=Contact.Mode.HOME)))
    return figures


# --- campaigns ------------------------------------------------------------------------------------

def campaigns(*, user) -> QuerySet[Campaign]:
    return scope(user, Campaign.objects.select_related("institution"), CARE_VIEW)


def campaign(*, user, pk: int) -> Campaign:
    return get_scoped_or_404(Campaign.objects.select_related("institution"), user, CARE_VIEW, pk=pk)


@dataclass
class Coverage:
    total: int
    reached: int

    @property
    def percent(self) -> Decimal:
        return rules.coverage_percent(self.reached, self.total)

    @property
    def left(self) -> int:
        return self.total - self.reached


def coverage(*, user, campaigns_: list[Campaign]) -> dict[int, Coverage]:
    """Each campaign's coverage over the targets the user may see (a liaison: their own people), in one query."""
    rows = (scope(user, CampaignTarget.objects.filter(campaign__in=campaigns_), CARE_VIEW)
            .values("campaign").annotate(total=Count("id"), reached=Count("id", filter=Q(reached_on__isnull=False))).order_by())
    found = {r["campaign"]: Coverage(r["total"], r["reached"]) for r in rows}
    return {c.pk: found.get(c.pk, Coverage(0, 0)) for c in campaigns_}


def campaign_targets(*, user, campaign: Campaign, show: str = "", mine: bool = False) -> QuerySet[CampaignTarget]:
    qs = scope(user, CampaignTarget.objects.filter(campaign=campaign), CARE_VIEW)
    if show == "left":
        qs = qs.filter(reached_on__isnull=True)
    elif show == "reached":
        qs = qs.filter(reached_on__isnull=False)
    if mine:
        qs = qs.filter(assigned_to=user)
    return (qs.select_related("person__unit", "assigned_to", "contact")
            .order_by(F("reached_on").asc(nulls_first=True), "person__name_pinyin", "id"))


def coverage_by_visitor(*, user, campaign: Campaign) -> list[dict]:
    """Per visitor: how many targets they have and how many they reached."""
    rows = (scope(user, CampaignTarget.objects.filter(campaign=campaign), CARE_VIEW)
            .values("assigned_to", "assigned_to__display_name", "assigned_to__username")
            .annotate(total=Count("id"), reached=Count("id", filter=Q(reached_on__isnull=False))).order_by("-total"))
    return [{"name": r["assigned_to__display_name"] or r["assigned_to__username"] or "工作处（未分派）",
             "total": r["total"], "reached": r["reached"], "percent": rules.coverage_percent(r["reached"], r["total"])} for r in rows]


# --- hospital stays -------------------------------------------------------------------------------

def stays_now(*, user) -> QuerySet[HospitalStay]:
    """Who is in hospital now, with whether anyone has visited since admission (a 住院 visit suggested)."""
    from django.db.models import Exists, OuterRef

    visited = Contact.objects.filter(person=OuterRef("person"), on__gte=OuterRef("admitted_on"))
    return (scope(user, HospitalStay.objects.filter(discharged_on__isnull=True, person__status=Person.Status.ACTIVE), CARE_HEALTH)
            .select_related("person__unit").annotate(visited=Exists(visited)).order_by("admitted_on", "id"))


def stays_of(*, user, person) -> list[HospitalStay] | None:
    """A person's stays, or None when the user may not see hospital stays at all."""
    if not capability_any(user, CARE_HEALTH):
        return None
    return list(scope(user, HospitalStay.objects.filter(person_id=person.pk), CARE_HEALTH)[:10])


# --- service requests -----------------------------------------------------------------------------

def requests(*, user) -> QuerySet[ServiceRequest]:
    return scope(user, ServiceRequest.objects.select_related("person__unit", "assigned_to"), CARE_VIEW)


def request(*, user, pk: int) -> ServiceRequest:
    return get_scoped_or_404(ServiceRequest.objects.select_related("person__unit", "person__institution", "assigned_to", "raised_by"),
                             user, CARE_VIEW, pk=pk)


def request_rows(requests: QuerySet[ServiceRequest]) -> QuerySet:
    """Requests as a list's rows (care's request_rows tag): named tuples of what a row shows, the key first
    (core.pagination.FastPaginator's `rows`). The list the office opens every morning: tuples, not three
    model objects a row with the whole person record among them (make bench, care_late_vs_sql)."""
    return requests.values_list("id", "person__name", "category", "urgent", "status", "description", "raised_at", "due_at",
                                "first_response_at", "assigned_to__display_name", "assigned_to__username", named=True)


def late_requests(*, user, now: datetime) -> QuerySet[ServiceRequest]:
    """Requests no one has answered, past their due time: the longest-late first (escalated to the office)."""
    return requests(user=user).filter(first_response_at__isnull=True, due_at__lt=now,
                                      status=ServiceRequest.Status.NEW).order_by("due_at", "id")


REQUEST_VIEWS = {
    "open": ("办理中", Q(status__in=services.OPEN_STATES)),
    "late": ("超时未响应", None),  # filled with the time of the request
    "done": ("已办结", Q(status__in=[ServiceRequest.Status.RESOLVED, ServiceRequest.Status.RATED, ServiceRequest.Status.CLOSED])),
    "all": ("全部", Q()),
}


def request_list(*, user, view: str, now: datetime, category: str = "", mine: bool = False) -> QuerySet[ServiceRequest]:
    if view == "late":
        qs = late_requests(user=user, now=now)
    else:
        qs = requests(user=user).filter(REQUEST_VIEWS.get(view, REQUEST_VIEWS["open"])[1]).order_by("-raised_at", "-id")
    if category:
        qs = qs.filter(category=category)
    if mine:
        qs = qs.filter(assigned_to=user)
    return qs


def requests_of(*, user, person) -> list[ServiceRequest]:
    return list(requests(user=user).filter(person_id=person.pk).order_by("-raised_at")[:10])


@dataclass
class Figures:
    label: str
    count: int
    answered: int
    median_minutes: int | None
    in_time: Decimal | None
    rated: int
    rating: Decimal | None


def _figures(label: str, items: list[ServiceRequest], now: datetime) -> Figures:
    answered = [r for r in items if r.first_response_at]
    judged = [r for r in items if r.first_response_at or r.due_at < now]  # still open and not yet due: not judged
    ratings = [r.rating for r in items if r.rating]
    return Figures(
        label, len(items), len(answered), rules.median_minutes(r.first_response_at - r.raised_at for r in answered),
        rules.share_in_time((r.first_response_at or now) <= r.due_at for r in judged),
        len(ratings), (Decimal(sum(ratings)) / len(ratings)).quantize(Decimal("0.1")) if ratings else None)


def request_figures(*, user, since: date, now: datetime) -> dict:
    """Median first-response time and share answered within the clock: overall, by category, by who handles them."""
    start = timezone.make_aware(datetime.combine(since, datetime.min.time()))
    items = list(scope(user, ServiceRequest.objects.filter(raised_at__gte=start), CARE_VIEW)
                 .select_related("assigned_to").only("category", "raised_at", "due_at", "first_response_at", "rating",
                                                     "assigned_to__display_name", "assigned_to__username"))
    by_category, by_handler = defaultdict(list), defaultdict(list)
    for r in items:
        by_category[r.get_category_display()].append(r)
        by_handler[str(r.assigned_to) if r.assigned_to else "工作处"].append(r)
    return {"all": _figures("全部", items, now),
            "by_category": [_figures(k, v, now) for k, v in sorted(by_category.items(), key=lambda kv: -len(kv[1]))],
            "by_handler": [_figures(k, v, now) for k, v in sorted(by_handler.items(), key=lambda kv: -len(kv[1]))]}


def clocks(*, user, institution) -> list[tuple[str, str, int, int]]:
    """Every category's clock at the university: (value, label, hours, urgent hours)."""
    set_ = {c.category: c for c in scope(user, ResponseClock.objects.filter(institution=institution), CARE_VIEW)}
    return [(v, label, set_[v].hours if v in set_ else rules.RESPONSE_HOURS, set_[v].urgent_hours if v in set_ else rules.URGENT_RESPONSE_HOURS)
            for v, label in ServiceRequest.Category.choices]


# --- hardship aid ---------------------------------------------------------------------------------

def aids(*, user, year: int) -> QuerySet[HardshipAid]:
    return scope(user, HardshipAid.objects.filter(year=year).select_related("person__unit", "approved_by"), CARE_AID).order_by("-applied_on", "-id")


def aid_totals(qs: QuerySet[HardshipAid]) -> dict:
    from django.db.models import Sum

    return qs.aggregate(count=Count("id"), asked=Sum("amount_asked"),
                        approved=Sum("amount_approved", filter=Q(status__in=[HardshipAid.Status.APPROVED, HardshipAid.Status.PAID])),
                        paid=Sum("amount_approved", filter=Q(status=HardshipAid.Status.PAID)))


def aids_of(*, user, person) -> list[HardshipAid] | None:
    if not capability_any(user, CARE_AID):
        return None
    return list(scope(user, HardshipAid.objects.filter(person_id=person.pk), CARE_AID)[:10])


# --- rights the pages ask about ------------------------------------------------------------------

def may(user) -> dict[str, bool]:
    return {"record": capability_any(user, CARE_RECORD), "manage": capability_any(user, CARE_MANAGE),
            "health": capability_any(user, CARE_HEALTH), "aid": capability_any(user, CARE_AID)}
