"""Reads of the Party work, each from core.access.scope(); what a role sees of a record is decided here.

The compliance views read one year of meetings, grouped in the database: their cost does not
grow with the years of history a branch has.
"""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Sum
from django.db.models.functions import ExtractMonth
from django.http import Http404

from yinling.core.access import capability_any, get_scoped_or_404, scope
from yinling.lib import party as rules
from yinling.lib.ages import shift_years
from yinling.roster.models import Person

from .access import PARTY_DUES, PARTY_MANAGE, PARTY_MEMBERS, PARTY_RECORD, PARTY_VIEW
from .models import (
    Activity,
    Attachment,
    Attendance,
    Branch,
    ComplianceRule,
    Dues,
    Evaluation,
    Medal,
    Meeting,
    Membership,
    Pairing,
    PartyGroup,
    Post,
)


def branches(*, user) -> QuerySet[Branch]:
    return scope(user, Branch.objects.select_related("institution"), PARTY_VIEW)


def branch(*, user, pk) -> Branch:
    return get_scoped_or_404(Branch.objects.select_related("institution"), user, PARTY_VIEW, pk=pk)


def current_members(branch_or_ids) -> QuerySet[Membership]:
    """The current memberships of a branch (or branches): open, of living people on the roster."""
    qs = Membership.objects.filter(until__isnull=True, person__status=Person.Status.ACTIVE)
    if isinstance(branch_or_ids, Branch):
        return qs.filter(branch=branch_or_ids)
    return qs.filter(branch__in=branch_or_ids)


# --- compliance ----------------------------------------------------------------------------------

@dataclass
class Cell:
    """One period of one rule for one branch: how many meetings were held and the state."""

    period: rules.Period
    held: int
    state: str
    note: str = ""  # 2/3组: for a rule each party group must meet, how many groups did

    @property
    def label(self) -> str:
        return rules.STATE_LABELS[self.state]


@dataclass
class RuleRow:
    rule: ComplianceRule
    cells: list[Cell]

    @property
    def held(self) -> int:
        return sum(c.state == rules.HELD for c in self.cells)

    @property
    def missed(self) -> int:
        return sum(c.state == rules.MISSED for c in self.cells)

    @property
    def due(self) -> Cell | None:
        return next((c for c in self.cells if c.state == rules.DUE), None)

    @property
    def counted(self) -> int:
        """Periods that have ended or are held: what a rate is taken over."""
        return sum(c.state in (rules.HELD, rules.MISSED) for c in self.cells)


@dataclass
class BranchCompliance:
    branch: Branch
    rows: list[RuleRow] = field(default_factory=list)
    members: int = 0

    @property
    def missed(self) -> int:
        return sum(r.missed for r in self.rows)

    @property
    def held(self) -> int:
        return sum(r.held for r in self.rows)

    @property
    def rate(self) -> float | None:
        counted = sum(r.counted for r in self.rows)
        return self.held / counted if counted else None


def rules_for(institution_ids) -> dict[int, list[ComplianceRule]]:
    found: dict[int, list[ComplianceRule]] = defaultdict(list)
    for rule in ComplianceRule.objects.filter(institution_id__in=set(institution_ids), active=True).order_by("id"):
        found[rule.institution_id].append(rule)
    return found


@dataclass
class _Held:
    """One year's meetings of some branches, counted in one grouped query."""

    by_kind: dict = field(default_factory=lambda: defaultdict(int))  # (branch, kind, month) → meetings
    by_group: dict = field(default_factory=lambda: defaultdict(int))  # (branch, month, group) → 党小组会 of that group
    groups: dict = field(default_factory=lambda: defaultdict(list))  # branch → its party groups


def _held_by_month(branch_ids: list[int], year: int) -> _Held:
    held = _Held()
    rows = (Meeting.objects.filter(branch_id__in=branch_ids, held_on__gte=date(year, 1, 1), held_on__lte=date(year, 12, 31))
            .annotate(month=ExtractMonth("held_on")).values_list("branch_id", "kind", "month", "group_id")
            .annotate(n=Count("id")).order_by())
    for branch_id, kind, month, group_id, n in rows:
        held.by_kind[(branch_id, kind, month)] += n
        if kind == Meeting.Kind.GROUP and group_id:
            held.by_group[(branch_id, month, group_id)] += n
    for branch_id, group_id in PartyGroup.objects.filter(branch_id__in=branch_ids).values_list("branch_id", "pk"):
        held.groups[branch_id].append(group_id)
    return held


def _rows(branch_id: int, rules_: list[ComplianceRule], held: _Held, year: int, today: date) -> list[RuleRow]:
    """Each rule's periods for one branch. 党小组会 are each group's: in a branch with groups a period is
    held when every group met as often as the rule asks (the cell says how many did)."""
    rows = []
    groups = held.groups.get(branch_id, [])
    for rule in rules_:
        cells = []
        for period in rules.periods(year, rule.frequency):
            months = range(period.start.month, period.end.month + 1)
            if rule.kind == Meeting.Kind.GROUP and groups:
                met = sum(1 for g in groups if sum(held.by_group.get((branch_id, m, g), 0) for m in months) >= rule.minimum)
                state = rules.period_state(met, len(groups), period, today)
                note = f"{met}/{len(groups)}组" if 0 < met < len(groups) else ""
                cells.append(Cell(period, met, state, note))
                continue
            count = sum(held.by_kind.get((branch_id, rule.kind, m), 0) for m in months)
            cells.append(Cell(period, count, rules.period_state(count, rule.minimum, period, today)))
        rows.append(RuleRow(rule, cells))
    return rows


def compliance_overview(*, user, year: int, today: date) -> list[BranchCompliance]:
    """Every branch the user may see against its university's rules for `year`, with its member count."""
    visible = list(branches(user=user))
    ids = [b.pk for b in visible]
    held = _held_by_month(ids, year)
    by_institution = rules_for(b.institution_id for b in visible)
    counts = dict(current_members(ids).values_list("branch_id").annotate(n=Count("id")).order_by())
    return [BranchCompliance(b, _rows(b.pk, by_institution[b.institution_id], held, year, today), counts.get(b.pk, 0))
            for b in visible]


def branch_attendance(*, branch: Branch, year: int) -> tuple[int, int]:
    """(present, expected) over the branch's meetings of `year`: its attendance rate."""
    meetings = Meeting.objects.filter(branch=branch, held_on__gte=date(year, 1, 1), held_on__lte=date(year, 12, 31)).values("pk")
    row = Attendance.objects.filter(meeting__in=meetings).aggregate(expected=Count("id"), present=Count("id", filter=Q(present=True)))
    return row["present"] or 0, row["expected"] or 0


def branch_compliance(*, branch: Branch, year: int, today: date) -> BranchCompliance:
    held = _held_by_month([branch.pk], year)
    rows = _rows(branch.pk, rules_for([branch.institution_id])[branch.institution_id], held, year, today)
    return BranchCompliance(branch, rows, current_members(branch).count())


# --- members -------------------------------------------------------------------------------------

def member_list(*, user, branch: Branch) -> QuerySet[Membership]:
    """A branch's current members as the user may see them (PARTY_MEMBERS), in roster name order, with
    their names only (the evaluation form); the member list page reads member_values() and member_rows()."""
    return (scope(user, current_members(branch), PARTY_MEMBERS).select_related("person")
            .order_by("person__name_pinyin", "id").only("id", "person_id", "person__id", "person__name"))


@dataclass
class MemberRow:
    """One row of a branch's member list: what the page shows, read as plain values (a page of fifty
    members is fifty rows, not a hundred and fifty model instances)."""

    pk: int
    name: str
    group: str
    status: str
    join_date: date | None
    full_date: date | None
    mobile: bool
    mobile_place: str
    dues_exempt: bool
    posts: list[str] = field(default_factory=list)
    expected: int = 0
    present: int = 0
    party_age: int | None = None


def member_values(*, user, branch: Branch) -> QuerySet:
    """The member list's rows as tuples, for a paginator; member_rows() completes a page of them."""
    return (scope(user, current_members(branch), PARTY_MEMBERS).order_by("person__name_pinyin", "id")
            .values_list("pk", "person__name", "group__name", "status", "join_date", "full_date", "mobile", "mobile_place", "dues_exempt"))


def member_rows(values, *, branch: Branch, today: date) -> list[MemberRow]:
    """A page of member_values() with each member's current posts, party age and this year's attendance:
    two queries whatever the page's size, reading the year's meetings only, whatever years lie before."""
    rows = [MemberRow(pk, name, group or "", status, join, full, mobile, place, exempt)
            for pk, name, group, status, join, full, mobile, place, exempt in values]
    ids = [r.pk for r in rows]
    titles = dict(Post.Title.choices)
    posts: dict[int, list[str]] = defaultdict(list)
    for membership_id, title in Post.objects.filter(membership_id__in=ids, until__isnull=True).order_by("title", "since").values_list("membership_id", "title"):
        posts[membership_id].append(titles.get(title, title))
    # The year's meetings of the branch first (index on branch and day), then the members' rows of those
    # meetings (index on member and meeting).
    meetings = Meeting.objects.filter(branch=branch, held_on__gte=date(today.year, 1, 1), held_on__lte=date(today.year, 12, 31)).values("pk")
    counts = {m: (e, p) for m, e, p in Attendance.objects.filter(membership_id__in=ids, meeting__in=meetings)
              .values("membership_id").annotate(e=Count("id"), p=Count("id", filter=Q(present=True))).order_by()
              .values_list("membership_id", "e", "p")}
    for r in rows:
        r.posts = posts.get(r.pk, [])
        r.expected, r.present = counts.get(r.pk, (0, 0))
        r.party_age = rules.party_age(r.full_date, today)
    return rows


def membership(*, user, pk) -> Membership:
    return get_scoped_or_404(Membership.objects.select_related("person", "branch", "group"), user, PARTY_MEMBERS, pk=pk)


def membership_history(*, user, person) -> list[Membership]:
    """A person's memberships, latest first, as far as the user may see them."""
    return list(scope(user, Membership.objects.filter(person_id=person.pk), PARTY_MEMBERS)
                .select_related("branch", "group").prefetch_related("posts", "evaluations").order_by("until", "-since", "-id"))


def recent_attendance(*, membership: Membership, limit: int = 12) -> list[Attendance]:
    return list(Attendance.objects.filter(membership=membership).select_related("meeting").order_by("-meeting__held_on", "-meeting_id")[:limit])


STREAK = 3  # meetings missed in a row that put a member on the office's list


def absentees(*, user, today: date, streak: int = STREAK) -> list[dict]:
    """Current members who missed their last `streak` meetings or more (often a sign they need care),
    read from the last year of meetings of the branches the user may see."""
    visible = scope(user, Membership.objects.filter(until__isnull=True, person__status=Person.Status.ACTIVE), PARTY_MEMBERS)
    rows = (Attendance.objects.filter(membership__in=visible, meeting__held_on__gt=shift_years(today, -1), meeting__held_on__lte=today)
            .order_by("membership_id", "-meeting__held_on", "-meeting_id")
            .values_list("membership_id", "present", "reason", "meeting__held_on"))
    history: dict[int, list] = defaultdict(list)
    for membership_id, present, reason, held_on in rows:
        history[membership_id].append((present, reason, held_on))
    found = {pk: h for pk, h in history.items() if rules.absent_streak([p for p, _, _ in h]) >= streak}
    members = Membership.objects.filter(pk__in=found).select_related("person", "branch").order_by("branch__sort_order", "person__name_pinyin")
    result = []
    for m in members:
        h = found[m.pk]
        count = rules.absent_streak([p for p, _, _ in h])
        reasons = [Attendance.Reason(r).label for p, r, _ in h[:count] if r]
        result.append({"membership": m, "streak": count, "since": h[count - 1][2], "reasons": "、".join(dict.fromkeys(reasons))})
    result.sort(key=lambda r: (-r["streak"], r["membership"].branch.sort_order if r["membership"].branch else 0))
    return result


# --- meetings ------------------------------------------------------------------------------------

def meeting_list(*, user, branch: Branch, year: int) -> QuerySet[Meeting]:
    return (scope(user, Meeting.objects.filter(branch=branch, held_on__year=year), PARTY_VIEW).select_related("group")
            .annotate(expected=Count("attendance"), present=Count("attendance", filter=Q(attendance__present=True)),
                      has_files=Exists(Attachment.objects.filter(meeting=OuterRef("pk"))))
            .order_by("-held_on", "-id"))


def meeting(*, user, pk) -> Meeting:
    return get_scoped_or_404(Meeting.objects.select_related("branch__institution", "group", "created_by"), user, PARTY_VIEW, pk=pk)


def meeting_attendance(meeting: Meeting) -> list[Attendance]:
    return list(meeting.attendance.select_related("membership__person").order_by("present", "membership__person__name_pinyin"))


# --- activities, pairings ------------------------------------------------------------------------

def activity_list(*, user, year: int) -> QuerySet[Activity]:
    return scope(user, Activity.objects.filter(held_on__year=year), PARTY_VIEW).select_related("branch").order_by("-held_on", "-id")


def activity_totals(activities: QuerySet[Activity]) -> dict[str, dict]:
    """Per kind: how many, and participant-times (人次)."""
    rows = activities.order_by().values("kind").annotate(n=Count("id"), people=Sum("participant_count"))
    totals = {kind: {"label": label, "n": 0, "people": 0} for kind, label in Activity.Kind.choices}
    for row in rows:
        totals[row["kind"]].update(n=row["n"], people=row["people"] or 0)
    return totals


def pairings(*, user, branch: Branch) -> list[Pairing]:
    return list(scope(user, Pairing.objects.filter(branch=branch), PARTY_VIEW).prefetch_related("activities"))


def evaluations(*, branch: Branch, year: int, members: list[Membership]) -> dict[int, str]:
    return dict(Evaluation.objects.filter(membership__in=members, year=year).values_list("membership_id", "result"))


def groups(*, branch: Branch) -> list[PartyGroup]:
    return list(branch.groups.select_related("leader__person").annotate(
        n=Count("memberships", filter=Q(memberships__until__isnull=True, memberships__person__status=Person.Status.ACTIVE))))


# --- dues ----------------------------------------------------------------------------------------

def dues_month(*, user, branch: Branch, month: date) -> list[dict]:
    """Each current member with the month's dues (None until a base is entered)."""
    members = list(scope(user, current_members(branch), PARTY_DUES).select_related("person").order_by("person__name_pinyin", "id"))
    dues = {d.membership_id: d for d in Dues.objects.filter(membership__in=members, month=month)}
    return [{"membership": m, "dues": dues.get(m.pk)} for m in members]


# Where a member's dues base may come from besides what was entered before: the pensions module offers
# each person's pension in force that month, to a user who may see it (a function of (user, person ids, month)
# returning person id → amount). The party module names no module above it.
_BASE_SOURCES: list = []


def dues_base_source(source):
    _BASE_SOURCES.append(source)
    return source


def dues_bases_offered(*, user, members: list[Membership], month: date) -> dict[int, Decimal]:
    """Membership id → the base a registered source offers for `month` (the pension received)."""
    people = {m.person_id: m.pk for m in members}
    found: dict[int, Decimal] = {}
    for source in _BASE_SOURCES:
        for person_id, base in source(user, list(people), month).items():
            found[people[person_id]] = base
    return found


def dues_last_base(members: list[Membership], month: date) -> dict[int, Decimal]:
    """Each member's latest base before `month`: what the form offers until the pension changes."""
    found: dict[int, Decimal] = {}
    for membership_id, base in (Dues.objects.filter(membership__in=members, month__lt=month)
                                .order_by("membership_id", "-month").values_list("membership_id", "base")):
        found.setdefault(membership_id, base)
    return found


def _fen(value) -> Decimal:
    """A sum of money from the database (SQLite sums decimals as floats) as Decimal to the fen."""
    return Decimal(str(value or 0)).quantize(rules.FEN)


def dues_year(*, user, year: int) -> list[dict]:
    """Per branch the user may see: owed, paid and outstanding in `year`, and members in arrears."""
    visible = list(branches(user=user))
    rows = (scope(user, Dues.objects.filter(month__year=year, membership__branch__in=visible), PARTY_DUES)
            .values("membership__branch_id")
            .annotate(owed=Sum("amount"), total_paid=Sum("paid"), unpaid=Count("id", filter=Q(paid__isnull=True, amount__gt=0)),
                      members=Count("membership", distinct=True))
            .order_by())
    by_branch = {r["membership__branch_id"]: r for r in rows}
    result = []
    for b in visible:
        r = by_branch.get(b.pk, {"owed": 0, "total_paid": 0, "unpaid": 0, "members": 0})
        owed, paid = _fen(r["owed"]), _fen(r["total_paid"])
        result.append({"branch": b, "owed": owed, "paid": paid, "outstanding": owed - paid, "unpaid": r["unpaid"], "members": r["members"]})
    return result


def dues_arrears(*, user, branch: Branch, before: date) -> list[dict]:
    """Members of a branch with unpaid months before `before`: how many and how much."""
    rows = (scope(user, Dues.objects.filter(membership__branch=branch, month__lt=before, paid__isnull=True, amount__gt=0), PARTY_DUES)
            .values("membership_id").annotate(months=Count("id"), owed=Sum("amount")).order_by())
    members = {m.pk: m for m in Membership.objects.filter(pk__in=[r["membership_id"] for r in rows]).select_related("person")}
    return sorted(({"membership": members[r["membership_id"]], "months": r["months"], "owed": _fen(r["owed"])} for r in rows),
                  key=lambda r: -r["months"])


# --- the medal -----------------------------------------------------------------------------------

def medal_list(*, user, year: int) -> list[dict]:
    """Members on `year`'s "光荣在党50年" list (lib.party.medal_eligible), with where their medal stands."""
    day = rules.medal_reference_day(year)
    latest_full = shift_years(day, -rules.MEDAL_YEARS)  # a cheap first cut in SQL; the rule decides
    candidates = (scope(user, Membership.objects.filter(full_date__lte=latest_full), PARTY_MEMBERS)
                  .filter(Q(until__isnull=True) | Q(left=Membership.Left.DIED, until__gte=day))
                  .select_related("person", "branch").order_by("branch__sort_order", "person__name_pinyin"))
    medals = {m.person_id: m for m in Medal.objects.filter(person__in=candidates.values("person_id"))}
    result = []
    for m in candidates:
        medal = medals.get(m.person_id)
        died = m.person.death_date if m.person.status == Person.Status.DECEASED else None
        if rules.medal_eligible(m.full_date, year, died_on=died, presented_year=medal.year if medal and medal.stage == Medal.Stage.PRESENTED else None):
            if medal is not None and medal.year != year:
                continue  # in hand for another year
            result.append({"membership": m, "medal": medal, "party_age": rules.party_age(m.full_date, day)})
    return result


def may(user, *names: str) -> dict[str, bool]:
    """Which of the module's page-level rights the user holds anywhere (for buttons)."""
    return {n.split(".")[1]: capability_any(user, n) for n in names}


PAGE_RIGHTS = (PARTY_VIEW, PARTY_RECORD, PARTY_MEMBERS, PARTY_DUES, PARTY_MANAGE)


def secretary_branch(user) -> Branch | None:
    """The branch a secretary is bound to (their home page in this module), if exactly one."""
    bound = {a.branch_id for a in user.active_assignments() if a.branch_id}
    if len(bound) != 1:
        return None
    try:
        return branch(user=user, pk=bound.pop())
    except Http404:
        return None
