"""Reads of remote living, each from core.access.scope(): who is due for certification, and a person's record."""
from datetime import date, timedelta
from decimal import Decimal

from django.db.models import Count, DecimalField, Max, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from yinling.core.access import capability_any, get_scoped_or_404, scope
from yinling.lib import pension
from yinling.lib.ages import shift_years
from yinling.roster.models import Person

from .access import REMOTE_CLAIMS_VIEW, REMOTE_VIEW
from .models import Certification, Claim, Residence

STATES = {"overdue": "逾期未认证", "soon": "30天内到期", "all": "全部异地居住"}


def remote_people(*, user, today: date, state: str = "all") -> QuerySet[Person]:
    """The remote retirees the user sees, with their last certification, longest-due first. `state`:
    overdue (past due: at risk of their pension being suspended), soon (due within 30 days) or all."""
    qs = scope(user, Person.objects.filter(status=Person.Status.ACTIVE, residence=Person.Residence.REMOTE), REMOTE_VIEW)
    qs = qs.annotate(last_certified=Max("certifications__on"), since=Coalesce(Max("certifications__on"), "retirement_date"))
    year_ago = shift_years(today, -1)
    if state == "overdue":
        qs = qs.filter(since__lt=year_ago)
    elif state == "soon":
        qs = qs.filter(since__gte=year_ago, since__lte=shift_years(today + timedelta(days=pension.CERTIFICATION_REMIND_DAYS), -1))
    return qs.select_related("liaison", "unit").order_by(Coalesce("since", "retirement_date").asc(nulls_first=True), "id")


def with_due(people, today: date) -> list[Person]:
    """Each person of a page with their due date and state (lib.pension), for the template."""
    for p in people:
        p.due = pension.certification_due(p.last_certified, p.retirement_date) if (p.last_certified or p.retirement_date) else None
        p.state = pension.certification_state(p.due, today) if p.due else "overdue"
    return people


def counts(*, user, today: date) -> dict[str, int]:
    return {state: remote_people(user=user, today=today, state=state).count() for state in ("overdue", "soon")}


def record_of(*, user, person: Person, today: date) -> dict | None:
    if not scope(user, Person.objects.filter(pk=person.pk), REMOTE_VIEW).exists():
        return None
    certifications = list(scope(user, Certification.objects.filter(person=person), REMOTE_VIEW).select_related("recorded_by")[:10])
    last = certifications[0].on if certifications else None
    due = pension.certification_due(last, person.retirement_date) if (last or person.retirement_date) else None
    return {"residence": scope(user, Residence.objects.filter(person=person), REMOTE_VIEW).first(), "certifications": certifications,
            "due": due, "state": pension.certification_state(due, today) if due else "overdue", **health_check_of(user=user, person=person, today=today)}


def health_check_of(*, user, person: Person, today: date) -> dict:
    """This year's health check for a remote retiree (the health module's): coming back for it, checked where
    they live, or not signed up yet — for a role that may see the check."""
    from yinling.health.access import HEALTH_SIGNUP, HEALTH_VIEW
    from yinling.health.models import Enrollment, HealthCheck

    check = scope(user, HealthCheck.objects.filter(institution=person.institution_id, year=today.year), HEALTH_VIEW).first()
    if check is None:
        return {}
    enrollment = scope(user, Enrollment.objects.filter(check_campaign=check, person=person), HEALTH_VIEW).select_related("batch").first()
    return {"check": check, "enrollment": enrollment, "may_signup": capability_any(user, HEALTH_SIGNUP)}




# --- medical-expense claims -----------------------------------------------------------------------

def claims(*, user, status: str = "", year: int | None = None) -> QuerySet[Claim]:
    qs = scope(user, Claim.objects.all(), REMOTE_CLAIMS_VIEW)
    if status in Claim.Status.values:
        qs = qs.filter(status=status)
    if year:
        qs = qs.filter(submitted_on__year=year)
    return qs.select_related("person").order_by("-submitted_on", "-id")


def claim_totals(*, user, year: int) -> dict:
    """The year's claims: how many, billed, checked, approved and paid, for the whole list."""
    qs = claims(user=user, year=year).exclude(status=Claim.Status.RETURNED)
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=14, decimal_places=2))
    return qs.aggregate(count=Count("pk"), billed_sum=Coalesce(Sum("billed"), zero), approved_sum=Coalesce(Sum("approved"), zero),
                        paid_sum=Coalesce(Sum("approved", filter=Q(status=Claim.Status.PAID)), zero))


def claim(*, user, pk: int) -> Claim:
    return get_scoped_or_404(Claim.objects.select_related("person__institution", "created_by"), user, REMOTE_CLAIMS_VIEW, pk=pk)


def claims_of(*, user, person: Person) -> dict | None:
    """A person's claims and their totals per year (approved, paid), or None for a role that may not see claims."""
    if not capability_any(user, REMOTE_CLAIMS_VIEW):
        return None
    rows = list(scope(user, Claim.objects.filter(person=person), REMOTE_CLAIMS_VIEW).order_by("-submitted_on", "-id"))
    years: dict[int, dict] = {}
    for c in rows:
        if c.status == Claim.Status.RETURNED:
            continue
        y = years.setdefault(c.submitted_on.year, {"billed": Decimal("0"), "approved": Decimal("0"), "count": 0})
        y["billed"] += c.billed
        y["approved"] += c.approved or 0
        y["count"] += 1
    return {"claims": rows[:20], "years": sorted(years.items(), reverse=True)}
