"""Reading what offices type into spreadsheet cells: dates, phones, codes.

Pure functions. A cell arrives as calamine gives it (str, int, float, bool, date,
datetime, time) or as CSV text; each parser returns a clean value or raises
CellError with a message for the office, in Chinese.
"""
import re
from datetime import date, datetime, timedelta

from .text import clean

EXCEL_EPOCH = date(1899, 12, 30)  # serial 1 = 1900-01-01, counting Excel's phantom 29 Feb 1900


class CellError(ValueError):
    pass


def text(value) -> str:
    """Any cell as clean text; a whole float (13812345678.0) loses its .0."""
    if value is None:
        return ""
    if value.__class__ is str:  # most cells: skip the type checks below
        return clean(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        if value != value:  # NaN
            return ""
        if value.is_integer():
            return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return clean(str(value))


_DATE_PATTERNS = [
    # 1946年3月5日 / 1946年3月 / 1946年
    (re.compile(r"^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(?:(\d{1,2})\s*[日号]?)?$"), True),
    # 1946-03-05, 1946/3/5, 1946.3.5, 1946.03, 1946-3, with optional time after
    (re.compile(r"^(\d{4})[-/.](\d{1,2})(?:[-/.](\d{1,2}))?(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$"), True),
    # 19460305 / 194603
    (re.compile(r"^(\d{4})(\d{2})(\d{2})?$"), True),
]


def parse_date(value) -> date | None:
    """1946.03, 1946.3.5, 1946年3月5日, 1946-03-05, 1946/3/5, 194603, 19460305, Excel serials.

    A month without a day is the first of that month, as offices mean it.
    """
    return parse_date_precise(value)[0]


def parse_date_precise(value) -> tuple[date | None, bool]:
    """(date, month_only): month_only when the cell named a month but no day (1946.03)."""
    if value is None or value == "":
        return None, False
    if isinstance(value, (date, datetime)) or isinstance(value, (int, float)) and not isinstance(value, bool):
        raw = text(value)
        if isinstance(value, (int, float)) and len(raw) == 6 and raw.isdigit():
            return _parse(value), True
        return _parse(value), False
    raw = text(value)
    month_only = bool(re.fullmatch(r"\d{4}\s*年\s*\d{1,2}\s*月|\d{4}[-/.]\d{1,2}|\d{6}", raw))
    return _parse(value), month_only


def _parse(value) -> date | None:
    if value is None or value == "":
        return None
    if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date.fromisoformat(value)  # the common case, fast
        except ValueError:
            pass
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        number = float(value)
        if number.is_integer() and 190001 <= number <= 21001231 and len(str(int(number))) in (6, 8):
            return _parse(str(int(number)))
        if 1 <= number < 80000:
            return EXCEL_EPOCH + timedelta(days=int(number))
        raise CellError(f"“{text(value)}”不是日期。")
    raw = text(value)
    if not raw:
        return None
    if re.fullmatch(r"\d{1,5}(\.0+)?", raw) and 1 <= float(raw) < 80000 and len(raw.split(".")[0]) <= 5:
        return EXCEL_EPOCH + timedelta(days=int(float(raw)))
    for pattern, _ in _DATE_PATTERNS:
        match = pattern.match(raw)
        if match:
            year, month, day = int(match.group(1)), int(match.group(2)), int(match.group(3) or 1)
            try:
                return date(year, month, day)
            except ValueError:
                raise CellError(f"日期“{raw}”不存在。") from None
    raise CellError(f"看不懂日期“{raw}”，请写成 1946-03-05、1946.3.5 或 1946年3月5日。")


def parse_phone(value) -> str:
    """Mobiles to 11 digits; landlines keep their area code with a dash (0513-85012345)."""
    if value.__class__ is str and len(value) == 11 and value.isascii() and value.isdigit() and value[0] == "1" \
            and value[1] in "3456789":
        return value  # a mobile number typed as it should be: the usual cell
    raw = text(value)
    if not raw:
        return ""
    digits = re.sub(r"\D", "", raw)
    if raw.startswith("+86") or (digits.startswith("86") and len(digits) == 13):
        digits = digits[2:]
    if len(digits) == 11 and digits.startswith("1"):
        if not digits.startswith(("13", "14", "15", "16", "17", "18", "19")):
            raise CellError(f"手机号码“{raw}”应以13–19开头。")
        return digits
    if digits.startswith("0") and 10 <= len(digits) <= 12:
        area = 3 if digits[1] in "12" else 4  # 010, 02x are three digits; others four
        return f"{digits[:area]}-{digits[area:]}"
    if 7 <= len(digits) <= 8:
        return digits  # a local number without area code
    raise CellError(f"电话“{raw}”位数不对：手机为11位，座机请带区号。")


def parse_choice(value, choices: dict[str, str], label: str) -> str | None:
    """A coded field from its Chinese label or a common variant; None when blank."""
    raw = text(value).replace(" ", "")
    if not raw:
        return None
    if raw in choices:
        return choices[raw]
    known = "、".join(dict.fromkeys(k for k in choices if len(k) > 1 or len(choices) < 8))
    raise CellError(f"{label}“{raw}”无法识别，可填：{known}。")
