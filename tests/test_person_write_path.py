"""One write path for people: the form, the import and the demo derive the same columns through roster's services."""
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Value

from tests.conftest import make_id
from tests.spreadsheets import write_xlsx
from yinling.core import crypto
from yinling.core.access import SYSTEM
from yinling.core.models import AuditEntry
from yinling.lib import idcard
from yinling.roster import fields, services
from yinling.roster.models import Person, Tag
from yinling.transfer import roster_export
from yinling.transfer.reader import read_sheet
from yinling.transfer.roster_import import import_roster

BIRTH = date(1948, 5, 17)


def _derived(person: Person) -> tuple:
    return (person.name, person.name_pinyin, person.name_initials, person.gender, person.birth_date,
            person.id_birth_date, person.id_number_tail, person.id_number_masked, person.id_number_hash, person.id_number)


def test_form_import_and_bulk_service_keep_a_person_the_same_way(world, tmp_path):
    """A name padded for alignment, an ID number: three doors, one record shape."""
    by_form = services.person_create(actor=world.users["office_staff"], institution=world.uni_a, id_number=make_id(BIRTH, "F", serial=1),
                                     data={"name": "王  芳", "category": Person.Category.TUIXIU, "unit": world.lit, "gender": ""})
    path = write_xlsx(tmp_path / "one.xlsx", [["姓名", "身份证号"], ["王 芳", make_id(BIRTH, "F", serial=2)]])
    report = import_roster(actor=world.users["office_staff"], institution=world.uni_a, sheet=read_sheet(path), source="导入")
    assert report.imported and report.created == 1
    by_import = Person.objects.get(id_number_hash=crypto.lookup_hash(make_id(BIRTH, "F", serial=2)))
    [pk] = services.people_bulk_create(actor=SYSTEM, institution=world.uni_a, source="批量", values={
        "name": ["王\u3000芳"], "id_number": [idcard.parse(make_id(BIRTH, "F", serial=3))], "category": ["tuixiu"]})
    by_bulk = Person.objects.get(pk=pk)

    for person in (by_form, by_import, by_bulk):
        name, pinyin, initials, gender, birth, id_birth, tail, masked, digest, number = _derived(person)
        assert (name, pinyin, initials, gender, birth, id_birth) == ("王芳", "wang0fang", "wf", "F", BIRTH, BIRTH)
        assert tail == number[-4:] and digest == crypto.lookup_hash(number) and masked == "*" * 14 + tail
    assert AuditEntry.objects.filter(action="create", object_id=str(pk), note="批量").exists()


def test_the_bulk_service_checks_the_actor_and_the_units_itself(world):
    values = {"name": ["钱多多"], "id_number": [idcard.parse(make_id(BIRTH, serial=4))], "category": ["tuixiu"]}
    with pytest.raises(PermissionDenied):  # a liaison may not import into the roster
        services.people_bulk_create(actor=world.users["liaison"], institution=world.uni_a, values=values, source="x")
    with pytest.raises(PermissionDenied):  # staff of the other university neither
        services.people_bulk_create(actor=world.users["staff_b"], institution=world.uni_a, values=values, source="x")
    sci_b = world.other_person.unit
    with pytest.raises(PermissionDenied):  # a unit of another university, by id, is not trusted
        services.people_bulk_create(actor=world.users["office_staff"], institution=world.uni_a,
                                    values=values | {"unit": [sci_b]}, source="x")
    assert not Person.objects.filter(name="钱多多").exists()


def test_the_bulk_update_reads_old_values_itself_and_leaves_archived_people_alone(world):
    staff = world.users["office_staff"]
    person = world.lit_person
    assert services.people_bulk_update(actor=staff, institution=world.uni_a, source="导入",
                                       changes={person.pk: {"title": "教授", "unit": world.med}}) == 1
    person.refresh_from_db()
    assert (person.title, person.unit_id, person.version) == ("教授", world.med.pk, 2)
    entry = AuditEntry.objects.filter(action="update", object_id=str(person.pk)).latest("id")
    assert entry.changes["fields"]["unit"] == ["文学院", "医学院"]

    with pytest.raises(PermissionDenied):  # a person of another university, by id
        services.people_bulk_update(actor=staff, institution=world.uni_a, source="x",
                                    changes={world.other_person.pk: {"title": "教授"}})
    services.person_archive(actor=staff, person_id=world.med_person.pk, status=Person.Status.MOVED,
                            effective_date=date(2026, 1, 1), reason="")
    with pytest.raises(ValidationError):
        services.people_bulk_update(actor=staff, institution=world.uni_a, source="x",
                                    changes={world.med_person.pk: {"title": "教授"}})
    world.med_person.refresh_from_db()
    assert world.med_person.title == ""


def test_an_exported_roster_imports_back_unchanged(world, tmp_path):
    """The export's headers are the import's: a full, unmasked export read back changes nothing."""
    columns = roster_export.COLUMNS
    rows = (Person.objects.filter(institution=world.uni_a)
            .annotate(**{roster_export.UNMASK_ROW: Value(True), roster_export.FULL_PHONE_ROW: Value(True)})
            .values_list(*roster_export.sources_for(columns, True)))
    path = tmp_path / "export.xlsx"
    roster_export.write_xlsx(path, columns=columns, rows=rows, unmask=True, today=date(2026, 11, 29))
    report = import_roster(actor=SYSTEM, institution=world.uni_a, sheet=read_sheet(path), source="回导")
    assert report.imported and not report.errors, report.as_dict()
    assert (report.created, report.updated, report.unchanged) == (0, 0, 2)


def test_every_field_of_the_table_is_on_the_edit_page_in_its_section(world, as_role):
    Tag.objects.create(kind=Tag.Kind.HOBBY, name="书法")
    Tag.objects.create(kind=Tag.Kind.NEED, name="助餐")
    page = as_role("office_staff").get(f"/roster/{world.lit_person.pk}/edit/").content.decode()
    for legend, names in fields.form_sections():
        assert f">{legend}</legend>" in page
        for name in names:
            assert f'name="{name}"' in page, name


def test_a_large_first_roster_builds_the_plain_indexes_after_and_keeps_them(world, monkeypatch):
    """A bulk create into a table it more than doubles drops the plain indexes and builds them again
    in the same transaction (SQLite); afterwards the table has every index it had, and a failed
    insert leaves them in place too."""
    from django.db import IntegrityError, connection, transaction

    def indexes():
        if connection.vendor != "sqlite":
            return set()
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'roster_person'")
            return {row[0] for row in cursor.fetchall()}

    before = indexes()
    monkeypatch.setattr(services, "BULK_INDEX_REBUILD_FROM", 5)
    cards = [idcard.parse(idcard.make("320611", date(1950, 1, 1 + i), 11)) for i in range(8)]
    values = {"name": [f"批量{i}" for i in range(8)], "id_number": cards, "category": ["tuixiu"] * 8}
    services.people_bulk_create(actor=SYSTEM, institution=world.uni_a, values=values, source="测试")
    assert indexes() == before and Person.objects.filter(name__startswith="批量").count() == 8
    more = cards + [idcard.parse(idcard.make("320611", date(1951, 1, 1 + i), 11)) for i in range(4)]
    with pytest.raises(IntegrityError):  # eight numbers again: the unique index refuses, the rollback restores all
        with transaction.atomic():
            services.people_bulk_create(actor=SYSTEM, institution=world.uni_a, source="测试",
                                        values={"name": [f"重复{i}" for i in range(12)], "id_number": more, "category": ["tuixiu"] * 12})
    assert indexes() == before and not Person.objects.filter(name__startswith="重复").exists()
