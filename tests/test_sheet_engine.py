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


class StreamedHoursImport(engine.StreamedImport):
    """The same sheet written while it is read: each part's rows are written as the part comes."""

    anchor = "name"

    def __init__(self, fail_on: str = ""):
        self.fail_on = fail_on
        self.written: list[str] = []
        self.ready: dict[int, list[str]] = {}
        self.settled = False

    columns = HoursImport.columns

    def prepare(self):
        self.per_day: dict[tuple, float] = {}
        self.checked: dict[int, list[str]] = {}
        return _Plan(created=0)

    def check_part(self, rows, part, plan):
        names, days, hours = rows.column("name"), rows.column("day"), rows.column("hours")
        ready = []
        for i in part:
            if names[i] == self.fail_on:
                raise RuntimeError("读取线程出错")
            total = self.per_day.get((names[i], days[i]), 0) + (hours[i] or 0)  # a rule across parts
            self.per_day[(names[i], days[i])] = total
            if total > 24:
                rows.fail(i, "hours", "同一天的时长合计超过24小时。")
            elif i not in rows.errors:
                ready.append(names[i])
        self.checked[part.start] = ready
        plan.created += len(ready)

    def ready_part(self, rows, part, plan):
        self.ready[part.start] = self.checked.pop(part.start)

    def write_streamed(self, rows, plan, parts, progress):
        for part in parts:
            self.written.extend(self.ready.pop(part.start))

    def settle(self, rows, plan):
        self.settled = True

    def write(self, rows, plan, progress):
        pass


def _hours_sheet(tmp_path, names, hours="8"):
    return read_sheet(write_xlsx(tmp_path / "h.xlsx", [["姓名", "服务日期", "时长"]] + [[n, "2026-03-01", hours] for n in names]))


@pytest.fixture(params=[True, False], ids=["read-alongside", "read-first"])
def either_way(request, monkeypatch):
    """Both ways of a streamed import: read on a thread of its own while written (a database server), or
    the whole sheet read first (SQLite), whichever database the suite runs on."""
    monkeypatch.setattr(engine, "_database_alongside", lambda: request.param)


def test_a_streamed_import_writes_every_part_as_it_is_read(tmp_path, monkeypatch, either_way):
    monkeypatch.setattr(engine, "_SLICE", 2)
    importer, seen = StreamedHoursImport(), []
    report = engine.run(importer, _hours_sheet(tmp_path, ["甲某", "乙某", "丙某", "丁某", "戊某"]),
                        progress=lambda done, total: seen.append((done, total)))
    assert report.imported and importer.settled and (report.total_rows, report.created) == (5, 5)
    assert importer.written == ["甲某", "乙某", "丙某", "丁某", "戊某"]
    assert seen[-1] == (1, 1) and all(done <= total for done, total in seen)
    check = engine.run(StreamedHoursImport(), _hours_sheet(tmp_path, ["甲某", "乙某"]), dry_run=True,
                       progress=lambda done, total: seen.append((done, total)))
    assert not check.imported and check.created == 2 and seen[-1][0] == seen[-1][1]  # a check's bar ends full


def test_a_streamed_import_stops_writing_at_a_wrong_row_and_reports_every_one(tmp_path, monkeypatch, either_way):
    monkeypatch.setattr(engine, "_SLICE", 1)
    names = ["甲某", "甲某", "甲某", "甲某", "乙某", "丙某"]  # three times 8 hours make 24: the fourth does not fit
    importer = StreamedHoursImport()
    report = engine.run(importer, _hours_sheet(tmp_path, names))
    assert not report.imported and report.created == 0
    assert [(e.row, e.message) for e in report.errors] == [(7, "同一天的时长合计超过24小时。")]
    # Nothing after the wrong row was written; what was (the engine's transaction rolls it back) came before it.
    assert set(importer.written) <= {"甲某"}
    importer = StreamedHoursImport()
    report = engine.run(importer, _hours_sheet(tmp_path, names), valid_only=True)
    assert report.imported and (report.created, report.rejected) == (5, 1)
    assert importer.written == ["甲某", "甲某", "甲某", "乙某", "丙某"]


def test_a_failure_on_the_reading_thread_reaches_the_caller(tmp_path, monkeypatch, either_way):
    monkeypatch.setattr(engine, "_SLICE", 1)
    with pytest.raises(RuntimeError, match="读取线程出错"):
        engine.run(StreamedHoursImport(fail_on="丙某"), _hours_sheet(tmp_path, ["甲某", "乙某", "丙某", "丁某"]))
