"""Student volunteers: a volunteer sees only their own tasks, and of a person only what a visit needs;
they log their hours, the office confirms them, and the term's totals add up."""
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone

from tests.conftest import login, make_user
from yinling.accounts.roles import Role
from yinling.core.access import scope
from yinling.lib.care import term_of
from yinling.roster.access import ROSTER_VISIT
from yinling.roster.models import Person
from yinling.volunteers import selectors, services
from yinling.volunteers.access import VOLUNTEERS_VIEW
from yinling.volunteers.models import ServiceRecord, Task, Volunteer


def _volunteer(world, name, no, user=None):
    made = services.volunteer_save(actor=world.users["office_staff"], data={
        "name": name, "student_no": no, "college": "护理学院", "phone": "13900001111", "kinds": ["company"],
        "joined_on": timezone.localdate() - timedelta(days=30), "active": True})
    if user:
        made.user = user
        made.save()
    return made


@pytest.fixture
def team(world):
    """The world's volunteer account serving 张建中; another volunteer serving 李秀兰."""
    mine = _volunteer(world, "林晓雨", "2024001", user=world.users["volunteer"])
    other = _volunteer(world, "陈思远", "2024002")
    start = timezone.localdate() - timedelta(days=10)
    staff = world.users["office_staff"]
    world.my_task = services.task_assign(actor=staff, volunteer_id=mine.pk, person_id=world.med_person.pk, data={"kind": "company", "starts_on": start})
    world.other_task = services.task_assign(actor=staff, volunteer_id=other.pk, person_id=world.lit_person.pk, data={"kind": "device", "starts_on": start})
    Person.objects.filter(pk=world.med_person.pk).update(address="崇川区学田路8号")
    return mine, other


def test_a_volunteer_sees_only_their_own_tasks_and_people(world, team):
    user = world.users["volunteer"]
    assert set(scope(user, Task.objects.all(), VOLUNTEERS_VIEW)) == {world.my_task}
    assert set(scope(user, Volunteer.objects.all(), VOLUNTEERS_VIEW)) == {team[0]}
    assert set(scope(user, Person.objects.all(), ROSTER_VISIT).values_list("name", flat=True)) == {"张建中"}
    page = login(user).get(reverse("volunteers:mine")).content.decode()
    assert "张建中" in page and "崇川区学田路8号" in page and "李秀兰" not in page
    assert "13912340001" not in page and "139****0001" in page  # the phone masked
    assert world.med_person.id_number_tail not in page


def test_an_ended_task_takes_the_person_away(world, team):
    user = world.users["volunteer"]
    services.task_end(actor=world.users["office_staff"], task_id=world.my_task.pk, on=timezone.localdate() - timedelta(days=1))
    assert not scope(user, Person.objects.all(), ROSTER_VISIT).exists()


def test_a_volunteer_logs_their_own_hours_and_the_office_confirms_them(world, team):
    user, staff = world.users["volunteer"], world.users["office_staff"]
    today = timezone.localdate()
    record = services.hours_log(actor=user, data={"on": today, "task": world.my_task, "hours": Decimal("2"), "note": "陪伴聊天"})
    with pytest.raises(Http404):  # another volunteer's task
        services.hours_log(actor=user, data={"on": today, "task": world.other_task, "hours": Decimal("2"), "note": "冒领"})
    with pytest.raises(ValidationError):
        services.hours_log(actor=user, data={"on": today, "task": None, "hours": Decimal("13"), "note": "太长"})
    with pytest.raises(ValidationError):
        services.hours_log(actor=user, data={"on": today + timedelta(days=1), "task": None, "hours": Decimal("1"), "note": "未来"})
    with pytest.raises(PermissionDenied):  # a liaison is no volunteer
        services.hours_log(actor=world.users["liaison"], data={"on": today, "task": None, "hours": Decimal("1"), "note": "x"})
    assert services.hours_confirm(actor=user, record_ids=[record.pk]) == 0  # confirming is the office's
    assert services.hours_confirm(actor=staff, record_ids=[record.pk]) == 1
    record.refresh_from_db()
    assert record.confirmed_by == staff
    world.med_person.refresh_from_db()
    assert world.med_person.care_state.last_contact_on == today  # a confirmed visit is a contact
    start, end, _ = term_of(today)
    totals = {v.name: (v.confirmed, v.pending, v.times) for v in selectors.volunteers(user=staff, start=start, end=end)}
    assert totals == {"林晓雨": (Decimal("2"), Decimal("0"), 1), "陈思远": (Decimal("0"), Decimal("0"), 0)}


def test_the_mine_page_logs_hours(world, team, as_role):
    client = as_role("volunteer")
    response = client.post(reverse("volunteers:mine"), {"on": timezone.localdate().isoformat(), "task": world.my_task.pk, "hours": "1.5",
                                                        "note": "教用手机"})
    assert response.status_code == 302
    assert ServiceRecord.objects.get().hours == Decimal("1.5")


@pytest.mark.parametrize("role, status", [("office_staff", 200), ("liaison", 403), ("unit_officer", 403), ("volunteer", 403), ("branch_secretary", 403)])
def test_only_the_office_keeps_the_team(world, team, role, status):
    assert login(world.users[role]).get(reverse("volunteers:list")).status_code == status


def test_a_volunteer_of_another_university_is_not_found(world, team):
    staff_b = world.users["staff_b"]
    assert login(staff_b).get(reverse("volunteers:detail", args=[team[0].pk])).status_code == 404
    with pytest.raises(Http404):
        services.task_assign(actor=world.users["office_staff"], volunteer_id=team[1].pk, person_id=world.other_person.pk,
                             data={"kind": "company", "starts_on": timezone.localdate()})
    with pytest.raises(ValidationError):  # a student number once per university
        _volunteer(world, "重名", "2024001")


def test_a_node_bound_volunteer_without_tasks_reaches_nobody(world):
    lone = make_user("lone", Role.VOLUNTEER, node=world.uni_a)
    assert not scope(lone, Person.objects.all(), ROSTER_VISIT).exists()
