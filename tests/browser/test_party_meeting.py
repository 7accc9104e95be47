"""A branch secretary on a 375 px phone records this month's 党小组会 with attendance, and the branch's
compliance then shows the month as held once every group has met."""
from datetime import date

import pytest
from django.utils import timezone

from tests.browser.test_layout_sweep import _context
from yinling.party import services
from yinling.party.models import Attendance, Meeting, Membership, PartyGroup

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_secretary_records_a_group_meeting_with_attendance_on_a_phone(browser, live_server, world):
    services.rules_ensure(world.uni_a)
    group = PartyGroup.objects.create(branch=world.branch1, name="第一党小组")
    other = PartyGroup.objects.create(branch=world.branch1, name="第二党小组")
    Membership.objects.filter(person=world.med_person).update(group=group)
    for name, in_group in (("周志强", group), ("吴淑芬", group), ("郑大伟", other)):
        person = world.person(name=name, branch=world.branch1, political_status="cpc",
                              party_join_date=date(1975, 1, 1), party_full_date=date(1976, 1, 1))
        Membership.objects.filter(person=person).update(group=in_group)
    context = _context(browser, live_server, world.users["branch_secretary"], 375)
    page = context.new_page()
    page.goto(f"{live_server.url}/party/branches/{world.branch1.pk}/")
    month = f"{timezone.localdate().month}月"
    page.get_by_role("link", name="记录会议").click()

    page.get_by_label("会议类型").select_option(label="党小组会")
    page.get_by_label("党小组", exact=True).select_option(label="第一党小组")
    page.get_by_label("主题").fill("学习党章")
    rows = page.locator(".roll-row:not([hidden])")
    assert rows.count() == 3  # the group's members only: 郑大伟 of the other group is not expected
    assert "郑大伟" not in rows.all_inner_texts()
    page.get_by_text("吴淑芬", exact=True).click()  # one tap: absent
    page.get_by_label("吴淑芬缺席原因").select_option(label="病假")
    assert "应到 3 人，实到 2 人" in page.locator(".js-roll-summary").inner_text()
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/party/meetings/*/")
    assert "已记录党小组会：学习党章" in page.content()

    meeting = Meeting.objects.get()
    assert (meeting.kind, meeting.group, meeting.held_on) == ("group", group, timezone.localdate())
    marked = {a.membership.person.name: (a.present, a.reason) for a in Attendance.objects.select_related("membership__person")}
    assert marked == {"张建中": (True, ""), "周志强": (True, ""), "吴淑芬": (False, "sick")}

    page.goto(f"{live_server.url}/party/branches/{world.branch1.pk}/")
    strip = page.locator(".rule-row", has_text="党小组会")
    this_month = strip.locator(".period", has_text=month).first
    assert "1/2组" in this_month.inner_text()  # every group meets monthly: one of two has

    page.get_by_role("link", name="记录会议").click()  # the second group's meeting, everyone present
    page.get_by_label("会议类型").select_option(label="党小组会")
    page.get_by_label("党小组", exact=True).select_option(label="第二党小组")
    page.get_by_label("主题").fill("交流学习体会")
    assert page.locator(".roll-row:not([hidden]) .roll-person").all_inner_texts() == ["郑大伟"]
    page.get_by_role("button", name="保存").click()
    page.wait_for_url("**/party/meetings/*/")
    page.goto(f"{live_server.url}/party/branches/{world.branch1.pk}/")
    held = page.locator(".rule-row", has_text="党小组会").locator(".period-held")
    assert held.count() == 1 and month in held.inner_text() and "已开" in held.inner_text()
    context.close()
