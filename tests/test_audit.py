"""The audit log: append-only, kept at least 180 days, readable by the auditor."""
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from yinling.core.audit import audit
from yinling.core.audit_chain import seal_pending, verify
from yinling.core.models import AuditEntry


def _insert_old_row(days_ago: int, note: str) -> None:
    """Rows cannot be back-dated through the model, so tests write the past by SQL."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (at, actor_name, action, object_type, object_id, object_repr, result, changes, note, scope_path)"
            " VALUES (%s, 'old', 'login', '', '', '', 'ok', %s, %s, '')",
            [timezone.now() - timedelta(days=days_ago), "{}", note],
        )


def test_it_refuses_to_change_or_delete_a_row_through_the_app(world):
    entry = audit(actor=world.users["office_staff"], action="login")
    entry.note = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        AuditEntry.objects.filter(pk=entry.pk).update(note="changed")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_it_refuses_update_and_early_delete_in_the_database_itself(world):
    entry = audit(actor=world.users["office_staff"], action="login")
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    statements = [f"UPDATE {table} SET note = 'x' WHERE id = %s"]
    if connection.vendor == "postgresql":  # SQLite: a deletion is found by the chain (test_audit_verify_…)
        statements.append(f"DELETE FROM {table} WHERE id = %s")
    for sql in statements:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditEntry.objects.filter(pk=entry.pk, note="").exists()


def test_it_records_time_actor_source_address_and_masked_changes(world, as_role):
    client = as_role("office_staff")
    person = world.med_person
    data = {"phone": "13600001111"}
    from tests.test_roster_edit import edit_form_data

    client.post(f"/roster/{person.pk}/edit/", edit_form_data(person, **data), REMOTE_ADDR="127.0.0.5")
    entry = AuditEntry.objects.get(action="update", object_id=str(person.pk))
    assert entry.actor == world.users["office_staff"] and entry.ip == "127.0.0.5"
    assert entry.at.tzinfo is not None
    assert entry.changes["fields"]["phone"] == ["139****0001", "136****1111"]
    assert "13600001111" not in str(entry.changes)


def test_it_will_not_purge_below_180_days(db):
    with pytest.raises(CommandError, match="至少保存180天"):
        call_command("audit_purge", days=90)


def test_it_purges_only_rows_older_than_the_retention(db):
    _insert_old_row(400, "very old")
    _insert_old_row(200, "kept at 365")
    audit(actor=None, action="login", actor_name="new")
    call_command("audit_purge", days=365)
    notes = set(AuditEntry.objects.values_list("note", flat=True))
    assert "very old" not in notes and "kept at 365" in notes
    assert AuditEntry.objects.filter(action="purge").exists()


def test_it_lets_the_auditor_filter_the_log(world, as_role):
    audit(actor=world.users["office_staff"], action="unmask", obj=world.med_person)
    client = as_role("auditor")
    page = client.get("/audit/", {"action": "unmask"}).content.decode()
    assert "查看完整证件号" in page and "张建中" in page
    assert "李秀兰" not in page  # her creation row is filtered out


def test_it_pages_the_log_newest_first_and_counts_it_exactly_when_small(world, as_role):
    for n in range(55):
        audit(actor=world.users["office_staff"], action="view", obj=world.med_person, note=f"第{n}次")
    client = as_role("auditor")
    first = client.get("/audit/", {"action": "view"})
    assert "共 55 条" in first.content.decode()
    assert first.context["page"].object_list[0].note == "第54次"
    second = client.get("/audit/", {"action": "view", "page": 2})
    assert [e.note for e in second.context["page"].object_list] == ["第4次", "第3次", "第2次", "第1次", "第0次"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the planner's estimate is PostgreSQL's")
def test_a_huge_log_is_not_counted_row_by_row(world, as_role, monkeypatch):
    from yinling.core import pagination

    monkeypatch.setattr(pagination, "ESTIMATE_ABOVE", 0)
    assert "共约" in as_role("auditor").get("/audit/").content.decode()


def test_it_hides_the_log_from_roles_without_the_right(as_role):
    for role in ("office_staff", "unit_officer", "liaison", "volunteer"):
        assert as_role(role).get("/audit/").status_code == 403


def test_bulk_create_entries_name_each_person_the_insert_wrote(world):
    from yinling.core.access import SYSTEM
    from yinling.lib import idcard
    from yinling.roster import services

    ids = services.people_bulk_create(actor=SYSTEM, institution=world.uni_a, source="导入", values={
        "name": ["甲一", "乙二"], "category": ["tuixiu", "tuixiu"],
        "id_number": [idcard.parse(idcard.make("320611", timezone.datetime(1950, 1, 1).date(), n)) for n in (3, 5)]})
    entries = AuditEntry.objects.filter(action="create", note="导入").order_by("id")
    assert [(e.object_id, e.object_repr) for e in entries] == [(str(ids[0]), "甲一"), (str(ids[1]), "乙二")]


def _tamper(sql: str, params: list) -> None:
    """What someone with the database but not the application's key would do: past the triggers."""
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER core_auditentry_no_update")
        cursor.execute(sql.format(table=table), params)


def _sealed_log(world) -> None:
    seal_pending()  # what the world fixture wrote
    for n in range(5):
        audit(actor=world.users["office_staff"], action="login", note=f"第{n}次")
    assert seal_pending() == 5 and verify() is None


@pytest.mark.parametrize("sql, params, where, reason", [
    ("UPDATE {table} SET note = %s WHERE seq = 3", ["改过"], 3, "被修改"),
    ("UPDATE {table} SET at = %s WHERE seq = 2", [timezone.now() - timedelta(days=3)], 2, "被修改"),
    ("DELETE FROM {table} WHERE seq = 4", [], 4, "被删除"),
    ("DELETE FROM {table} WHERE seq = 1", [], 1, "被删除"),
])
def test_audit_verify_reports_the_first_broken_link(world, capsys, sql, params, where, reason):
    _sealed_log(world)
    _tamper(sql, params)
    broken = verify()
    assert broken.seq == where and reason in broken.reason
    with pytest.raises(SystemExit) as exit_code:
        call_command("audit_verify")
    assert exit_code.value.code == 1 and reason in capsys.readouterr().out


def test_an_entry_written_later_with_an_old_date_is_reported(world):
    _sealed_log(world)
    _insert_old_row(1000, "补写的")  # sealed like any new row, but its time is years before the one sealed before it
    seal_pending()
    broken = verify()
    assert broken is not None and "事后补写" in broken.reason


def test_a_purge_leaves_a_chain_that_still_verifies(db):
    _insert_old_row(400, "very old")
    _insert_old_row(390, "also old")
    for n in range(3):
        audit(actor=None, action="login", actor_name=f"user{n}")
    assert seal_pending() == 5 and verify() is None
    call_command("audit_purge", days=365)
    seal_pending()
    assert not AuditEntry.objects.filter(note="very old").exists() and verify() is None


def test_entry_times_come_from_the_database_not_the_caller(world, monkeypatch):
    from datetime import UTC, datetime

    monkeypatch.setattr(timezone, "now", lambda: datetime(2020, 1, 1, tzinfo=UTC))
    entry = audit(actor=world.users["office_staff"], action="login")
    entry.refresh_from_db()
    assert entry.at.year >= 2026


@pytest.mark.skipif(connection.vendor != "postgresql", reason="database roles are PostgreSQL's")
def test_the_application_role_may_only_read_and_append_the_audit_log(world):
    from yinling.core.management.commands.grant_app_role import grant_statements

    audit(actor=world.users["office_staff"], action="login")
    table = connection.ops.quote_name(AuditEntry._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE yinling_app_test NOLOGIN")
        for statement in grant_statements("yinling_app_test"):
            cursor.execute(statement)
        cursor.execute("SET ROLE yinling_app_test")
        try:
            for sql in (f"DELETE FROM {table}", f"TRUNCATE {table}", f"ALTER TABLE {table} DISABLE TRIGGER USER",
                        f"UPDATE {table} SET note = 'x'"):
                with pytest.raises(DatabaseError), transaction.atomic():
                    cursor.execute(sql)
            cursor.execute(f"INSERT INTO {table} (actor_name, action, object_type, object_id, object_repr, result, changes, note, scope_path)"
                           " VALUES ('app', 'login', '', '', '', 'ok', '{}', '', '')")
            assert seal_pending() >= 1 and verify() is None  # the seal is the one UPDATE the role may make
        finally:
            cursor.execute("RESET ROLE")


def test_the_log_says_which_filter_it_did_not_understand(world, as_role):
    audit(actor=None, action="purge", note="系统清理", scope_path=world.uni_a.path)
    page = as_role("auditor").get("/audit/", {"since": "去年", "action": "purge"}).content.decode()
    assert "有筛选条件未能识别" in page and "系统清理" in page
    assert "系统" in AuditEntry.objects.get(note="系统清理").actor_name  # the system actor, named in Chinese
