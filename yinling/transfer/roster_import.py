"""Importing a roster spreadsheet: validate every row, then write all or (on request) the valid ones.

`import_roster()` is the one service behind the command line and the upload page.
Nothing is written while any row has an error unless `valid_only` is chosen, and a
row that matches an existing person (by ID number) changes only the fields whose
values differ, so importing the same file twice changes nothing the second time.

The file is read column by column, in slices of rows: a column's reader is chosen
once, and the columns whose values repeat (codes, units, dates) read each distinct
text once. New people are written with their keys reserved beforehand, so their
audit rows are written without reading them back.
"""
import difflib
import gc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice, repeat
from operator import itemgetter
from typing import Any

from django.db import transaction
from django.utils import timezone

from yinling.core import crypto
from yinling.core.audit import audit_created, audit_many
from yinling.core.db import bulk_insert, bulk_write_cache, db_values, one_of, refresh_statistics, reserve_ids
from yinling.core.models import OrgUnit
from yinling.lib import idcard
from yinling.lib.cells import CellError, parse_choice, parse_date, parse_date_precise, parse_phone, text
from yinling.lib.mask import mask_id_number
from yinling.lib.pinyin import name_keys
from yinling.lib.text import name_of
from yinling.roster.models import Person
from yinling.roster.services import audit_value

from .columns import FIELD_LABELS, REQUIRED, column_letter, find_header, is_blank_or_footer, map_headers
from .reader import Sheet

GENDERS = {"男": "M", "男性": "M", "女": "F", "女性": "F", "M": "M", "F": "F"}
CATEGORIES = {
    "离休": "lixiu", "离休干部": "lixiu", "离休人员": "lixiu",
    "退休": "tuixiu", "退休干部": "tuixiu", "退休人员": "tuixiu", "退休职工": "tuixiu", "退休教师": "tuixiu",
    "退职": "tuizhi", "退职人员": "tuizhi",
}
POLITICAL = {
    "中共党员": "cpc", "党员": "cpc", "共产党员": "cpc", "中国共产党党员": "cpc",
    "中共预备党员": "cpc_probation", "预备党员": "cpc_probation",
    "民主党派": "democratic", "民革": "democratic", "民盟": "democratic", "民建": "democratic", "民进": "democratic",
    "农工党": "democratic", "致公党": "democratic", "九三学社": "democratic", "台盟": "democratic",
    "民革党员": "democratic", "民盟盟员": "democratic", "民建会员": "democratic", "民进会员": "democratic",
    "农工党党员": "democratic", "致公党党员": "democratic", "九三学社社员": "democratic",
    "群众": "masses", "无党派": "masses", "无党派人士": "masses", "无": "masses",
}
RANKS = {label: value for value, label in Person.Rank.choices} | {
    "正厅级": "bureau", "副厅级": "deputy_bureau", "正处级": "division", "副处级": "deputy_division",
    "正科级": "section", "副科级": "deputy_section", "科员": "staff", "办事员": "staff", "省管": "provincial",
}
DATE_FIELDS = ("birth_date", "retirement_date", "party_join_date", "party_full_date")


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


class _Units:
    """Unit names of one institution, with suggestions for names that do not match."""

    def __init__(self, institution: OrgUnit):
        units = list(OrgUnit.objects.filter(kind=OrgUnit.Kind.UNIT, path__startswith=institution.path).select_related("parent"))
        self.by_name: dict[str, list[OrgUnit]] = {}
        for unit in units:
            self.by_name.setdefault(unit.name, []).append(unit)
            if unit.parent and unit.parent.kind == OrgUnit.Kind.UNIT:
                self.by_name.setdefault(f"{unit.parent.name}/{unit.name}", []).append(unit)
        self.names = sorted({u.name for u in units})

    def resolve(self, raw: str) -> OrgUnit:
        name = raw.replace(" ", "").replace("－", "/").replace("-", "/").replace("\\", "/")
        found = self.by_name.get(name) or self.by_name.get(raw)
        if found and len(found) == 1:
            return found[0]
        if found:
            raise CellError(f"有多个名为“{raw}”的单位，请写成“上级单位/{raw}”。")
        close = difflib.get_close_matches(name, self.names, n=3, cutoff=0.4)
        hint = f"您是不是要找：{'、'.join(close)}？" if close else "请先在系统中建立该单位，或改用已有单位的名称。"
        raise CellError(f"系统中没有单位“{raw}”。{hint}")



class _Failed:
    """A cell that could not be read, remembered like a value so a repeated bad cell is read once."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


# Columns whose values rarely repeat: remembering them would only cost memory.
_UNIQUE_FIELDS = frozenset({"name", "id_number", "phone", "phone2", "address", "notes"})
_UNREAD = object()
_HOLDS_FAILURE = object()  # a key of a column's memo once it remembers a failed text
_MEMO_LIMIT = 50_000  # distinct texts remembered per column (a century of birth dates is 36,500)
_SLICE = 10_000  # rows read from the sheet at a time


def _attempt(read, cell):
    try:
        return read(cell)
    except (CellError, idcard.IdCardError) as error:
        return _Failed(str(error))


@dataclass
class _Parsed:
    """A file's data rows, column by column: values[field][i] belongs to the row numbers[i].

    Gender and birth date hold what the ID number says once a row has a valid one.
    """

    fields: list[str]
    numbers: list[int] = field(default_factory=list)
    values: dict[str, list] = field(default_factory=dict)
    cards: list[idcard.IdCard | None] = field(default_factory=list)
    month_only: list[bool] = field(default_factory=list)  # 1946.03: any day of that month agrees with the ID
    errors: dict[int, list[RowError]] = field(default_factory=dict)  # row index → its problems

    def __post_init__(self):
        self.values = {name: [] for name in self.fields if name != "id_number"}

    def __len__(self) -> int:
        return len(self.numbers)

    def fail(self, index: int, column: str, message: str) -> None:
        self.errors.setdefault(index, []).append(RowError(self.numbers[index], column, message))

    def column(self, name: str) -> list:
        return self.values.get(name) or [None] * len(self.numbers)

    def row(self, index: int) -> dict[str, Any]:
        """One row's values by field (for comparing with a person already in the roster)."""
        return {name: values[index] for name, values in self.values.items()}


class _ColumnParser:
    """Reads a slice of rows column by column. The reader of each column is chosen once per file."""

    def __init__(self, columns: dict[int, str], headers: list[str], units: _Units):
        self.columns = []
        for index, field_name in columns.items():
            read = self._reader(field_name, units)
            memo = None if field_name in _UNIQUE_FIELDS else {}
            self.columns.append((index, field_name, headers[index], read, memo, _attempt(read, None)))
        self.label = {f: headers[i] for i, f in columns.items()}

    @staticmethod
    def _reader(field_name: str, units: _Units) -> Callable[[Any], Any]:
        """The function that reads one cell of `field_name`; it raises CellError or IdCardError."""
        def choice(table, label):
            return lambda value: parse_choice(value, table, label)

        if field_name == "name":
            def read(value):
                name = name_of(text(value))
                if len(name) > 50:
                    raise CellError("姓名过长。")
                return name
        elif field_name == "id_number":
            def read(value):
                raw = text(value)
                return idcard.parse(raw) if raw else None
        elif field_name == "gender":
            read = choice(GENDERS, "性别")
        elif field_name == "category":
            read = choice(CATEGORIES, "人员类别")
        elif field_name == "political_status":
            read = choice(POLITICAL, "政治面貌")
        elif field_name == "rank":
            read = choice(RANKS, "职级")
        elif field_name == "birth_date":
            read = parse_date_precise  # (date, month only)
        elif field_name in DATE_FIELDS:
            read = parse_date
        elif field_name in ("phone", "phone2"):
            read = parse_phone
        elif field_name == "unit":
            def read(value):
                raw = text(value)
                return units.resolve(raw) if raw else None
        else:
            limit = Person._meta.get_field(field_name).max_length

            def read(value):
                raw = text(value)
                if limit and len(raw) > limit:
                    raise CellError(f"内容过长：最多{limit}个字，现有{len(raw)}个字。")
                return raw
        return read

    def parse_into(self, parsed: _Parsed, numbers: list[int], rows: list[list]) -> None:
        offset = len(parsed.numbers)
        parsed.numbers.extend(numbers)
        width = min(map(len, rows), default=0)  # calamine pads every row to the sheet's width; CSV rows may be ragged
        for index, field_name, header, read, memo, blank in self.columns:
            if index < width:
                cells = list(map(itemgetter(index), rows))
            else:
                cells = [row[index] if index < len(row) else None for row in rows]
            results, maybe_failed = self._read_column(cells, read, memo, blank)
            if maybe_failed:
                for i, result in enumerate(results):
                    if result.__class__ is _Failed:
                        parsed.fail(offset + i, header, result.message)
                        results[i] = (None, False) if field_name == "birth_date" else None
            if field_name == "id_number":
                parsed.cards.extend(results)
            elif field_name == "birth_date":
                parsed.values["birth_date"].extend(date for date, _ in results)
                parsed.month_only.extend(month for _, month in results)
            else:
                parsed.values[field_name].extend(results)
        if "birth_date" not in parsed.values:
            parsed.month_only.extend(repeat(False, len(numbers)))

    @staticmethod
    def _read_column(cells: list, read, memo: dict | None, blank) -> tuple[list, bool]:
        """The column's values (a _Failed for each unreadable cell), and whether any cell may have failed."""
        if memo is None:  # values that rarely repeat: read each, except the blanks
            return [blank if cell is None or cell == "" else _attempt(read, cell) for cell in cells], True
        results = list(map(memo.get, cells, repeat(_UNREAD)))
        failed = _HOLDS_FAILURE in memo  # a text that failed before may be among the hits
        for i, result in enumerate(results):
            if result is not _UNREAD:
                continue
            cell = cells[i]
            if cell is None:
                result = blank
            elif cell.__class__ is not str:  # str keys only: 1, 1.0 and True are equal keys
                result = _attempt(read, cell)
            elif (result := memo.get(cell, _UNREAD)) is _UNREAD:  # not read earlier in this slice either
                result = _attempt(read, cell)
                if len(memo) < _MEMO_LIMIT:
                    memo[cell] = result
                    if result.__class__ is _Failed:
                        memo[_HOLDS_FAILURE] = True
            results[i] = result
            failed = failed or result.__class__ is _Failed
        return results, failed


def _check_rows(parsed: _Parsed, label: dict[str, str]) -> None:
    """Rules across a row's cells: required values, and the ID number against what was typed."""
    def has_error(index, column):
        return any(e.column == column for e in parsed.errors.get(index, ()))

    name_label, id_label = label.get("name", "姓名"), label.get("id_number", "身份证号")
    for i, name in enumerate(parsed.column("name")):
        if not name and not has_error(i, name_label):
            parsed.fail(i, name_label, "姓名不能为空。")
    births, genders = parsed.column("birth_date"), parsed.column("gender")
    for i, card in enumerate(parsed.cards):
        if card is None:
            if not has_error(i, id_label):
                parsed.fail(i, id_label, "缺少身份证号，无法与已有档案对应。")
            continue
        typed_birth, typed_gender = births[i], genders[i]
        if typed_birth == card.birth_date and typed_gender in (card.gender, None):
            genders[i] = card.gender
            continue  # the common case: all agree
        if typed_birth and parsed.month_only[i] and (typed_birth.year, typed_birth.month) == (card.birth_date.year, card.birth_date.month):
            typed_birth = card.birth_date
        for field_name, message in idcard.disagreements(card, typed_birth, typed_gender).items():
            parsed.fail(i, label.get(field_name, FIELD_LABELS[field_name]), message)
        births[i], genders[i] = card.birth_date, card.gender
    parsed.values["birth_date"], parsed.values["gender"] = births, genders
    if "party_join_date" in parsed.values and "party_full_date" in parsed.values:
        full_label = label["party_full_date"]
        for i, (join, full) in enumerate(zip(parsed.values["party_join_date"], parsed.values["party_full_date"], strict=True)):
            if join and full and full < join:
                parsed.fail(i, full_label, "转正时间不能早于入党时间。")


@dataclass(slots=True)
class _Existing:
    """What an import needs to know of a person already in the roster (not a whole model row)."""

    pk: int
    institution_id: int
    name: str
    fields: dict[str, Any]  # the importable fields' current values; unit as its id
    status: str = Person.Status.ACTIVE


_NOT_COMPARED = ("name", "gender", "birth_date", "id_number")


def _existing_people(hashes: dict[str, str], fields: list[str]) -> dict[str, _Existing]:
    """id number → _Existing, for the ID numbers of the file that the roster already holds."""
    compared = [f for f in fields if f not in _NOT_COMPARED]
    columns = ["unit_id" if f == "unit" else f for f in compared]
    found: dict[str, _Existing] = {}
    keys = list(hashes)
    for start in range(0, len(keys), 5000):  # SQLite takes up to 32,766 parameters a statement
        rows = Person.objects.filter(id_number_hash__in=one_of(keys[start:start + 5000])).values_list(
            "id_number_hash", "pk", "institution_id", "name", "status", *columns)
        for id_hash, pk, institution_id, name, status, *values in rows:
            found[hashes[id_hash]] = _Existing(pk, institution_id, name, dict(zip(compared, values, strict=True)), status)
    return found


def _changes(person: _Existing, values: dict[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Fields whose incoming, non-empty value differs from the roster's."""
    changed = {}
    for name, new in values.items():
        if name in _NOT_COMPARED or new in (None, ""):
            continue
        old = person.fields.get(name)
        if name == "unit":
            if old != new.pk:
                changed[name] = (old, new)
        elif old != new:
            changed[name] = (old, new)
    return changed


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


def import_roster(
    *, actor, institution: OrgUnit, sheet: Sheet, source: str, mapping: dict[int, str] | None = None,
    valid_only: bool = False, dry_run: bool = False, progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Validate `sheet` and, when it may, write it. `mapping` overrides detected columns (index → field or "")."""
    with _collector_paused():
        return _import_roster(actor=actor, institution=institution, sheet=sheet, source=source, mapping=mapping,
                              valid_only=valid_only, dry_run=dry_run, progress=progress)


def _import_roster(*, actor, institution, sheet, source, mapping, valid_only, dry_run, progress) -> ImportReport:
    report = ImportReport(dry_run=dry_run)
    head = sheet.head(30)
    header_index = find_header(head)
    if header_index is None:
        report.refused = "找不到表头：请确认表格中有“姓名”“身份证号”等列标题。"
        return report
    report.header_row = header_index + 1
    report.headers = [text(c) or f"第{column_letter(i)}列" for i, c in enumerate(head[header_index])]
    report.columns, unknown = _columns(head[header_index], mapping)
    report.unknown_columns = [h for _, h in unknown]
    missing = [FIELD_LABELS[f] for f in REQUIRED if f not in report.columns.values()]
    if missing:
        report.refused = f"缺少必需的列：{'、'.join(missing)}。"
        return report

    parser = _ColumnParser(report.columns, report.headers, _Units(institution))
    parsed = _parse_sheet(sheet, header_index, parser, progress)
    report.total_rows = len(parsed)
    _check_rows(parsed, parser.label)
    hashes = _check_duplicates(parsed, parser.label["id_number"])
    existing = _existing_people(hashes, parsed.fields)
    _check_against_roster(parsed, existing, parser.label, institution)
    for i in sorted(parsed.errors):
        report.errors.extend(parsed.errors[i])
    report.rejected = len(parsed.errors)

    plan = _Plan.of(parsed, existing)
    report.created, report.updated, report.unchanged = len(plan.fresh), len(plan.changed), plan.unchanged
    if dry_run:  # the counts say what a confirmed import of the valid rows would do
        return report
    if report.errors and not valid_only:
        report.created = report.updated = report.unchanged = 0
        return report
    with transaction.atomic(), bulk_write_cache():
        _Writer(actor=actor, institution=institution, source=source).write(
            parsed, plan, {number: digest for digest, number in hashes.items()}, progress)
    refresh_statistics(Person._meta.db_table)
    report.imported = True
    return report


def _columns(header_row: list, mapping: dict[int, str] | None) -> tuple[dict[int, str], list[tuple[int, str]]]:
    """The detected columns (index → field) with the user's mapping applied, and the unknown ones."""
    columns, unknown = map_headers(header_row)
    if mapping:
        for index, field_name in mapping.items():
            columns.pop(index, None)
            if field_name:
                columns = {i: f for i, f in columns.items() if f != field_name}
                columns[index] = field_name
        unknown = [(i, h) for i, h in unknown if i not in mapping]
    return columns, unknown


def _parse_sheet(sheet: Sheet, header_index: int, parser: "_ColumnParser", progress) -> _Parsed:
    """Every data row below the header, blank rows and footers left out; the workbook is released after."""
    parsed = _Parsed(fields=list(parser.label))
    total = getattr(sheet.source, "total_height", None) or 0
    numbered = enumerate(sheet.iter_rows(), start=1)
    for _ in islice(numbered, header_index + 1):
        pass
    while chunk := list(islice(numbered, _SLICE)):
        kept = [(number, cells) for number, cells in chunk if not is_blank_or_footer(cells)]
        parser.parse_into(parsed, [number for number, _ in kept], [cells for _, cells in kept])
        if progress:
            progress(chunk[-1][0], max(total, chunk[-1][0]) * 2)
    sheet.release()
    return parsed


def _check_duplicates(parsed: _Parsed, id_label: str) -> dict[str, str]:
    """Refuse a second row with an ID number already given; return lookup hash → number for the first rows."""
    first_seen: dict[str, int] = {}  # ID number → index of its first row
    for i, card in enumerate(parsed.cards):
        if card is None:
            continue
        earlier = first_seen.setdefault(card.number, i)
        if earlier != i:
            parsed.fail(i, id_label, f"与第{parsed.numbers[earlier]}行的身份证号重复。")
    return {crypto.lookup_hash(number): number for number in first_seen}


def _check_against_roster(parsed: _Parsed, existing: dict[str, "_Existing"], label: dict[str, str], institution) -> None:
    """A known ID number must belong to this university and to the same name."""
    names = parsed.column("name")
    for i, card in enumerate(parsed.cards):
        person = existing.get(card.number) if card else None
        if person is None or i in parsed.errors:
            continue
        if person.institution_id != institution.pk:
            parsed.fail(i, label["id_number"], "该身份证号已在其他单位登记，不能导入。")
        elif person.name != names[i]:
            parsed.fail(i, label["name"], f"该身份证号在系统中登记的姓名是“{person.name}”，与表中姓名不一致。")
        elif person.status != Person.Status.ACTIVE and _changes(person, parsed.row(i)):
            # As the edit form refuses it: an archived record (去世, 迁出) is not changed by an import.
            state = Person.Status(person.status).label
            parsed.fail(i, label["name"], f"{person.name}的档案已归档（{state}），导入不会修改已归档的档案；如需更正请联系管理员。")


@dataclass
class _Plan:
    """What writing the valid rows does: the new people (row indexes), the changes to known ones."""

    fresh: list[int]
    changed: dict[int, dict[str, tuple[Any, Any]]]  # person pk → field → (old, new)
    unchanged: int

    @classmethod
    def of(cls, parsed: _Parsed, existing: dict[str, _Existing]) -> "_Plan":
        fresh, changed, unchanged = [], {}, 0
        for i, card in enumerate(parsed.cards):
            if i in parsed.errors:
                continue
            known = existing.get(card.number)
            if known is None:
                fresh.append(i)
            elif changes := _changes(known, parsed.row(i)):
                changed[known.pk] = changes
            else:
                unchanged += 1
        return cls(fresh, changed, unchanged)


# What an import writes of a new person, in this order; every other column gets its default.
_PERSON_COLUMNS = (
    "id", "institution_id", "unit_id", "name", "name_pinyin", "name_initials", "gender", "birth_date", "id_birth_date",
    "id_number_encrypted", "id_number_hash", "id_number_tail", "id_number_display", "created_at", "updated_at",
    "ethnicity", "category", "retirement_date", "post", "rank", "title", "political_status", "party_join_date",
    "party_full_date", "phone", "phone2", "address", "notes",
)
# The typed fields among them (the last ones), each with what an empty cell leaves: the field's
# default, and 退休 for a category left blank (most of a roster).
_TYPED = tuple((name, Person.Category.TUIXIU if name == "category" else Person._meta.get_field(name).get_default())
               for name in _PERSON_COLUMNS[_PERSON_COLUMNS.index("ethnicity"):])


class _Writer:
    """Writes a validated plan inside the import's transaction: new people, changed ones, an audit row each."""

    def __init__(self, *, actor, institution: OrgUnit, source: str):
        self.now = timezone.now()
        self.actor, self.institution, self.source = actor, institution, source

    def write(self, parsed: _Parsed, plan: _Plan, hashes: dict[str, str], progress, batch: int = 5000) -> None:
        for start in range(0, len(plan.fresh), batch):
            rows = plan.fresh[start:start + batch]
            ids = reserve_ids(Person, len(rows))
            bulk_insert(Person, _PERSON_COLUMNS, self._new_people(parsed, rows, ids, hashes), prepared=True)
            audit_created(actor=self.actor, model=Person, ids=ids, repr_column="name", note=self.source,
                          scope_path=self.institution.path, changes={"version": 1})
            if progress:
                progress(len(parsed) + start, len(parsed) * 2)
        self._update(plan.changed)
        if progress:
            progress(1, 1)

    def _new_people(self, parsed: _Parsed, rows: list[int], ids: list[int], hashes: dict[str, str]):
        """Driver-ready rows of _PERSON_COLUMNS, built a column at a time."""
        def pick(name):
            values = parsed.column(name)
            return [values[i] for i in rows]

        cards = [parsed.cards[i] for i in rows]
        numbers = [card.number for card in cards]
        births = db_values(Person, "birth_date", [card.birth_date for card in cards])
        names = pick("name")
        pinyin, initials = zip(*map(name_keys, names), strict=True)
        typed = [db_values(Person, name, [value or default for value in pick(name)]) for name, default in _TYPED]
        now = db_values(Person, "created_at", [self.now])[0]
        return zip(
            ids, repeat(self.institution.pk), [unit.pk if unit else None for unit in pick("unit")], names, pinyin,
            initials, [card.gender for card in cards], births, births, list(map(crypto.encrypt, numbers)),
            [hashes[number] for number in numbers], [number[-4:] for number in numbers],
            list(map(mask_id_number, numbers)), repeat(now), repeat(now), *typed,
        )

    def _update(self, changed: dict[int, dict[str, tuple[Any, Any]]]) -> None:
        if not changed:
            return
        people = Person.objects.in_bulk(list(changed))
        fields: set[str] = set()
        for pk, changes in changed.items():
            person = people[pk]
            for name, (_, new) in changes.items():
                setattr(person, name, new)
            person.version += 1
            person.updated_at = self.now
            fields.update(changes)
        Person.objects.bulk_update(list(people.values()), [*fields, "version", "updated_at"], batch_size=1000)
        audit_many(actor=self.actor, action="update", note=self.source, scope_path=self.institution.path, entries=[
            (people[pk], {"version": people[pk].version,
                          "fields": {k: [audit_value(k, a), audit_value(k, b)] for k, (a, b) in changes.items()}})
            for pk, changes in changed.items()
        ])
