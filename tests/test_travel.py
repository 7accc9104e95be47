"""The travel register: a province-managed cadre's trips are reported, a trip abroad waits for the office's
approval, and the passport in custody goes out only for an approved trip abroad and comes back."""
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login
from yinling.roster.models import Person
from yinling.travel import selectors, services
from yinling.travel.models import Passport, PassportMove, Trip


@pytest.fixture
def cadre(world):
    Person.objects.filter(pk=world.med_person.pk).update(flag_provincial=True)
    world.med_person.refresh_from_db()
    return world


def _trip(world, abroad=True, days=10):
    today = timezone.localdate()
    return services.trip_report(actor=world.users["office_staff"], person_id=world.med_person.pk, data={
        "destination": "新加坡" if abroad else "北京市", "abroad": abroad, "leaves_on": today + timedelta(days=days),
        "returns_on": today + timedelta(days=days + 14), "purpose": "探望子女"})


def test_a_trip_abroad_waits_for_approval_and_the_passport_follows_it(cadre):
    staff = cadre.users["office_staff"]
    client = login(staff)
    passport = services.passport_register(actor=staff, person_id=cadre.med_person.pk, data={
        "kind": "passport", "number_tail": "e123", "expires_on": timezone.localdate() + timedelta(days=900), "received_on": timezone.localdate()})
    assert passport.number_tail == "E123"
    trip = _trip(cadre)
    assert trip.status == Trip.Status.PENDING
    assert [t.pk for t in selectors.overview(user=staff, today=timezone.localdate())["pending"]] == [trip.pk]
    with pytest.raises(ValidationError, match="已经同意的出国"):
        services.passport_move(actor=staff, passport_id=passport.pk, out=True, on=timezone.localdate(), trip_id=trip.pk)
    refused = client.post(trip.get_absolute_url(), {"action": "refuse", "note": ""})
    assert refused.status_code == 400 and "写明意见" in refused.content.decode()
    assert client.post(trip.get_absolute_url(), {"action": "approve", "note": "同意"}).status_code == 302
    out = client.post(trip.get_absolute_url(), {"action": "out", "passport": passport.pk, "on": timezone.localdate().isoformat()})
    assert out.status_code == 302
    passport.refresh_from_db()
    assert not passport.in_custody and PassportMove.objects.get().trip == trip
    assert [p.pk for p in selectors.overview(user=staff, today=timezone.localdate())["out"]] == [passport.pk]
    assert client.post(reverse("travel:person", args=[cadre.med_person.pk]), {"action": "back_in", "passport": passport.pk}).status_code == 302
    passport.refresh_from_db()
    assert passport.in_custody


def test_a_trip_at_home_is_only_reported(cadre):
    assert _trip(cadre, abroad=False).status == Trip.Status.REPORTED


def test_only_province_managed_cadres_keep_the_register(world):
    with pytest.raises(ValidationError, match="省管干部"):
        _trip(world)
    assert not Trip.objects.exists()


def test_no_whole_document_number_is_kept(cadre):
    with pytest.raises(ValidationError, match="后四位"):
        services.passport_register(actor=cadre.users["office_staff"], person_id=cadre.med_person.pk, data={
            "kind": "passport", "number_tail": "E12345678", "expires_on": timezone.localdate(), "received_on": timezone.localdate()})
    assert not Passport.objects.exists()


@pytest.mark.parametrize("role, status", [("unit_officer", 403), ("liaison", 404), ("branch_secretary", 404), ("staff_b", 404)])
def test_who_may_approve(cadre, role, status):
    trip = _trip(cadre)
    client = login(cadre.users[role])
    assert client.post(trip.get_absolute_url(), {"action": "approve"}).status_code == status
    assert Trip.objects.get().status == Trip.Status.PENDING


def test_the_unit_officer_sees_trips_but_not_the_documents(cadre):
    officer = cadre.users["unit_officer"]
    services.passport_register(actor=cadre.users["office_staff"], person_id=cadre.med_person.pk, data={
        "kind": "passport", "number_tail": "1234", "expires_on": timezone.localdate() + timedelta(days=90), "received_on": timezone.localdate()})
    _trip(cadre)
    record = selectors.of_person(user=officer, person=cadre.med_person)
    assert len(record["trips"]) == 1 and record["documents"] is None
    assert "尾号1234" not in login(officer).get(reverse("travel:person", args=[cadre.med_person.pk])).content.decode()
