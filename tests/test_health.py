"""The annual health check and family-doctor contracts, as the office, a care officer and a liaison meet
them: places per batch, the day's roll, who missed it, results seen only by those who may, and the
hospital's list with full ID numbers only for the right, audited."""
import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from tests.conftest import login
from yinling.core.access import scope
from yinling.core.models import AuditEntry
from yinling.health import selectors, services
from yinling.health.access import HEALTH_RESULTS, HEALTH_VIEW
from yinling.health.models import Batch, DoctorContract, Enrollment, Finding
from yinling.roster.models import Person


@pytest.fixture
def check(world):
    today = timezone.localdate()
    made = services.check_create(actor=world.users["office_staff"], data={
        "year": today.year, "name": "年度体检", "starts_on": today - timedelta(days=10), "ends_on": today + timedelta(days=10), "notes": ""})
    world.past = services.batch_save(actor=world.users["office_staff"], check_id=made.pk,
                                     data={"hospital": "附属医院", "on": today - timedelta(days=3), "capacity": 2, "meeting_point": ""})
    world.later = services.batch_save(actor=world.users["office_staff"], check_id=made.pk,
                                      data={"hospital": "市一院", "on": today + timedelta(days=5), "capacity": 1, "meeting_point": ""})
    return made


def test_a_batch_takes_no_more_than_its_places(world, check):
    staff = world.users["office_staff"]
    services.enroll(actor=staff, check_id=check.pk, person_id=world.med_person.pk, mode="batch", batch_id=world.later.pk)
    with pytest.raises(ValidationError) as error:
        services.enroll(actor=staff, check_id=check.pk, person_id=world.lit_person.pk, mode="batch", batch_id=world.later.pk)
    assert "名额已满" in str(error.value)
    # Moving the one enrolled person to another batch frees the place.
    services.enroll(actor=staff, check_id=check.pk, person_id=world.med_person.pk, mode="batch", batch_id=world.past.pk)
    services.enroll(actor=staff, check_id=check.pk, person_id=world.lit_person.pk, mode="batch", batch_id=world.later.pk)
    assert Enrollment.objects.count() == 2
    with pytest.raises(Http404):  # another university's office does not see this check, nor this one its people
        services.enroll(actor=world.users["staff_b"], check_id=check.pk, person_id=world.other_person.pk, mode="batch", batch_id=world.past.pk)
    with pytest.raises(Http404):
        services.enroll(actor=staff, check_id=check.pk, person_id=world.other_person.pk, mode="batch", batch_id=world.past.pk)


def test_coming_back_or_a_local_check_is_for_remote_retirees(world, check):
    staff = world.users["office_staff"]
    with pytest.raises(ValidationError):
        services.enroll(actor=staff, check_id=check.pk, person_id=world.med_person.pk, mode="return")
    Person.objects.filter(pk=world.med_person.pk).update(residence="remote", residence_city="上海")
    made = services.enroll(actor=staff, check_id=check.pk, person_id=world.med_person.pk, mode="elsewhere")
    services.attended_elsewhere(actor=staff, enrollment_id=made.pk, on=timezone.localdate())
    made.refresh_from_db()
    assert made.status == "attended"


def test_the_roll_marks_who_came_and_counts_as_a_contact(world, check):
    staff = world.users["office_staff"]
    came = services.enroll(actor=staff, check_id=check.pk, person_id=world.med_person.pk, mode="batch", batch_id=world.past.pk)
    services.enroll(actor=staff, check_id=check.pk, person_id=world.lit_person.pk, mode="batch", batch_id=world.past.pk)
    assert services.roll(actor=staff, batch_id=world.past.pk, attended_ids={came.pk}) == (1, 1)
    statuses = dict(Enrollment.objects.values_list("person__name", "status"))
    assert statuses == {"张建中": "attended", "李秀兰": "absent"}
    world.med_person.refresh_from_db()
    assert world.med_person.care_state.last_contact_on == world.past.on
    with pytest.raises(ValidationError):  # a batch still to come has no roll
        services.roll(actor=staff, batch_id=world.later.pk, attended_ids=set())
    figures = selectors.participation(user=staff, check=check)
    assert (figures.living, figures.signed, figures.attended, str(figures.rate)) == (2, 2, 1, "50.0")
    missed = {p.name: p.was_absent for p in selectors.missed(user=staff, check=check)}
    assert missed == {"李秀兰": True}


def test_missed_lists_the_absent_and_those_never_signed_up_but_not_who_declined(world, check):
    staff = world.users["office_staff"]
    assert {p.name for p in selectors.missed(user=staff, check=check)} == {"张建中", "李秀兰"}
    services.decline(actor=staff, check_id=check.pk, person_id=world.lit_person.pk, reason="近期已在医院检查")
    assert {p.name for p in selectors.missed(user=staff, check=check)} == {"张建中"}
    with pytest.raises(ValidationError):
        services.decline(actor=staff, check_id=check.pk, person_id=world.med_person.pk, reason=" ")


@pytest.mark.parametrize("role, enrolled, results", [
    ("office_staff", {"张建中", "李秀兰"}, {"张建中"}), ("auditor", {"张建中", "李秀兰"}, {"张建中"}),
    ("unit_officer", {"张建中"}, {"张建中"}), ("liaison", {"张建中"}, set()),  # a liaison signs up; results are not theirs
    ("branch_secretary", set(), set()), ("volunteer", set(), set()), ("retiree", set(), set()), ("staff_b", set(), set()),
])
def test_each_role_sees_the_arrangements_and_the_results_it_may(world, check, role, enrolled, results):
    staff = world.users["office_staff"]
    came = services.enroll(actor=staff, check_id=check.pk, person_id=world.med_person.pk, mode="batch", batch_id=world.past.pk)
    services.enroll(actor=staff, check_id=check.pk, person_id=world.lit_person.pk, mode="batch", batch_id=world.past.pk)
    services.roll(actor=staff, batch_id=world.past.pk, attended_ids={came.pk})
    services.finding_add(actor=staff, enrollment_id=came.pk, item="肺部结节", level="recheck")
    user = world.users[role]
    assert set(scope(user, Enrollment.objects.all(), HEALTH_VIEW).values_list("person__name", flat=True)) == enrolled
    assert set(scope(user, Finding.objects.all(), HEALTH_RESULTS).values_list("enrollment__person__name", flat=True)) == results
    if enrolled:
        body = login(user).get(reverse("health:enrollment_detail", args=[came.pk])).content.decode()
        assert ("肺部结节" in body) is bool(results)


def test_a_liaison_signs_up_their_own_people_only(world, check, as_role):
    liaison = world.users["liaison"]
    services.enroll(actor=liaison, check_id=check.pk, person_id=world.med_person.pk, mode="batch", batch_id=world.later.pk)
    with pytest.raises(Http404):
        services.enroll(actor=liaison, check_id=check.pk, person_id=world.lit_person.pk, mode="batch", batch_id=world.later.pk)
    page = as_role("liaison").get(f"{reverse('health:enrollments', args=[check.pk])}?view=not_signed").content.decode()
    assert "李秀兰" not in page
    response = as_role("liaison").post(reverse("health:enroll", args=[check.pk, world.med_person.pk]), {"mode": "batch", "batch": world.past.pk})
    assert response.status_code == 400  # a batch already held is not offered


def test_the_hospital_list_has_full_numbers_only_for_the_right_and_is_audited(world, check, as_role):
    staff = world.users["office_staff"]
    services.enroll(actor=staff, check_id=check.pk, person_id=world.med_person.pk, mode="batch", batch_id=world.past.pk)
    url = reverse("health:hospital_export", args=[world.past.pk])
    assert as_role("office_staff").get(url).status_code == 403  # staff see ID numbers masked
    response = as_role("office_admin").get(url)
    assert response.status_code == 200
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0).to_python()
    assert rows[1][1:] == ["张建中", "男", str(world.med_person.age()), world.med_person.id_number]
    entry = AuditEntry.objects.filter(action="health_hospital_export").get()
    assert "完整身份证号 1 人" in entry.note and world.med_person.id_number not in entry.note


def test_a_contract_sets_the_flag_and_the_unsigned_are_listed(world):
    staff = world.users["office_staff"]
    Person.objects.filter(pk=world.lit_person.pk).update(category=Person.Category.LIXIU)
    today = timezone.localdate()
    assert {p.name for p in selectors.without_doctor(user=staff, today=today, lixiu_only=True)} == {"李秀兰"}
    services.contract_record(actor=staff, person_id=world.lit_person.pk,
                             data={"doctor": "王医生", "clinic": "学田社区卫生服务中心", "signed_on": today, "ends_on": today + timedelta(days=365)})
    world.lit_person.refresh_from_db()
    assert world.lit_person.family_doctor
    assert not selectors.without_doctor(user=staff, today=today, lixiu_only=True).exists()
    figures = selectors.contract_figures(user=staff, today=today)
    assert (figures["lixiu"], figures["lixiu_signed"], str(figures["lixiu_rate"])) == (1, 1, "100.0")
    with pytest.raises(ValidationError):
        services.contract_record(actor=staff, person_id=world.med_person.pk,
                                 data={"doctor": "李医生", "clinic": "中心", "signed_on": today, "ends_on": today - timedelta(days=1)})
    assert DoctorContract.objects.count() == 1


def test_a_check_a_year(world, check):
    with pytest.raises(ValidationError):
        services.check_create(actor=world.users["office_staff"], data={"year": check.year, "name": "又一次", "starts_on": date.today(),
                                                                        "ends_on": date.today(), "notes": ""})
    with pytest.raises(ValidationError):  # fewer places than people signed up
        services.enroll(actor=world.users["office_staff"], check_id=check.pk, person_id=world.med_person.pk, mode="batch", batch_id=world.later.pk)
        services.batch_save(actor=world.users["office_staff"], check_id=check.pk, batch_id=world.later.pk,
                            data={"hospital": "市一院", "on": world.later.on, "capacity": 0, "meeting_point": ""})
    assert Batch.objects.get(pk=world.later.pk).capacity == 1


@pytest.mark.parametrize("name, kwargs", [("health:check_detail", "pk"), ("health:enrollments", "pk"), ("health:missed", "pk"),
                                          ("health:findings", "pk"), ("health:doctors", None), ("health:home", None)])
def test_the_pages_open_for_the_office(world, check, as_role, name, kwargs):
    url = reverse(name, kwargs={"pk": check.pk} if kwargs else None)
    assert as_role("office_staff").get(url, follow=True).status_code == 200
