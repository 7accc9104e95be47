"""Importing a roster spreadsheet: validate every row, then write all or (on request) the valid ones.

`import_roster()` is the one service behind the command line and the upload page.
Nothing is written while any row has an error unless `valid_only` is chosen, and a
row that matches an existing person (by ID number) changes only the fields whose
values differ, so importing the same file twice changes nothing the second time.
"""
import difflib
import gc
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils import timezone

from yinling.core import crypto
from yinling.core.context import current_ip
from yinling.core.db import bulk_insert, refresh_statistics
from yinling.core.models import AuditEntry, OrgUnit
from yinling.lib import idcard
from yinling.lib.cells import CellError, parse_choice, parse_date, parse_date_precise, parse_phone, text
from yinling.lib.mask import mask_id_number
from yinling.lib.pinyin import name_keys
from yinling.roster.models import Person
from yinling.roster.services import audit_value

from .columns import FIELD_LABELS, REQUIRED, column_letter, find_header, is_footer, map_headers
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


_VALUE_FIELDS = (
    "name", "gender", "birth_date", "ethnicity", "category", "unit", "retirement_date", "post", "rank", "title",
    "political_status", "party_join_date", "party_full_date", "phone", "phone2", "address", "notes",
)
_VALUE_INDEX = {name: i for i, name in enumerate(_VALUE_FIELDS)}


class _Values:
    """A row's parsed values: a dict's interface over a list, a quarter of the memory.

    A 100,000-row import keeps every parsed row until it writes; dicts would take
    ~120 MB of that.
    """

    __slots__ = ("data",)

    def __init__(self):
        self.data = [None] * len(_VALUE_FIELDS)

    def __getitem__(self, name):
        return self.data[_VALUE_INDEX[name]]

    def __setitem__(self, name, value):
        self.data[_VALUE_INDEX[name]] = value

    def get(self, name, default=None):
        value = self.data[_VALUE_INDEX[name]]
        return default if value is None else value

    def items(self):
        return ((name, value) for name, value in zip(_VALUE_FIELDS, self.data) if value is not None)


@dataclass(slots=True)
class _Row:
    number: int
    values: _Values
    id_number: str = ""
    id_hash: str = ""
    card: idcard.IdCard | None = None
    birth_month_only: bool = False  # 1946.03: agrees with any day of that month in the ID number
    errors: list[RowError] = field(default_factory=list)


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


class _RowParser:
    """Turns a row's cells into values. The work per column is decided once per file."""

    def __init__(self, columns: dict[int, str], headers: list[str], units: _Units):
        self.columns = [(index, headers[index], self._reader(field_name, units)) for index, field_name in columns.items()]
        self.label = {f: headers[i] for i, f in columns.items()}

    @staticmethod
    def _reader(field_name: str, units: _Units):
        def choice(table, label):
            def read(value, row):
                row.values[field_name] = parse_choice(value, table, label)
            return read

        if field_name == "name":
            def read(value, row):
                name = text(value)
                if len(name) > 50:
                    raise CellError("姓名过长。")
                row.values["name"] = name
        elif field_name == "id_number":
            def read(value, row):
                raw = text(value)
                if raw:
                    row.card = idcard.parse(raw)
                    row.id_number = row.card.number
        elif field_name == "gender":
            read = choice(GENDERS, "性别")
        elif field_name == "category":
            read = choice(CATEGORIES, "人员类别")
        elif field_name == "political_status":
            read = choice(POLITICAL, "政治面貌")
        elif field_name == "rank":
            read = choice(RANKS, "职级")
        elif field_name == "birth_date":
            def read(value, row):
                row.values["birth_date"], row.birth_month_only = parse_date_precise(value)
        elif field_name in DATE_FIELDS:
            def read(value, row):
                row.values[field_name] = parse_date(value)
        elif field_name in ("phone", "phone2"):
            def read(value, row):
                row.values[field_name] = parse_phone(value)
        elif field_name == "unit":
            resolved: dict[str, OrgUnit] = {}

            def read(value, row):
                raw = text(value)
                if raw and raw not in resolved:
                    resolved[raw] = units.resolve(raw)
                row.values["unit"] = resolved[raw] if raw else None
        else:
            limit = Person._meta.get_field(field_name).max_length

            def read(value, row):
                raw = text(value)
                if limit and len(raw) > limit:
                    raise CellError(f"内容过长：最多{limit}个字，现有{len(raw)}个字。")
                row.values[field_name] = raw
        return read

    def parse(self, number: int, cells: list) -> _Row:
        row = _Row(number=number, values=_Values())
        width = len(cells)
        for index, header, read in self.columns:
            try:
                read(cells[index] if index < width else None, row)
            except (CellError, idcard.IdCardError) as error:
                row.errors.append(RowError(number, header, str(error)))
        return _check_row(row, self.label)


def _check_row(row: _Row, label: dict[str, str]) -> _Row:
    """Rules across a row's cells: required values, and the ID number against what was typed."""
    number = row.number
    if not row.values.get("name") and not any(e.column == label.get("name") for e in row.errors):
        row.errors.append(RowError(number, label.get("name", "姓名"), "姓名不能为空。"))
    if not row.id_number and not any(e.column == label.get("id_number") for e in row.errors):
        row.errors.append(RowError(number, label.get("id_number", "身份证号"), "缺少身份证号，无法与已有档案对应。"))
    if row.card:
        card = row.card
        typed_birth = row.values.get("birth_date")
        if typed_birth and row.birth_month_only and (typed_birth.year, typed_birth.month) == (card.birth_date.year, card.birth_date.month):
            typed_birth = card.birth_date
        for field_name, message in idcard.disagreements(card, typed_birth, row.values.get("gender")).items():
            row.errors.append(RowError(number, label.get(field_name, FIELD_LABELS[field_name]), message))
        row.values["birth_date"], row.values["gender"] = card.birth_date, card.gender
    join, full = row.values.get("party_join_date"), row.values.get("party_full_date")
    if join and full and full < join:
        row.errors.append(RowError(number, label.get("party_full_date", "转正时间"), "转正时间不能早于入党时间。"))
    return row


@dataclass(slots=True)
class _Existing:
    """What an import needs to know of a person already in the roster (not a whole model row)."""

    pk: int
    institution_id: int
    name: str
    fields: dict[str, Any]  # the importable fields' current values; unit as its id


_NOT_COMPARED = ("name", "gender", "birth_date", "id_number")


def _existing_people(hashes: dict[str, str], fields: list[str]) -> dict[str, _Existing]:
    """id number → _Existing, for the ID numbers of the file that the roster already holds."""
    compared = [f for f in fields if f not in _NOT_COMPARED]
    columns = ["unit_id" if f == "unit" else f for f in compared]
    found: dict[str, _Existing] = {}
    keys = list(hashes)
    for start in range(0, len(keys), 900):
        rows = Person.objects.filter(id_number_hash__in=keys[start:start + 900]).values_list(
            "id_number_hash", "pk", "institution_id", "name", *columns)
        for id_hash, pk, institution_id, name, *values in rows:
            found[hashes[id_hash]] = _Existing(pk, institution_id, name, dict(zip(compared, values)))
    return found


def _changes(person: _Existing, values) -> dict[str, tuple[Any, Any]]:
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

    The rows are acyclic, so nothing is leaked; without the pause the collector walks
    every live row again and again as new ones are allocated.
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
    headers = [text(c) or f"第{column_letter(i)}列" for i, c in enumerate(head[header_index])]
    columns, unknown = map_headers(head[header_index])
    if mapping:
        for index, field_name in mapping.items():
            columns.pop(index, None)
            if field_name:
                columns = {i: f for i, f in columns.items() if f != field_name}
                columns[index] = field_name
        unknown = [(i, h) for i, h in unknown if i not in mapping]
    report.columns, report.headers = columns, headers
    report.unknown_columns = [h for _, h in unknown]
    missing = [FIELD_LABELS[f] for f in REQUIRED if f not in columns.values()]
    if missing:
        report.refused = f"缺少必需的列：{'、'.join(missing)}。"
        return report

    parser = _RowParser(columns, headers, _Units(institution))
    parsed: list[_Row] = []
    total = getattr(sheet.source, "total_height", None) or 0
    for number, cells in enumerate(sheet.iter_rows(), start=1):
        if number <= header_index + 1:
            continue
        if progress and number % 5000 == 0:
            progress(number, max(total, number) * 2)
        if not any(c not in (None, "") and (not isinstance(c, str) or c.strip()) for c in cells) or is_footer(cells):
            continue
        parsed.append(parser.parse(number, cells))
    sheet.release()
    report.total_rows = len(parsed)

    id_label = headers[next(i for i, f in columns.items() if f == "id_number")]
    name_label = headers[next(i for i, f in columns.items() if f == "name")]
    first_seen: dict[str, _Row] = {}
    for row in parsed:
        if not row.id_number:
            continue
        earlier = first_seen.get(row.id_number)
        if earlier:
            row.errors.append(RowError(row.number, id_label, f"与第{earlier.number}行的身份证号重复。"))
        else:
            first_seen[row.id_number] = row

    for row in first_seen.values():
        row.id_hash = crypto.lookup_hash(row.id_number)
    hashes = {row.id_hash: number for number, row in first_seen.items()}
    existing = _existing_people(hashes, list(columns.values()))
    for row in parsed:
        person = existing.get(row.id_number)
        if person is None or row.errors:
            continue
        if person.institution_id != institution.pk:
            row.errors.append(RowError(row.number, id_label, "该身份证号已在其他单位登记，不能导入。"))
        elif person.name != row.values.get("name"):
            row.errors.append(RowError(row.number, name_label, f"该身份证号在系统中登记的姓名是“{person.name}”，与表中姓名不一致。"))

    for row in parsed:
        report.errors.extend(row.errors)
    report.rejected = sum(1 for row in parsed if row.errors)
    if dry_run:
        _count(report, parsed, existing)  # what a confirmed import of the valid rows would do
        return report
    if report.errors and not valid_only:
        return report
    _write(report, parsed, existing, actor=actor, institution=institution, source=source, progress=progress)
    refresh_statistics(Person._meta.db_table)
    report.imported = True
    return report


def _count(report: ImportReport, parsed: list[_Row], existing: dict[str, _Existing]) -> None:
    for row in parsed:
        if row.errors:
            continue
        person = existing.get(row.id_number)
        if person is None:
            report.created += 1
        elif _changes(person, row.values):
            report.updated += 1
        else:
            report.unchanged += 1


def _ids_by_hash(hashes: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for start in range(0, len(hashes), 900):
        found.update(Person.objects.filter(id_number_hash__in=hashes[start:start + 900]).values_list("id_number_hash", "pk"))
    return found


@transaction.atomic
def _write(report, parsed, existing, *, actor, institution, source, progress, batch: int = 5000) -> None:
    """Insert the new people and their audit rows batch by batch; update the changed ones."""
    now = timezone.now()
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    audit_base = {"at": now, "actor_id": actor_obj.pk if actor_obj else None,
                  "actor_name": actor.display_name_or_username if actor_obj else "system",
                  "object_type": "roster.person", "ip": current_ip.get(), "note": source[:500],
                  "scope_path": institution.path, "result": AuditEntry.Result.OK}
    fresh = [row for row in parsed if not row.errors and row.id_number not in existing]
    from django.db import connection

    created_changes = AuditEntry._meta.get_field("changes").get_db_prep_save({"version": 1}, connection)
    for start in range(0, len(fresh), batch):
        people = [_new_person(row, institution=institution, now=now) for row in fresh[start:start + batch]]
        bulk_insert(Person, people)
        ids = _ids_by_hash([p["id_number_hash"] for p in people])
        bulk_insert(AuditEntry, [
            {**audit_base, "action": "create", "object_id": str(ids[p["id_number_hash"]]), "object_repr": p["name"],
             "changes": created_changes}
            for p in people
        ], prepared=frozenset({"changes"}))
        if progress:
            progress(len(parsed) + start, len(parsed) * 2)
    report.created = len(fresh)

    changed: dict[int, dict] = {}
    for row in parsed:
        known = existing.get(row.id_number)
        if row.errors or known is None:
            continue
        changes = _changes(known, row.values)
        if changes:
            changed[known.pk] = changes
        else:
            report.unchanged += 1
    updated: list[tuple[Person, dict]] = []
    update_fields: set[str] = set()
    people = Person.objects.in_bulk(list(changed)) if changed else {}
    for pk, changes in changed.items():
        person = people[pk]
        for name, (_, new) in changes.items():
            setattr(person, name, new)
        person.version += 1
        person.updated_at = now
        update_fields.update(changes)
        updated.append((person, changes))
    if updated:
        Person.objects.bulk_update([p for p, _ in updated], [*update_fields, "version", "updated_at"], batch_size=1000)
        bulk_insert(AuditEntry, [
            {**audit_base, "action": "update", "object_id": str(p.pk), "object_repr": p.name,
             "changes": {"version": p.version, "fields": {k: [audit_value(k, a), audit_value(k, b)] for k, (a, b) in ch.items()}}}
            for p, ch in updated
        ])
    report.updated = len(updated)
    if progress:
        progress(1, 1)


def _new_person(row: "_Row", *, institution: OrgUnit, now) -> dict:
    values = {k: v for k, v in row.values.items() if v != ""}
    unit = values.pop("unit", None)
    pinyin, initials = name_keys(values["name"])
    return {
        **values, "institution_id": institution.pk, "unit_id": unit.pk if unit else None,
        "name_pinyin": pinyin, "name_initials": initials,
        "id_number_encrypted": crypto.encrypt(row.id_number), "id_number_hash": row.id_hash or crypto.lookup_hash(row.id_number),
        "id_number_tail": row.id_number[-4:], "id_number_display": mask_id_number(row.id_number),
        "id_birth_date": row.card.birth_date, "category": values.get("category") or Person.Category.TUIXIU,
        "created_at": now, "updated_at": now,
    }
