"""Reads of the travel register, each from core.access.scope()."""
from datetime import date

from django.db.models import Q, QuerySet

from yinling.core.access import capability_any, get_scoped_or_404, scope
from yinling.roster.models import Person

from .access import TRAVEL_DOCUMENTS, TRAVEL_VIEW
from .models import Passport, Trip


def trips(*, user) -> QuerySet[Trip]:
    return scope(user, Trip.objects.all(), TRAVEL_VIEW).select_related("person")


def overview(*, user, today: date) -> dict:
    """What the office looks at: trips abroad awaiting approval, who is away now, documents handed out."""
    all_trips = trips(user=user)
    away = all_trips.filter(status__in=(Trip.Status.REPORTED, Trip.Status.APPROVED), leaves_on__lte=today).order_by("returns_on", "id")
    out = (scope(user, Passport.objects.filter(in_custody=False), TRAVEL_DOCUMENTS).select_related("person").order_by("person__name_pinyin")
           if capability_any(user, TRAVEL_DOCUMENTS) else None)
    return {"pending": list(all_trips.filter(status=Trip.Status.PENDING).order_by("leaves_on", "id")[:50]), "away": list(away[:100]),
            "overdue": [t for t in away if t.returns_on < today], "out": list(out[:100]) if out is not None else None}


def cadres(*, user) -> QuerySet[Person]:
    """The province-managed cadres the user sees: who keeps the register."""
    return scope(user, Person.objects.filter(Q(flag_provincial=True) | Q(rank=Person.Rank.PROVINCIAL), status=Person.Status.ACTIVE),
                 TRAVEL_VIEW).order_by("name_pinyin", "id")


def trip(*, user, pk: int) -> Trip:
    return get_scoped_or_404(Trip.objects.select_related("person__institution", "decided_by", "recorded_by"), user, TRAVEL_VIEW, pk=pk)


def of_person(*, user, person: Person) -> dict | None:
    if not scope(user, Person.objects.filter(pk=person.pk), TRAVEL_VIEW).exists():
        return None
    documents = (list(scope(user, Passport.objects.filter(person=person), TRAVEL_DOCUMENTS).prefetch_related("moves"))
                 if capability_any(user, TRAVEL_DOCUMENTS) else None)
    return {"trips": list(trips(user=user).filter(person=person)[:20]), "documents": documents}
