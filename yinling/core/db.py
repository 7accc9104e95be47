"""Database work below the ORM for bulk imports: keys reserved ahead, large IN lists, lean INSERTs, planner statistics."""
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from functools import lru_cache
from itertools import islice

from django.db import connection
from django.db.models import NOT_PROVIDED
from django.db.models.expressions import RawSQL


def refresh_statistics(*tables: str, vacuum: bool = False) -> None:
    """Refresh the planner's statistics after a bulk change (an import, the demo).

    SQLite has no autovacuum to do it: without statistics it walks the pinyin index
    of a whole university for a search that an index range answers in a millisecond.
    PostgreSQL's autovacuum catches up by itself, but not before the next page view.
    ANALYZE reads a sample, so it costs the same after 100 rows as after 100,000.

    `vacuum` (PostgreSQL, outside a transaction) also marks the pages all-visible, as
    autovacuum does a little later, so deep pages' index-only scans need not visit the
    table; it reads the whole table, so imports leave it to autovacuum.
    """
    vacuum = vacuum and connection.vendor == "postgresql" and not connection.in_atomic_block
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


def _database_defaults(field) -> bool:
    """Whether the database fills `field` by itself when an INSERT leaves it out, as Python would."""
    if field.db_default is not NOT_PROVIDED:
        return True
    return field.null and not field.has_default()


def one_of(values: list[str]):
    """The right side of `field__in` for thousands of text values.

    PostgreSQL gets them as one array parameter (SELECT unnest(%s)) instead of one
    parameter each; SQLite, which has no arrays, gets the list as it is.
    """
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::text[])", [list(values)])
    return values


def reserve_ids(model, count: int) -> list[int]:
    """Primary keys for `count` rows that the caller inserts next, in the same transaction.

    Knowing the keys before the INSERT lets an import write its audit rows without
    reading the people back. PostgreSQL draws them from the table's sequence. On
    SQLite the transaction already holds the write lock (transaction_mode IMMEDIATE),
    so the keys after the highest one ever used are free until it commits.
    """
    if count <= 0:
        return []
    if not connection.in_atomic_block:
        raise RuntimeError("reserve_ids() must run inside the transaction that inserts the rows.")
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count])
            return [row[0] for row in cursor.fetchall()]
        cursor.execute(
            f"SELECT max(coalesce((SELECT seq FROM sqlite_sequence WHERE name = %s), 0), "
            f"coalesce((SELECT max({connection.ops.quote_name(pk)}) FROM {connection.ops.quote_name(table)}), 0))",
            [table],
        )
        first = cursor.fetchone()[0] + 1
    return list(range(first, first + count))


def db_values(model, attname: str, values: Iterable) -> list:
    """A column of Python values as the driver takes them for `model.attname` (dates on SQLite are text)."""
    adapt = _adapter(connection, model._meta.get_field(attname))
    if adapt is None:
        return list(values)
    return [None if value is None else adapt(value) for value in values]


def bulk_insert(model, columns: Sequence[str], rows: Iterable[Sequence], *, batch: int = 5000,
                prepared: frozenset | bool = frozenset()) -> None:
    """INSERT rows, each a sequence of values for `columns` (attnames, the pk allowed).

    Below the ORM on purpose, for imports of 100,000 rows: no model instances, no save(),
    no validation, so callers validate every row first. Columns the database defaults
    itself (db_default, or NULL) are left out of the statement; every other column is
    written with its Python default, prepared once. Dates, times and JSON are adapted
    for the driver unless their column is named in `prepared` (or `prepared` is True:
    the caller used db_values() for every column). executemany on SQLite, COPY on
    PostgreSQL.
    """
    by_name = {f.attname: f for f in model._meta.concrete_fields}
    given = [by_name[name] for name in columns]
    rest = [f for f in model._meta.concrete_fields
            if f.attname not in columns and not f.primary_key and not _database_defaults(f)]
    tail = tuple(f.get_db_prep_save(f.get_default(), connection) for f in rest)
    adapters = [] if prepared is True else [
        (i, adapt) for i, f in enumerate(given) if f.attname not in prepared and (adapt := _adapter(connection, f)) is not None]
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(f.column) for f in [*given, *rest])

    def prepared_rows(rows):
        if not adapters and not tail:
            return rows  # driver-ready already: no Python work per row
        return map(prepare, rows)

    def prepare(row):
        if adapters:
            row = list(row)
            for i, adapt in adapters:
                if row[i] is not None:
                    row[i] = adapt(row[i])
        return (*row, *tail)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY is PostgreSQL's bulk path: one stream, no statement per row. On the driver's own
            # cursor, so its errors are turned into Django's here (a duplicate is an IntegrityError).
            with connection.wrap_database_errors, cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
                for values in prepared_rows(rows):
                    copy.write_row(values)
            return
        sql = f"INSERT INTO {table} ({names}) VALUES ({', '.join(['%s'] * (len(given) + len(rest)))})"
        rows = iter(rows)
        while chunk := list(prepared_rows(islice(rows, batch))):
            cursor.executemany(sql, chunk)


@contextmanager
def bulk_write_cache(megabytes: int = 32):
    """A larger SQLite page cache on this connection while one transaction writes many rows.

    A 100,000-row import updates ten indexes in random order; with SQLite's default 2 MB
    cache their pages are written out and read back again and again. The cache is set
    back afterwards (SQLite frees the pages), so no other work of this process pays
    for it in memory. PostgreSQL has its own shared buffers: nothing to do there.
    """
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = {-1024 * int(megabytes)}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


@contextmanager
def plain_indexes_built_after(model, *, when: bool = True):
    """SQLite: for a bulk insert that more than doubles a table, its plain (non-unique) indexes are
    dropped first and built again after, in the caller's transaction.

    Building an index from the finished table is a sort; keeping it during the insert is one
    random B-tree insertion per row and index (a roster's names, birth dates and ID tails arrive
    in no order), several times the work. Unique indexes stay: they are the table's constraints.
    DDL is transactional in SQLite: if the insert fails, the rollback brings the indexes back with
    it; readers in other connections keep their snapshot, indexes included. PostgreSQL's bulk path
    (COPY) is left alone.
    """
    if not when or connection.vendor != "sqlite":
        yield
        return
    if not connection.in_atomic_block:
        raise RuntimeError("plain_indexes_built_after() must run inside the transaction that inserts the rows.")
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s AND sql IS NOT NULL",
                       [model._meta.db_table])
        plain = [(name, sql) for name, sql in cursor.fetchall() if not sql.lstrip().upper().startswith("CREATE UNIQUE")]
        for name, _ in plain:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
    yield
    with connection.cursor() as cursor:
        for _, sql in plain:
            cursor.execute(sql)
