"""Party building as the committee, a branch secretary and the other roles meet it."""
import io
import re
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from yinling.core.access import SYSTEM, scope
from yinling.party import selectors, services
from yinling.party.access import PARTY_DUES, PARTY_MEMBERS, PARTY_VIEW
from yinling.party.models import Attachment, Attendance, ComplianceRule, Dues, Medal, Meeting, Membership
from yinling.roster.access import ROSTER_VIEW
from yinling.roster.models import Person


@pytest.fixture
def party(world):
    """The world's two branches of 江海大学 with members, dates and the default rules."""
    services.rules_ensure(world.uni_a)
    services.rules_ensure(world.uni_b)
    Membership.objects.filter(person=world.med_person).update(join_date=date(1970, 7, 1), full_date=date(1971, 7, 1))
    world.member2 = world.person(name="周志强", branch=world.branch1, unit=world.clinical, political_status="cpc",
                                 party_join_date=date(1975, 3, 1), party_full_date=date(1976, 3, 1))
    world.member3 = world.person(name="吴淑芬", gender="F", branch=world.branch1, unit=world.lit, political_status="cpc",
                                 party_join_date=date(1980, 5, 1), party_full_date=date(1981, 5, 1))
    return world


def _membership(person) -> Membership:
    return Membership.objects.get(person=person, until__isnull=True)


# --- who sees what ---------------------------------------------------------------------------------

@pytest.mark.parametrize("role, names", [
    ("office_staff", {"张建中", "李秀兰", "周志强", "吴淑芬"}),
    ("auditor", {"张建中", "李秀兰", "周志强", "吴淑芬"}),
    ("branch_secretary", {"张建中", "周志强", "吴淑芬"}),  # their own branch only
    ("unit_officer", {"张建中", "周志强"}),  # the people of their units (临床医学系), whatever the branch
    ("liaison", set()), ("volunteer", set()), ("retiree", set()),
    ("staff_b", {"赵德胜"}),
])
def test_membership_records_are_seen_by_role(party, role, names):
    seen = set(scope(party.users[role], Membership.objects.all(), PARTY_MEMBERS).values_list("person__name", flat=True))
    assert seen == names


@pytest.mark.parametrize("role, branches", [
    ("office_staff", {"离退休第一党支部", "离退休第二党支部"}), ("branch_secretary", {"离退休第一党支部"}),
    ("unit_officer", set()), ("liaison", set()), ("volunteer", set()), ("staff_b", {"滨江离退休党支部"}),
])
def test_branch_life_and_dues_are_seen_by_role(party, role, branches):
    user = party.users[role]
    services.meeting_record(actor=party.users["office_staff"], branch_id=party.branch2.pk, attendance={},
                            data={"kind": "general", "group": None, "held_on": date(2026, 3, 1), "topic": "第二支部大会"})
    visible = set(scope(user, Meeting.objects.all(), PARTY_VIEW).values_list("branch__name", flat=True))
    assert visible <= branches and ("离退休第二党支部" in visible) == ("离退休第二党支部" in branches)
    services.dues_set_bases(actor=SYSTEM, branch_id=party.branch2.pk, month=date(2026, 3, 1),
                            bases={_membership(party.lit_person).pk: Decimal("4000")})
    dues = set(scope(user, Dues.objects.all(), PARTY_DUES).values_list("membership__branch__name", flat=True))
    assert dues == ({"离退休第二党支部"} & branches if role != "branch_secretary" else set())


@pytest.mark.parametrize("role, sees_dates", [
    ("office_staff", True), ("branch_secretary", True), ("unit_officer", True), ("liaison", False), ("auditor", True),
])
def test_party_dates_on_a_persons_page_need_the_right_to_party_records(party, as_role, role, sees_dates):
    page = as_role(role).get(reverse("roster:person_detail", args=[party.med_person.pk]), {"tab": "party"}).content.decode()
    assert "中共党员" in page  # political status is basic data
    assert ("1971年7月1日" in page) is sees_dates  # the full-member date: a party record


def test_a_secretary_reaches_people_by_current_membership_and_loses_them_on_transfer(party):
    secretary = party.users["branch_secretary"]
    assert scope(secretary, Person.objects.filter(pk=party.member2.pk), ROSTER_VIEW).exists()
    services.membership_transfer(actor=party.users["office_staff"], membership_id=_membership(party.member2).pk,
                                 on=date(2026, 6, 1), to_branch_id=party.branch2.pk)
    assert not scope(secretary, Person.objects.filter(pk=party.member2.pk), ROSTER_VIEW).exists()
    old = Membership.objects.get(person=party.member2, branch=party.branch1)
    assert (old.until, old.left, old.went_to) == (date(2026, 6, 1), "transfer", "离退休第二党支部")
    new = _membership(party.member2)
    assert (new.branch, new.since, new.came_from, new.full_date) == (party.branch2, date(2026, 6, 1), "离退休第一党支部", date(1976, 3, 1))
    # the branch's history stays with the branch: its secretary still reads the ended membership
    assert scope(secretary, Membership.objects.filter(pk=old.pk), PARTY_MEMBERS).exists()


def test_services_refuse_ids_outside_the_actors_scope(party):
    from django.core.exceptions import ValidationError
    from django.http import Http404

    secretary = party.users["branch_secretary"]
    with pytest.raises(Http404):
        services.meeting_record(actor=secretary, branch_id=party.branch2.pk, attendance={},
                                data={"kind": "general", "group": None, "held_on": date(2026, 3, 1), "topic": "x"})
    services.dues_set_bases(actor=SYSTEM, branch_id=party.branch1.pk, month=date(2026, 3, 1),
                            bases={_membership(party.member2).pk: Decimal("4000")})
    dues = Dues.objects.get()
    with pytest.raises(ValidationError):
        services.dues_mark_paid(actor=party.users["staff_b"], dues_ids=[dues.pk], paid_on=date(2026, 3, 1))
    dues.refresh_from_db()
    assert dues.paid is None


# --- recording branch life ---------------------------------------------------------------------------

def _meeting_post(client, branch, *, kind="general", held_on="2026-03-10", absent=None, extra=None):
    page = client.get(reverse("party:meeting_create", args=[branch.pk])).content.decode()
    ids = re.findall(r'name="present_(\d+)"', page)
    data = {"kind": kind, "held_on": held_on, "topic": "学习党章", "version": ""}
    for pk in ids:
        if pk not in (absent or {}):
            data[f"present_{pk}"] = "1"
        else:
            data[f"reason_{pk}"] = absent[pk]
    data.update(extra or {})
    return ids, client.post(reverse("party:meeting_create", args=[branch.pk]), data)


def test_a_secretary_records_a_meeting_with_attendance_and_the_month_shows_held(party, as_role):
    client = as_role("branch_secretary")
    absent_pk = str(_membership(party.member3).pk)
    ids, response = _meeting_post(client, party.branch1, kind="committee", held_on="2026-03-10", absent={absent_pk: ""})
    assert response.status_code == 400 and "请为缺席的同志选择原因：吴淑芬" in response.content.decode()
    assert not Meeting.objects.exists()  # nothing written
    ids, response = _meeting_post(client, party.branch1, kind="committee", held_on="2026-03-10", absent={absent_pk: "sick"})
    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert len(ids) == 3 and meeting.attendance.count() == 3
    assert Attendance.objects.get(meeting=meeting, membership__person=party.member3).reason == "sick"
    compliance = selectors.branch_compliance(branch=party.branch1, year=2026, today=date(2026, 11, 30))
    committee = next(r for r in compliance.rows if r.rule.kind == "committee")
    assert [c.state for c in committee.cells[1:4]] == ["missed", "held", "missed"]  # February, March, April


def test_a_forged_attendance_row_for_another_branchs_member_is_refused(party, as_role):
    client = as_role("branch_secretary")
    outsider = _membership(party.lit_person).pk  # 第二支部
    ids, response = _meeting_post(client, party.branch1, extra={f"present_{outsider}": "1"})
    assert response.status_code == 302  # the stray field is not read: only the branch's members are
    assert not Attendance.objects.filter(membership_id=outsider).exists()
    with pytest.raises(Exception, match="不属于本支部"):
        services.meeting_record(actor=party.users["branch_secretary"], branch_id=party.branch1.pk, attendance={outsider: (True, "")},
                                data={"kind": "general", "group": None, "held_on": date(2026, 4, 1), "topic": "x"})


def test_changing_a_rule_recomputes_every_branchs_compliance(party, as_role):
    services.meeting_record(actor=party.users["office_staff"], branch_id=party.branch1.pk, attendance={},
                            data={"kind": "lecture", "group": None, "held_on": date(2026, 2, 1), "topic": "党课"})
    today = date(2026, 11, 30)

    def lecture_row():
        overview = selectors.compliance_overview(user=party.users["office_staff"], year=2026, today=today)
        return next(r for r in overview[0].rows if r.rule.kind == "lecture")

    assert (lecture_row().held, lecture_row().missed) == (1, 2)  # quarterly: Q1 held, Q2 and Q3 missed, Q4 due
    rule = ComplianceRule.objects.get(institution=party.uni_a, kind="lecture")
    response = as_role("office_staff").post(reverse("party:rules"), {"rule": rule.pk, f"r{rule.pk}-frequency": "year",
                                                                     f"r{rule.pk}-minimum": "1", f"r{rule.pk}-active": "on"})
    assert response.status_code == 302
    assert (lecture_row().held, lecture_row().missed) == (1, 0)  # yearly now: the one lecture meets it
    assert as_role("branch_secretary").post(reverse("party:rules"), {"rule": rule.pk}).status_code == 404  # not theirs to change


def test_the_compliance_view_costs_the_same_with_ten_years_of_history(party, as_role):
    client = as_role("office_staff")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("party:branch_list"), {"year": 2026}).status_code == 200
        return len(captured)

    services.meeting_record(actor=party.users["office_staff"], branch_id=party.branch1.pk, attendance={},
                            data={"kind": "general", "group": None, "held_on": date(2026, 1, 5), "topic": "x"})
    queries()  # the session's first request does more
    one_year = queries()
    for year in range(2016, 2026):
        for month in (1, 4, 7, 10):
            Meeting.objects.create(branch=party.branch1, kind="general", held_on=date(year, month, 5), topic="x",
                                   created_by=party.users["office_staff"])
    assert queries() == one_year


def test_members_absent_three_meetings_in_a_row_are_listed_for_the_office(party, as_role):
    staff = party.users["office_staff"]
    member3 = _membership(party.member3).pk
    today = timezone.localdate()
    for days in (40, 30, 20):
        services.meeting_record(actor=staff, branch_id=party.branch1.pk, attendance={member3: (False, "sick")},
                                data={"kind": "general", "group": None, "held_on": today - timedelta(days=days), "topic": "x"})
    page = as_role("office_staff").get(reverse("party:absentees")).content.decode()
    assert "吴淑芬" in page and "3 次" in page and "病假" in page and "周志强" not in page


def test_a_meeting_photo_is_checked_stored_outside_the_web_root_and_served_only_in_scope(party, as_role, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_DIR = tmp_path
    meeting = services.meeting_record(actor=party.users["office_staff"], branch_id=party.branch1.pk, attendance={},
                                      data={"kind": "general", "group": None, "held_on": date(2026, 3, 1), "topic": "x"})
    client = as_role("branch_secretary")
    fake = SimpleUploadedFile("会议照片.jpg", b"<html>not a photo</html>", content_type="image/jpeg")
    response = client.post(reverse("party:meeting_detail", args=[meeting.pk]), {"file": fake})
    assert response.status_code == 400 and "只能上传照片（JPG、PNG）或 PDF 文件" in response.content.decode()
    pdf = SimpleUploadedFile("会议记录.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    assert client.post(reverse("party:meeting_detail", args=[meeting.pk]), {"file": pdf}).status_code == 302
    item = Attachment.objects.get()
    assert (tmp_path / "party" / item.stored_name).read_bytes().startswith(b"%PDF")
    served = client.get(reverse("party:attachment", args=[item.pk]))
    assert served.status_code == 200 and served["Content-Type"] == "application/pdf" and "sandbox" in served["Content-Security-Policy"]
    for role in ("staff_b", "liaison", "unit_officer"):
        assert as_role(role).get(reverse("party:attachment", args=[item.pk])).status_code in (403, 404)


# --- dues ---------------------------------------------------------------------------------------------

def test_dues_follow_the_pension_at_the_five_thousand_edge_and_an_exemption(party, as_role):
    client = as_role("branch_secretary")
    m1, m2, m3 = (_membership(p) for p in (party.med_person, party.member2, party.member3))
    Membership.objects.filter(pk=m3.pk).update(dues_exempt=True, dues_exempt_reason="卧床，经批准")
    url = reverse("party:branch_dues", args=[party.branch1.pk]) + "?month=2026-03"
    response = client.post(url, {"action": "bases", f"base_{m1.pk}": "5000", f"base_{m2.pk}": "5,000.01", f"base_{m3.pk}": "8000"})
    assert response.status_code == 302
    owed = dict(Dues.objects.filter(month=date(2026, 3, 1)).values_list("membership_id", "amount"))
    assert owed == {m1.pk: Decimal("25.00"), m2.pk: Decimal("50.00"), m3.pk: Decimal("0.00")}
    bad = client.post(url, {"action": "bases", f"base_{m1.pk}": "五千"})
    assert bad.status_code == 400 and "不是有效金额" in bad.content.decode()
    assert Dues.objects.get(membership=m1, month=date(2026, 3, 1)).base == Decimal("5000.00")  # unchanged
    paid = Dues.objects.get(membership=m1, month=date(2026, 3, 1))
    assert client.post(url, {"action": "paid", "dues": [paid.pk]}).status_code == 302
    paid.refresh_from_db()
    assert paid.paid == Decimal("25.00") and paid.paid_on == timezone.localdate()
    april = client.get(reverse("party:branch_dues", args=[party.branch1.pk]) + "?month=2026-04").content.decode()
    assert "周志强：1 个月，共 50.00 元" in april  # March still owed
    assert 'value="5000.00"' in april  # last month's base offered again
    assert as_role("branch_secretary").get(reverse("party:branch_dues", args=[party.branch2.pk])).status_code == 404


def test_the_dues_export_holds_the_years_rows_the_user_may_see(party, as_role):
    services.dues_set_bases(actor=SYSTEM, branch_id=party.branch1.pk, month=date(2026, 3, 1),
                            bases={_membership(party.member2).pk: Decimal("6000")})
    services.dues_set_bases(actor=SYSTEM, branch_id=party.branch2.pk, month=date(2026, 3, 1),
                            bases={_membership(party.lit_person).pk: Decimal("3000")})
    response = as_role("branch_secretary").get(reverse("party:dues_export"), {"year": 2026})
    rows = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content))).get_sheet_by_index(0).to_python()[1:]
    assert [(r[1], r[4]) for r in rows] == [("周志强", 60)]  # not 李秀兰 of the second branch


# --- the medal ----------------------------------------------------------------------------------------

def test_the_medal_list_counts_from_the_full_member_date_and_never_repeats_a_presented_medal(party, as_role):
    # 周志强 joined in 1975 but became a full member on 1976-03-01: on 2026's list, not 2025's
    names = lambda year: [r["membership"].person.name for r in selectors.medal_list(user=party.users["office_staff"], year=year)]  # noqa: E731
    assert "周志强" not in names(2025) and "周志强" in names(2026)
    assert "张建中" in names(2026)  # 1971: eligible since 2021, never presented
    client = as_role("office_staff")
    url = reverse("party:medal_advance", args=[party.member2.pk]) + "?year=2026"
    assert client.post(url, {"stage": "nominated", "on": "2026-05-01"}).status_code == 302
    assert client.post(url, {"stage": "approved", "on": "2026-06-01"}).status_code == 302
    client.post(url, {"stage": "presented", "on": "2026-07-01", "by": ""})
    assert Medal.objects.get(person=party.member2).stage == "approved"  # who presented it is required
    client.post(url, {"stage": "presented", "on": "2026-07-01", "by": "校党委书记"})
    assert Medal.objects.get(person=party.member2).stage == "presented"
    assert "周志强" in names(2026) and "周志强" not in names(2027)
    refused = client.post(reverse("party:medal_advance", args=[party.member3.pk]) + "?year=2026",
                          {"stage": "nominated", "on": "2026-05-01"}, follow=True)
    assert "不在本年度" in refused.content.decode() and not Medal.objects.filter(person=party.member3).exists()
    assert as_role("branch_secretary").post(url, {"stage": "nominated", "on": "2026-05-01"}).status_code == 403


def test_every_party_page_answers_for_the_office_and_the_secretary(party, as_role):
    meeting = services.meeting_record(actor=party.users["office_staff"], branch_id=party.branch1.pk, attendance={},
                                      data={"kind": "general", "group": None, "held_on": date(2026, 3, 1), "topic": "x"})
    m = _membership(party.member2)
    urls = [reverse("party:branch_list"), reverse("party:rules"), reverse("party:absentees"), reverse("party:activities"),
            reverse("party:activity_create"), reverse("party:dues"), reverse("party:medals"),
            reverse("party:branch_detail", args=[party.branch1.pk]), reverse("party:member_list", args=[party.branch1.pk]),
            reverse("party:meeting_list", args=[party.branch1.pk]), reverse("party:meeting_create", args=[party.branch1.pk]),
            reverse("party:branch_dues", args=[party.branch1.pk]), reverse("party:evaluations", args=[party.branch1.pk]),
            reverse("party:meeting_detail", args=[meeting.pk]), reverse("party:meeting_edit", args=[meeting.pk]),
            reverse("party:membership_detail", args=[m.pk])]
    for role in ("office_staff", "branch_secretary"):
        client = as_role(role)
        for url in urls:
            assert client.get(url).status_code == 200, (role, url)
    assert as_role("office_staff").get(reverse("party:membership_edit", args=[m.pk])).status_code == 200
    assert as_role("branch_secretary").get(reverse("party:membership_edit", args=[m.pk])).status_code == 403


def test_an_activity_counts_participant_times(party, as_role):
    client = as_role("branch_secretary")
    page = client.get(reverse("party:activity_create")).content.decode()
    chosen = re.findall(r'name="participants" value="(\d+)"', page)
    assert len(chosen) == 3
    response = client.post(reverse("party:activity_create"), {"kind": "trip", "branch": party.branch1.pk, "held_on": "2026-04-02",
                                                               "title": "赴新四军纪念馆", "destination": "新四军纪念馆", "guests": "2",
                                                               "participants": chosen[:2]})
    assert response.status_code == 302
    totals = selectors.activity_totals(selectors.activity_list(user=party.users["office_staff"], year=2026))
    assert totals["trip"]["n"] == 1 and totals["trip"]["people"] == 4


# --- the memberships sheet -----------------------------------------------------------------------------

def test_a_memberships_sheet_places_members_by_id_number_through_the_import_pages(party, as_role, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.spreadsheets import write_xlsx
    from yinling.core.crypto import decrypt
    from yinling.transfer.models import Job

    fresh = party.person(name="孙玉华", gender="F", unit=party.lit, political_status="cpc")
    number = decrypt(Person.objects.get(pk=fresh.pk).id_number_encrypted)
    zhou = Person.objects.get(pk=party.member2.pk)

    rows = [["序号", "姓名", "身份证号", "所在党支部", "党小组", "入党时间", "转正时间"],
            [1, "孙玉华", number, "离退休第二党支部", "", "1972.5.1", "1973年5月1日"],
            [2, "周志强", decrypt(zhou.id_number_encrypted), "离退休第一党支部", "", "1975-03-01", "1976-04-01"],  # a corrected date
            [3, "李秀兰", decrypt(Person.objects.get(pk=party.lit_person.pk).id_number_encrypted), "离退休第一党支部", "", "1960-01-01", "1961-01-01"],
            [4, "查无此人", "11010519491231002X", "离退休第一党支部", "", "1960-01-01", "1961-01-01"],
            [5, "孙玉华", number, "离退休第九党支部", "", "1972-05-01", ""]]
    path = write_xlsx(tmp_path / "党员名册.xlsx", rows, title="江海大学离退休党员名册")
    client = as_role("office_staff")
    assert as_role("branch_secretary").get(reverse("transfer:import_start"), {"kind": "party.memberships"}).status_code == 403
    page = client.get(reverse("transfer:import_start"), {"kind": "party.memberships"}).content.decode()
    assert "导入党员名册" in page and "kind=party.memberships" in page
    with path.open("rb") as handle:
        client.post(reverse("transfer:import_start") + "?kind=party.memberships", {"file": SimpleUploadedFile(path.name, handle.read())})
    job = Job.objects.get()
    errors = {(e["row"], e["column"]): e["message"] for e in job.report["errors"]}
    assert "转接组织关系请在系统中办理" in errors[(6, "所在党支部")]  # 李秀兰 is in the second branch already
    assert "名册中没有该身份证号的人员" in errors[(7, "身份证号")]
    assert "系统中没有党支部“离退休第九党支部”" in errors[(8, "所在党支部")] and "重复" in errors[(8, "身份证号")]
    assert not Membership.objects.filter(person=fresh).exists()  # checked, nothing written
    detail = client.get(reverse("transfer:job_detail", args=[job.pk])).content.decode()
    assert "导入党员名册" in detail and "“转正时间”列" in detail  # the mapping form offers this sheet's columns
    client.post(reverse("transfer:job_confirm", args=[job.pk]), {"valid_only": "1"})
    job.refresh_from_db()
    assert job.status == "done", job.message
    placed = _membership(fresh)
    assert (placed.branch, placed.join_date, placed.full_date, placed.status) == (party.branch2, date(1972, 5, 1), date(1973, 5, 1), "full")
    assert _membership(party.member2).full_date == date(1976, 4, 1)
    assert _membership(party.lit_person).branch == party.branch2  # refused row: unchanged


def test_the_office_sets_up_a_branch_and_grades_its_year_and_a_secretary_may_not(party, as_role):
    client = as_role("office_staff")
    response = client.post(reverse("party:branch_create"), {"name": "离退休第三党支部", "kind": "retired", "liaison_name": "钱立",
                                                             "liaison_unit": "组织部", "sort_order": "3"})
    assert response.status_code == 302
    from yinling.party.models import Branch, BranchEvaluation

    branch = Branch.objects.get(name="离退休第三党支部")
    assert branch.institution == party.uni_a and "在职党员联络员 钱立" in client.get(response["Location"]).content.decode()
    duplicate = client.post(reverse("party:branch_create"), {"name": "离退休第一党支部", "kind": "retired", "sort_order": "0"})
    assert duplicate.status_code == 400 and "本校已有同名的党支部" in duplicate.content.decode()
    url = reverse("party:evaluations", args=[party.branch1.pk]) + "?year=2025"
    assert client.post(url, {"action": "grade", "grade": "good", "note": "六有一提升达标"}).status_code == 302
    assert BranchEvaluation.objects.get(branch=party.branch1, year=2025).grade == "good"
    secretary = as_role("branch_secretary")
    assert secretary.get(reverse("party:branch_edit", args=[party.branch1.pk])).status_code == 403
    secretary.post(url, {"action": "grade", "grade": "weak"})
    assert BranchEvaluation.objects.get(branch=party.branch1, year=2025).grade == "good"  # the grade is the office's


def test_the_group_leader_is_who_holds_the_post(party):
    from yinling.party.models import PartyGroup, Post

    group = PartyGroup.objects.create(branch=party.branch1, name="第一党小组")
    member = _membership(party.member2)
    Membership.objects.filter(pk=member.pk).update(group=group)
    services.post_assign(actor=party.users["office_staff"], membership_id=member.pk, title=Post.Title.GROUP_LEADER, since=date(2026, 1, 1))
    group.refresh_from_db()
    assert group.leader_id == member.pk


def test_a_death_ends_the_membership_and_its_posts_and_an_undone_archive_reopens_it(party, as_role):
    from yinling.party.models import Post
    from yinling.roster import services as roster_services

    member = _membership(party.member2)
    services.post_assign(actor=party.users["office_staff"], membership_id=member.pk, title=Post.Title.COMMITTEE, since=date(2025, 1, 1))
    roster_services.person_archive(actor=party.users["office_staff"], person_id=party.member2.pk, status="deceased",
                                   effective_date=date(2026, 5, 2), reason="病故")
    member.refresh_from_db()
    assert (member.until, member.left) == (date(2026, 5, 2), "died")
    assert Post.objects.get(membership=member).until == date(2026, 5, 2)
    assert "周志强" not in as_role("branch_secretary").get(reverse("party:member_list", args=[party.branch1.pk])).content.decode()
    roster_services.person_restore(actor=party.users["office_admin"], person_id=party.member2.pk, reason="误录")
    member.refresh_from_db()
    assert member.until is None and member.left == ""


@pytest.mark.parametrize("groups_met, state, note", [((), "missed", ""), (("甲",), "missed", "1/2组"), (("甲", "乙"), "held", "")])
def test_a_month_of_group_meetings_is_held_when_every_group_met(party, groups_met, state, note):
    from yinling.party.models import PartyGroup

    groups = {name: PartyGroup.objects.create(branch=party.branch1, name=f"{name}组") for name in ("甲", "乙")}
    for name in groups_met:
        Meeting.objects.create(branch=party.branch1, kind="group", group=groups[name], held_on=date(2026, 3, 9), topic="x",
                               created_by=party.users["office_staff"])
    compliance = selectors.branch_compliance(branch=party.branch1, year=2026, today=date(2026, 11, 30))
    march = next(r for r in compliance.rows if r.rule.kind == "group").cells[2]
    assert (march.state, march.note) == (state, note)


def test_a_sheet_of_pensions_sets_the_months_dues_and_leaves_paid_months_alone(party, tmp_path):
    from tests.spreadsheets import write_xlsx
    from yinling.core.crypto import decrypt
    from yinling.party.imports import DuesBaseImport
    from yinling.transfer import engine
    from yinling.transfer.reader import read_sheet

    number = lambda person: decrypt(Person.objects.get(pk=person.pk).id_number_encrypted)  # noqa: E731
    m2, m3 = _membership(party.member2), _membership(party.member3)
    services.dues_set_bases(actor=SYSTEM, branch_id=party.branch1.pk, month=date(2026, 10, 1), bases={m3.pk: Decimal("4000")})
    services.dues_mark_paid(actor=SYSTEM, dues_ids=list(Dues.objects.values_list("pk", flat=True)), paid_on=date(2026, 10, 20))
    rows = [["姓名", "身份证号", "月份", "实发养老金"],
            ["周志强", number(party.member2), "2026.11", "5,000.01"],
            ["吴淑芬", number(party.member3), "2026-10", "9000"],  # October is paid already: unchanged
            ["赵德胜", number(party.other_person), "2026-11", "3000"],  # another university's
            ["周志强", number(party.member2), "2026-11", "100"]]  # the same month twice
    path = write_xlsx(tmp_path / "养老金.xlsx", rows, title="2026年11月离退休人员养老金发放表")
    importer = DuesBaseImport(actor=party.users["office_staff"], institution=party.uni_a, source="测试")
    report = engine.run(importer, read_sheet(path), valid_only=True)
    assert {(e.row, e.column) for e in report.errors} == {(6, "身份证号"), (7, "月份")}
    assert report.imported and (report.created, report.unchanged) == (1, 1)
    assert Dues.objects.get(membership=m2, month=date(2026, 11, 1)).amount == Decimal("50.00")
    october = Dues.objects.get(membership=m3, month=date(2026, 10, 1))
    assert (october.base, october.amount) == (Decimal("4000.00"), Decimal("20.00"))
