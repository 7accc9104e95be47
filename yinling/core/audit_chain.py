"""The audit log's seal: every entry joins a keyed hash chain shortly after it commits.

Why a seal after the commit, not at the insert: entries are written inside long
transactions (an import writes 100,000 at once) and commit in any order; chaining at
insert would make every login wait for every import. So rows are inserted without a
seal, and `seal_pending()` — run after each transaction that wrote an entry, by the
worker after an import, and by `audit_verify` — gives the committed, unsealed rows the
next places in the chain, in id order, under a lock:

    chain(n) = HMAC-SHA256(key, chain(n − 1) | seq | the row's fields)

The key is derived from the field encryption key, which lives in the application's
configuration and not in the database: someone who can write to the database but does
not hold the key can neither edit nor delete a sealed entry, nor insert a sealed one,
without `verify()` noticing. A row inserted with a time far before the entry sealed
before it (an entry "dated 2020") is reported too. The purge of old entries records
where the chain it removed ended, so the chain left behind still verifies.
"""
import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import timedelta
from functools import lru_cache

from django.conf import settings
from django.db import connection, transaction

from .models import AuditEntry

_FIELDS = ("id", "at", "actor_id", "actor_name", "action", "object_type", "object_id", "object_repr", "result", "ip",
           "changes", "note", "scope_path")
_LOCK = 7_406_221  # the advisory lock the sealers of one PostgreSQL database share
_BATCH = 5000
# How much earlier than the entry sealed before it a row's time may be: a transaction that
# began before another committed. Anything earlier was written with a time of its own.
SKEW = timedelta(hours=2)


@lru_cache(maxsize=4)
def _key(field_key: str) -> bytes:
    return hashlib.sha256(b"audit-chain:" + field_key.encode()).digest()


def link(previous: str, seq: int, row: dict) -> str:
    """The chain value of a row at `seq` after `previous`."""
    body = json.dumps([previous, seq, *[_canonical(row[name]) for name in _FIELDS]], ensure_ascii=False,
                      sort_keys=True, separators=(",", ":"))
    return hmac.new(_key(settings.FIELD_ENCRYPTION_KEY), body.encode(), hashlib.sha256).hexdigest()


def _canonical(value):
    if hasattr(value, "isoformat"):
        return value.isoformat(timespec="microseconds")
    if isinstance(value, str) and value[:1] in "[{":  # JSON text (raw rows) and dicts hash the same
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _lock(cursor) -> None:
    if connection.vendor == "postgresql":
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_LOCK])
    # SQLite: the transaction already holds the database's one write lock (transaction_mode IMMEDIATE).


def seal_pending() -> int:
    """Seal the committed entries that have no place in the chain yet; returns how many."""
    sealed = 0
    while True:
        with transaction.atomic():
            with connection.cursor() as cursor:
                _lock(cursor)
            last = AuditEntry.objects.filter(seq__isnull=False).order_by("-seq").values_list("seq", "chain").first()
            seq, previous = last or (0, "")
            rows = list(AuditEntry.objects.filter(seq__isnull=True).order_by("id").values(*_FIELDS)[:_BATCH])
            if not rows:
                return sealed
            updates = []
            for row in rows:
                seq += 1
                previous = link(previous, seq, row)
                updates.append((seq, previous, row["id"]))
            table = connection.ops.quote_name(AuditEntry._meta.db_table)
            with connection.cursor() as cursor:
                cursor.executemany(f"UPDATE {table} SET seq = %s, chain = %s WHERE id = %s AND seq IS NULL", updates)
            sealed += len(rows)
        if len(rows) < _BATCH:
            return sealed


def seal_after_commit() -> None:
    """Arrange a seal_pending() for when the current transaction commits (audit() calls this).

    A rolled-back transaction drops it with its entries; robust: a failing seal never undoes
    the work that committed (the next one, or audit_verify, seals what it left).
    """
    transaction.on_commit(seal_pending, robust=True)


@dataclass
class Break:
    seq: int | None
    entry_id: int | None
    reason: str

    def __str__(self) -> str:
        where = f"第 {self.seq} 条" if self.seq else f"编号 {self.entry_id}"
        return f"{where}：{self.reason}"


def verify() -> Break | None:
    """The first broken link of the chain, or None when every sealed entry is as it was written."""
    anchor = _purge_anchor()
    previous, expected_seq, previous_at = anchor if anchor else ("", 1, None)
    rows = AuditEntry.objects.filter(seq__isnull=False).order_by("seq").values(*_FIELDS, "seq", "chain")
    first = True
    for row in rows.iterator(chunk_size=2000):
        if row["seq"] != expected_seq:
            missing = f"第 {expected_seq} 条" if row["seq"] == expected_seq + 1 else f"第 {expected_seq}–{row['seq'] - 1} 条"
            return Break(expected_seq, None, f"{'链条开头' if first else ''}缺少{missing}（被删除）")
        if link(previous, row["seq"], row) != row["chain"]:
            return Break(row["seq"], row["id"], "内容与封存时不一致（被修改）")
        if previous_at is not None and row["at"] < previous_at - SKEW:
            return Break(row["seq"], row["id"], f"时间 {row['at']:%Y-%m-%d %H:%M} 早于前一条，可能是事后补写")
        previous, expected_seq, previous_at, first = row["chain"], row["seq"] + 1, row["at"], False
    return None


def _purge_anchor() -> tuple[str, int, None] | None:
    """Where the chain left by the last purge starts: (the chain value before it, its first seq, no time)."""
    purge = (AuditEntry.objects.filter(action="purge", changes__has_key="chain_through")
             .order_by("-id").values_list("changes", flat=True).first())
    if not purge:
        return None
    return purge["chain"], purge["chain_through"] + 1, None
