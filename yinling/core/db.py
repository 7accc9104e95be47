"""Database work below the ORM: bulk inserts for imports, and statistics for the planner."""
from functools import lru_cache
from operator import itemgetter

from django.db import connection


def refresh_statistics(*tables: str) -> None:
    """Refresh the planner's statistics after a bulk change (an import, the demo).

    SQLite has no autovacuum to do it: without statistics it walks the pinyin index
    of a whole university for a search that an index range answers in a millisecond.
    PostgreSQL's autovacuum catches up by itself, but not before the next page view.
    """
    # Outside a transaction, PostgreSQL also gets a VACUUM: it marks the freshly written pages
    # all-visible, so a deep page's index-only scan need not visit the table.
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"{'VACUUM (ANALYZE)' if vacuum else 'ANALYZE'} {connection.ops.quote_name(table)}")


def _adapter(connection, field):
    """How a value of `field` is handed to the database driver, decided once per column."""
    internal = field.get_internal_type()
    if internal == "DateField":
        return lru_cache(maxsize=65536)(connection.ops.adapt_datefield_value)
    if internal == "DateTimeField":
        return lru_cache(maxsize=16)(connection.ops.adapt_datetimefield_value)  # one timestamp per import
    if internal == "JSONField":
        return lambda value: field.get_db_prep_save(value, connection)
    return None


def bulk_insert(model, rows: list[dict], *, batch: int = 5000, prepared: frozenset = frozenset()) -> None:
    """INSERT rows (dicts of attname → value): executemany on SQLite, COPY on PostgreSQL.

    Below the ORM on purpose, for imports of 100,000 rows: no model instances, no save(),
    no validation, so callers validate every row first. Every concrete column is written,
    defaults included, so the statement is one shape. Columns named in `prepared` already
    hold driver-ready values.
    """
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    defaults = {f.attname: f.get_default() for f in fields}
    pick = itemgetter(*(f.attname for f in fields))
    adapters = [(i, adapt) for i, f in enumerate(fields)
                if f.attname not in prepared and (adapt := _adapter(connection, f)) is not None]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)

    def prepared_rows(chunk):
        for row in chunk:
            values = list(pick({**defaults, **row}))
            for i, adapt in adapters:
                if values[i] is not None:
                    values[i] = adapt(values[i])
            yield values

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path: one stream, no statement per row.
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                for values in prepared_rows(rows):
                    copy.write_row(values)
            return
        sql = f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * len(fields))})"
        for start in range(0, len(rows), batch):
            cursor.executemany(sql, list(prepared_rows(rows[start:start + batch])))
