"""The run's sheet for the finance office: one row per person raised, each component in its own column, the
new amount and the back pay; the people not raised and why on a second sheet; the rules on a third.

ID numbers are written in full only where the exporting user holds roster.unmask over that person
(assignment by assignment, core.access.flag), else masked; every export is audited."""
from decimal import Decimal
from pathlib import Path

from yinling.core.access import scope
from yinling.core.audit import audit
from yinling.lib import pension
from yinling.roster.access import ROSTER_UNMASK
from yinling.roster.models import Person
from yinling.transfer.roster_export import neutralise
from yinling.transfer.workbooks import header_sheet, workbook

from . import selectors
from .models import AdjustmentRun, ItemKind


def run_sheet(*, user, run: AdjustmentRun) -> tuple[Path, int]:
    rules = run.rules
    path, book = workbook(f"pension-run-{user.pk}-{run.pk}.xlsx")
    money = book.add_format({"num_format": "0.00"})
    keys: list[tuple[str, str]] = []
    raised = list(selectors.lines(user=user, run=run).order_by("person__name_pinyin", "id").defer(None))
    unmask = set(scope(user, Person.objects.filter(pk__in=[line.person_id for line in raised]), ROSTER_UNMASK).values_list("pk", flat=True))
    for line in raised:
        for c in line.parts:
            if (c["key"], c["label"]) not in keys:
                keys.append((c["key"], c["label"]))
    labels = [f"倾斜：{pension.GROUPS.get(key[6:], key[6:])}" if key.startswith("group:") else label for key, label in keys]
    head = ["序号", "姓名", "身份证号", "人员类别", "原单位", "调整项目", "调整前（元/月）", *labels, "月增加", "调整后（元/月）", "补发月数", "补发金额"]
    sheet = header_sheet(book, "调整明细", head, [6, 10, 22, 8, 18, 12, 12, *([10] * len(labels)), 10, 12, 8, 12])
    full = 0
    totals = {"rise": Decimal("0"), "back": Decimal("0")}
    for n, line in enumerate(raised, start=1):
        p = line.person
        may_unmask = p.pk in unmask
        number = p.id_number if may_unmask else p.id_number_masked
        full += bool(may_unmask and number)
        amounts = {c["key"]: Decimal(c["amount"]) for c in line.parts}
        row = [str(n), neutralise(p.name), number or "", p.get_category_display(), neutralise(p.unit.name if p.unit else ""),
               ItemKind(line.kind).label]
        for c, value in enumerate(row):
            sheet.write_string(n, c, value)
        numbers = [line.old, *(amounts.get(k) for k, _ in keys), line.rise, line.new]
        for c, value in enumerate(numbers, start=len(row)):
            if value is not None:
                sheet.write_number(n, c, float(value), money)  # xlsx holds doubles; every figure here is to the fen
        sheet.write_number(n, len(row) + len(numbers), line.back_months)
        sheet.write_number(n, len(row) + len(numbers) + 1, float(line.back_pay), money)
        totals["rise"] += line.rise
        totals["back"] += line.back_pay
    last = len(raised) + 1
    sheet.write_string(last, 1, "合计")
    sheet.write_number(last, 7 + len(keys), float(totals["rise"]), money)
    sheet.write_number(last, 11 + len(keys), float(totals["back"]), money)
    others = header_sheet(book, "未调整人员", ["序号", "姓名", "人员类别", "原因"], [6, 10, 8, 60])
    for n, line in enumerate(selectors.lines(user=user, run=run, eligible=False), start=1):
        for c, value in enumerate([str(n), neutralise(line.person.name), line.person.get_category_display(), neutralise(line.reason)]):
            others.write_string(n, c, value)
    about = header_sheet(book, "调整规则", ["调整规则"], [100])
    for n, text in enumerate([*pension.describe(rules), f"按新标准发放起始月：{run.pay_from:%Y年%-m月}"], start=1):
        about.write_string(n, 0, text)
    book.close()
    audit(actor=user, action="pension_export", obj=run, scope_path=run.institution.path,
          note=f"{run.ruleset.name}：{len(raised)} 人，完整身份证号 {full} 人")
    return path, len(raised)
