"""A liaison on a 375 px phone records a festival visit from the campaign's list and sees the coverage
rise; the office sees an unanswered request escalate on its home page once its clock has run out."""
import re
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.browser.conftest import assert_accessible
from tests.browser.test_layout_sweep import _context
from yinling.care import services
from yinling.care.models import Campaign, CampaignTarget, Contact
from yinling.roster.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_liaison_records_a_campaign_visit_on_a_phone(browser, live_server, world):
    liaison = world.users["liaison"]
    second = world.person(name="周志强", unit=world.clinical, grid=world.grid1)
    Person.objects.filter(pk__in=[world.med_person.pk, second.pk]).update(liaison=liaison)
    today = timezone.localdate()
    campaign = services.campaign_create(actor=world.users["office_staff"], rule={}, data={
        "kind": Campaign.Kind.MID_AUTUMN, "name": "中秋走访慰问", "starts_on": today - timedelta(days=3), "ends_on": today + timedelta(days=10)})

    context = _context(browser, live_server, liaison, 375)
    page = context.new_page()
    page.goto(f"{live_server.url}/care/campaigns/{campaign.pk}/?show=left&mine=1")
    assert "已走访 0/2 人" in page.locator("#coverage-figure").inner_text()  # the liaison's own two people
    row = page.locator(".target", has_text="张建中")
    row.get_by_role("link", name="记录走访").click()
    page.wait_for_url("**/contact/**")
    assert "计入“中秋走访慰问”" in page.content()
    page.get_by_label("慰问品").fill("月饼一盒")
    page.get_by_label("慰问金（元）").fill("300")
    page.get_by_label("情况记录").fill("身体很好，感谢学校")
    assert_accessible(page)
    page.get_by_role("button", name="保存").click()
    page.wait_for_url(f"**/care/campaigns/{campaign.pk}/**")
    assert "已记录对张建中的上门节日慰问" in page.content()
    assert "已走访 1/2 人，覆盖率 50.0%" in page.locator("#coverage-figure").inner_text()
    assert page.locator(".target", has_text="张建中").count() == 0  # off the list of those still to visit
    assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth")

    contact = Contact.objects.get()
    assert (contact.person, contact.campaign, str(contact.money), contact.created_by) == (world.med_person, campaign, "300.00", liaison)
    assert CampaignTarget.objects.get(campaign=campaign, person=world.med_person).reached_on == today
    context.close()


def test_the_office_sees_an_unanswered_request_escalate(browser, live_server, world):
    Person.objects.filter(pk=world.med_person.pk).update(liaison=world.users["liaison"])
    services.request_raise(actor=world.users["liaison"], person_id=world.med_person.pk, raised_at=timezone.now() - timedelta(hours=26),
                           data={"category": "repair", "description": "卫生间扶手松动"})
    services.request_raise(actor=world.users["liaison"], person_id=world.med_person.pk,
                           data={"category": "policy", "description": "咨询高龄津贴"})  # still within its clock
    context = _context(browser, live_server, world.users["office_staff"], 1280)
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    card = page.locator("section", has_text="走访服务").first
    assert "张建中 · 维修" in card.inner_text() and "咨询高龄津贴" not in card.inner_text()
    card.get_by_text("超时未响应工单").click()
    page.wait_for_url(re.compile(r"/care/requests/\?view=late$"))
    late = page.locator(".request-late")
    assert late.count() == 1 and "已超时，已上报工作处" in late.inner_text()
    late.get_by_role("link").click()
    page.get_by_label("说明").fill("已电话联系，明天上门维修")
    page.get_by_role("button", name="已联系，响应").click()
    page.wait_for_url("**/care/requests/*/")
    assert "已更新工单进度" in page.content()
    page.goto(f"{live_server.url}/care/requests/?view=late")
    assert page.locator(".request-late").count() == 0
    context.close()
