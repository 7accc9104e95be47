"""Writes of the travel register: each one transaction, taking the acting user, re-checking scope, audited."""
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from yinling.core.access import SYSTEM, account_of, get_for_change, scope
from yinling.core.audit import audit
from yinling.roster.models import Person

from .access import TRAVEL_MANAGE, TRAVEL_RECORD
from .models import Passport, PassportMove, Trip


def reports_travel(person: Person) -> bool:
    """Who keeps the register: retired province-managed cadres (the flag, or the rank)."""
    return person.flag_provincial or person.rank == Person.Rank.PROVINCIAL


def _person(actor, person_id: int, capability: str) -> Person:
    qs = Person.objects.select_related("institution").filter(pk=person_id, status=Person.Status.ACTIVE)
    person = qs.first() if actor is SYSTEM else scope(actor, qs, capability).first()
    if person is None:
        raise Http404("未找到该记录。")
    return person


@transaction.atomic
def trip_report(*, actor, person_id: int, data: dict[str, Any]) -> Trip:
    """A trip reported (报备); a trip abroad waits for the office's approval."""
    person = _person(actor, person_id, TRAVEL_RECORD)
    if not reports_travel(person):
        raise ValidationError("外出登记适用于省管干部；这位同志不需要报备。")
    if data["returns_on"] < data["leaves_on"]:
        raise ValidationError({"returns_on": "返回日期不能早于出发日期。"})
    today = timezone.localdate()
    trip = Trip.objects.create(person=person, recorded_by=account_of(actor), reported_on=today,
                               status=Trip.Status.PENDING if data.get("abroad") else Trip.Status.REPORTED,
                               destination=data["destination"], abroad=bool(data.get("abroad")), leaves_on=data["leaves_on"],
                               returns_on=data["returns_on"], purpose=data["purpose"], companions=data.get("companions") or "")
    audit(actor=actor, action="trip_report", obj=trip, scope_path=person.institution.path,
          note=f"{person.name}：{'出国（境）' if trip.abroad else '外出'} {trip.destination}")
    return trip


@transaction.atomic
def trip_decide(*, actor, trip_id: int, approve: bool, note: str = "") -> Trip:
    trip = get_for_change(Trip.objects.select_for_update().select_related("person__institution"), actor, TRAVEL_MANAGE, pk=trip_id)
    if trip.status != Trip.Status.PENDING:
        raise ValidationError("这次外出不需要审批，或已经审批。")
    if not approve and not note.strip():
        raise ValidationError({"note": "不同意时请写明意见。"})
    trip.status = Trip.Status.APPROVED if approve else Trip.Status.REFUSED
    trip.decided_by, trip.decided_at, trip.decision_note = account_of(actor), timezone.now(), note.strip()[:200]
    trip.save()
    audit(actor=actor, action="trip_decide", obj=trip, scope_path=trip.person.institution.path,
          note=f"{trip.person.name}：{trip.get_status_display()}" + (f"（{trip.decision_note}）" if trip.decision_note else ""))
    return trip


@transaction.atomic
def trip_back(*, actor, trip_id: int, on: date) -> Trip:
    trip = get_for_change(Trip.objects.select_for_update().select_related("person__institution"), actor, TRAVEL_RECORD, pk=trip_id)
    if trip.status not in (Trip.Status.REPORTED, Trip.Status.APPROVED):
        raise ValidationError("这次外出没有成行，无需登记返回。")
    if on < trip.leaves_on or on > timezone.localdate():
        raise ValidationError({"on": "返回日期应在出发之后、今天或以前。"})
    trip.status, trip.back_on = Trip.Status.BACK, on
    trip.save()
    audit(actor=actor, action="trip_back", obj=trip, scope_path=trip.person.institution.path, note=f"{trip.person.name} {on:%Y-%m-%d}返回")
    return trip


@transaction.atomic
def passport_register(*, actor, person_id: int, data: dict[str, Any]) -> Passport:
    """A document handed into the office's custody: only its last four characters are kept."""
    person = _person(actor, person_id, TRAVEL_MANAGE)
    tail = (data.get("number_tail") or "").strip().upper()
    if len(tail) != 4 or not tail.isalnum():
        raise ValidationError({"number_tail": "请填写证件号的后四位（字母或数字）。"})
    passport = Passport.objects.create(person=person, kind=data["kind"], number_tail=tail, expires_on=data["expires_on"],
                                       received_on=data["received_on"], in_custody=True)
    audit(actor=actor, action="passport_register", obj=passport, scope_path=person.institution.path, note=f"{person.name}：{passport}交存")
    return passport


@transaction.atomic
def passport_move(*, actor, passport_id: int, out: bool, on: date, trip_id: int | None = None) -> Passport:
    """Hand a document out for a trip abroad the office approved, or take it back into custody."""
    passport = get_for_change(Passport.objects.select_for_update().select_related("person__institution"), actor, TRAVEL_MANAGE, pk=passport_id)
    if on > timezone.localdate():
        raise ValidationError({"on": "日期不能晚于今天。"})
    trip = None
    if out:
        if not passport.in_custody:
            raise ValidationError("该证件已经领出，尚未交回。")
        trip = Trip.objects.filter(pk=trip_id, person=passport.person, abroad=True, status=Trip.Status.APPROVED).first() if trip_id else None
        if trip is None:
            raise ValidationError("证件只能为已经同意的出国（境）领出。")
    elif passport.in_custody:
        raise ValidationError("该证件在工作处保管，无需交回。")
    passport.in_custody = not out
    passport.save(update_fields=["in_custody"])
    PassportMove.objects.create(passport=passport, trip=trip, out=out, on=on, by=account_of(actor))
    audit(actor=actor, action="passport_move", obj=passport, scope_path=passport.person.institution.path,
          note=f"{passport.person.name}：{passport}{'领出' if out else '交回'}")
    return passport
