"""Writing the audit log. Every service calls `audit()` inside its transaction."""
from typing import Any

from django.db import models

from yinling.lib.mask import mask_numbers_in

from .audit_chain import seal_after_commit
from .context import current_ip
from .models import AuditEntry
from .plugins import audit_labels

# The actions every part of the platform writes; each app labels its own in its hooks.py.
audit_labels({
    "view": "查看详情",
    "create": "新增",
    "update": "修改",
    "archive": "归档",
    "stale_edit": "拒绝过期修改",
    "export": "导出",
    "purge": "清理过期日志",
    "demo_load": "载入演示数据",
})


SYSTEM_NAME = "系统"  # how the log names commands, the demo loader and the imports they run


def apply_changes(record: models.Model, data: dict[str, Any]) -> dict[str, list[str]]:
    """Set `data` on `record`; return what changed, field → [before, after], as the audit log keeps it."""
    changes = {}
    for name, value in data.items():
        old = getattr(record, name)
        if old != value:
            changes[name] = [str(old if old is not None else ""), str(value if value is not None else "")]
            setattr(record, name, value)
    return changes


def _actor(actor) -> tuple[Any, str]:
    """(the user to record, or None, and the name to show): commands and imports run as 系统."""
    if actor is not None and getattr(actor, "is_authenticated", False):
        return actor, actor.display_name_or_username
    return None, ""


def audit(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    result: str = AuditEntry.Result.OK,
    changes: dict[str, Any] | None = None,
    note: str = "",
    scope_path: str = "",
    actor_name: str = "",
) -> AuditEntry:
    object_type = object_id = object_repr = ""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        object_repr = str(obj)[:200]
        if not scope_path:
            scope_path = getattr(obj, "audit_scope_path", "") or ""
    actor, default_name = _actor(actor)
    if actor is not None and not scope_path:
        scope_path = actor.primary_scope_path()
    seal_after_commit()
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=mask_numbers_in(actor_name or default_name or SYSTEM_NAME)[:150],  # a user name typed at login may be an ID number
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        result=result,
        ip=current_ip.get(),
        changes=changes or {},
        note=mask_numbers_in(note)[:500],
        scope_path=scope_path,
    )


def audit_created(*, actor, model: type[models.Model], keys: tuple[int, int], where: dict[str, Any], repr_column: str,
                  note: str = "", scope_path: str = "", changes: dict[str, Any] | None = None) -> None:
    """One "create" entry for each row of `model` with a key in `keys` (lowest, highest) matching
    `where` (column → value): rows a bulk insert has just written (people_bulk_create: the keys
    it drew, its institution and its own timestamp; another session's rows in between are not
    its own and do not match).

    The entries are made by the database from the rows themselves (INSERT … SELECT), in key
    order, so an import of 100,000 people hands no audit row through Python.
    """
    from django.db import connection

    user, name = _actor(actor)
    fields = {f.attname: f for f in AuditEntry._meta.concrete_fields}
    constants = {
        "at": _database_now(connection),  # the database's clock, read once for the whole batch
        "actor_id": user.pk if user else None, "actor_name": (name or SYSTEM_NAME)[:150],
        "action": "create", "object_type": model._meta.label_lower, "result": AuditEntry.Result.OK.value,
        "ip": current_ip.get(), "changes": changes or {}, "note": mask_numbers_in(note)[:500],
        "scope_path": scope_path,
    }
    values = [fields[key].get_db_prep_save(value, connection) for key, value in constants.items()]
    quote = connection.ops.quote_name
    target = ", ".join(quote(fields[key].column) for key in [*constants, "object_id", "object_repr"])
    columns = {f.attname: f for f in model._meta.concrete_fields}
    pk = quote(model._meta.pk.column)
    which = " AND ".join([f"{pk} BETWEEN %s AND %s", *(f"{quote(columns[key].column)} = %s" for key in where)])
    params = [*keys, *(columns[key].get_db_prep_save(value, connection) for key, value in where.items())]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(AuditEntry._meta.db_table)} ({target}) "
            f"SELECT {', '.join(['%s'] * len(values))}, CAST({pk} AS TEXT), {quote(repr_column)} "
            f"FROM {quote(model._meta.db_table)} WHERE {which} ORDER BY {pk}",
            [*values, *params],
        )


def _database_now(connection):
    """The database's current time, as the audit log's `at` default gives it (models.AuditEntry)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT now()" if connection.vendor == "postgresql" else "SELECT STRFTIME('%Y-%m-%d %H:%M:%f', 'NOW')")
        value = cursor.fetchone()[0]
    return connection.ops.convert_datetimefield_value(value, None, connection) if isinstance(value, str) else value


def audit_many(*, actor, action: str, entries: list[tuple[models.Model, dict[str, Any]]], note: str = "",
               scope_path: str = "") -> None:
    """One entry per (object, changes), written in one statement: the people an import changed."""
    user, name = _actor(actor)
    ip = current_ip.get()
    AuditEntry.objects.bulk_create([
        AuditEntry(actor=user, actor_name=(name or SYSTEM_NAME)[:150], action=action, object_type=obj._meta.label_lower,
                   object_id=str(obj.pk), object_repr=str(obj)[:200], ip=ip, changes=changes, note=mask_numbers_in(note)[:500],
                   scope_path=scope_path)
        for obj, changes in entries
    ], batch_size=1000)
