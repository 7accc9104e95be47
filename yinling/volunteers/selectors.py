"""Reads of the volunteers' work, each from core.access.scope()."""
from datetime import date

from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from yinling.core.access import capability_any, get_scoped_or_404, scope
from yinling.roster.selectors import people_to_visit

from .access import VOLUNTEERS_MANAGE, VOLUNTEERS_OWN, VOLUNTEERS_VIEW
from .models import ServiceRecord, Task, Volunteer

ZERO = Value(0, output_field=DecimalField(max_digits=8, decimal_places=1))


def volunteers(*, user, start: date, end: date, active_only: bool = True) -> QuerySet[Volunteer]:
    """The volunteers with their hours in a term: confirmed, and logged but not yet confirmed."""
    in_term = Q(records__on__gte=start, records__on__lte=end)
    qs = scope(user, Volunteer.objects.all(), VOLUNTEERS_VIEW)
    if active_only:
        qs = qs.filter(active=True)
    return qs.annotate(
        confirmed=Coalesce(Sum("records__hours", filter=in_term & Q(records__confirmed_at__isnull=False)), ZERO),
        pending=Coalesce(Sum("records__hours", filter=in_term & Q(records__confirmed_at__isnull=True)), ZERO),
        times=Count("records", filter=in_term),
    ).order_by("college", "name")


def volunteer(*, user, pk: int) -> Volunteer:
    return get_scoped_or_404(Volunteer.objects.select_related("institution", "user"), user, VOLUNTEERS_VIEW, pk=pk)


def tasks_of(*, user, volunteer: Volunteer) -> QuerySet[Task]:
    return scope(user, Task.objects.filter(volunteer=volunteer), VOLUNTEERS_VIEW).select_related("person").order_by("-starts_on", "id")


def records_of(*, user, volunteer: Volunteer) -> QuerySet[ServiceRecord]:
    return scope(user, ServiceRecord.objects.filter(volunteer=volunteer), VOLUNTEERS_VIEW).select_related("task", "confirmed_by")


def pending(*, user) -> QuerySet[ServiceRecord]:
    return (scope(user, ServiceRecord.objects.filter(confirmed_at__isnull=True), VOLUNTEERS_MANAGE)
            .select_related("volunteer", "task__person").order_by("on", "id"))


def own(*, user, today: date, start: date, end: date) -> dict | None:
    """A volunteer's own page: their running tasks (a person only as a visit needs), their hours this term."""
    volunteer = Volunteer.objects.filter(user=user, active=True).first() if capability_any(user, VOLUNTEERS_OWN) else None
    if volunteer is None:
        return None
    from .services import running_tasks

    tasks = list(running_tasks(volunteer, today).order_by("starts_on", "id"))
    people = {p.pk: p for p in people_to_visit(user=user)}  # name, visit address and masked phone, nothing more
    for task in tasks:
        task.visit = people.get(task.person_id)
    records = list(volunteer.records.filter(on__gte=start, on__lte=end).select_related("task"))
    return {"volunteer": volunteer, "tasks": tasks, "records": records,
            "confirmed": sum(r.hours for r in records if r.confirmed_at), "pending": sum(r.hours for r in records if not r.confirmed_at)}
