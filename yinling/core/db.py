"""Database housekeeping that the query planner depends on."""
from django.db import connection


def refresh_statistics(*tables: str) -> None:
    """Refresh the planner's statistics after a bulk change (an import, the demo).

    SQLite has no autovacuum to do it: without statistics it walks the pinyin index
    of a whole university for a search that an index range answers in a millisecond.
    PostgreSQL's autovacuum catches up by itself, but not before the next page view.
    """
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
