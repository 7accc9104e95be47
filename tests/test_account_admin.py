"""The office administers its own accounts: create, roles with dates, unlock, reset, deactivate — all audited, all scoped."""
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD, login
from yinling.accounts.models import RoleAssignment, User
from yinling.core.models import AuditEntry


def test_an_administrator_creates_an_account_who_must_change_the_password(world, as_role):
    admin = as_role("office_admin")
    response = admin.post(reverse("accounts:account_create"), {
        "username": "wang", "display_name": "王联络", "phone": "", "home": world.uni_a.pk, "password": "Start#2026x"})
    account = User.objects.get(username="wang")
    assert response.status_code == 302 and account.must_change_password and account.home == world.uni_a
    assert AuditEntry.objects.filter(action="account_create", object_id=str(account.pk)).exists()
    # the new user reaches nothing but the password page until the password is changed
    client = login(account)
    assert client.get("/roster/")["Location"] == reverse("accounts:password_change")
    page = client.post(reverse("accounts:password_change"), {"old_password": "Start#2026x", "new_password": "short",
                                                               "new_password2": "short"}).content.decode()
    assert "密码长度太短" in page or "至少" in page  # Django's own rule, in Chinese
    client.post(reverse("accounts:password_change"), {"old_password": "Start#2026x", "new_password": "Neu#Pass2027",
                                                      "new_password2": "Neu#Pass2027"})
    account.refresh_from_db()
    assert not account.must_change_password and account.check_password("Neu#Pass2027")


def test_a_weak_first_password_is_refused_in_chinese(world, as_role):
    page = as_role("office_admin").post(reverse("accounts:account_create"), {
        "username": "li", "display_name": "李", "home": world.uni_a.pk, "password": "abcdefgh"}).content.decode()
    assert "至少三类" in page and not User.objects.filter(username="li").exists()


def test_roles_are_granted_within_the_administrators_own_subtree_only(world, as_role):
    admin = as_role("office_admin")
    account = world.users["volunteer"]
    url = reverse("accounts:assignment_create", args=[account.pk])
    today = timezone.localdate()
    admin.post(url, {"role": "liaison", "node": world.grid2.pk, "starts_on": today.isoformat()})
    assert RoleAssignment.objects.filter(user=account, role="liaison", node=world.grid2).exists()
    # the other university's grid is not offered, and forcing it changes nothing
    page = admin.post(url, {"role": "liaison", "node": world.grid_b.pk, "starts_on": today.isoformat()}).content.decode()
    assert "选择一个有效的选项" in page or "管辖" in page
    assert not RoleAssignment.objects.filter(node=world.grid_b).exists()
    # a liaison is bound to a grid, not to a whole university
    page = admin.post(url, {"role": "liaison", "node": world.uni_a.pk, "starts_on": today.isoformat()}).content.decode()
    assert "联络员应绑定到网格" in page


def test_a_granted_capability_and_an_ended_role_take_effect_at_once(world, as_role):
    admin = as_role("office_admin")
    staff = world.users["office_staff"]
    today = timezone.localdate()
    admin.post(reverse("accounts:assignment_create", args=[staff.pk]), {
        "role": "office_staff", "node": world.uni_a.pk, "starts_on": today.isoformat(), "extra_capabilities": ["roster.unmask"]})
    granted = RoleAssignment.objects.filter(user=staff).latest("id")
    assert granted.extra_capabilities == ["roster.unmask"]
    assert login(staff).post(reverse("roster:person_reveal_id", args=[world.med_person.pk])).status_code == 200
    admin.post(reverse("accounts:assignment_end", args=[granted.pk]))
    granted.refresh_from_db()
    assert granted.ends_on == today  # ended, not deleted
    assert login(staff).post(reverse("roster:person_reveal_id", args=[world.med_person.pk])).status_code == 403
    assert AuditEntry.objects.filter(action="role_end", object_id=str(staff.pk)).exists()


def test_unlock_reset_and_deactivate(world, as_role, client):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    liaison = world.users["liaison"]
    for _ in range(5):
        client.post(reverse("accounts:login"), {"username": "liaison", "password": "wrong"})
    assert client.post(reverse("accounts:login"), {"username": "liaison", "password": PASSWORD}).status_code == 429
    admin = as_role("office_admin")
    assert "已锁定" in admin.get(reverse("accounts:account_detail", args=[liaison.pk])).content.decode()
    admin.post(reverse("accounts:account_action", args=[liaison.pk, "unlock"]))
    assert client.post(reverse("accounts:login"), {"username": "liaison", "password": PASSWORD}).status_code == 302
    TOTPDevice.objects.create(user=liaison, name="phone", confirmed=True)
    admin.post(reverse("accounts:account_action", args=[liaison.pk, "reset_otp"]))
    assert not TOTPDevice.objects.filter(user=liaison).exists()
    admin.post(reverse("accounts:account_action", args=[liaison.pk, "deactivate"]))
    liaison.refresh_from_db()
    assert not liaison.is_active and User.objects.filter(pk=liaison.pk).exists()
    actions = set(AuditEntry.objects.filter(object_id=str(liaison.pk), object_type="accounts.user").values_list("action", flat=True))
    assert {"account_unlock", "otp_reset", "account_deactivate"} <= actions


@pytest.mark.parametrize("role", ["office_staff", "unit_officer", "liaison", "auditor", "branch_secretary"])
def test_only_administrators_manage_accounts(world, as_role, role):
    client = as_role(role)
    assert client.get(reverse("accounts:account_list")).status_code == 403
    assert client.get(reverse("accounts:account_detail", args=[world.users["volunteer"].pk])).status_code == 404


def test_the_list_finds_accounts_by_name_and_shows_only_the_administrators_own(world, as_role):
    page = as_role("office_admin").get(reverse("accounts:account_list"), {"q": "staff"}).content.decode()
    assert ">staff<" in page and "staff_b" not in page


def test_a_future_role_is_shown_as_not_yet_started(world, as_role):
    admin = as_role("office_admin")
    volunteer = world.users["volunteer"]
    start = timezone.localdate() + timedelta(days=10)
    admin.post(reverse("accounts:assignment_create", args=[volunteer.pk]),
               {"role": "unit_officer", "node": world.lit.pk, "starts_on": start.isoformat()})
    assert "尚未开始" in admin.get(reverse("accounts:account_detail", args=[volunteer.pk])).content.decode()
    assert "unit_officer" not in volunteer.roles()


def test_an_administrator_moves_and_renames_units_and_the_people_follow(world, as_role):
    from yinling.core.models import OrgUnit
    from yinling.roster.models import Person

    admin = as_role("office_admin")
    admin.post(reverse("core:org_edit", args=[world.clinical.pk]), {"name": "临床医学院", "parent": world.uni_a.pk})
    clinical = OrgUnit.objects.get(pk=world.clinical.pk)
    assert clinical.name == "临床医学院" and clinical.parent == world.uni_a and clinical.path == f"{world.uni_a.path}{clinical.pk:06d}/"
    assert Person.objects.get(pk=world.med_person.pk).unit == clinical
    # the care officer of 医学院 no longer reaches the unit that left it
    assert "张建中" not in login(world.users["unit_officer"]).get("/roster/").content.decode()
    page = admin.post(reverse("core:org_edit", args=[world.med.pk]), {"name": "医学院", "parent": world.med.pk}).content.decode()
    assert "选择一个有效的选项" in page  # not below itself
    assert set(AuditEntry.objects.filter(action__startswith="org_").values_list("action", flat=True)) == {"org_rename", "org_move"}
    assert as_role("office_staff").get(reverse("core:org_edit", args=[world.med.pk])).status_code == 403


def test_the_role_form_preselects_no_role(world, as_role):
    admin = as_role("office_admin")
    url = reverse("accounts:assignment_create", args=[world.users["volunteer"].pk])
    assert '<option value="" selected>请选择角色</option>' in admin.get(url).content.decode()
    page = admin.post(url, {"node": world.grid2.pk, "starts_on": timezone.localdate().isoformat()}).content.decode()
    assert "请选择角色。" in page and not RoleAssignment.objects.filter(user=world.users["volunteer"], node=world.grid2).exists()


def test_bad_input_is_refused_in_chinese_and_changes_nothing(world, as_role):
    admin = as_role("office_admin")
    before = User.objects.count()
    page = admin.post(reverse("accounts:account_create"), {
        "username": "STAFF", "display_name": "重名", "home": world.uni_a.pk, "password": "Start#2026x"}).content.decode()
    assert "该用户名已被使用" in page and User.objects.count() == before
    url = reverse("accounts:assignment_create", args=[world.users["volunteer"].pk])
    today = timezone.localdate()
    page = admin.post(url, {"role": "liaison", "node": world.grid1.pk, "starts_on": today.isoformat(),
                            "ends_on": (today - timedelta(days=1)).isoformat()}).content.decode()
    assert "结束日期不能早于开始日期" in page
    page = admin.post(url, {"role": "liaison", "node": world.grid1.pk, "branch": world.branch1.pk,
                            "starts_on": today.isoformat()}).content.decode()
    assert "三选一" in page
    page = admin.post(url, {"role": "retiree", "person": "无此人", "starts_on": today.isoformat()}).content.decode()
    assert "没有找到这位同志" in page
    assert not RoleAssignment.objects.filter(user=world.users["volunteer"]).exclude(role="volunteer").exists()


def test_a_password_change_with_a_wrong_old_password_or_a_mismatch_changes_nothing(world, as_role):
    client = as_role("liaison")
    url = reverse("accounts:password_change")
    page = client.post(url, {"old_password": "wrong", "new_password": "Neu#Pass2027", "new_password2": "Neu#Pass2027"}).content.decode()
    assert "原密码不正确" in page
    page = client.post(url, {"old_password": PASSWORD, "new_password": "Neu#Pass2027", "new_password2": "Neu#Pass2028"}).content.decode()
    assert "两次输入的新密码不一致" in page
    world.users["liaison"].refresh_from_db()
    assert world.users["liaison"].check_password(PASSWORD)


def test_a_search_for_a_phone_number_user_name_stays_out_of_the_url(world, as_role):
    from tests.conftest import make_user
    from yinling.accounts.roles import Role

    make_user("13912345678", Role.VOLUNTEER, node=world.uni_a)
    client = as_role("office_admin")
    response = client.post("/accounts/manage/", {"q": "13912345678"})
    assert response.status_code == 302 and "13912345678" not in response["Location"]
    assert "13912345678" in client.get(response["Location"]).content.decode()
    by_name = client.post("/accounts/manage/", {"q": "staff & co"})
    assert by_name["Location"].endswith("?q=staff+%26+co")  # a name stays bookmarkable, encoded
