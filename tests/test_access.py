"""The one door: who sees which people, and what each role may change."""
import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tests.conftest import make_user
from yinling.accounts.models import RoleAssignment
from yinling.accounts.roles import Role
from yinling.core.access import get_scoped_or_404, require, scope
from yinling.core.models import AuditEntry, OrgUnit
from yinling.core.rules import AUDIT_VIEW, ORG_VIEW
from yinling.roster.access import ROSTER_EDIT, ROSTER_FAMILY, ROSTER_VIEW
from yinling.roster.models import EmergencyContact, Person

# role → names of the people it sees (of med_person 张建中, lit_person 李秀兰, other_person 赵德胜)
VISIBLE = {
    "office_admin": {"张建中", "李秀兰"},
    "office_staff": {"张建中", "李秀兰"},
    "auditor": {"张建中", "李秀兰"},
    "unit_officer": {"张建中"},  # 临床医学系 is below 医学院
    "branch_secretary": {"张建中"},  # member of 第一支部
    "liaison": {"张建中"},  # lives in 网格一
    "volunteer": set(),  # bound to their university, not to a person they serve
    "retiree": set(),  # their own record, but through the portal (roster.own), not the staff pages
    "staff_b": {"赵德胜"},  # the other university's office
}


@pytest.mark.parametrize("role, names", VISIBLE.items())
def test_it_scopes_people_by_role(world, role, names):
    seen = set(scope(world.users[role], Person.objects.all(), ROSTER_VIEW).values_list("name", flat=True))
    assert seen == names


@pytest.mark.parametrize("role", VISIBLE)
def test_it_answers_out_of_scope_as_not_found(world, role):
    hidden = [p for p in (world.med_person, world.lit_person, world.other_person) if p.name not in VISIBLE[role]]
    for person in hidden:
        with pytest.raises(Http404):
            get_scoped_or_404(Person, world.users[role], ROSTER_VIEW, pk=person.pk)


def test_it_keeps_two_universities_in_one_database_apart(world):
    staff_a, staff_b = world.users["office_staff"], world.users["staff_b"]
    assert not scope(staff_a, Person.objects.filter(institution=world.uni_b), ROSTER_VIEW).exists()
    assert not scope(staff_b, Person.objects.filter(institution=world.uni_a), ROSTER_VIEW).exists()
    assert not scope(staff_a, OrgUnit.objects.filter(pk=world.uni_b.pk), ORG_VIEW).exists()
    # a provincial office bound to the root sees both
    RoleAssignment.objects.create(user=staff_a, role=Role.OFFICE_STAFF, node=world.root)
    staff_a.refresh_from_db()
    assert scope(staff_a, Person.objects.all(), ROSTER_VIEW).count() == 3


def test_it_gives_the_union_of_several_roles(world):
    liaison = world.users["liaison"]
    RoleAssignment.objects.create(user=liaison, role=Role.UNIT_OFFICER, node=world.lit)
    liaison.refresh_from_db()
    assert set(scope(liaison, Person.objects.all(), ROSTER_VIEW).values_list("name", flat=True)) == {"张建中", "李秀兰"}


@pytest.mark.parametrize(
    "role, may_edit",
    [("office_admin", True), ("office_staff", True), ("unit_officer", True), ("branch_secretary", False),
     ("liaison", False), ("auditor", False)],
)
def test_it_refuses_writes_on_visible_records_with_403(world, role, may_edit):
    user = world.users[role]
    person = get_scoped_or_404(Person, user, ROSTER_VIEW, pk=world.med_person.pk)
    if may_edit:
        require(user, ROSTER_EDIT, person)
    else:
        with pytest.raises(PermissionDenied):
            require(user, ROSTER_EDIT, person)


def test_it_scopes_records_that_hang_off_a_person(world):
    EmergencyContact.objects.create(person=world.med_person, name="张小明", relation="儿子", phone="13700000001")
    EmergencyContact.objects.create(person=world.other_person, name="赵小红", relation="女儿", phone="13700000002")
    names = set(scope(world.users["unit_officer"], EmergencyContact.objects.all(), ROSTER_FAMILY).values_list("name", flat=True))
    assert names == {"张小明"}


def test_it_shows_each_university_only_its_own_audit_rows(world):
    seen = set(scope(world.users["auditor"], AuditEntry.objects.filter(action="create"), AUDIT_VIEW).values_list("object_repr", flat=True))
    assert seen == {"张建中", "李秀兰"}
    assert not scope(world.users["office_staff"], AuditEntry.objects.all(), AUDIT_VIEW).exists()


def test_it_refuses_a_model_without_an_access_rule(world):
    from yinling.roster.models import Tag

    with pytest.raises(TypeError):
        scope(world.users["office_staff"], Tag.objects.all(), ROSTER_VIEW)


def test_it_shows_nothing_to_an_anonymous_or_inactive_user(world):
    from django.contrib.auth.models import AnonymousUser

    assert not scope(AnonymousUser(), Person.objects.all(), ROSTER_VIEW).exists()
    staff = world.users["office_staff"]
    staff.is_active = False
    assert not scope(staff, Person.objects.all(), ROSTER_VIEW).exists()


def test_it_insists_on_a_named_capability(world):
    staff = world.users["office_staff"]
    with pytest.raises(TypeError):
        scope(staff, Person.objects.all())  # no default
    with pytest.raises(TypeError):
        scope(staff, Person.objects.all(), "roster.see_everything")  # not declared by any app


def test_it_counts_only_current_assignments(world):
    from datetime import timedelta

    from django.utils import timezone

    from yinling.roster.selectors import liaisons_of

    today = timezone.localdate()
    liaison = world.users["liaison"]
    assignment = liaison.assignments.get()
    RoleAssignment.objects.filter(pk=assignment.pk).update(starts_on=today - timedelta(days=100), ends_on=today)
    liaison.refresh_from_db()
    assert liaison.active_assignments() == []
    assert not scope(liaison, Person.objects.all(), ROSTER_VIEW).exists()  # ended today: gone today
    successor = make_user("liaison_new", Role.LIAISON, node=world.grid1)
    RoleAssignment.objects.filter(user=successor).update(starts_on=today)
    later = RoleAssignment.objects.create(user=world.users["unit_officer"], role=Role.LIAISON, node=world.grid1, starts_on=today + timedelta(days=1))
    assert later not in world.users["unit_officer"].active_assignments()
    # who was the liaison of this person on a given day stays answerable
    assert liaisons_of(person=world.med_person, on=today - timedelta(days=1)) == [liaison]
    assert liaisons_of(person=world.med_person, on=today) == [successor]
    assert liaisons_of(person=world.med_person, on=today + timedelta(days=1)) == [successor, world.users["unit_officer"]]


def test_services_check_the_actors_scope_themselves(world):
    from django.core.exceptions import PermissionDenied, ValidationError

    from yinling.roster import services

    secretary, unit_officer = world.users["branch_secretary"], world.users["unit_officer"]
    with pytest.raises(Http404):  # not theirs to see: as if it did not exist
        services.person_archive(actor=unit_officer, person_id=world.lit_person.pk, status="moved",
                                effective_date=world.lit_person.birth_date.replace(year=2020), reason="")
    with pytest.raises(PermissionDenied):  # visible, but not theirs to change
        services.person_update(actor=secretary, person_id=world.med_person.pk, expected_version=1, data={"post": "x"})
    with pytest.raises(ValidationError, match="管理范围内的单位"):  # a care officer cannot move someone out of their units
        services.person_update(actor=unit_officer, person_id=world.med_person.pk, expected_version=1, data={"unit": world.lit})
    with pytest.raises(PermissionDenied):
        services.person_reveal_id_number(actor=world.users["office_staff"], person_id=world.med_person.pk)
    assert Person.objects.get(pk=world.med_person.pk).unit == world.clinical
