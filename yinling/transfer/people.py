"""What every sheet about people (memberships, dues bases, pension items …) finds them by: the name and
ID number columns, and the lookup of rows' ID numbers on the roster by their lookup hash."""
from typing import Any

from yinling.core import crypto
from yinling.core.db import one_of
from yinling.lib import idcard
from yinling.lib.cells import text
from yinling.lib.text import name_of

from .engine import Column


def _id_card(value):
    raw = text(value)
    return idcard.parse(raw) if raw else None


NAME = Column("name", ("姓名",), lambda v: name_of(text(v)), repeats=False, required=True)
ID_NUMBER = Column("id_number", ("身份证号", "身份证号码", "公民身份号码"), _id_card, repeats=False, required=True)


def by_id_number(cards: list, lookup) -> dict[int, Any]:
    """Row → the record `lookup(hashes)` finds for the row's ID number; it yields (lookup hash, record)
    for up to 5,000 hashes a query. Rows giving the same number get the same record."""
    rows_of: dict[str, list[int]] = {}
    for i, card in enumerate(cards):
        if card:
            rows_of.setdefault(crypto.lookup_hash(card.number), []).append(i)
    found: dict[int, Any] = {}
    keys = list(rows_of)
    for start in range(0, len(keys), 5000):
        for id_hash, record in lookup(one_of(keys[start:start + 5000])):
            for i in rows_of[id_hash]:
                found[i] = record
    return found
