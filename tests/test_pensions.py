"""Pensions: an office worker loads this year's notice, runs it, explains any person's new pension line by
line, approves it and hands the finance office its sheet; a death stops the pension and computes the
benefits; amounts are seen only with the right, and nothing of another university is reached."""
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone
from python_calamine import CalamineWorkbook

from tests.conftest import login, make_person
from tests.spreadsheets import write_xlsx
from yinling.accounts.models import RoleAssignment, User
from yinling.core.access import SYSTEM
from yinling.core.models import AuditEntry
from yinling.lib import pension
from yinling.pensions import selectors, services
from yinling.pensions.imports import PensionItemImport
from yinling.pensions.models import AdjustmentLine, AdjustmentRun, BenefitRule, DeathCase, PensionItem, RuleSet
from yinling.roster import services as roster_services
from yinling.roster.models import Person
from yinling.transfer.engine import run
from yinling.transfer.reader import read_sheet

RULES = {
    "format": pension.FORMAT, "kind": "pension", "name": "2026年调整退休人员基本养老金", "notice": "苏人社发〔2026〕88号",
    "effective_month": "2026-01", "eligibility": {"retired_on_or_before": "2025-12-31", "categories": ["tuixiu", "tuizhi"]},
    "fixed": "52.00", "per_year_of_service": {"amount": "1.20", "part_year": "whole"},
    "percent_of_basic": {"percent": "0.6", "reference_month": "2025-12"},
    "age_tilts": {"reference_date": "2025-12-31", "bands": [{"from": 70, "to": 79, "amount": "25"}, {"from": 80, "amount": "50"}]},
    "rounding": {"unit": "0.1", "mode": "half_up"},
}


@pytest.fixture
def ledger(world):
    """张建中 (born 1946, retired 2006, working since 1968-09) and 李秀兰 (retired 2026: too late) with their items."""
    Person.objects.filter(pk=world.med_person.pk).update(retirement_date=date(2006, 3, 1), work_start_date=date(1968, 9, 1))
    Person.objects.filter(pk=world.lit_person.pk).update(retirement_date=date(2026, 3, 1), work_start_date=date(1972, 9, 1))
    Person.objects.filter(pk=world.other_person.pk).update(retirement_date=date(2006, 3, 1), work_start_date=date(1968, 9, 1))
    for person in (world.med_person, world.lit_person, world.other_person):
        PensionItem.objects.create(person=person, kind="basic_tuixiu", amount=Decimal("5000.00"), effective_from=date(2024, 1, 1), document_no="旧文号")
        PensionItem.objects.create(person=person, kind="living", amount=Decimal("600.00"), effective_from=date(2024, 1, 1), document_no="旧文号")
    return world


def _approve_ready_run(world):
    admin = world.users["office_admin"]
    ruleset = services.ruleset_load(actor=admin, document=RULES)
    return ruleset, _start(admin, ruleset.pk)


def _start(actor, ruleset_id, pay_from=date(2026, 8, 1)):
    """A run started as the page starts it: its task is queued on commit and (the test backend) run at once."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        made = services.run_start(actor=actor, ruleset_id=ruleset_id, pay_from=pay_from)
    made.refresh_from_db()
    return made


def test_a_run_computes_every_line_and_explains_it(ledger):
    _, run = _approve_ready_run(ledger)
    assert run.status == AdjustmentRun.Status.READY and (run.eligible, run.ineligible) == (1, 1)  # the other university's is not looked at
    line = AdjustmentLine.objects.get(run=run, person=ledger.med_person)
    # 37 years 6 months counted as 38 × 1.20 = 45.60; 0.6% of 5,000 = 30; aged 79 on 2025-12-31 → 25; 152.60 to the jiao
    assert [(c["label"], c["amount"]) for c in line.parts] == [("定额调整", "52.00"), ("与工龄挂钩", "45.60"), ("与基本养老金挂钩", "30.00"),
                                                              ("高龄倾斜", "25.00")]
    assert (line.old, line.rise, line.new, line.back_months, line.back_pay) == (
        Decimal("5000.00"), Decimal("152.60"), Decimal("5152.60"), 7, Decimal("1068.20"))
    late = AdjustmentLine.objects.get(run=run, person=ledger.lit_person)
    assert not late.eligible and "晚于2025年12月31日" in late.reason
    page = login(ledger.users["office_admin"]).get(reverse("pensions:line", args=[line.pk])).content.decode()
    for words in ("工龄37年6个月，按38年计 × 每年1.20元", "2025年12月基本养老金5000.00元 × 0.6%", "年满79周岁", "5152.60", "1068.20"):
        assert words in page


def test_the_same_rules_on_the_same_data_give_the_same_lines(ledger):
    _, first = _approve_ready_run(ledger)
    second = _start(ledger.users["office_admin"], first.ruleset_id)
    fields = ("person_id", "eligible", "reason", "components", "old", "rise", "new", "back_pay")
    assert list(AdjustmentLine.objects.filter(run=first).order_by("person_id").values(*fields)) == \
        list(AdjustmentLine.objects.filter(run=second).order_by("person_id").values(*fields))


def test_approval_writes_the_new_basic_with_the_notices_number_once(ledger):
    _, run = _approve_ready_run(ledger)
    admin = ledger.users["office_admin"]
    assert services.run_approve(actor=admin, run_id=run.pk) == 1
    written = PensionItem.objects.get(run=run)
    assert (written.person_id, written.amount, written.effective_from, written.document_no) == (
        ledger.med_person.pk, Decimal("5152.60"), date(2026, 1, 1), "苏人社发〔2026〕88号")
    assert services.in_force(ledger.med_person.pk, date(2026, 2, 1))["basic_tuixiu"].amount == Decimal("5152.60")
    assert services.in_force(ledger.med_person.pk, date(2025, 12, 1))["basic_tuixiu"].amount == Decimal("5000.00")  # history kept
    with pytest.raises(ValidationError):
        services.run_approve(actor=admin, run_id=run.pk)
    again = _start(admin, run.ruleset_id)
    with pytest.raises(ValidationError, match="已经审批过"):
        services.run_approve(actor=admin, run_id=again.pk)
    assert PensionItem.objects.filter(source=PensionItem.Source.ADJUSTMENT).count() == 1
    assert AuditEntry.objects.filter(action="pension_approve", object_id=str(run.pk)).exists()


def test_a_person_is_shown_their_history_and_amounts_only_to_those_with_the_right(ledger):
    staff, auditor = ledger.users["office_staff"], ledger.users["auditor"]
    person = ledger.med_person
    shown = selectors.pension_of(user=auditor, person=person)
    assert shown["total"] == Decimal("5600.00") and shown["current"][0].shown == Decimal("5000.00")
    masked = selectors.pension_of(user=staff, person=person)
    assert masked["total"] == selectors.MASKED and all(i.shown == selectors.MASKED for _, items in masked["years"] for i in items)
    page = login(staff).get(reverse("roster:person_detail", args=[person.pk]) + "?tab=pension").content.decode()
    assert "旧文号" in page and "5000.00" not in page and "5600" not in page
    RoleAssignment.objects.filter(user=staff).update(extra_capabilities=["pensions.amounts"])
    assert selectors.pension_of(user=User.objects.get(pk=staff.pk), person=person)["total"] == Decimal("5600.00")
    for role in ("unit_officer", "liaison", "branch_secretary", "volunteer", "retiree"):
        assert selectors.pension_of(user=ledger.users[role], person=person) is None, role


@pytest.mark.parametrize("role", ["office_staff", "unit_officer", "liaison", "branch_secretary"])
def test_roles_without_the_right_reach_no_run(ledger, role):
    _, run = _approve_ready_run(ledger)
    client = login(ledger.users[role])
    line = AdjustmentLine.objects.filter(run=run).first()
    for url in (reverse("pensions:run", args=[run.pk]), reverse("pensions:line", args=[line.pk]), reverse("pensions:run_export", args=[run.pk])):
        assert client.get(url).status_code in (403, 404)
    assert client.post(reverse("pensions:run_approve", args=[run.pk])).status_code in (403, 404)
    assert not PensionItem.objects.filter(run=run).exists()


def test_the_auditor_reads_but_cannot_approve(ledger):
    _, run = _approve_ready_run(ledger)
    client = login(ledger.users["auditor"])
    assert client.get(reverse("pensions:run", args=[run.pk])).status_code == 200
    assert client.post(reverse("pensions:run_approve", args=[run.pk])).status_code == 403
    assert run.__class__.objects.get(pk=run.pk).status == AdjustmentRun.Status.READY


def test_the_office_enters_the_rules_on_the_page_and_previews_them(ledger):
    client = login(ledger.users["office_admin"])
    data = {"form": "rules", "kind": "pension", "name": "2026年调整", "notice": "苏人社发〔2026〕88号", "effective_month": "2026-01",
            "categories": ["tuixiu"], "fixed": "60", "part_year": "whole", "rounding_unit": "0.01", "rounding_mode": "half_up",
            "band1_from": "80", "band1_amount": "40", "age_reference": "2025-12-31"}
    response = client.post(reverse("pensions:ruleset_create"), data)
    assert response.status_code == 302
    ruleset = RuleSet.objects.get()
    assert ruleset.rules.fixed == Decimal("60") and ruleset.rules.age_bands[0].from_age == 80
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("pensions:ruleset", args=[ruleset.pk]), {"pay_from": "2026-03"})
    run = AdjustmentRun.objects.get()
    assert response["Location"] == run.get_absolute_url() and run.status == AdjustmentRun.Status.READY
    line = AdjustmentLine.objects.get(run=run, person=ledger.med_person)
    assert line.rise == Decimal("60.00") and line.back_months == 2  # born 1946-03-05: 79 on the reference day, no tilt
    bad = client.post(reverse("pensions:ruleset_create"), data | {"band2_from": "79", "band2_amount": "1"})
    assert bad.status_code == 400 and "重叠" in bad.content.decode()


def test_a_rules_file_loads_and_a_broken_one_changes_nothing(ledger):
    client = login(ledger.users["office_admin"])
    upload = io.BytesIO(json.dumps(RULES, ensure_ascii=False).encode())
    upload.name = "rules.json"
    assert client.post(reverse("pensions:ruleset_create"), {"form": "file", "file": upload}).status_code == 302
    ruleset = RuleSet.objects.get()
    exported = client.get(reverse("pensions:ruleset_json", args=[ruleset.pk]))
    assert pension.parse_rules(json.loads(exported.content)) == pension.parse_rules(RULES)
    for body, message in ((b"{not json", "不是有效的 JSON"), (json.dumps(RULES | {"fixed": "1.234"}).encode(), "两位小数")):
        bad = io.BytesIO(body)
        bad.name = "bad.json"
        response = client.post(reverse("pensions:ruleset_create"), {"form": "file", "file": bad})
        assert response.status_code == 400 and message in response.content.decode()
    assert RuleSet.objects.count() == 1


def _sheet(user, run):
    response = login(user).get(reverse("pensions:run_export", args=[run.pk]))
    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    rows = book.get_sheet_by_name("调整明细").to_python()
    return book, dict(zip(rows[0], rows[1], strict=True))


def test_the_finance_sheet_has_each_component_and_full_id_numbers_only_with_the_right(ledger):
    _, run = _approve_ready_run(ledger)
    book, row = _sheet(ledger.users["office_admin"], run)
    assert row["姓名"] == "张建中" and row["定额调整"] == 52 and row["调整后（元/月）"] == pytest.approx(5152.6)
    assert row["身份证号"] == ledger.med_person.id_number  # the administrator may unmask: in full, audited
    assert book.get_sheet_by_name("未调整人员").to_python()[1][1] == "李秀兰"
    _, row = _sheet(ledger.users["auditor"], run)  # reads amounts, may not unmask
    assert row["身份证号"] != ledger.med_person.id_number and row["身份证号"].endswith(ledger.med_person.id_number[-4:])
    notes = list(AuditEntry.objects.filter(action="pension_export").values_list("note", flat=True))
    assert any("完整身份证号 1 人" in n for n in notes) and any("完整身份证号 0 人" in n for n in notes)


def test_the_command_previews_without_writing(ledger, tmp_path, capsys):
    path = tmp_path / "rules.json"
    path.write_text(json.dumps(RULES, ensure_ascii=False), encoding="utf-8")
    call_command("pension_adjust", str(path), "--institution", "江海大学", "--pay-from", "2026-08", "--json")
    out = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    mine = next(o for o in out if o.get("name") == "张建中")
    assert mine["new"] == "5152.60" and mine["back_pay"] == "1068.20" and mine["components"][0]["label"] == "定额调整"
    assert out[-1]["totals"]["eligible"] == "1"
    assert not AdjustmentRun.objects.exists() and not PensionItem.objects.filter(source="adjustment").exists()
    path.write_text("{}", encoding="utf-8")
    with pytest.raises(CommandError, match="格式"):
        call_command("pension_adjust", str(path), "--institution", "江海大学")


def test_a_death_stops_the_pension_lists_the_overpaid_and_computes_the_benefits(ledger):
    staff = ledger.users["office_staff"]
    today = timezone.localdate()
    BenefitRule.objects.create(institution=ledger.uni_a, benefit="funeral", category="tuixiu", year=2026, basis=pension.FIXED_SUM, value=Decimal("5000"))
    BenefitRule.objects.create(institution=ledger.uni_a, benefit="survivor", category="tuixiu", year=2026, basis=pension.MONTHS_OF_BASIC,
                               value=Decimal("20"))
    died = date(2026, 9, 10)
    roster_services.person_archive(actor=staff, person_id=ledger.med_person.pk, status=Person.Status.DECEASED, effective_date=died,
                                   reason="病故", place="附属医院")
    case = DeathCase.objects.get(person=ledger.med_person)
    assert case.place == "附属医院" and case.stop_month == date(2026, 10, 1)
    assert services.monthly_total(ledger.med_person.pk, date(2026, 10, 1)) == 0  # stopped
    assert services.monthly_total(ledger.med_person.pk, date(2026, 9, 1)) == Decimal("5600.00")
    expected_months = pension.overpaid_months(died, today)
    assert [m["month"] for m in case.overpaid] == [f"{m:%Y-%m}" for m in expected_months]
    assert case.overpaid_total == Decimal("5600.00") * len(expected_months)
    assert [b["amount"] for b in case.benefits] == ["5000.00", "100000.00"]
    services.death_approve(actor=ledger.users["office_admin"], case_id=case.pk)
    page = login(ledger.users["office_admin"]).get(case.get_absolute_url()).content.decode()
    assert "登记吊唁走访" in page and "100000.00" in page


def test_a_death_without_a_benefit_standard_says_what_is_missing(ledger):
    roster_services.person_archive(actor=SYSTEM, person_id=ledger.med_person.pk, status=Person.Status.DECEASED, effective_date=date(2026, 9, 10),
                                   reason="")
    case = DeathCase.objects.get()
    assert all("标准还没有录入" in b["problem"] for b in case.benefits)
    with pytest.raises(ValidationError, match="先录入标准"):
        services.death_approve(actor=ledger.users["office_admin"], case_id=case.pk)
    roster_services.person_restore(actor=SYSTEM, person_id=ledger.med_person.pk, reason="误登记")
    assert not DeathCase.objects.exists() and not PensionItem.objects.filter(source="death").exists()


def test_a_finance_sheet_of_items_imports_and_a_second_load_changes_nothing(ledger, tmp_path):
    new = make_person(ledger, name="周文华", birth=date(1950, 1, 2))
    rows = [["姓名", "身份证号", "项目", "月金额", "起始月份", "批准文号"],
            [new.name, new.id_number, "基本退休费", "4321.50", "2026-01", "苏人社发〔2026〕88号"],
            [new.name, new.id_number, "物业补贴", "150", "2026-01", "通大后〔2025〕9号"],
            ["张建中", ledger.med_person.id_number, "基本离休费", "9000", "2026-01", "文号"],
            [new.name, new.id_number, "生活补贴", "1.234", "2026-01", "文号"]]
    path = write_xlsx(tmp_path / "items.xlsx", rows, title=None)
    importer = PensionItemImport(actor=ledger.users["office_admin"], institution=ledger.uni_a, source="测试")
    report = run(importer, read_sheet(path), valid_only=True)
    assert report.rejected == 2 and report.created == 2
    messages = " ".join(e.message for e in report.errors)
    assert "不是离休干部" in messages and "两位小数" in messages
    again = run(PensionItemImport(actor=ledger.users["office_admin"], institution=ledger.uni_a, source="测试"), read_sheet(path), valid_only=True)
    assert again.created == 0 and again.unchanged == 2
    assert services.monthly_total(new.pk, date(2026, 1, 1)) == Decimal("4471.50")


def test_dues_take_their_base_from_the_pension_for_those_who_may_see_it(ledger):
    from yinling.party.models import Membership
    from yinling.party.selectors import dues_bases_offered

    member = Membership.objects.get(person=ledger.med_person)
    month = date(2026, 3, 1)
    assert dues_bases_offered(user=ledger.users["office_admin"], members=[member], month=month) == {member.pk: Decimal("5600.00")}
    assert dues_bases_offered(user=ledger.users["branch_secretary"], members=[member], month=month) == {}
    page = login(ledger.users["office_admin"]).get(reverse("party:branch_dues", args=[member.branch_id]) + "?month=2026-03").content.decode()
    assert 'value="5600.00"' in page and "按离退休费记录" in page
