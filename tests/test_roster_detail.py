"""A person's page: its tabs, masked ID numbers and phones, and the audited reveal."""
import pytest
from django.urls import reverse

from tests.conftest import login
from yinling.accounts.models import RoleAssignment
from yinling.core.models import AuditEntry
from yinling.roster.models import EmergencyContact


@pytest.mark.parametrize("tab, text", [("basic", "身份证号"), ("contact", "紧急联系人"), ("health", "家庭医生签约"),
                                       ("party", "转正时间"), ("history", "新增")])
def test_it_shows_every_tab(world, as_role, tab, text):
    page = as_role("office_staff").get(f"/roster/{world.med_person.pk}/", {"tab": tab}).content.decode()
    assert text in page


def test_it_logs_each_view_of_a_record(world, as_role):
    as_role("office_staff").get(f"/roster/{world.med_person.pk}/")
    assert AuditEntry.objects.filter(action="view", object_id=str(world.med_person.pk)).count() == 1


def test_it_masks_the_id_number_for_staff_without_the_right(world, as_role):
    client = as_role("office_staff")
    page = client.get(f"/roster/{world.med_person.pk}/").content.decode()
    assert world.med_person.id_number_masked in page and world.med_person.id_number not in page
    assert "查看完整号码" not in page
    assert client.post(reverse("roster:person_reveal_id", args=[world.med_person.pk])).status_code == 403
    assert not AuditEntry.objects.filter(action="unmask").exists()


@pytest.mark.parametrize("role", ["office_admin", "office_staff_granted"])
def test_it_reveals_the_id_number_to_the_right_holder_and_logs_it(world, role):
    if role == "office_staff_granted":
        user = world.users["office_staff"]
        RoleAssignment.objects.filter(user=user).update(extra_capabilities=["roster.unmask"])
        user.refresh_from_db()
    else:
        user = world.users[role]
    client = login(user)
    assert "查看完整号码" in client.get(f"/roster/{world.med_person.pk}/").content.decode()
    response = client.post(reverse("roster:person_reveal_id", args=[world.med_person.pk]), HTTP_HX_REQUEST="true")
    assert world.med_person.id_number in response.content.decode()
    entry = AuditEntry.objects.get(action="unmask")
    assert entry.actor == user and entry.object_repr == "张建中"
    assert world.med_person.id_number not in str(entry.changes) + entry.note


def test_it_shows_phones_in_full_to_carers_and_masked_to_readers(world):
    EmergencyContact.objects.create(person=world.med_person, name="张小军", relation="儿子", phone="13711112222")
    url = f"/roster/{world.med_person.pk}/?tab=contact"
    carer = login(world.users["liaison"]).get(url).content.decode()
    assert 'href="tel:13912340001"' in carer and 'href="tel:13711112222"' in carer  # tap to call
    reader = login(world.users["auditor"]).get(url).content.decode()
    assert "139****0001" in reader and "13912340001" not in reader
    assert "张小军" not in reader and "1371111" not in reader and "****2222" not in reader  # no family contacts at all


def test_it_offers_edit_and_archive_only_to_those_who_may(world, as_role):
    url = f"/roster/{world.med_person.pk}/"
    staff = as_role("office_staff").get(url).content.decode()
    assert "修改信息" in staff and "归档" in staff
    secretary = as_role("branch_secretary").get(url).content.decode()
    assert "修改信息" not in secretary


def test_it_shows_the_retiree_their_own_record_in_the_portal(world, as_role):
    client = as_role("retiree")
    assert client.get("/")["Location"] == "/my/"
    page = client.get("/my/").content.decode()
    assert "李秀兰" in page and "张建中" not in page


def test_the_registration_form_shows_what_the_role_may_see(world, as_role):
    person = world.med_person
    staff = as_role("office_staff").get(f"/roster/{person.pk}/sheet/").content.decode()
    assert "离退休人员登记表" in staff and "张建中" in staff and person.id_number_masked in staff and "健康状况" in staff
    assert person.id_number not in staff
    secretary = as_role("branch_secretary").get(f"/roster/{person.pk}/sheet/").content.decode()
    assert "张建中" in secretary and "健康状况" not in secretary and "身份证号" not in secretary
