"""Small spreadsheets a module writes for the office (a dues list, a hospital's list): a workbook under
TRANSFER_DIR that never turns a cell into a formula or a link, and a sheet with a frozen header row."""
from pathlib import Path

import xlsxwriter
from django.conf import settings


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
