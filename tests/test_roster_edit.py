"""Correcting a record: Chinese errors on the right field, stale edits refused, archiving not deleting."""
from datetime import date

import pytest

from tests.conftest import login, make_id
from yinling.core.models import AuditEntry
from yinling.roster.forms import PERSON_FIELDS
from yinling.roster.models import Person


def edit_form_data(person: Person, **overrides) -> dict:
    """The edit form as the browser would post it, unchanged except for `overrides`."""
    person.refresh_from_db()
    data = {}
    for name in PERSON_FIELDS:
        field = Person._meta.get_field(name)
        value = getattr(person, field.attname)
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            continue
        data[name] = "" if value is None else (value.isoformat() if isinstance(value, date) else value)
    data["version"] = person.version
    data["id_number"] = ""
    data.update({"contacts-TOTAL_FORMS": 0, "contacts-INITIAL_FORMS": 0, "contacts-MIN_NUM_FORMS": 0, "contacts-MAX_NUM_FORMS": 10})
    data.update(overrides)
    return data


def test_it_saves_a_corrected_phone_and_shows_it_in_the_history(world, as_role):
    client = as_role("office_staff")
    person = world.med_person
    response = client.post(f"/roster/{person.pk}/edit/", edit_form_data(person, phone="136 0000 1111"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.phone == "13600001111" and person.version == 2
    history = client.get(f"/roster/{person.pk}/?tab=history").content.decode()
    assert "手机" in history and "136****1111" in history


@pytest.mark.parametrize(
    "overrides, field, message",
    [
        ({"id_number": "320602194603051230"}, "id_number", "校验位不正确"),
        ({"id_number": make_id(date(1946, 3, 5), "F", serial=7)}, "gender", "性别与身份证号不一致"),
        ({"birth_date": "1946-03-06"}, "birth_date", "出生日期与身份证号不一致"),
        ({"phone": "12345"}, "phone", "电话号码位数不对"),
        ({"name": " "}, "name", "请填写姓名"),
        ({"residence": "remote", "residence_city": ""}, "residence_city", "请填写所在城市"),
    ],
)
def test_it_refuses_bad_input_in_chinese_on_the_right_field_and_changes_nothing(world, as_role, overrides, field, message):
    person = world.med_person
    before = (person.phone, person.version, person.birth_date, person.id_number_hash)
    response = as_role("office_staff").post(f"/roster/{person.pk}/edit/", edit_form_data(person, **overrides))
    assert response.status_code == 400
    form = response.context["form"]
    assert message in " ".join(form.errors.get(field, [])), form.errors
    person.refresh_from_db()
    assert (person.phone, person.version, person.birth_date, person.id_number_hash) == before


def test_it_refuses_a_stale_edit_and_shows_what_changed(world):
    person = world.med_person
    first, second = login(world.users["office_staff"]), login(world.users["unit_officer"])
    stale_form = edit_form_data(person, address="新地址 2 号")
    assert first.post(f"/roster/{person.pk}/edit/", edit_form_data(person, phone="13600002222")).status_code == 302
    response = second.post(f"/roster/{person.pk}/edit/", stale_form)
    assert response.status_code == 409
    page = response.content.decode()
    assert "已被他人修改" in page and "136****2222" in page and "新地址 2 号" in page  # their change shown, my input kept
    person.refresh_from_db()
    assert person.phone == "13600002222" and person.address == "" and person.version == 2
    assert AuditEntry.objects.filter(action="stale_edit", result="denied").exists()
    # the form now holds their phone and my address; saving it again keeps both
    retry = response.context["form"].data.copy()
    assert retry["phone"] == "13600002222" and retry["address"] == "新地址 2 号"
    assert second.post(f"/roster/{person.pk}/edit/", retry).status_code == 302
    person.refresh_from_db()
    assert person.address == "新地址 2 号" and person.phone == "13600002222"


def test_it_refuses_an_id_number_already_on_another_person(world, as_role):
    other_number = world.lit_person.id_number
    response = as_role("office_staff").post(
        f"/roster/{world.med_person.pk}/edit/",
        edit_form_data(world.med_person, id_number=other_number, gender="F", birth_date="1950-08-20"),
    )
    assert response.status_code == 400
    assert "已登记在另一位同志名下" in response.content.decode()


def test_it_creates_a_person_from_a_15_digit_id_and_fills_birth_and_gender(world, as_role):
    number18 = make_id(date(1948, 7, 9), "F", serial=33)
    legacy = number18[:6] + number18[8:17]
    data = edit_form_data(world.lit_person, name="周 玉兰", id_number=legacy, birth_date="", gender="", phone="13500001234")
    data.pop("version")
    response = as_role("office_staff").post("/roster/new/", data)
    assert response.status_code == 302, response.context["form"].errors
    person = Person.objects.get(name="周玉兰")  # the padding is not part of the name
    assert person.id_number == number18 and person.birth_date == date(1948, 7, 9) and person.gender == "F"
    assert person.institution == world.uni_a
    assert AuditEntry.objects.filter(action="create", object_id=str(person.pk)).exists()


def test_it_edits_emergency_contacts(world, as_role):
    person = world.med_person
    data = edit_form_data(person, **{"contacts-TOTAL_FORMS": 1, "contacts-0-name": "张小军", "contacts-0-relation": "儿子",
                                     "contacts-0-phone": "13711112222", "contacts-0-is_primary": "on"})
    assert as_role("office_staff").post(f"/roster/{person.pk}/edit/", data).status_code == 302
    contact = person.contacts.get()
    assert (contact.name, contact.phone, contact.is_primary) == ("张小军", "13711112222", True)


def test_it_archives_a_death_with_its_date_and_keeps_the_record(world, as_role):
    person = world.med_person
    client = as_role("office_staff")
    missing = client.post(f"/roster/{person.pk}/archive/", {"status": "deceased"})
    assert missing.status_code == 400 and "请填写去世或迁出的日期" in missing.content.decode()
    response = client.post(f"/roster/{person.pk}/archive/", {"status": "deceased", "effective_date": "2026-10-01", "reason": "病故"})
    assert response.status_code == 302
    assert "档案不会被删除" in client.get(response["Location"]).content.decode()
    person.refresh_from_db()
    assert person.status == "deceased" and person.death_date == date(2026, 10, 1)
    assert person.archived_by == world.users["office_staff"] and person.archive_reason == "病故"
    # no longer on the daily list, still found with 状态：全部, and still readable
    assert "张建中" not in client.get("/roster/").content.decode()
    assert "张建中" in client.get("/roster/", {"status": "all"}).content.decode()
    assert client.get(f"/roster/{person.pk}/").status_code == 200
    assert client.get(f"/roster/{person.pk}/edit/").status_code == 302  # archived records are not edited


def test_it_refuses_archiving_to_roles_without_the_right(world, as_role):
    assert as_role("unit_officer").post(f"/roster/{world.med_person.pk}/archive/", {"status": "moved", "effective_date": "2026-01-01"}).status_code == 403
    assert as_role("liaison").get(f"/roster/{world.med_person.pk}/edit/").status_code == 403


def test_it_never_puts_the_full_id_number_into_the_edit_page(world, as_role):
    page = as_role("unit_officer").get(f"/roster/{world.med_person.pk}/edit/").content.decode()
    assert world.med_person.id_number not in page
    assert world.med_person.id_number_masked in page


def test_it_keeps_people_from_being_deleted(world):
    from django.db.models import ProtectedError

    from yinling.roster.models import EmergencyContact

    EmergencyContact.objects.create(person=world.med_person, name="张小军", relation="儿子", phone="13711112222")
    with pytest.raises(ProtectedError):
        world.med_person.delete()


def test_it_makes_a_care_officer_choose_one_of_their_units_when_creating(world, as_role):
    data = edit_form_data(world.lit_person, name="吴新华", id_number="", phone="13500001235", grid="")
    data.pop("version")
    data["unit"] = ""
    response = as_role("unit_officer").post("/roster/new/", data)
    assert response.status_code == 400 and "请选择原单位" in response.content.decode()
    data["unit"] = world.lit.pk  # not theirs
    assert as_role("unit_officer").post("/roster/new/", data).status_code == 400
    data["unit"] = world.clinical.pk
    response = as_role("unit_officer").post("/roster/new/", data)
    assert response.status_code == 302
    assert as_role("unit_officer").get(response["Location"]).status_code == 200


def test_a_care_officer_cannot_move_a_person_out_of_their_units(world, as_role):
    from django.core.exceptions import ValidationError

    from yinling.roster import services

    person = world.med_person
    client = as_role("unit_officer")
    response = client.post(f"/roster/{person.pk}/edit/", edit_form_data(person, unit=""))
    assert response.status_code == 400 and "请选择原单位" in response.content.decode()
    # The grid is shown but not theirs to change: a forged change is ignored, the rest saved.
    page = client.get(f"/roster/{person.pk}/edit/").content.decode()
    assert "由离退休工作处安排" in page
    response = client.post(f"/roster/{person.pk}/edit/", edit_form_data(person, grid=world.grid2.pk, title="教授"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.unit_id, person.grid_id, person.title) == (world.clinical.pk, world.grid1.pk, "教授")
    for data in ({"grid": world.grid2}, {"unit": None}):  # and the service refuses whoever calls it
        with pytest.raises(ValidationError):
            services.person_update(actor=world.users["unit_officer"], person_id=person.pk, expected_version=person.version, data=data)


def test_a_care_officer_moves_a_person_between_their_own_units_and_the_office_anywhere(world, as_role):
    person = world.med_person
    assert as_role("unit_officer").post(f"/roster/{person.pk}/edit/", edit_form_data(person, unit=world.med.pk)).status_code == 302
    assert as_role("office_staff").post(f"/roster/{person.pk}/edit/", edit_form_data(person, grid=world.grid2.pk)).status_code == 302
    person.refresh_from_db()
    assert (person.unit_id, person.grid_id) == (world.med.pk, world.grid2.pk)


def test_an_administrator_undoes_a_mistaken_archive_with_a_reason(world, as_role):
    person = world.med_person
    from yinling.roster import services

    services.person_archive(actor=world.users["office_staff"], person_id=person.pk, status=Person.Status.DECEASED,
                            effective_date=date(2026, 10, 1), reason="病故")
    assert as_role("office_staff").get(f"/roster/{person.pk}/restore/").status_code == 403  # staff archive, not undo
    admin = as_role("office_admin")
    assert "撤销归档" in admin.get(f"/roster/{person.pk}/").content.decode()
    response = admin.post(f"/roster/{person.pk}/restore/", {"reason": ""})
    assert response.status_code == 400 and "请填写撤销归档的原因" in response.content.decode()
    assert admin.post(f"/roster/{person.pk}/restore/", {"reason": "误将同名同志登记为去世"}).status_code == 302
    person.refresh_from_db()
    assert person.status == Person.Status.ACTIVE and person.death_date is None and person.archived_at is None
    entry = AuditEntry.objects.get(action="restore", object_id=str(person.pk))
    assert entry.note == "误将同名同志登记为去世" and entry.changes["fields"]["status"] == ["去世（2026-10-01）", "在册"]


def test_a_failed_form_lists_every_problem_at_the_top_linked_to_its_field(world, as_role):
    person = world.med_person
    response = as_role("office_staff").post(f"/roster/{person.pk}/edit/", edit_form_data(person, phone="12", name=""))
    page = response.content.decode()
    summary = page[page.index('id="error-summary"'):page.index("</div>", page.index('id="error-summary"'))]
    assert '<a href="#id_phone">手机：' in summary and '<a href="#id_name">姓名：请填写姓名。' in summary


def test_choice_fields_ask_to_choose_in_chinese(world, as_role):
    page = as_role("office_staff").get("/roster/new/").content.decode()
    assert "---------" not in page and ">请选择</option>" in page
