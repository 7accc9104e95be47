"""The spreadsheet engine is generic: a new import is a column table and a service call."""
from dataclasses import dataclass

import pytest

from tests.spreadsheets import write_xlsx
from yinling.lib.cells import CellError, parse_date, text
from yinling.transfer import engine
from yinling.transfer.reader import read_sheet


@dataclass
class _Plan:
    created: int
    updated: int = 0
    unchanged: int = 0


pytestmark = pytest.mark.django_db  # the write runs in a transaction


class HoursImport(engine.SheetImport):
    """A volunteer-hours sheet, as a later module would declare it."""

    anchor = "name"

    def __init__(self):
        self.written: list[tuple] = []

    def columns(self):
        def hours(value):
            try:
                number = float(text(value))
            except ValueError:
                raise CellError("时长应为数字。") from None
            if not 0 < number <= 24:
                raise CellError("时长应在 0 到 24 小时之间。")
            return number

        return [engine.Column("name", ("姓名",), text, repeats=False, required=True),
                engine.Column("day", ("服务日期", "日期"), parse_date, required=True),
                engine.Column("hours", ("时长（小时）", "时长"), hours)]

    def plan(self, rows):
        return _Plan(created=sum(1 for _ in rows.valid()))

    def write(self, rows, plan, progress):
        for i in rows.valid():
            self.written.append((rows.values["name"][i], rows.values["day"][i], rows.values.get("hours", [None] * len(rows))[i]))
        progress(len(self.written), len(self.written))


def test_columns_are_found_by_header_under_a_title_whatever_their_order(tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", [["时长", "备注", "姓名", "服务日期"], ["2", "", "甲某", "2026-03-01"],
                                            ["1.5", "", "乙某", "2026.3.2"], [], ["制表人：某某"]], title="2026年志愿服务时长统计")
    importer, seen = HoursImport(), []
    report = engine.run(importer, read_sheet(path), progress=lambda done, total: seen.append((done, total)))
    assert report.imported and report.header_row == 3 and report.unknown_columns == ["备注"]
    assert [(n, d.isoformat(), h) for n, d, h in importer.written] == [("甲某", "2026-03-01", 2.0), ("乙某", "2026-03-02", 1.5)]
    assert seen[-1] == (1, 1) and all(done <= total for done, total in seen)


def test_one_bad_cell_refuses_the_whole_sheet_with_its_row_and_column(tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", [["姓名", "日期", "时长（小时）"], ["甲某", "2026-03-01", "30"], ["乙某", "2026-03-02", "2"]],
                      title=None)
    importer = HoursImport()
    report = engine.run(importer, read_sheet(path))
    assert not report.imported and importer.written == []
    assert [e.as_dict() for e in report.errors] == [{"row": 2, "column": "时长(小时)", "message": "时长应在 0 到 24 小时之间。"}]
    report = engine.run(importer, read_sheet(path), valid_only=True)
    assert report.imported and [w[0] for w in importer.written] == ["乙某"]


def test_a_sheet_without_a_required_column_is_refused_in_chinese(tmp_path):
    path = write_xlsx(tmp_path / "h.xlsx", [["姓名", "时长"], ["甲某", "2"]])
    report = engine.run(HoursImport(), read_sheet(path))
    assert report.refused == "缺少必需的列：服务日期。"
