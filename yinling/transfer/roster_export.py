"""Writing the roster to .xlsx: the columns a user picks, masked unless they may and ask.

Rows stream from the database as tuples (no model objects) into XlsxWriter's
constant-memory mode, so memory stays flat however long the list is.
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

import xlsxwriter

from yinling.core import crypto
from yinling.lib import ages
from yinling.lib.mask import mask_phone
from yinling.roster.models import Person

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMULA_FIRST = frozenset(FORMULA_STARTS)


def neutralise(value: str) -> str:
    """A text cell that a spreadsheet could read as a formula gets a leading apostrophe (OWASP)."""
    if value and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _label(field_name: str) -> Callable:
    """A renderer from a coded value to its Chinese label; the table is built once."""
    choices = {k: str(v) for k, v in Person._meta.get_field(field_name).flatchoices}
    get = choices.get
    return lambda v, ctx: get(v, v or "")


def _yes(v, ctx) -> str:
    return "是" if v else "否"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    sources: tuple[str, ...]  # values() names this column reads
    render: Callable  # (*source values, context) → cell value
    default: bool = True


def _plain(v, ctx):
    return v or ""


def _date(v, ctx):
    return v  # written as a date cell


COLUMNS: list[Column] = [
    Column("name", "姓名", ("name",), _plain),
    Column("gender", "性别", ("gender",), _label("gender")),
    Column("birth_date", "出生日期", ("birth_date",), _date),
    Column("age", "年龄", ("birth_date",), lambda v, ctx: ages.age_on(v, ctx["today"]) if v else ""),
    Column("id_number", "身份证号", ("id_number_display", "id_number_encrypted"),
           lambda shown, token, ctx: crypto.decrypt(token) if ctx["unmask"] else shown),
    Column("category", "人员类别", ("category",), _label("category")),
    Column("unit", "原单位", ("unit__name",), _plain),
    Column("retirement_date", "离退休时间", ("retirement_date",), _date),
    Column("post", "原职务", ("post",), _plain),
    Column("rank", "职级", ("rank",), _label("rank"), default=False),
    Column("title", "职称", ("title",), _plain),
    Column("political_status", "政治面貌", ("political_status",), _label("political_status")),
    Column("branch", "党支部", ("branch__name",), _plain, default=False),
    Column("phone", "手机", ("phone",), lambda v, ctx: v if ctx["unmask"] else mask_phone(v or "")),
    Column("phone2", "其他电话", ("phone2",), lambda v, ctx: v if ctx["unmask"] else mask_phone(v or ""), default=False),
    Column("address", "家庭住址", ("address",), _plain),
    Column("grid", "网格", ("grid__name",), _plain, default=False),
    Column("residence", "居住地", ("residence", "residence_city"),
           lambda r, city, ctx: f"异地（{city}）" if r == "remote" else "本地"),
    Column("living_arrangement", "居住情况", ("living_arrangement",), _label("living_arrangement")),
    Column("health_status", "健康状况", ("health_status",), _label("health_status")),
    Column("hospitalized", "目前住院", ("hospitalized",), _yes, default=False),
    Column("family_doctor", "家庭医生签约", ("family_doctor",), _yes, default=False),
    Column("status", "状态", ("status",), _label("status"), default=False),
]
BY_KEY = {c.key: c for c in COLUMNS}
SENSITIVE = {"id_number", "phone", "phone2"}


def write_xlsx(path, *, columns: list[Column], rows: Iterable[tuple], unmask: bool, today: date,
               title: str = "", progress: Callable[[int], None] | None = None) -> int:
    """Write `rows` (tuples of the columns' sources, in order) and return how many were written."""
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
    context = {"unmask": unmask, "today": today}
    # Per column, decided once: (column number, index of its value, renderer or None to write
    # the value as it is, or a function of the whole row for columns built from several values).
    plan = []
    start = 0
    for c, column in enumerate(columns):
        end = start + len(column.sources)
        if end - start > 1:
            plan.append((c, None, lambda values, a=start, b=end, render=column.render: render(*values[a:b], context)))
        else:
            plan.append((c, start, None if column.render in (_plain, _date) else column.render))
        start = end
    written = 0
    write_string, write_datetime, write_number = sheet.write_string, sheet.write_datetime, sheet.write_number
    str_type = str
    for values in rows:
        r += 1
        for c, i, render in plan:
            if i is None:
                value = render(values)
            elif render is None:
                value = values[i]
                if value is None:
                    continue
            else:
                value = render(values[i], context)
            if value.__class__ is str_type:
                if value:
                    write_string(r, c, "'" + value if value[0] in FORMULA_FIRST else value)
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


def sources_for(columns: list[Column]) -> list[str]:
    return [s for column in columns for s in column.sources]
