"""The issue's "done": an office worker holding the pension ledger loads this year's notice from its file,
runs it, explains a person's new pension line by line, approves it and hands the finance office its sheet."""
import json
from datetime import date
from decimal import Decimal

import pytest
from python_calamine import CalamineWorkbook

from tests.browser.conftest import assert_accessible
from tests.browser.test_layout_sweep import _context
from yinling.accounts.models import RoleAssignment
from yinling.lib import pension
from yinling.pensions.models import AdjustmentRun, PensionItem
from yinling.roster.models import Person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NOTICE = {
    "format": pension.FORMAT, "kind": "pension", "name": "2026年调整退休人员基本养老金", "notice": "苏人社发〔2026〕88号",
    "effective_month": "2026-01", "eligibility": {"retired_on_or_before": "2025-12-31"}, "fixed": "52.00",
    "per_year_of_service": {"amount": "1.20", "part_year": "whole"}, "rounding": {"unit": "0.1", "mode": "half_up"},
}


def test_the_office_runs_this_years_adjustment_and_hands_over_the_sheet(browser, live_server, world, tmp_path):
    staff = world.users["office_staff"]  # keeps the pension ledger: granted on their assignment, as an administrator would
    RoleAssignment.objects.filter(user=staff).update(extra_capabilities=["pensions.amounts", "pensions.manage"])
    Person.objects.filter(pk=world.med_person.pk).update(retirement_date=date(2006, 3, 1), work_start_date=date(1968, 9, 1))
    PensionItem.objects.create(person=world.med_person, kind="basic_tuixiu", amount=Decimal("5000.00"), effective_from=date(2024, 1, 1),
                               document_no="旧文号")
    notice = tmp_path / "notice.json"
    notice.write_text(json.dumps(NOTICE, ensure_ascii=False), encoding="utf-8")

    context = _context(browser, live_server, staff, 1280)
    page = context.new_page()
    page.goto(f"{live_server.url}/pensions/rules/new/")
    page.get_by_label("规则文件（JSON）").set_input_files(str(notice))
    page.get_by_role("button", name="载入规则文件").click()
    page.wait_for_url("**/pensions/rules/*/")
    assert "定额调整：每人每月增加52.00元" in page.content()
    page.get_by_label("按新标准发放的起始月份").fill("2026-08")
    page.get_by_role("button", name="开始计算").click()
    page.wait_for_url("**/pensions/runs/*/")
    page.get_by_text("待审核").wait_for()  # computed in the background; the page follows its progress
    page.get_by_role("link", name="张建中").first.click()
    page.wait_for_url("**/pensions/lines/*/")
    explained = page.content()
    assert "工龄37年6个月，按38年计 × 每年1.20元" in explained and "97.60" in explained and "5097.60" in explained
    assert_accessible(page)
    page.go_back()
    with page.expect_download() as sheet:
        page.get_by_role("link", name="导出财务明细表").click()
    rows = CalamineWorkbook.from_path(sheet.value.path()).get_sheet_by_name("调整明细").to_python()
    assert rows[1][1] == "张建中" and rows[1][rows[0].index("调整后（元/月）")] == pytest.approx(5097.6)
    page.get_by_role("button", name="审批，记入离退休费").click()
    page.get_by_text("已审批").first.wait_for()
    assert AdjustmentRun.objects.get().status == AdjustmentRun.Status.APPROVED
    assert PensionItem.objects.get(source="adjustment").amount == Decimal("5097.60")
    context.close()
