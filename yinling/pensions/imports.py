"""The finance office's sheet of pension items (离退休费明细): one row per person, item and month from which
the amount applies, with the approving document. A spreadsheet import of the engine (transfer.engine),
registered as an import kind: the upload page, the check, the column mapping and the job run it.

People are found by ID number and must be on the roster (and not archived); an item already recorded
for the same person, kind and month with the same amount is left as it is; a different amount for the
same month is refused with the row's reason (a correction is a new record entered on the person's
page, with its own document), so a sheet loaded twice changes nothing.
"""
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import xlsxwriter

from yinling.lib import idcard
from yinling.lib.cells import CellError, parse_choice, parse_date_precise, text
from yinling.roster.models import Person
from yinling.transfer.engine import Column, Rows, SheetImport
from yinling.transfer.kinds import import_kind
from yinling.transfer.people import ID_NUMBER, NAME, by_id_number

from . import services
from .access import PENSIONS_MANAGE
from .models import ItemKind, PensionItem

KIND_WORDS = {label: code for code, label in ItemKind.choices} | {
    "离休费": ItemKind.BASIC_LIXIU, "基本离休费": ItemKind.BASIC_LIXIU, "退休费": ItemKind.BASIC_TUIXIU, "基本养老金": ItemKind.BASIC_TUIXIU,
    "基本退休费": ItemKind.BASIC_TUIXIU, "养老金": ItemKind.BASIC_TUIXIU, "退职费": ItemKind.BASIC_TUIXIU, "提租补贴": ItemKind.HOUSING,
    "住房补贴": ItemKind.HOUSING, "物业补贴": ItemKind.PROPERTY, "护理费": ItemKind.NURSING, "生活补贴": ItemKind.LIVING,
    "其他": ItemKind.OTHER, "其他补贴": ItemKind.OTHER}
LIMIT = Decimal("100000")


def _month(value):
    day, _ = parse_date_precise(value)
    return day.replace(day=1) if day else None


def _amount(value):
    raw = text(value).replace(",", "").replace("，", "").replace("元", "")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        raise CellError(f"“{text(value)}”不是有效金额。") from None
    if not amount.is_finite() or amount < 0 or amount > LIMIT:
        raise CellError("金额应在 0 到 100000 元之间。")
    if amount != amount.quantize(Decimal("0.01")):
        raise CellError("金额最多保留两位小数（分）。")
    return amount


@dataclass
class _Plan:
    fresh: list[dict] = field(default_factory=list)
    unchanged: int = 0
    updated: int = 0

    @property
    def created(self) -> int:
        return len(self.fresh)


class PensionItemImport(SheetImport):
    anchor = "name"
    failures = (CellError, idcard.IdCardError)

    def __init__(self, *, actor, institution, source: str):
        self.actor, self.institution, self.source = actor, institution, source

    def columns(self) -> list[Column]:
        return [
            NAME,
            ID_NUMBER,
            Column("kind", ("项目", "发放项目", "项目名称"), lambda v: parse_choice(v, KIND_WORDS, "项目"), required=True),
            Column("amount", ("月金额", "金额", "月标准", "每月金额"), _amount, required=True),
            Column("effective_from", ("起始月份", "执行时间", "起始时间", "起发月份"), _month, required=True),
            Column("document_no", ("批准文号", "文号", "依据文件"), text, required=True),
        ]

    def check(self, rows: Rows) -> None:
        cards, names = rows.column("id_number"), rows.column("name")
        self.people = by_id_number(cards, lambda hashes: (
            (h, (pk, name, status, category)) for h, pk, name, status, category in Person.objects.filter(
                institution=self.institution, id_number_hash__in=hashes).values_list("id_number_hash", "pk", "name", "status", "category")))
        kinds, months, amounts, docs = rows.column("kind"), rows.column("effective_from"), rows.column("amount"), rows.column("document_no")
        self.known = {(p, k, m): a for p, k, m, a in PensionItem.objects.filter(
            person__in=[v[0] for v in self.people.values()]).values_list("person_id", "kind", "effective_from", "amount")}
        seen: dict[tuple, int] = {}
        for i, card in enumerate(cards):
            if card is None:
                if not rows.failed(i, "id_number"):
                    rows.fail(i, "id_number", "缺少身份证号，无法与名册中的人员对应。")
                continue
            found = self.people.get(i)
            if found is None:
                rows.fail(i, "id_number", "名册中没有该身份证号的人员。")
                continue
            pk, name, status, category = found
            if names[i] and names[i] != name:
                rows.fail(i, "name", f"该身份证号在名册中登记的姓名是“{name}”，与表中姓名不一致。")
            if status != Person.Status.ACTIVE:
                rows.fail(i, "name", f"{name}的档案已归档，不再录入离退休费。")
            kind = kinds[i]
            if kind == ItemKind.BASIC_LIXIU and category != Person.Category.LIXIU:
                rows.fail(i, "kind", f"{name}不是离休干部，基本项目应为“基本退休费”。")
            if kind == ItemKind.BASIC_TUIXIU and category == Person.Category.LIXIU:
                rows.fail(i, "kind", f"{name}是离休干部，基本项目应为“基本离休费”。")
            if docs[i] == "" and not rows.failed(i, "document_no"):
                rows.fail(i, "document_no", "请填写批准文号。")
            key = (pk, kind, months[i])
            if key in seen:
                rows.fail(i, "kind", f"与第{rows.numbers[seen[key]]}行是同一人同一项目同一月份。")
            seen.setdefault(key, i)
            before = self.known.get(key)
            if before is not None and amounts[i] is not None and before != amounts[i]:
                rows.fail(i, "amount", f"该月已有记录（{before}元）；更正请在个人页面另行录入，并注明批准文号。")

    def plan(self, rows: Rows) -> _Plan:
        plan = _Plan()
        kinds, months, amounts, docs = rows.column("kind"), rows.column("effective_from"), rows.column("amount"), rows.column("document_no")
        for i in rows.valid():
            pk = self.people[i][0]
            if (pk, kinds[i], months[i]) in self.known:
                plan.unchanged += 1
                continue
            plan.fresh.append({"person_id": pk, "kind": kinds[i], "amount": amounts[i], "effective_from": months[i], "document_no": docs[i]})
        return plan

    def write(self, rows: Rows, plan: _Plan, progress) -> None:
        services.items_import(actor=self.actor, institution=self.institution, rows=plan.fresh, source=self.source)
        if progress:
            progress(1, 1)


def write_template(path, institution) -> None:
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("离退休费明细")
    header = workbook.add_format({"bold": True, "bg_color": "#F2E6DF", "border": 1})
    example = workbook.add_format({"font_color": "#7A2417", "italic": True})
    sheet.write_string(0, 0, f"{institution.name}离退休费明细（第2行为列名，第3行为示例，请从第4行起填写；每行一人一个项目）")
    columns = [("姓名*", "王立明"), ("身份证号*", "320602194603051236"), ("项目*", "基本退休费"), ("月金额*", "5230.50"),
               ("起始月份*", "2026-01"), ("批准文号*", "苏人社发〔2026〕88号")]
    for c, (title, sample) in enumerate(columns):
        sheet.write_string(1, c, title, header)
        sheet.write_string(2, c, sample, example)
        sheet.set_column(c, c, 22 if c in (1, 5) else 12)
    sheet.data_validation(3, 2, 50000, 2, {"validate": "list", "source": [label for _, label in ItemKind.choices]})
    sheet.freeze_panes(2, 1)
    workbook.close()


import_kind(key="pensions.items", label="离退休费明细", capability=PENSIONS_MANAGE,
            make=lambda actor, institution, source: PensionItemImport(actor=actor, institution=institution, source=source),
            template=write_template,
            hint="每行一位同志的一个发放项目：从“起始月份”起按“月金额”发放。同一月份已有相同金额的记录不会重复导入。")
