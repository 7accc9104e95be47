"""Workbooks the office downloads: the import template, the error report of a refused import, and the
small lists a module writes (a dues list, a hospital's list): `workbook()` never turns a cell into a
formula or a link; `header_sheet()` gives a sheet its frozen header row."""
from pathlib import Path

import xlsxwriter
from django.conf import settings

from yinling.core.models import OrgUnit
from yinling.lib.cells import text
from yinling.roster.fields import SHEET_FIELDS

from .engine import column_letter
from .roster_export import neutralise


def write_template(path: Path, *, institution: OrgUnit) -> None:
    """The import template: the person field table's columns, an example row, drop-downs the importer reads back."""
    units = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT, path__startswith=institution.path)
                 .order_by("path").values_list("name", flat=True))
    lists = {f.name: units if f.name == "unit" else f.choices for f in SHEET_FIELDS}
    lists = {name: values for name, values in lists.items() if values}
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("名册")
    options = workbook.add_worksheet("选项")
    header = workbook.add_format({"bold": True, "bg_color": "#F2E6DF", "border": 1})
    required = workbook.add_format({"bold": True, "bg_color": "#F6C8B8", "border": 1})
    example = workbook.add_format({"font_color": "#7A2417", "italic": True})
    sheet.write_string(0, 0, f"{institution.name}离退休人员名册（第1行为标题，第2行为列名，第3行为示例，请从第4行起填写；带*为必填）")
    for c, field in enumerate(SHEET_FIELDS):
        sheet.write_string(1, c, field.label + ("*" if field.required_in_sheet else ""), required if field.required_in_sheet else header)
        sheet.write_string(2, c, field.example or (units[0] if field.name == "unit" and units else ""), example)
        sheet.set_column(c, c, 24 if field.name in ("id_number", "address") else 12)
        if field.name in lists:
            values = lists[field.name]
            col = list(lists).index(field.name)
            options.write_string(0, col, field.label)
            for r, value in enumerate(values, start=1):
                options.write_string(r, col, value)
            letter = column_letter(col)
            sheet.data_validation(3, c, 5000, c, {
                "validate": "list", "source": f"=选项!${letter}$2:${letter}${len(values) + 1}",
                "error_title": field.label, "error_message": f"请从下拉列表中选择{field.label}。",
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


def workbook(name: str) -> tuple[Path, xlsxwriter.Workbook]:
    settings.TRANSFER_DIR.mkdir(parents=True, exist_ok=True)
    path = settings.TRANSFER_DIR / name
    return path, xlsxwriter.Workbook(str(path), {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False})


def header_sheet(workbook, title: str, headers: list[str], widths: list[int]):
    sheet = workbook.add_worksheet(title)
    bold = workbook.add_format({"bold": True, "bg_color": "#F2E6DF", "border": 1})
    for c, (header, width) in enumerate(zip(headers, widths, strict=True)):
        sheet.write_string(0, c, header, bold)
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 0)
    return sheet
