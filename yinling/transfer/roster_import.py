"""Importing a roster spreadsheet: the person import on the spreadsheet engine (engine.py).

`import_roster()` is the one entry behind the command line and the upload page. The
columns come from the person field table (roster.fields); this module adds how each
cell is read, the checks across a row (the ID number against the typed birth date and
gender, repeated numbers, a known number under another name or university, archived
people) and the plan: new people through roster's people_bulk_create, changed ones
through people_bulk_update. A row that matches an existing person (by ID number) changes
only the fields whose values differ, so importing the same file twice changes nothing
the second time.

It is a streamed import (engine.StreamedImport): the new people of each part of the sheet
are prepared on the reading thread and written while the next part is read; the rows whose
ID number is on file (known from one read of the unique index at the start) are checked
against the roster and applied after the last row.
"""
import difflib
from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import chain
from typing import Any

from yinling.core import crypto
from yinling.core.db import one_of
from yinling.core.models import OrgUnit
from yinling.lib import idcard
from yinling.lib.cells import CellError, parse_choice, parse_date, parse_date_precise, parse_phone, text
from yinling.lib.text import name_of
from yinling.roster import services
from yinling.roster.access import ROSTER_IMPORT
from yinling.roster.fields import SHEET_FIELDS
from yinling.roster.models import Person

from . import engine
from .engine import Column, ImportReport, Rows
from .kinds import import_kind
from .reader import Sheet

__all__ = ["ImportReport", "PersonImport", "import_roster"]

# Columns whose values rarely repeat: remembering them would only cost memory.
_UNIQUE_FIELDS = frozenset({"name", "id_number", "phone", "phone2", "address", "notes"})
# What a row's ID number settles: never compared with, or changed on, a known person.
_NOT_COMPARED = frozenset({"name", "gender", "birth_date", "id_number"})


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


def _reader(field, units: _Units) -> Callable[[Any], Any]:
    """The function that reads one cell of `field` (roster.fields.PersonField); it raises CellError or IdCardError."""
    name = field.name
    if name == "name":
        def read(value):
            result = name_of(text(value))
            if len(result) > 50:
                raise CellError("姓名过长。")
            return result
    elif name == "id_number":
        def read(value):
            raw = text(value)
            return idcard.parse(raw) if raw else None
    elif name == "unit":
        def read(value):
            raw = text(value)
            return units.resolve(raw) if raw else None
    elif name == "birth_date":
        read = parse_date_precise  # (date, whether only the month was given)
    elif name in ("phone", "phone2"):
        read = parse_phone
    elif Person._meta.get_field(name).get_internal_type() == "DateField":
        read = parse_date
    elif Person._meta.get_field(name).choices:
        codes, label = field.codes(), field.label

        def read(value):
            return parse_choice(value, codes, label)
    else:
        limit = Person._meta.get_field(name).max_length

        def read(value):
            raw = text(value)
            if limit and len(raw) > limit:
                raise CellError(f"内容过长：最多{limit}个字，现有{len(raw)}个字。")
            return raw
    return read


@dataclass(slots=True)
class _Existing:
    """What an import needs to know of a person already in the roster (not a whole model row)."""

    pk: int
    institution_id: int
    name: str
    fields: dict[str, Any]  # the importable fields' current values; unit as its id
    status: str = Person.Status.ACTIVE


def _changes(person: _Existing, values: dict[str, Any]) -> dict[str, Any]:
    """Fields whose incoming, non-empty value differs from the roster's: field → new value."""
    changed = {}
    for name, new in values.items():
        if name in _NOT_COMPARED or new in (None, ""):
            continue
        old = person.fields.get(name)
        if (old != new.pk) if name == "unit" else (old != new):
            changed[name] = new
    return changed


@dataclass
class _Plan:
    """What writing the valid rows does: the new people (row indexes), the changes to known ones."""

    fresh: list[int] = field(default_factory=list)
    changed: dict[int, dict[str, Any]] = field(default_factory=dict)  # person pk → field → new value
    unchanged: int = 0

    @property
    def created(self) -> int:
        return len(self.fresh)

    @property
    def updated(self) -> int:
        return len(self.changed)


class PersonImport(engine.StreamedImport):
    """Streamed (engine.StreamedImport): new people are written while the rest of the sheet is read;
    rows whose ID number is on file are checked against the roster and applied after the last row."""

    anchor = "name"
    failures = (CellError, idcard.IdCardError)

    def __init__(self, *, actor, institution: OrgUnit, source: str):
        self.actor, self.institution, self.source = actor, institution, source
        self.on_file: frozenset[str] = frozenset()  # the lookup hash of every ID number on file, in any university
        self.known_hashes: dict[str, str] = {}  # ID number → its lookup hash, for the rows on file
        self.first_row: dict[str, int] = {}  # ID number → the index of the first row giving it
        self.known_rows: list[int] = []  # rows whose ID number is on file: settled after the last row
        self.month_only: list[bool] = []  # rows whose birth date gave only a month (1946.03)
        self.part_hashes: dict[int, dict[str, str]] = {}  # a part's first row → its new ID numbers' lookup hashes
        self.prepared: dict[int, services.PreparedPeople] = {}  # a part's first row → its new people, ready to write

    def columns(self) -> list[Column]:
        units = _Units(self.institution)
        return [Column(f.name, f.headers, _reader(f, units), repeats=f.name not in _UNIQUE_FIELDS, required=f.required_in_sheet)
                for f in SHEET_FIELDS]

    def prepare(self) -> _Plan:
        # One narrow read of the unique index: which rows are new is then known without asking again.
        self.on_file = frozenset(Person.objects.exclude(id_number_hash=None).values_list("id_number_hash", flat=True))
        return _Plan()

    def check_part(self, rows: Rows, part: range, plan: _Plan) -> None:
        self._split_birth_dates(rows, part)
        self._check_cells(rows, part)
        hashes = self._check_duplicates(rows, part)
        fresh, known, errors, cards = [], [], rows.errors, rows.column("id_number")
        for i in part:
            if i not in errors:
                number = cards[i].number
                if hashes[number] in self.on_file:
                    known.append(i)
                    self.known_hashes[number] = hashes[number]
                else:
                    fresh.append(i)
        self.known_rows.extend(known)
        if fresh:
            self.part_hashes[part.start] = hashes  # not hashed again on writing
        plan.fresh.extend(fresh)

    def ready_part(self, rows: Rows, part: range, plan: _Plan) -> None:
        fresh = plan.fresh[bisect_left(plan.fresh, part.start):bisect_left(plan.fresh, part.stop)]
        if fresh:
            hashes = self.part_hashes.pop(part.start)
            self.prepared[part.start] = services.prepare_people(self._values(rows, fresh), lookup_hashes=hashes)
            rows.drop(fresh)  # nothing reads them again

    def _split_birth_dates(self, rows: Rows, part: range) -> None:
        """The birth date column as dates, and which rows gave only a month (1946.03)."""
        if "birth_date" not in rows.fields:
            self.month_only.extend([False] * len(part))
            return
        pairs = rows.values["birth_date"]
        self.month_only.extend(bool(pairs[i] and pairs[i][1]) for i in part)
        pairs[part.start:part.stop] = [p[0] if p else None for p in pairs[part.start:part.stop]]

    def _check_cells(self, rows: Rows, part: range) -> None:
        """Rules across a row's cells: a name, an ID number, and the ID number against the birth date and gender typed."""
        names, cards = rows.column("name"), rows.column("id_number")
        births, genders = rows.filled("birth_date"), rows.filled("gender")  # what the ID numbers say, if the sheet has not
        for i in part:
            if not names[i] and not rows.failed(i, "name"):
                rows.fail(i, "name", "姓名不能为空。")
            card = cards[i]
            if card is None:
                if not rows.failed(i, "id_number"):
                    rows.fail(i, "id_number", "缺少身份证号，无法与已有档案对应。")
                continue
            typed_birth, typed_gender = births[i], genders[i]
            if typed_birth == card.birth_date and typed_gender in (card.gender, None):
                genders[i] = card.gender
                continue  # the common case: all agree
            if typed_birth and self.month_only[i] and (typed_birth.year, typed_birth.month) == (card.birth_date.year, card.birth_date.month):
                typed_birth = card.birth_date
            for field_name, message in idcard.disagreements(card, typed_birth, typed_gender).items():
                rows.fail(i, field_name, message)
            births[i], genders[i] = card.birth_date, card.gender

    def _check_duplicates(self, rows: Rows, part: range) -> dict[str, str]:
        """Refuse a row giving an ID number an earlier row gave; the others' lookup hashes (number → hash)."""
        cards, first_row, hashes = rows.column("id_number"), self.first_row, {}
        for i in part:
            card = cards[i]
            if card is None:
                continue
            earlier = first_row.setdefault(card.number, i)
            if earlier != i:
                rows.fail(i, "id_number", f"与第{rows.numbers[earlier]}行的身份证号重复。")
            else:
                hashes[card.number] = crypto.lookup_hash(card.number)
        return hashes

    def write_streamed(self, rows: Rows, plan: _Plan, parts, progress) -> None:
        first = next(parts, None)  # how much of the sheet is new, told by its first part: to size the write
        new_in_first = bisect_left(plan.fresh, first.stop) if first is not None else 0  # later parts may be in already
        expected = rows.expected * new_in_first // max(len(first or ()), 1)
        parts = chain((first,), parts) if first is not None else iter(())
        batches = (self.prepared.pop(part.start) for part in parts if part.start in self.prepared)
        services.people_bulk_create(actor=self.actor, institution=self.institution, batches=batches, expected=expected,
                                    source=self.source, progress=progress, return_keys=False)

    @staticmethod
    def _values(rows: Rows, indexes: list[int]) -> dict[str, list]:
        """people_bulk_create's values for the rows `indexes` (ascending)."""
        values = rows.pick(indexes)
        # A category left blank is 退休, as most of a roster is.
        values["category"] = [code or Person.Category.TUIXIU for code in values.get("category") or [None] * len(indexes)]
        return values

    def settle(self, rows: Rows, plan: _Plan) -> None:
        """The rows whose ID number is on file: checked against the roster, and what changes."""
        cards = rows.column("id_number")
        existing = self._existing_people({id_hash: number for number, id_hash in self.known_hashes.items()}, rows.fields)
        names = rows.column("name")
        for i in self.known_rows:
            person = existing.get(cards[i].number)
            if person is None:  # its number changed on file while this sheet was read
                rows.fail(i, "id_number", "该身份证号的档案刚被修改过，请重新导入此行。")
            elif person.institution_id != self.institution.pk:
                # Not where: that would tell an importer about a person outside their scope.
                rows.fail(i, "id_number", "该身份证号无法导入。如确认无误，请联系离退休工作处核实。")
            elif person.name != names[i]:
                rows.fail(i, "name", f"该身份证号在系统中登记的姓名是“{person.name}”，与表中姓名不一致。")
            elif person.status != Person.Status.ACTIVE and _changes(person, rows.row(i)):
                # As the edit form refuses it: an archived record (去世, 迁出) is not changed by an import.
                state = Person.Status(person.status).label
                rows.fail(i, "name", f"{person.name}的档案已归档（{state}），导入不会修改已归档的档案；如需更正请联系管理员。")
            elif changes := _changes(person, rows.row(i)):
                plan.changed[person.pk] = changes
            else:
                plan.unchanged += 1

    def write(self, rows: Rows, plan: _Plan, progress) -> None:
        services.people_bulk_update(actor=self.actor, institution=self.institution, changes=plan.changed,
                                    source=self.source)

    @staticmethod
    def _existing_people(hashes: dict[str, str], fields: list[str]) -> dict[str, _Existing]:
        """id number → _Existing, for the ID numbers (by lookup hash) that the roster holds."""
        compared = [f for f in fields if f not in _NOT_COMPARED]
        columns = ["unit_id" if f == "unit" else f for f in compared]
        found: dict[str, _Existing] = {}
        keys = list(hashes)
        for start in range(0, len(keys), 5000):  # SQLite takes up to 32,766 parameters a statement
            people = Person.objects.filter(id_number_hash__in=one_of(keys[start:start + 5000])).values_list(
                "id_number_hash", "pk", "institution_id", "name", "status", *columns)
            for id_hash, pk, institution_id, name, status, *values in people:
                found[hashes[id_hash]] = _Existing(pk, institution_id, name, dict(zip(compared, values, strict=True)), status)
        return found


def _person_template(path, institution) -> None:
    from .workbooks import write_template

    write_template(path, institution=institution)


import_kind(key="roster.people", label="离退休人员名册", capability=ROSTER_IMPORT,
            make=lambda actor, institution, source: PersonImport(actor=actor, institution=institution, source=source),
            template=_person_template, hint="每行一位同志；身份证号用于与已有档案对应，重复导入不会产生重复记录。")


def import_roster(
    *, actor, institution: OrgUnit, sheet: Sheet, source: str, mapping: dict[int, str] | None = None,
    valid_only: bool = False, dry_run: bool = False, progress: Callable[[int, int], None] | None = None,
) -> ImportReport:
    """Validate `sheet` and, when it may, write it. `mapping` overrides detected columns (index → field or "")."""
    return engine.run(PersonImport(actor=actor, institution=institution, source=source), sheet, mapping=mapping,
                      valid_only=valid_only, dry_run=dry_run, progress=progress)
