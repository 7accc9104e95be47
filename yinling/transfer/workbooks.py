"""Workbooks the office downloads: the import template and the error report of a refused import."""
from pathlib import Path

import xlsxwriter

from yinling.core.models import OrgUnit
from yinling.lib.cells import text
from yinling.roster.models import Person

from .columns import COLUMNS
from .roster_export import neutralise

# The drop-down lists use labels the importer reads back (tests/test_transfer_web.py checks it).
TEMPLATE_FIELDS = ["name", "id_number", "gender", "birth_date", "ethnicity", "category", "unit", "retirement_date",
                   "post", "rank", "title", "political_status", "party_join_date", "party_full_date", "phone", "phone2",
                   "address", "notes"]
EXAMPLE = {
    "name": "王某某", "id_number": "32060219460305123X（示例，请替换）", "gender": "男", "birth_date": "1946-03-05",
    "ethnicity": "汉族", "category": "退休", "unit": "", "retirement_date": "2006-03", "post": "系主任",
    "rank": "正处", "title": "教授", "political_status": "中共党员", "party_join_date": "1970-07-01",
    "party_full_date": "1971-07-01", "phone": "13812345678", "phone2": "0513-85012345",
    "address": "崇川区青年中路1号", "notes": "",
}


def write_template(path: Path, *, institution: OrgUnit) -> None:
    units = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT, path__startswith=institution.path)
                 .order_by("path").values_list("name", flat=True))
    lists = {
        "gender": ["男", "女"],
        "category": ["离休", "退休", "退职"],
        "political_status": ["中共党员", "中共预备党员", "民主党派", "群众"],
        "rank": [label for _, label in Person.Rank.choices],
        "unit": units,
    }
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("名册")
    options = workbook.add_worksheet("选项")
    header = workbook.add_format({"bold": True, "bg_color": "#F2E6DF", "border": 1})
    required = workbook.add_format({"bold": True, "bg_color": "#F6C8B8", "border": 1})
    example = workbook.add_format({"font_color": "#7A2417", "italic": True})
    sheet.write_string(0, 0, f"{institution.name}离退休人员名册（第1行为标题，第2行为列名，第3行为示例，请从第4行起填写；带*为必填）")
    for c, field_name in enumerate(TEMPLATE_FIELDS):
        label = COLUMNS[field_name][0]
        is_required = field_name in ("name", "id_number")
        sheet.write_string(1, c, label + ("*" if is_required else ""), required if is_required else header)
        sheet.write_string(2, c, EXAMPLE.get(field_name) or (units[0] if field_name == "unit" and units else ""), example)
        sheet.set_column(c, c, 24 if field_name in ("id_number", "address") else 12)
        if field_name in lists and lists[field_name]:
            values = lists[field_name]
            col = list(lists).index(field_name)
            options.write_string(0, col, label)
            for r, value in enumerate(values, start=1):
                options.write_string(r, col, value)
            letter = chr(65 + col)
            sheet.data_validation(3, c, 5000, c, {
                "validate": "list", "source": f"=选项!${letter}$2:${letter}${len(values) + 1}",
                "error_title": label, "error_message": f"请从下拉列表中选择{label}。",
            })
    sheet.freeze_panes(2, 1)
    options.hide()
    workbook.close()


def write_error_report(path: Path, *, rows, errors: list[dict], header_row: int | None) -> None:
    """The original sheet with one more column saying what is wrong with each row."""
    by_row: dict[int, list[str]] = {}
    for error in errors:
        column = f"{error['column']}：" if error["column"] else ""
        by_row.setdefault(error["row"], []).append(column + error["message"])
    rows = list(rows)
    width = max((len(r) for r in rows), default=1)
    workbook = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False})
    sheet = workbook.add_worksheet("导入问题")
    bad = workbook.add_format({"font_color": "#9C0006", "bg_color": "#FFC7CE", "text_wrap": True})
    head = workbook.add_format({"bold": True, "bg_color": "#F2E6DF"})
    sheet.set_column(width, width, 60)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            cell = text(value)
            if cell:
                sheet.write_string(r, c, neutralise(cell))
        number = r + 1
        if header_row and number == header_row:
            sheet.write_string(r, width, "导入问题", head)
        elif number in by_row:
            sheet.write_string(r, width, "；".join(by_row[number]), bad)
    workbook.close()
