"""What each role sees of a person it may see, read through the selectors (not the templates).

One row per role: for each sensitive field, what the selector hands back. None means
hidden; "masked" means the phone comes as 139****0001; "full" means the number itself.
"""
from datetime import date, timedelta

import pytest
from django.http import Http404

from yinling.accounts.models import RoleAssignment
from yinling.accounts.roles import Role
from yinling.roster import selectors
from yinling.roster.models import EmergencyContact, Person

HIDDEN, MASKED, FULL, SHOWN = "hidden", "masked", "full", "shown"

# role → (basic data, address, health details, ID tail, own phone, family contacts, their phones)
TABLE = {
    "office_admin": (SHOWN, SHOWN, SHOWN, SHOWN, FULL, SHOWN, FULL),
    "office_staff": (SHOWN, SHOWN, SHOWN, SHOWN, FULL, SHOWN, FULL),
    "unit_officer": (SHOWN, SHOWN, SHOWN, SHOWN, FULL, SHOWN, FULL),
    "liaison": (SHOWN, SHOWN, SHOWN, HIDDEN, FULL, SHOWN, FULL),
    "branch_secretary": (SHOWN, SHOWN, HIDDEN, HIDDEN, MASKED, HIDDEN, HIDDEN),
    "auditor": (SHOWN, HIDDEN, HIDDEN, SHOWN, MASKED, HIDDEN, HIDDEN),
    "volunteer_paired": (HIDDEN, SHOWN, HIDDEN, HIDDEN, MASKED, HIDDEN, HIDDEN),
}


def _user(world, role):
    if role == "volunteer_paired":
        user = world.users["volunteer"]
        RoleAssignment.objects.create(user=user, role=Role.VOLUNTEER, person=world.med_person)
        user.refresh_from_db()
        return user
    return world.users[role]


def _phone(value, full):
    if value is None:
        return HIDDEN
    return FULL if value == full else MASKED if "****" in value else "?"


@pytest.fixture
def med(world):
    person = world.med_person
    Person.objects.filter(pk=person.pk).update(address="崇川区青年中路1号", health_status=Person.Health.CHRONIC,
                                               chronic_conditions="高血压")
    EmergencyContact.objects.create(person=person, name="张小军", relation="儿子", phone="13711112222")
    return person


@pytest.mark.parametrize("role", TABLE)
def test_it_shows_each_role_what_its_capabilities_open(world, med, role):
    user = _user(world, role)
    if role == "volunteer_paired":
        [view] = selectors.people_to_visit(user=user)
    else:
        view = selectors.person_detail(user=user, pk=med.pk)
    basic, address, health, id_tail, phone, family, family_phone = TABLE[role]
    assert view.name == "张建中"  # the name always
    assert (view.birth_date is not None, view.unit is not None) == ((True, True) if basic == SHOWN else (False, False))
    assert (view.address == "崇川区青年中路1号") == (address == SHOWN) and (view.address is None) == (address == HIDDEN)
    assert (view.chronic_conditions == "高血压") == (health == SHOWN)
    assert (view.health_status is None, view.care_flags is None) == ((health == HIDDEN,) * 2)
    # whether a named contact is owed follows from the care flags (特殊困难 …): it goes with them
    assert (view.needs_dedicated_contact is None) == (health == HIDDEN)
    assert (view.id_number_masked is None) == (id_tail == HIDDEN)
    assert _phone(view.phone, "13912340001") == phone
    if family == HIDDEN:
        assert view.contacts is None
    else:
        [contact] = view.contacts
        assert contact["name"] == "张小军" and _phone(contact["phone"], "13711112222") == family_phone


def test_the_retiree_sees_all_of_their_own_record_and_nobody_elses(world):
    me = selectors.own_record(user=world.users["retiree"])
    assert me.name == "李秀兰" and me.phone == "13912340002" and me.id_number_masked and me.contacts == []
    with pytest.raises(Http404):  # the staff pages are not theirs, even for their own record
        selectors.person_detail(user=world.users["retiree"], pk=world.lit_person.pk)


def test_a_granted_capability_opens_its_field_for_that_assignment_only(world, med):
    secretary = world.users["branch_secretary"]
    assert selectors.person_detail(user=secretary, pk=med.pk).chronic_conditions is None
    RoleAssignment.objects.filter(user=secretary).update(extra_capabilities=["roster.health"])
    secretary.refresh_from_db()
    assert selectors.person_detail(user=secretary, pk=med.pk).chronic_conditions == "高血压"


def test_the_history_tab_hides_changes_to_fields_the_viewer_may_not_see(world, med, as_role):
    from yinling.core.access import SYSTEM
    from yinling.roster import services

    person = Person.objects.get(pk=med.pk)
    services.person_update(actor=SYSTEM, person_id=person.pk, expected_version=person.version,
                           data={"health_status": Person.Health.DISABLED, "post": "教研室主任"})
    secretary_page = as_role("branch_secretary").get(f"/roster/{med.pk}/?tab=history").content.decode()
    assert "教研室主任" in secretary_page and "失能" not in secretary_page
    staff_page = as_role("office_staff").get(f"/roster/{med.pk}/?tab=history").content.decode()
    assert "失能" in staff_page


def test_the_list_offers_no_filter_that_would_read_a_hidden_field(world, med, as_role):
    secretary = as_role("branch_secretary")
    page = secretary.get("/roster/").content.decode()
    assert 'name="health"' not in page and "特殊困难" not in page and "健康</th>" not in page
    # and asking anyway changes nothing: the filter is not applied
    assert "张建中" in secretary.get("/roster/", {"health": "healthy"}).content.decode()
    assert 'name="health"' in as_role("office_staff").get("/roster/").content.decode()


def test_a_search_reads_no_digit_the_searcher_may_not_see(world, med, as_role):
    tail = med.id_number_tail
    assert "张建中" in as_role("office_staff").get("/roster/", {"q": tail}).content.decode()
    secretary = as_role("branch_secretary")
    if tail != "0001":  # the phone's last four digits are searchable by all: they show on the masked phone
        assert "张建中" not in secretary.get("/roster/", {"q": tail}).content.decode()
    assert "张建中" not in secretary.get("/roster/", {"q": "12340001"}).content.decode()  # beyond the masked phone's digits
    assert "张建中" in secretary.get("/roster/", {"q": "0001"}).content.decode()  # the digits the mask shows


def test_a_volunteer_sees_only_the_people_they_are_paired_with(world, med, as_role):
    volunteer = _user(world, "volunteer_paired")
    page = as_role("volunteer").get("/roster/mine/").content.decode()
    assert "张建中" in page and "崇川区青年中路1号" in page and "139****0001" in page and "高血压" not in page
    assert "李秀兰" not in page
    # the pairing ends: the person is gone from the list the next day
    RoleAssignment.objects.filter(user=volunteer, person=med).update(starts_on=date.today() - timedelta(days=30), ends_on=date.today())
    assert "张建中" not in as_role("volunteer").get("/roster/mine/").content.decode()
