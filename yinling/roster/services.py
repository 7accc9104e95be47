"""Writes to the roster. Each is one transaction that also writes its audit row.

Every service takes the acting user (or core.access.SYSTEM for commands and the demo)
and checks scope itself: an id from a caller is never trusted.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from itertools import repeat
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import Max
from django.utils import timezone

from yinling.core import crypto
from yinling.core.access import SYSTEM, account_of, ensure_within, get_for_change, require
from yinling.core.audit import audit, audit_created, audit_many
from yinling.core.choices import choice_labels
from yinling.core.db import bulk_insert, db_values, plain_indexes_built_after, refresh_statistics, reserve_ids
from yinling.core.models import AuditEntry, OrgUnit
from yinling.lib import idcard
from yinling.lib.mask import mask_id_number, mask_phone
from yinling.lib.pinyin import name_keys
from yinling.lib.text import clean_name

from .access import ROSTER_ARCHIVE, ROSTER_EDIT, ROSTER_IMPORT, ROSTER_RESTORE, ROSTER_UNMASK
from .models import EmergencyContact, Person

# Values that the audit log shows only masked.
_MASKED_IN_LOG = {"phone": mask_phone, "phone2": mask_phone}
_TRACKED = [
    f.name for f in Person._meta.get_fields()
    if getattr(f, "concrete", False) and not f.many_to_many and f.editable and f.name not in {"id", "institution"}
]


class StaleEditError(Exception):
    """Someone saved this record after the editor opened it."""

    def __init__(self, person: Person, changes: list[AuditEntry]):
        self.person = person
        self.current_version = person.version
        self.changes = changes
        super().__init__("该记录已被他人修改。")


@dataclass
class ContactData:
    id: int | None
    name: str
    relation: str
    phone: str
    is_primary: bool = False
    delete: bool = False


def audit_value(field: str, value: Any) -> str:
    """A Person field's value as the audit log shows it: labels for codes, phones masked.

    Used by every write to the roster, the edit form's and the importer's alike.
    """
    if value is None or value == "":
        return ""
    f = Person._meta.get_field(field)
    if f.choices:
        return str(choice_labels(Person, field).get(value, value))
    if field in _MASKED_IN_LOG:
        return _MASKED_IN_LOG[field](str(value))
    if f.is_relation:
        if hasattr(value, "pk"):
            return str(value)
        return str(f.related_model._default_manager.filter(pk=value).first() or value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, date):
        return value.strftime("%Y-%m-%d")
    return str(value)


def _snapshot(person: Person) -> dict[str, Any]:
    snap = {name: getattr(person, person._meta.get_field(name).attname) for name in _TRACKED}
    snap["id_number_hash"] = person.id_number_hash
    return snap


# The columns an ID number derives, for one person (the form) or many (an import, the demo) alike.
# Nothing beyond the last four digits is kept outside the encryption (lib.mask explains why).
IDENTITY_COLUMNS = ("id_number_encrypted", "id_number_hash", "id_number_tail", "id_birth_date")


def identity_columns(cards: list[idcard.IdCard | None], hashes: dict[str, str] | None = None) -> dict[str, list]:
    """IDENTITY_COLUMNS for each card (a parsed, valid ID number) or None: what the database keeps of it.

    `hashes` (number → crypto.lookup_hash of it) saves hashing again what a caller hashed already
    (an import looks every number up first); a number not in it is hashed here.
    """
    numbers = [card.number if card else "" for card in cards]
    hashes = hashes or {}
    return {
        "id_number_encrypted": list(map(crypto.encrypt, numbers)),
        "id_number_hash": [(hashes.get(n) or crypto.lookup_hash(n)) if n else None for n in numbers],
        "id_number_tail": [n[-4:] for n in numbers],
        "id_birth_date": [card.birth_date if card else None for card in cards],
    }


def _set_identity(person: Person, raw_id: str) -> None:
    """Encrypt, hash and index the ID number; birth date and gender come from it when blank."""
    card = idcard.parse(raw_id) if raw_id else None
    if card:
        problems = idcard.disagreements(card, person.birth_date, person.gender)
        if problems:
            raise ValidationError(problems)
        person.birth_date, person.gender = card.birth_date, card.gender
    for name, values in identity_columns([card]).items():
        setattr(person, name, values[0])


def _check_places(actor, person: Person, before: dict[str, Any]) -> None:
    """`before`: the snapshot (field → key) the edit started from. A person's unit and grid may be set only to places within the editor's own reach.

    A care officer (bound to a unit) keeps their people in their units: they may not clear the
    unit, nor move anyone to a grid, which the office assigns. Office staff bound to a
    university may place people anywhere in it. Checked here, whatever a form offered.
    """
    if actor is SYSTEM:
        return
    nodes = [a.node for a in actor.active_assignments() if a.grants(ROSTER_EDIT) and a.node_id]
    wide = [n for n in nodes if n.kind != n.Kind.UNIT]
    problems = {}
    if person.unit_id != before.get("unit"):
        if person.unit_id is None and not wide:
            problems["unit"] = "请选择原单位：您只能管理本单位的同志，不能清空原单位。"
        elif person.unit_id and not any(person.unit.path.startswith(n.path) for n in nodes):
            problems["unit"] = "只能选择您管理范围内的单位。"
    if person.grid_id != before.get("grid") and not (
            wide and (person.grid_id is None or any(person.grid.path.startswith(n.path) for n in wide))):
        problems["grid"] = "网格由离退休工作处安排，您不能修改。"
    if problems:
        raise ValidationError(problems)


def _save_validated(person: Person) -> None:
    person.name = clean_name(person.name)  # the one rule for names, whoever writes them
    person.name_pinyin, person.name_initials = name_keys(person.name)
    person.full_clean(exclude=["id_number_hash"])
    try:
        with transaction.atomic():
            person.save()
    except IntegrityError:
        raise ValidationError({"id_number": "该身份证号已登记在另一位同志名下。"}) from None


def _diff(before: dict[str, Any], after: dict[str, Any], person: Person) -> dict[str, list[str]]:
    changed = {}
    for key, old in before.items():
        new = after.get(key)
        if old == new:
            continue
        if key == "id_number_hash":
            changed["id_number"] = ["（已更改）", mask_id_number(person.id_number)]
            continue
        changed[key] = [audit_value(key, old), audit_value(key, new)]
    return changed


def _apply_contacts(person: Person, contacts: list[ContactData]) -> dict[str, list[str]]:
    changes: dict[str, list[str]] = {}
    existing = {c.id: c for c in person.contacts.all()}
    for item in contacts:
        label = f"紧急联系人 {item.name}"
        if item.id and item.id in existing:
            contact = existing[item.id]
            if item.delete:
                changes[label] = [f"{contact.relation} {mask_phone(contact.phone)}", "（已移除）"]
                contact.delete()
                continue
            before = (contact.name, contact.relation, contact.phone, contact.is_primary)
            contact.name, contact.relation, contact.phone, contact.is_primary = item.name, item.relation, item.phone, item.is_primary
            if before != (contact.name, contact.relation, contact.phone, contact.is_primary):
                contact.full_clean()
                contact.save()
                changes[label] = [f"{before[1]} {mask_phone(before[2])}", f"{contact.relation} {mask_phone(contact.phone)}"]
        elif not item.delete and item.name:
            contact = EmergencyContact(person=person, name=item.name, relation=item.relation, phone=item.phone, is_primary=item.is_primary)
            contact.full_clean()
            contact.save()
            changes[label] = ["", f"{contact.relation} {mask_phone(contact.phone)}"]
    return changes


def _apply_tags(person: Person, hobbies, needs) -> dict[str, list[str]]:
    changes = {}
    for field, new in (("hobbies", hobbies), ("service_needs", needs)):
        if new is None:
            continue
        manager = getattr(person, field)
        old = sorted(t.name for t in manager.all())
        manager.set(new)
        new_names = sorted(t.name for t in new)
        if old != new_names:
            changes[field] = ["、".join(old), "、".join(new_names)]
    return changes


@transaction.atomic
def person_create(*, actor, institution, data: dict[str, Any], id_number: str = "", hobbies=None, service_needs=None, contacts: list[ContactData] | None = None) -> Person:
    person = Person(institution=institution, **data)
    _check_places(actor, person, {"unit": None, "grid": None})
    _set_identity(person, id_number)
    _save_validated(person)
    _apply_tags(person, hobbies, service_needs)
    _apply_contacts(person, contacts or [])
    ensure_within(actor, ROSTER_EDIT, person)  # a care officer creates only within their own units
    audit(actor=actor, action="create", obj=person, changes={"version": person.version})
    return person


def person_update(
    *, actor, person_id: int, expected_version: int, data: dict[str, Any], id_number: str | None = None,
    hobbies=None, service_needs=None, contacts: list[ContactData] | None = None,
) -> Person:
    """Save an edit made on version `expected_version`; refuse it if the record moved on.

    The refusal is audited in a transaction of its own, since the edit's is rolled back.
    """
    try:
        return _person_update(actor=actor, person_id=person_id, expected_version=expected_version, data=data,
                              id_number=id_number, hobbies=hobbies, service_needs=service_needs, contacts=contacts)
    except StaleEditError as stale:
        with transaction.atomic():
            audit(actor=actor, action="stale_edit", obj=stale.person, result=AuditEntry.Result.DENIED,
                  note=f"基于第{expected_version}版的修改被拒绝，当前为第{stale.current_version}版")
        raise


@transaction.atomic
def _person_update(*, actor, person_id, expected_version, data, id_number, hobbies, service_needs, contacts) -> Person:
    person = get_for_change(Person.objects.select_for_update(), actor, ROSTER_EDIT, pk=person_id)
    if person.version != expected_version:
        changes = list(
            AuditEntry.objects.filter(
                object_type=Person._meta.label_lower, object_id=str(person.pk),
                action__in=["update", "archive"], changes__version__gt=expected_version,
            ).order_by("at", "id")
        )
        raise StaleEditError(person, changes)
    if person.is_archived:
        raise ValidationError("该同志的档案已归档，不能再修改。")
    before = _snapshot(person)
    for key, value in data.items():
        setattr(person, key, value)
    _check_places(actor, person, before)
    if id_number is not None and (not person.id_number_encrypted or idcard.normalize(id_number) != person.id_number):
        _set_identity(person, id_number)
    elif person.id_number_encrypted:
        problems = idcard.disagreements(idcard.parse(person.id_number), person.birth_date, person.gender)
        if problems:
            raise ValidationError(problems)
    changes = _diff(before, _snapshot(person), person)
    changes |= _apply_tags(person, hobbies, service_needs)
    changes |= _apply_contacts(person, contacts or [])
    if not changes:
        return person
    person.version += 1  # the row is locked (select_for_update) until commit
    _save_validated(person)
    ensure_within(actor, ROSTER_EDIT, person)
    audit(actor=actor, action="update", obj=person, changes={"version": person.version, "fields": changes})
    return person


# What other modules do when a person is archived or the archiving undone, inside the same
# transaction: (actor, person, effective date or None) → None. The party module ends (and reopens)
# the person's membership; the roster names none of them.
_ON_ARCHIVE: list = []
_ON_RESTORE: list = []


def on_person_archived(hook):
    _ON_ARCHIVE.append(hook)
    return hook


def on_person_restored(hook):
    _ON_RESTORE.append(hook)
    return hook


@transaction.atomic
def person_archive(*, actor, person_id: int, status: str, effective_date: date, reason: str, place: str = "") -> Person:
    """A death (with its date and place) or a move archives the record; nothing is deleted. The modules
    listening (on_person_archived) act in the same transaction: pensions stop, open requests close …"""
    person = get_for_change(Person.objects.select_for_update(), actor, ROSTER_ARCHIVE, pk=person_id)
    if person.is_archived:
        raise ValidationError("该同志的档案已经归档。")
    if status not in {Person.Status.DECEASED, Person.Status.MOVED}:
        raise ValidationError({"status": "请选择归档原因：去世或迁出。"})
    if effective_date > timezone.localdate():
        raise ValidationError({"effective_date": "日期不能晚于今天。"})
    if person.birth_date and effective_date < person.birth_date:
        raise ValidationError({"effective_date": "日期不能早于出生日期。"})
    before_status = person.get_status_display()
    person.status = status
    if status == Person.Status.DECEASED:
        person.death_date = effective_date
        person.death_place = (place or "").strip()[:100]
    person.archived_at = timezone.now()
    person.archived_by = account_of(actor)
    person.archive_reason = reason or ("去世" if status == Person.Status.DECEASED else "迁出")
    person.version += 1
    person.save()
    audit(
        actor=actor, action="archive", obj=person,
        changes={"version": person.version, "fields": {"status": [before_status, person.get_status_display()], "date": ["", effective_date.isoformat()]}},
        note=person.archive_reason,
    )
    for hook in _ON_ARCHIVE:
        hook(actor, person, effective_date)
    return person


@transaction.atomic
def person_restore(*, actor, person_id: int, reason: str) -> Person:
    """Undo an archiving made by mistake: the person is on the roster again; the reason is audited."""
    person = get_for_change(Person.objects.select_for_update(), actor, ROSTER_RESTORE, pk=person_id)
    if not person.is_archived:
        raise ValidationError("该同志的档案没有归档，无需撤销。")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请填写撤销归档的原因。"})
    before = person.get_status_display()
    archived = f"{before}（{person.death_date.isoformat()}）" if person.death_date else before
    person.status, person.death_date, person.death_place = Person.Status.ACTIVE, None, ""
    person.archived_at, person.archived_by, person.archive_reason = None, None, ""
    person.version += 1
    person.save()
    audit(actor=actor, action="restore", obj=person, note=reason,
          changes={"version": person.version, "fields": {"status": [archived, person.get_status_display()]}})
    for hook in _ON_RESTORE:
        hook(actor, person, None)
    return person


# Facts about a person that another module keeps from its own records (care's hospital register
# keeps "hospitalized", the health module's contracts "family_doctor"): changed here, audited as an update.
CARE_FACTS = frozenset({"hospitalized", "family_doctor"})


def person_set_fact(*, actor, person_id: int, name: str, value: bool, note: str) -> Person:
    """Set one of CARE_FACTS on a person, inside the caller's transaction (the caller checked its own right)."""
    if name not in CARE_FACTS:
        raise ValueError(f"{name} is not a fact other modules keep")
    person = Person.objects.select_for_update().get(pk=person_id)
    if getattr(person, name) == value:
        return person
    before = getattr(person, name)
    setattr(person, name, value)
    person.version += 1
    person.save(update_fields=[name, "version", "updated_at"])
    audit(actor=actor, action="update", obj=person, note=note,
          changes={"version": person.version, "fields": {name: [audit_value(name, before), audit_value(name, value)]}})
    return person


@transaction.atomic
def person_reveal_id_number(*, actor, person_id: int) -> str:
    """The full ID number, for a user who holds the right over this person; every reveal is logged."""
    person = get_for_change(Person.objects.all(), actor, ROSTER_UNMASK, pk=person_id)
    audit(actor=actor, action="unmask", obj=person, note="查看完整身份证号")
    return person.id_number


# ---- many people at once: an import, the demo -------------------------------------------

# A bulk create of at least this many people into a table holding no more builds the plain indexes
# after the insert instead of during it (core.db.plain_indexes_built_after).
BULK_INDEX_REBUILD_FROM = 10_000
_DERIVED = frozenset({"name_pinyin", "name_initials", *IDENTITY_COLUMNS, "created_at", "updated_at", "id", "version"})


@dataclass(frozen=True)
class PreparedPeople:
    """New people as people_bulk_create() writes them: driver-ready columns, given and derived (prepare_people)."""

    columns: dict[str, list]

    def __len__(self) -> int:
        return len(self.columns["name"])


def prepare_people(values: dict[str, list], *, lookup_hashes: dict[str, str] | None = None) -> PreparedPeople:
    """What people_bulk_create() writes of new people given by `values` (see there), derived as for one
    person: the name by the one name rule, its pinyin keys, the ID number's encrypted, hashed and masked
    columns, and the birth date and gender the number encodes.

    No database: an import prepares one part of its sheet on its reading thread while the part before
    is being written. `lookup_hashes`: see identity_columns()."""
    if set(values) & _DERIVED or "institution" in values:
        raise ValueError(f"people_bulk_create() derives these itself: {sorted(set(values) & (_DERIVED | {'institution'}))}")
    count = len(values["name"])
    cards = values.get("id_number") or [None] * count
    names = list(map(clean_name, values["name"]))
    pinyin, initials = zip(*map(name_keys, names), strict=True) if count else ((), ())
    columns: dict[str, list] = {"name": names, "name_pinyin": list(pinyin), "name_initials": list(initials)}
    columns |= identity_columns(cards, lookup_hashes)
    columns["birth_date"] = [card.birth_date if card else given
                             for card, given in zip(cards, values.get("birth_date") or [None] * count, strict=True)]
    columns["gender"] = [card.gender if card else given
                         for card, given in zip(cards, values.get("gender") or [""] * count, strict=True)]
    for name, given in values.items():
        if name in columns or name == "id_number":
            continue
        model_field = Person._meta.get_field(name)
        if model_field.is_relation:
            columns[model_field.attname] = [obj.pk if obj is not None else None for obj in given]
        elif not model_field.null:  # a blank value gets the field's default (民族 汉族, 职级 无, "" for text)
            default = model_field.get_default()
            columns[name] = [default if value is None or value == "" else value for value in given]
        else:
            columns[name] = given
    return PreparedPeople({name: db_values(Person, name, column) for name, column in columns.items()})


def people_bulk_create(*, actor, institution, values: dict[str, list] | None = None,
                       batches: Iterable[PreparedPeople] | None = None, expected: int = 0, source: str, progress=None,
                       batch: int = 5000, return_keys: bool = True) -> list[int]:
    """Create many people in one pass, an audit entry each; returns their keys in the order given
    (an import, which needs none, asks for none: `return_keys=False`).

    `values` maps Person fields to one value per new person, validated by the caller (an
    import checks every cell first); "id_number" holds each one's parsed idcard.IdCard or
    None; foreign keys are objects or None. They are prepared here (prepare_people), `batch`
    people at a time. Or `batches` yields people prepared already, batch after batch, made
    while the ones before are written (an import reads and checks the rest of its sheet
    meanwhile): making one must not query, as a COPY may hold the connection. `expected`:
    how many people in all, as far as the caller can tell. Units and grids must lie within
    `institution`. Runs inside the caller's transaction (one is opened if none is).
    """
    if actor is not SYSTEM:
        require(actor, ROSTER_IMPORT, institution)
    if (values is None) == (batches is None):
        raise TypeError("people_bulk_create() takes values or batches")
    if values is not None:
        expected = len(values["name"])
        batches = (prepare_people({name: column[start:start + batch] for name, column in values.items()})
                   for start in range(0, expected, batch))
    places = _Places(institution)

    def checked(people: PreparedPeople) -> PreparedPeople:  # an id from a caller is never trusted
        places.check([*people.columns.get("unit_id", ()), *people.columns.get("grid_id", ())])
        return people

    now = timezone.now()  # every row's created_at: with the institution, it names this insert's rows
    stamp = db_values(Person, "created_at", [now])[0]
    mine = {"institution_id": institution.pk, "created_at": now}
    audited = {"actor": actor, "model": Person, "where": mine, "repr_column": "name", "note": source,
               "scope_path": institution.path, "changes": {"version": 1}}
    created: list[int] = []

    def postgresql() -> None:
        # A COPY a batch: the server checks and indexes one batch's rows as they come, then checks their
        # foreign keys and writes their audit entries while the caller makes the next batch. The keys a
        # COPY draws lie above the highest one before it; with the institution and the insert's own
        # timestamp they name its rows (another session may draw keys in between).
        def top() -> int:
            return Person.objects.aggregate(top=Max("id"))["top"] or 0

        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # checked as each COPY ends, not all at commit
            for people in map(checked, batches):
                if not len(people):
                    continue
                lowest = top() + 1
                # No progress report from inside: a report is a query (the job's progress row), which
                # would wait for the COPY, which waits for it.
                bulk_insert(Person, ["institution_id", *people.columns, "created_at", "updated_at"],
                            zip(repeat(institution.pk), *people.columns.values(), repeat(stamp), repeat(stamp)), prepared=True)
                keys = (lowest, top())
                audit_created(keys=keys, **audited)
                if return_keys:
                    created.extend(Person.objects.filter(id__range=keys, **mine).order_by("id").values_list("id", flat=True))
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def sqlite() -> None:
        # One process does both: a batch's keys reserved under the write lock, its rows inserted with
        # them, and its audit entries, batch by batch; a first roster (more people than the table
        # holds) builds the plain indexes once at the end.
        large = expected >= BULK_INDEX_REBUILD_FROM and expected >= Person.objects.count()
        with plain_indexes_built_after(Person, when=large):
            for people in map(checked, batches):
                if not len(people):
                    continue
                ids = reserve_ids(Person, len(people))
                bulk_insert(Person, ["id", "institution_id", *people.columns, "created_at", "updated_at"],
                            zip(ids, repeat(institution.pk), *people.columns.values(), repeat(stamp), repeat(stamp)),
                            prepared=True)
                audit_created(keys=(ids[0], ids[-1]), **audited)
                created.extend(ids)
                if progress:
                    progress(len(created), max(expected, len(created)))

    with transaction.atomic():
        postgresql() if connection.vendor == "postgresql" else sqlite()
        if progress:
            progress(1, 1)
        refresh_person_statistics()
    return created


def refresh_person_statistics() -> None:
    """The planner's statistics after a bulk write. SQLite has no autovacuum and ANALYZE is cheap:
    now. PostgreSQL: by the worker once this commits (autovacuum would, a minute later)."""
    if connection.vendor == "sqlite":
        refresh_statistics(Person._meta.db_table)
    else:
        from .tasks import refresh_person_statistics_task

        refresh_person_statistics_task.enqueue()


class _Places:
    """The units and grids of `institution`, read once: the places a bulk write may name.

    An id from a caller is never trusted; read ahead because a COPY in progress holds the
    connection for the whole of a streamed write."""

    def __init__(self, institution):
        self.ids = frozenset(OrgUnit.objects.filter(path__startswith=institution.path).values_list("pk", flat=True))

    def check(self, ids: Iterable[int | None]) -> None:
        if not set(ids) - {None} <= self.ids:
            raise PermissionDenied("所选单位或网格不属于本校。")


def people_bulk_update(*, actor, institution, changes: dict[int, dict[str, Any]], source: str) -> int:
    """Apply `changes` (person key → field → new value) to people of `institution`, an audit entry each.

    The old values are read here, not taken from the caller; an archived person (去世, 迁出)
    is refused, as the edit form refuses it. Returns how many people changed.
    """
    if not changes:
        return 0
    if actor is not SYSTEM:
        require(actor, ROSTER_IMPORT, institution)
    touched = {name for values in changes.values() for name in values}
    if touched & (_DERIVED | {"institution", "id_number"}):
        raise ValueError(f"people_bulk_update() does not set derived columns: {sorted(touched & _DERIVED)}")
    now = timezone.now()
    with transaction.atomic():
        people = Person.objects.select_for_update().filter(institution=institution).in_bulk(list(changes))
        if len(people) != len(changes):
            raise PermissionDenied("要修改的人员不在本校名册中。")
        archived = [p.name for p in people.values() if p.is_archived]
        if archived:
            raise ValidationError(f"{'、'.join(archived[:5])}的档案已归档，不能再修改。")
        fields: set[str] = set()
        entries = []
        for pk, new_values in changes.items():
            person = people[pk]
            diff = {}
            for name, new in new_values.items():
                model_field = Person._meta.get_field(name)
                if model_field.is_relation:  # compared by key: no query per person
                    old = getattr(person, model_field.attname)
                    changed = old != (new.pk if new is not None else None)
                else:
                    old = getattr(person, name)
                    changed = old != new
                if changed:
                    diff[name] = [audit_value(name, old), audit_value(name, new)]
                    setattr(person, name, new)
            if not diff:
                continue
            if "name" in diff:
                person.name = clean_name(person.name)
                person.name_pinyin, person.name_initials = name_keys(person.name)
                fields.update(("name_pinyin", "name_initials"))
            person.version += 1
            person.updated_at = now
            fields.update(diff)
            entries.append((person, {"version": person.version, "fields": diff}))
        _Places(institution).check([*(p.unit_id for p, _ in entries), *(p.grid_id for p, _ in entries)])
        Person.objects.bulk_update([p for p, _ in entries], [*fields, "version", "updated_at"], batch_size=1000)
        audit_many(actor=actor, action="update", note=source, scope_path=institution.path, entries=entries)
    return len(entries)
