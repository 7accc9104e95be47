"""The main workflows in a real browser: find and correct a person; a care officer's narrow view."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    assert_accessible(page)
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    expect(page.get_by_role("heading", name="工作台")).to_be_visible()


def test_staff_find_a_person_by_pinyin_initials_and_correct_the_phone(page, live_server, world):
    _login(page, live_server, "staff")
    assert_accessible(page)
    page.get_by_role("link", name="人员信息库").click()
    assert_accessible(page)
    page.get_by_role("searchbox", name="查找").fill("zjz")
    results = page.locator("#results")
    expect(results.get_by_role("link", name="张建中")).to_be_visible()
    expect(results.get_by_role("link", name="李秀兰")).to_have_count(0)  # the live search narrowed the list
    results.get_by_role("link", name="张建中").click()
    expect(page.get_by_role("heading", name=re.compile("张建中"))).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="修改信息").click()
    assert_accessible(page)
    page.get_by_label("手机").fill("136 0000 1111")
    page.get_by_role("button", name="保存").click()
    expect(page.get_by_role("status")).to_contain_text("已保存 张建中 的信息")
    page.get_by_role("link", name="联系与家属").click()
    expect(page.locator("dl.facts")).to_contain_text("13600001111")
    assert_accessible(page)
    page.get_by_role("link", name="修改记录").click()
    expect(page.locator(".history")).to_contain_text("136****1111")
    assert not page.console_errors, page.console_errors


def test_a_wrong_id_number_is_explained_on_its_field(page, live_server, world):
    _login(page, live_server, "staff")
    page.goto(f"{live_server.url}/roster/{world.med_person.pk}/edit/")
    page.get_by_label("身份证号").fill("320602194603051230")
    page.get_by_role("button", name="保存").click()
    expect(page.locator(".field-id_number .invalid-feedback")).to_contain_text("校验位不正确")
    assert_accessible(page)


def test_a_unit_care_officer_sees_only_their_units_people(page, live_server, world):
    _login(page, live_server, "unit")
    expect(page.locator(".stat-row").first).to_contain_text("1")
    assert_accessible(page)
    page.get_by_role("link", name="人员信息库").click()
    table = page.locator("table.roster-table")
    expect(table.get_by_role("link", name="张建中")).to_be_visible()
    expect(table).not_to_contain_text("李秀兰")
    expect(table).not_to_contain_text("赵德胜")
    response = page.goto(f"{live_server.url}/roster/{world.lit_person.pk}/")
    assert response.status == 404
    assert_accessible(page)


def test_the_layout_works_on_a_phone(page, live_server, world):
    page.set_viewport_size({"width": 375, "height": 740})
    _login(page, live_server, "staff")
    page.get_by_role("button", name="打开菜单").click()
    page.get_by_role("link", name="人员信息库").click()
    expect(page.locator("#results")).to_contain_text("共 2 人")
    assert_accessible(page)


def test_staff_import_a_roster_file_check_it_and_confirm(page, live_server, world, tmp_path):
    from tests.spreadsheets import write_xlsx
    from tests.test_import import messy_rows
    from yinling.roster.models import Person

    path = write_xlsx(tmp_path / "名册.xlsx", messy_rows())
    _login(page, live_server, "staff")
    page.get_by_role("link", name="导入名册").click()
    assert_accessible(page)
    page.get_by_label("名册文件").set_input_files(str(path))
    page.get_by_role("button", name="上传并检查").click()
    expect(page.locator("#job-status")).to_contain_text("检查完成：没有发现问题")
    assert_accessible(page)
    page.get_by_role("button", name="确认导入").click()
    expect(page.locator("#job-status")).to_contain_text("已完成：新增 4 人")
    assert Person.objects.filter(name="王立群").exists()


def test_the_data_quality_page_leads_to_the_people_to_fix(page, live_server, world):
    world.person(name="缺电话", phone="", unit=world.clinical)
    _login(page, live_server, "staff")
    page.get_by_role("link", name="数据质量").click()
    assert_accessible(page)
    page.locator("a.count-link").first.click()
    expect(page.locator("#results")).to_contain_text("缺电话")
