"""Writing the roster to .xlsx: the columns a user picks, masked unless they may and ask.

Rows stream from the database as tuples (no model objects) into XlsxWriter's
constant-memory mode, so memory stays flat however long the list is.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

import xlsxwriter

from yinling.core import crypto
from yinling.core.choices import choice_labels
from yinling.lib import ages
from yinling.lib.mask import mask_id_tail, mask_phone
from yinling.roster import fields
from yinling.roster.models import Person

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_STARTS)


def neutralise(value: str) -> str:
    """A text cell that a spreadsheet could read as a formula gets a leading apostrophe (OWASP)."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _label(field_name: str) -> dict:
    """A coded field's Chinese labels, looked up as each cell is written."""
    return choice_labels(Person, field_name)


def _yes(v, ctx) -> str:
    return "是" if v else "否"


def _masked_phone(v, ctx) -> str:
    return mask_phone(v or "")


# Per-row flags an unmasked export reads beside the values: whether the exporting user holds
# roster.unmask / roster.full_phone over that row (core.access.flag), assignment by assignment.
UNMASK_ROW = "may_unmask_row"
FULL_PHONE_ROW = "may_full_phone_row"


def _phone_if_may(v, may, ctx) -> str:
    return (v or "") if may else mask_phone(v or "")


@dataclass(frozen=True)
class Column:
    key: str  # a field of the person field table (roster.fields), or "age"; its label heads the column
    sources: tuple[str, ...]  # values() names this column reads
    # (*source values, context) → cell value; a dict of labels for a coded field; None: the value as it is.
    render: Callable | dict | None = None
    default: bool = True
    # What the column reads and how, when the user unmasks (ID numbers and phones), if that differs.
    unmasked: tuple[tuple[str, ...], Callable | dict | None] | None = None
    group: str = "basic"  # the field group (roster.visibility) a user must see on every row to export it

    @property
    def header(self) -> str:
        return fields.label(self.key)

    def reading(self, unmask: bool) -> tuple[tuple[str, ...], Callable | dict | None]:
        return self.unmasked if unmask and self.unmasked else (self.sources, self.render)


COLUMNS: list[Column] = [
    Column("name", ("name",)),
    Column("gender", ("gender",), _label("gender")),
    Column("birth_date", ("birth_date",)),
    Column("age", ("birth_date",), lambda v, ctx: ages.age_on(v, ctx["today"]) if v else ""),
    Column("id_number", ("id_number_tail",), lambda tail, ctx: mask_id_tail(tail), group="id",
           unmasked=(("id_number_encrypted", "id_number_tail", UNMASK_ROW),
                     lambda token, tail, may, ctx: crypto.decrypt(token) if may else mask_id_tail(tail))),
    Column("category", ("category",), _label("category")),
    Column("unit", ("unit__name",)),
    Column("retirement_date", ("retirement_date",)),
    Column("work_start_date", ("work_start_date",), default=False),
    Column("post", ("post",)),
    Column("rank", ("rank",), _label("rank"), default=False),
    Column("title", ("title",)),
    Column("political_status", ("political_status",), _label("political_status")),
    Column("phone", ("phone",), _masked_phone, unmasked=(("phone", FULL_PHONE_ROW), _phone_if_may)),
    Column("phone2", ("phone2",), _masked_phone, default=False, unmasked=(("phone2", FULL_PHONE_ROW), _phone_if_may)),
    Column("address", ("address",), group="address"),
    Column("grid", ("grid__name",), default=False),
    Column("residence", ("residence", "residence_city"),
           lambda r, city, ctx: f"异地（{city}）" if r == "remote" else "本地"),
    Column("living_arrangement", ("living_arrangement",), _label("living_arrangement"), group="health"),
    Column("health_status", ("health_status",), _label("health_status"), group="health"),
    Column("hospitalized", ("hospitalized",), _yes, default=False, group="health"),
    Column("family_doctor", ("family_doctor",), _yes, default=False, group="health"),
    Column("status", ("status",), _label("status"), default=False),
]
BY_KEY = {c.key: c for c in COLUMNS}
SENSITIVE = {"id_number", "phone", "phone2"}


def columns_for(groups) -> list[Column]:
    """The columns a user may export: those of the field groups every row of theirs shows."""
    return [c for c in COLUMNS if c.group in groups]


def sources_for(columns: list[Column], unmask: bool) -> list[str]:
    """The values() names to fetch for `columns`, each once, in a fixed order."""
    return list(dict.fromkeys(s for column in columns for s in column.reading(unmask)[0]))


# How a cell is made from a fetched row, decided once per column.
_AS_IS, _LABEL, _ONE, _MANY = range(4)


def _plan(columns: list[Column], unmask: bool) -> list[tuple[int, int, Any, Any]]:
    """(kind, index of the value or None, labels or renderer, the value indexes of a many-source column)."""
    position = {name: i for i, name in enumerate(sources_for(columns, unmask))}
    plan = []
    for column in columns:
        sources, render = column.reading(unmask)
        indexes = tuple(position[s] for s in sources)
        if len(indexes) > 1:
            plan.append((_MANY, None, render, indexes))
        elif render is None:
            plan.append((_AS_IS, indexes[0], None, None))
        elif isinstance(render, dict):
            plan.append((_LABEL, indexes[0], render, None))
        else:
            plan.append((_ONE, indexes[0], render, None))
    return plan


def render_row(plan: list, values: tuple, context: dict) -> list:
    """A fetched row as the cell values of its columns (what write_xlsx writes)."""
    cells = []
    for kind, i, render, indexes in plan:
        if kind == _AS_IS:
            cells.append(values[i])
        elif kind == _LABEL:
            cells.append(render.get(values[i], values[i] or ""))
        elif kind == _ONE:
            cells.append(render(values[i], context))
        else:
            cells.append(render(*(values[j] for j in indexes), context))
    return cells


def renderer(columns: list[Column], unmask: bool, today: date) -> Callable[[tuple], list]:
    """row → cell values, for callers that want the values without a workbook (the benchmark's floor)."""
    plan, context = _plan(columns, unmask), {"unmask": unmask, "today": today}
    return lambda values: render_row(plan, values, context)


def write_xlsx(path, *, columns: list[Column], rows: Iterable[tuple], unmask: bool, today: date,
               title: str = "", progress: Callable[[int], None] | None = None) -> int:
    """Write `rows` (tuples of sources_for(columns, unmask)) and return how many were written."""
    workbook = xlsxwriter.Workbook(str(path), {
        "constant_memory": True, "strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False,
    })
    sheet = workbook.add_worksheet("名单")
    header_format = workbook.add_format({"bold": True, "bg_color": "#F2E6DF", "border": 1})
    date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
    r = 0
    if title:
        sheet.write_string(0, 0, title, workbook.add_format({"bold": True, "font_size": 14}))
        r = 1
    for c, column in enumerate(columns):
        sheet.write_string(r, c, column.header, header_format)
        sheet.set_column(c, c, 12 if column.key != "address" else 30)
    plan, context = _plan(columns, unmask), {"unmask": unmask, "today": today}
    written = 0
    write_string, write_datetime, write_number = sheet.write_string, sheet.write_datetime, sheet.write_number
    str_type = str
    numbered = list(enumerate(plan))
    for values in rows:
        r += 1
        for c, (kind, i, render, indexes) in numbered:  # render_row(), inline: it runs for every cell
            if kind == _AS_IS:
                value = values[i]
            elif kind == _LABEL:
                value = render.get(values[i], values[i] or "")
            elif kind == _ONE:
                value = render(values[i], context)
            else:
                value = render(*(values[j] for j in indexes), context)
            if value.__class__ is str_type:
                if value:
                    write_string(r, c, "'" + value if value[0] in FORMULA_FIRST else value)
            elif value is None:
                continue
            elif isinstance(value, date):
                write_datetime(r, c, value, date_format)
            elif isinstance(value, int):
                write_number(r, c, value)
            elif value:
                write_string(r, c, neutralise(str(value)))
        written += 1
        if progress and written % 5000 == 0:
            progress(written)
    workbook.close()
    return written
