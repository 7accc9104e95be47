"""The spreadsheet engine: every import reads, maps, parses, checks and writes a sheet the same way.

An import declares a column table (which headers name each field and how one cell of
it is read) and its own steps, in one of two shapes:

- `SheetImport`: the whole sheet is read, then checked (cross-cell and database rules),
  planned and written through the owning app's service. Sheets of a few thousand rows:
  memberships, dues bases, pension items.
- `StreamedImport`: the sheet is read and checked a part at a time on a thread of its
  own while this thread writes the parts already checked, so the database works while
  the rest is parsed; what needs the database to decide (rows matching records on file)
  is settled after the last row. The roster of 100,000 people.

The engine does the rest, for every import alike:

- finding the header row below any title rows, mapping columns by their header
  (never by position; the user may correct the mapping), refusing a sheet without a
  required column;
- reading the rows in slices, column by column, each distinct text of a repeating
  column once, blank rows and footers (制表人：… 合计 …) left out;
- collecting every problem as a row error (the header as the file has it, and a
  Chinese message), which the job turns into an error sheet;
- all or nothing: nothing stays written while any row has an error, unless the user
  asked for the valid rows only; the write runs in one transaction (a streamed write
  that meets a wrong row stops and is rolled back);
- progress: reading is the first half of the bar and writing the second (of a check,
  reading is all of it). A streamed import read alongside its write cannot report from
  its reading thread, and its write reports inside its transaction: its bar moves when
  it ends.

The person import (roster_import.py) is the first user; pensions, health checks,
memberships and volunteer hours are the next ones.
"""
import gc
import queue
import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from itertools import islice, repeat
from operator import itemgetter
from typing import Any

from django.db import connection, transaction

from yinling.core.db import bulk_write_cache
from yinling.lib.cells import CellError, text
from yinling.lib.text import clean

from .reader import Sheet

Progress = Callable[[int, int], None]

FOOTER_PREFIXES = ("制表人", "制表", "填表人", "填报人", "审核人", "负责人", "日期：", "日期:", "合计", "总计", "注：", "注:", "说明：")
_FOOTER_FIRST = frozenset(prefix[0] for prefix in FOOTER_PREFIXES)
_SLICE = 10000  # rows read from the sheet at a time
_MEMO_LIMIT = 50_000  # distinct texts remembered per column (a century of birth dates is 36,500)


@dataclass(frozen=True)
class Column:
    """One field of an import: the headers that name it (the first is written in templates) and its cell reader."""

    field: str
    headers: tuple[str, ...]
    read: Callable[[Any], Any]  # one cell → value; raises CellError (or a ValueError subclass it names) when it cannot
    repeats: bool = True  # values recur (codes, units, dates): read each distinct text once
    required: bool = False

    @property
    def label(self) -> str:
        return self.headers[0]


@dataclass
class RowError:
    row: int  # as Excel shows it (1-based)
    column: str  # the header as the file has it, or "" for the whole row
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class ImportReport:
    total_rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    errors: list[RowError] = field(default_factory=list)
    unknown_columns: list[str] = field(default_factory=list)
    header_row: int | None = None
    columns: dict[int, str] = field(default_factory=dict)  # column index → field
    headers: list[str] = field(default_factory=list)
    imported: bool = False
    dry_run: bool = False
    refused: str = ""  # why the whole file was refused, if it was

    @property
    def valid_rows(self) -> int:
        return self.total_rows - self.rejected

    def as_dict(self) -> dict:
        return {
            "imported": self.imported,
            "dry_run": self.dry_run,
            "refused": self.refused,
            "counts": {"rows": self.total_rows, "created": self.created, "updated": self.updated,
                       "unchanged": self.unchanged, "rejected": self.rejected},
            "unknown_columns": self.unknown_columns,
            "errors": [e.as_dict() for e in self.errors],
        }


def _is_run(indexes: list[int]) -> bool:
    """Whether ascending, distinct `indexes` are consecutive."""
    return indexes[-1] - indexes[0] + 1 == len(indexes)


@dataclass
class Rows:
    """A sheet's data rows, column by column: values[field][i] belongs to the row numbers[i].

    A cell that could not be read holds None, and its row an error.
    """

    fields: list[str]  # the fields the sheet has a column for
    labels: dict[str, str]  # field → the header as the file has it (the usual header for fields it lacks)
    numbers: list[int] = field(default_factory=list)
    values: dict[str, list] = field(default_factory=dict)
    errors: dict[int, list[RowError]] = field(default_factory=dict)  # row index → its problems
    expected: int = 0  # the data rows the sheet says it holds, before they are read (for sizing a write)

    def __post_init__(self):
        self.values = {name: [] for name in self.fields}

    def __len__(self) -> int:
        return len(self.numbers)

    def fail(self, index: int, field_name: str, message: str) -> None:
        """Record a problem of row `index` in the column of `field_name` ("" for the whole row)."""
        self.errors.setdefault(index, []).append(RowError(self.numbers[index], self.labels.get(field_name, field_name), message))

    def failed(self, index: int, field_name: str) -> bool:
        column = self.labels.get(field_name, field_name)
        return any(e.column == column for e in self.errors.get(index, ()))

    def column(self, name: str) -> list:
        """The values of `name`, or Nones when the sheet has no such column."""
        values = self.values.get(name)
        return values if values is not None else [None] * len(self.numbers)

    def filled(self, name: str) -> list:
        """The values of `name`, padded with None to the rows read so far: a column the import fills in
        itself where the sheet has none (from another column), part by part."""
        values = self.values.setdefault(name, [])
        values.extend([None] * (len(self.numbers) - len(values)))
        return values

    def pick(self, indexes: list[int]) -> dict[str, list]:
        """Field → the values of rows `indexes` (ascending, not empty)."""
        if _is_run(indexes):  # as a new roster is: sliced, not picked
            return {name: values[indexes[0]:indexes[-1] + 1] for name, values in self.values.items()}
        return {name: [values[i] for i in indexes] for name, values in self.values.items()}

    def drop(self, indexes: list[int]) -> None:
        """Forget the values of rows `indexes` (ascending), written already: a streamed import does not hold
        100,000 rows of values. Their numbers and problems stay."""
        if not indexes:
            return
        if _is_run(indexes):  # one slice assignment a column
            blank = [None] * len(indexes)
            for values in self.values.values():
                values[indexes[0]:indexes[-1] + 1] = blank
        else:
            for values in self.values.values():
                for i in indexes:
                    values[i] = None

    def row(self, index: int) -> dict[str, Any]:
        return {name: values[index] for name, values in self.values.items()}

    def valid(self) -> Iterable[int]:
        return (i for i in range(len(self.numbers)) if i not in self.errors)


class Importer(ABC):
    """What every kind of import declares: its columns, and how a header row and a bad cell are known."""

    anchor: str = "name"  # a header row is the first row holding this field's header and one more
    failures: tuple[type[Exception], ...] = (CellError,)  # what a cell reader raises for an unreadable cell

    @abstractmethod
    def columns(self) -> list[Column]:
        """The column table: each field, the headers that name it, how one cell of it is read."""


class SheetImport(Importer):
    """An import that reads and checks the whole sheet, then writes: a plan and a write (and checks, if any)."""

    def check(self, rows: Rows) -> None:  # noqa: B027 — an import without cross-row rules needs none
        """Rules across a row's cells and against the database: rows.fail() for each problem."""

    @abstractmethod
    def plan(self, rows: Rows) -> Any:
        """What writing the valid rows would do; it has created, updated and unchanged counts."""

    @abstractmethod
    def write(self, rows: Rows, plan: Any, progress: Progress | None) -> None:
        """Write `plan` through the owning app's service (the engine holds the transaction)."""


class StreamedImport(Importer):
    """An import written while its sheet is still being read: for sheets of 100,000 rows.

    The sheet is read a slice (a part) at a time, and each part is checked as it is read
    (check_part: the rules that need no database, and the plan of the rows that need
    nothing of it, such as new records), then made ready to write (ready_part: derived
    values, no database) and written (write_streamed). With a database server, reading,
    checking and readying run on a thread of their own while this thread writes the parts
    ready before, so the server works while the rest is parsed (the driver lets the reading
    thread go on while it waits); a write thus begins before the last row is read, and when
    a row turns out wrong the engine stops it and rolls it back (all or nothing), unless
    only the valid rows were asked for. SQLite works on this process's own thread: there the
    whole sheet is read and checked first and its workbook released, then each part is
    readied and written. After the last part, the rows that need the database to decide
    (those matching records on file) are checked and planned (settle) and written (write).
    """

    @abstractmethod
    def prepare(self) -> Any:
        """Read what check_part() needs of the database (it runs where it cannot query); return an empty plan
        (created, updated and unchanged counts)."""

    @abstractmethod
    def check_part(self, rows: Rows, part: range, plan: Any) -> None:
        """The rules of the rows in `part` (and against the rows before them) that need no database, and the
        plan of its valid rows that need nothing of it. May run on the reading thread while earlier parts are
        written: it must not query, and adds a part to `plan` in one step, once the part is checked."""

    @abstractmethod
    def ready_part(self, rows: Rows, part: range, plan: Any) -> None:
        """Make what `plan` holds of `part` ready to write (no database: it may run on the reading thread)."""

    @abstractmethod
    def write_streamed(self, rows: Rows, plan: Any, parts: Iterator[range], progress: Progress | None) -> None:
        """Write each part `parts` yields (checked and ready), through the owning app's service, pulling `parts`
        to its end (within the engine's transaction)."""

    @abstractmethod
    def settle(self, rows: Rows, plan: Any) -> None:
        """Once every part is checked: the rules against the database of the rows check_part() left, and
        their plan, added to `plan`."""

    @abstractmethod
    def write(self, rows: Rows, plan: Any, progress: Progress | None) -> None:
        """Write what settle() planned, through the owning app's service."""


def header_key(value) -> str:
    return text(value).replace(" ", "").replace("*", "").replace("（必填）", "").replace("(必填)", "")


def header_table(columns: list[Column]) -> dict[str, str]:
    """Normalised header → field."""
    return {clean(h).replace(" ", ""): c.field for c in columns for h in c.headers}


def find_header(rows: list[list], table: dict[str, str], anchor: str, scan: int = 30) -> int | None:
    """The first row, below any merged title rows, with the anchor's header and at least one other heading."""
    for index, row in enumerate(rows[:scan]):
        keys = [header_key(cell) for cell in row]
        if any(table.get(k) == anchor for k in keys) and sum(1 for k in keys if k) >= 2:
            return index
    return None


def map_headers(header_row: list, table: dict[str, str]) -> tuple[dict[int, str], list[tuple[int, str]]]:
    """({column index: field}, [(column index, header) not known]). The first of a repeated field wins."""
    mapping: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    for index, cell in enumerate(header_row):
        key = header_key(cell)
        if not key:
            continue
        found = table.get(key)
        if found and found not in mapping.values():
            mapping[index] = found
        else:
            unknown.append((index, key))
    return mapping, unknown


def apply_mapping(detected: dict[int, str], unknown: list[tuple[int, str]], mapping: dict[int, str] | None):
    """The detected columns with the user's corrections (index → field, or "" to skip the column)."""
    if not mapping:
        return detected, unknown
    columns = dict(detected)
    for index, field_name in mapping.items():
        columns.pop(index, None)
        if field_name:
            columns = {i: f for i, f in columns.items() if f != field_name}
            columns[index] = field_name
    return columns, [(i, h) for i, h in unknown if i not in mapping]


def is_blank_or_footer(row: list) -> bool:
    """A row to skip: nothing in it, or a footer line (制表人：… 日期：…) in its first filled cell."""
    for cell in row:
        if cell is None or cell == "":
            continue
        if cell.__class__ is str:
            if cell.isspace():
                continue
            if cell.lstrip(" \u3000\t")[:1] in _FOOTER_FIRST:  # a quick look before the full check
                return text(cell).replace(" ", "").startswith(FOOTER_PREFIXES)
        return False
    return True


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA: columns as Excel names them."""
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


class _Failed:
    """A cell that could not be read, remembered like a value so a repeated bad cell is read once."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


_UNREAD = object()
_HOLDS_FAILURE = object()  # a key of a column's memo once it remembers a failed text


class _ColumnReader:
    """Reads slices of rows column by column; each column's reader is chosen once per file."""

    def __init__(self, columns: dict[int, Column], failures: tuple[type[Exception], ...]):
        self.failures = failures
        self.columns = [(index, column.field, column.read, {} if column.repeats else None, self._attempt(column.read, None))
                        for index, column in columns.items()]

    def _attempt(self, read, cell):
        try:
            return read(cell)
        except self.failures as error:
            return _Failed(str(error))

    def read_into(self, rows: Rows, offset: int, cells_by_row: list[list]) -> None:
        """Append the cells of rows `offset`, `offset` + 1 … (their numbers already in `rows`) to their fields' values."""
        width = min(map(len, cells_by_row), default=0)  # calamine pads every row to the sheet's width; CSV rows may be ragged
        for index, field_name, read, memo, blank in self.columns:
            if index < width:
                cells = list(map(itemgetter(index), cells_by_row))
            else:
                cells = [row[index] if index < len(row) else None for row in cells_by_row]
            results, maybe_failed = self._read_column(cells, read, memo, blank)
            if maybe_failed:
                for i, result in enumerate(results):
                    if result.__class__ is _Failed:
                        rows.fail(offset + i, field_name, result.message)
                        results[i] = None
            rows.values[field_name].extend(results)

    def _read_column(self, cells: list, read, memo: dict | None, blank) -> tuple[list, bool]:
        """The column's values (a _Failed for each unreadable cell), and whether any cell may have failed."""
        attempt = self._attempt
        if memo is None:  # values that rarely repeat: read each, except the blanks
            return [blank if cell is None or cell == "" else attempt(read, cell) for cell in cells], True
        results = list(map(memo.get, cells, repeat(_UNREAD)))
        failed = _HOLDS_FAILURE in memo  # a text that failed before may be among the hits
        for i, result in enumerate(results):
            if result is not _UNREAD:
                continue
            cell = cells[i]
            if cell is None:
                result = blank
            elif cell.__class__ is not str:  # str keys only: 1, 1.0 and True are equal keys
                result = attempt(read, cell)
            elif (result := memo.get(cell, _UNREAD)) is _UNREAD:  # not read earlier in this slice either
                result = attempt(read, cell)
                if len(memo) < _MEMO_LIMIT:
                    memo[cell] = result
                    if result.__class__ is _Failed:
                        memo[_HOLDS_FAILURE] = True
            results[i] = result
            failed = failed or result.__class__ is _Failed
        return results, failed


@contextmanager
def _collector_paused():
    """Pause the cyclic garbage collector while a large import holds its rows.

    The parsed values are acyclic, so nothing is leaked; without the pause the collector
    walks every live value again and again as new ones are allocated.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def run(importer: Importer, sheet: Sheet, *, mapping: dict[int, str] | None = None, valid_only: bool = False,
        dry_run: bool = False, progress: Progress | None = None) -> ImportReport:
    """Check `sheet` with `importer` and, when it may, write it. `mapping` overrides detected columns."""
    with _collector_paused():
        report = ImportReport(dry_run=dry_run)
        columns = {c.field: c for c in importer.columns()}
        header_index = _map_columns(importer, sheet, columns, mapping, report)
        if report.refused:
            return report
        rows = Rows(fields=list(report.columns.values()),
                    labels={f: c.label for f, c in columns.items()} | {f: report.headers[i] for i, f in report.columns.items()})
        rows.expected = max(_height(sheet) - header_index - 1, 0)
        reader = _ColumnReader({i: columns[f] for i, f in report.columns.items()}, importer.failures)
        if isinstance(importer, StreamedImport):
            _stream(importer, sheet, header_index, rows, reader, report, valid_only, progress)
        else:
            _check_then_write(importer, sheet, header_index, rows, reader, report, valid_only, progress)
        sheet.release()
        return report


def _map_columns(importer: Importer, sheet: Sheet, columns: dict[str, Column], mapping, report: ImportReport) -> int | None:
    """Find the header row and map its columns into `report`; report.refused says why a sheet cannot be read."""
    table = header_table(list(columns.values()))
    head = sheet.head(30)
    header_index = find_header(head, table, importer.anchor)
    if header_index is None:
        wanted = "”“".join(c.label for c in columns.values() if c.required) or columns[importer.anchor].label
        report.refused = f"找不到表头：请确认表格中有“{wanted}”等列标题。"
        return None
    report.header_row = header_index + 1
    report.headers = [text(c) or f"第{column_letter(i)}列" for i, c in enumerate(head[header_index])]
    report.columns, unknown = apply_mapping(*map_headers(head[header_index], table), mapping)
    report.columns = {i: f for i, f in report.columns.items() if f in columns}
    report.unknown_columns = [h for _, h in unknown]
    missing = [c.label for c in columns.values() if c.required and c.field not in report.columns.values()]
    if missing:
        report.refused = f"缺少必需的列：{'、'.join(missing)}。"
    return header_index


def _check_then_write(importer: SheetImport, sheet, header_index, rows, reader, report, valid_only, progress) -> None:
    """The whole sheet read and checked, then written if it may be."""
    total = _height(sheet)
    for part in _read_parts(sheet, header_index, rows, reader):
        if progress and part:  # the first half of the bar: reading
            _reading(progress, rows.numbers[part.stop - 1], total, halves=2)
    sheet.release()
    importer.check(rows)
    plan = importer.plan(rows)
    _count(report, rows, plan, valid_only)
    if report.dry_run or (report.errors and not valid_only):
        return
    with transaction.atomic(), bulk_write_cache():
        importer.write(rows, plan, _writing(len(rows), progress))
    _written(report, progress)


class _Abandoned(Exception):
    """A streamed write met a wrong row after it began, and nothing of it may stay."""


def _database_alongside() -> bool:
    """Whether the database is a server working beside this process, so that writing while the sheet is
    still read saves time. SQLite works on this thread: reading alongside would only hold the workbook
    in memory while the rows are written."""
    return connection.vendor != "sqlite"


def _stream(importer: StreamedImport, sheet, header_index, rows, reader, report, valid_only, progress) -> None:
    """The sheet read and checked a part at a time, each part readied and written as StreamedImport says."""
    plan = importer.prepare()

    def wrong() -> bool:  # nothing may be written
        return bool(rows.errors) and not valid_only

    def checked():
        for part in _read_parts(sheet, header_index, rows, reader):
            importer.check_part(rows, part, plan)
            yield part
        sheet.release()  # the workbook's memory, before what is left of the write

    def readied(parts):
        for part in parts:
            if not wrong():
                importer.ready_part(rows, part, plan)
            yield part

    if report.dry_run or not _database_alongside():
        read, total = [], _height(sheet)
        for part in checked():
            read.append(part)
            if progress and part:  # of a check, the whole bar; of an import, its first half
                _reading(progress, rows.numbers[part.stop - 1], total, halves=1 if report.dry_run else 2)
        if report.dry_run or wrong():  # nothing to write
            importer.settle(rows, plan)
            _count(report, rows, plan, valid_only)
            return
        source = nullcontext(readied(read))
    else:
        # On a thread of its own, which cannot report (no database there): the bar moves once it is written.
        source = _read_ahead(readied(checked()))
    settled = False
    with source as parts:
        def until_wrong():
            for part in parts:
                if wrong():
                    return  # the write stops here; the rest of the sheet is only checked
                yield part

        try:
            with transaction.atomic(), bulk_write_cache():
                feed, writing = until_wrong(), _writing(max(len(rows), rows.expected), progress)
                importer.write_streamed(rows, plan, feed, writing)
                if next(feed, None) is not None:
                    raise RuntimeError(f"{type(importer).__name__}.write_streamed() left rows unwritten")
                if not wrong():
                    importer.settle(rows, plan)
                    settled = True
                if wrong():
                    raise _Abandoned
                importer.write(rows, plan, writing)
            _written(report, progress)
        except _Abandoned:
            for _ in parts:  # the rest of the sheet, checked for the report
                pass
    if not settled:
        importer.settle(rows, plan)
    _count(report, rows, plan, valid_only)


class _Raised:
    """An exception of the reading thread, handed over to be raised on the thread that waits for parts."""

    def __init__(self, error: BaseException):
        self.error = error


_DONE = object()


@contextmanager
def _read_ahead(parts: Iterator[range]):
    """Iterate `parts` on a thread of its own, one part ahead of the iterator it yields: while one part
    is being written, the next is read (and waits), never more, so that two parts are held at most.

    The thread runs Python while this one waits on the database: the driver releases the
    interpreter while it sends rows and waits for the server. Leaving the block stops the
    thread after the part it is reading."""
    handoff: queue.Queue = queue.Queue(maxsize=1)
    taken = threading.Semaphore(0)
    stop = threading.Event()

    def offer(item, *, until_taken: bool) -> bool:
        while not stop.is_set():
            try:
                handoff.put(item, timeout=0.05)
                break
            except queue.Full:
                continue
        while until_taken and not stop.is_set():
            if taken.acquire(timeout=0.05):
                return True
        return not stop.is_set()

    def work() -> None:
        try:
            for part in parts:
                if not offer(part, until_taken=True):
                    return
        except BaseException as error:  # noqa: BLE001 — raised again on the waiting thread
            offer(_Raised(error), until_taken=False)
            return
        offer(_DONE, until_taken=False)

    def received():
        while (item := handoff.get()) is not _DONE:
            if item.__class__ is _Raised:
                raise item.error
            taken.release()
            yield item

    thread = threading.Thread(target=work, name="sheet-reader", daemon=True)
    thread.start()
    try:
        yield received()
    finally:
        stop.set()
        thread.join()


def _count(report: ImportReport, rows: Rows, plan, valid_only: bool) -> None:
    """The report's rows, its errors in row order and its counts: on a dry run, what a confirmed import of the
    valid rows would do."""
    report.total_rows = len(rows)
    report.errors = [error for i in sorted(rows.errors) for error in rows.errors[i]]
    report.rejected = len(rows.errors)
    report.created, report.updated, report.unchanged = plan.created, plan.updated, plan.unchanged
    if report.errors and not valid_only and not report.dry_run:  # nothing was written
        report.created = report.updated = report.unchanged = 0


def _reading(progress: Progress, done: int, total: int, *, halves: int) -> None:
    """Rows read so far: all of the bar (halves=1) or its first half (2). The sheet's stated height is a
    hint: rows read may pass it."""
    progress(done, max(total, done) * halves)


def _writing(total: int, progress: Progress | None) -> Progress:
    """The second half of the bar: writing."""
    def writing(done: int, of: int) -> None:
        if progress:
            progress(total + done * total // max(of, 1), total * 2)

    return writing


def _height(sheet: Sheet) -> int:
    """The sheet's rows as its file states them (for the bar), or 1 when it does not."""
    source = sheet.source
    return max(source.total_height if hasattr(source, "total_height") else len(source), 1)


def _written(report: ImportReport, progress: Progress | None) -> None:
    if progress:
        progress(1, 1)
    report.imported = True


def _read_parts(sheet: Sheet, header_index: int, rows: Rows, reader: _ColumnReader) -> Iterator[range]:
    """Read every data row below the header into `rows` a slice at a time (blank rows and footers left out);
    yield each slice's range of row indexes."""
    numbered = enumerate(sheet.iter_rows(), start=1)
    for _ in islice(numbered, header_index + 1):
        pass
    while chunk := list(islice(numbered, _SLICE)):
        kept = [(number, cells) for number, cells in chunk if not is_blank_or_footer(cells)]
        start = len(rows.numbers)
        rows.numbers.extend(number for number, _ in kept)
        reader.read_into(rows, start, [cells for _, cells in kept])
        yield range(start, len(rows.numbers))
