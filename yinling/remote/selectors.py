"""Reads of remote living, each from core.access.scope(): who is due for certification, and a person's record."""
from datetime import date, timedelta

from django.db.models import Max, QuerySet
from django.db.models.functions import Coalesce

from yinling.core.access import scope
from yinling.lib import pension
from yinling.lib.ages import shift_years
from yinling.roster.models import Person

from .access import REMOTE_VIEW
from .models import Certification, Residence

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
            "due": due, "state": pension.certification_state(due, today) if due else "overdue"}


