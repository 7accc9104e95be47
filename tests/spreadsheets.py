"""Spreadsheets as offices make them, for the import tests."""
import zipfile
from datetime import date, datetime
from pathlib import Path

import xlsxwriter


def write_xlsx(path: Path, rows: list[list], *, title: str | None = "江海大学离退休人员花名册（2026年）") -> Path:
    """A workbook with a merged title row above the header, date cells where dates are given."""
    workbook = xlsxwriter.Workbook(str(path))
    sheet = workbook.add_worksheet("花名册")
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    start = 0
    if title:
        sheet.merge_range(0, 0, 0, max(len(rows[0]) - 1, 1), title)
        sheet.write(1, 0, "单位：离退休工作处")
        start = 2
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, (date, datetime)):
                sheet.write_datetime(start + r, c, datetime.combine(value, datetime.min.time()) if not isinstance(value, datetime) else value, date_format)
            elif isinstance(value, (int, float)):
                sheet.write_number(start + r, c, value)
            elif value is not None:
                sheet.write_string(start + r, c, str(value))
    workbook.close()
    return path


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8") -> Path:
    path.write_bytes("\n".join(",".join(str(v) for v in row) for row in rows).encode(encoding))
    return path


def zip_bomb(path: Path, size: int) -> Path:
    """A small .xlsx-looking zip whose one part inflates to `size` bytes."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * size)
    return path


def entity_bomb(path: Path, source: Path) -> Path:
    """A real workbook whose sheet part carries a billion-laughs DOCTYPE."""
    laughs = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]>')
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(path, "w") as archive:
        for info in original.infolist():
            data = original.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = laughs + data.split(b"?>", 1)[1]
            archive.writestr(info, data)
    return path
