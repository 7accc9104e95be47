"""National ID numbers (居民身份证号码) per GB 11643-1999.

18 characters: 6-digit address code, 8-digit birth date, 3-digit sequence (odd
for men, even for women), and an ISO 7064 MOD 11-2 check character (0-9 or X).
Legacy 15-digit numbers (before 1999) have a 2-digit year and no check character;
they are upgraded by inserting "19" and appending the check character.

The check character comes from python-stdnum's ``cn.ric``. Its county lookup is
not used: it rejects numbers whose county was renamed after the holder
was born, which real rosters are full of; only the province prefix is checked.
"""
from datetime import date
from functools import lru_cache
from typing import NamedTuple

from stdnum.cn import ric

from .text import to_half_width

# GB/T 2260 province-level codes (first two digits).
PROVINCE_CODES = {
    "11", "12", "13", "14", "15", "21", "22", "23", "31", "32", "33", "34", "35", "36", "37",
    "41", "42", "43", "44", "45", "46", "50", "51", "52", "53", "54", "61", "62", "63", "64",
    "65", "71", "81", "82", "83", "91",
}

MALE = "M"
FEMALE = "F"


class IdCardError(ValueError):
    """Invalid ID number; the message is shown to office staff as it is."""


class IdCard(NamedTuple):
    number: str
    birth_date: date
    gender: str  # MALE or FEMALE

    @property
    def tail(self) -> str:
        return self.number[-4:]


def normalize(raw: str) -> str:
    """Full-width digits, spaces, dashes and a lower-case x are forgiven."""
    if len(raw) == 18 and raw[:17].isdecimal() and raw.isascii() and raw[17] in _LAST:
        return raw.upper()  # as most cells hold it: nothing to fold or strip
    value = to_half_width(raw or "").upper()
    if value.isascii() and value.isalnum():
        return value  # the usual case: nothing to strip
    return "".join(ch for ch in value if ch.isalnum())


def check_digit(first17: str) -> str:
    return ric.calc_check_digit(first17 + "0")


_LAST = frozenset("0123456789Xx")


@lru_cache(maxsize=65536)  # a roster's people share a few thousand birthdays a decade
def _birth_date(digits: str) -> date:
    try:
        return date(int(digits[:4]), int(digits[4:6]), int(digits[6:8]))
    except ValueError:
        raise IdCardError("身份证号中的出生日期不存在。") from None


def upgrade15(number15: str) -> str:
    """Upgrade a 15-digit legacy number to 18 digits (all were born in 19xx)."""
    first17 = number15[:6] + "19" + number15[6:]
    return first17 + check_digit(first17)


def parse(raw: str) -> IdCard:
    number = normalize(raw)
    if not number:
        raise IdCardError("请填写身份证号。")
    if len(number) == 15:
        if not number.isdigit():
            raise IdCardError("15位身份证号只能由数字组成。")
        number = upgrade15(number)
    if len(number) != 18:
        raise IdCardError(f"身份证号应为18位（或旧式15位），现在是{len(number)}位。")
    if not number[:17].isdigit() or not (number[17].isdigit() or number[17] == "X"):
        raise IdCardError("身份证号前17位必须是数字，最后一位是数字或X。")
    if number[:2] not in PROVINCE_CODES:
        raise IdCardError("身份证号前两位不是有效的省级行政区划代码。")
    birth = _birth_date(number[6:14])
    if number[17] != check_digit(number[:17]):
        raise IdCardError("身份证号校验位不正确，请核对每一位数字。")
    gender = MALE if int(number[16]) % 2 == 1 else FEMALE
    return IdCard(number=number, birth_date=birth, gender=gender)


def make(area: str, birth: date, sequence: int) -> str:
    """Build a valid number (for demo data and tests): sequence 0-999."""
    first17 = f"{area}{birth:%Y%m%d}{sequence:03d}"
    return first17 + check_digit(first17)


def disagreements(card: IdCard, birth_date: date | None, gender: str | None) -> dict[str, str]:
    """Fields typed by hand that contradict the ID number, with the message for each."""
    problems: dict[str, str] = {}
    if birth_date and birth_date != card.birth_date:
        problems["birth_date"] = f"出生日期与身份证号不一致：身份证号显示为 {card.birth_date:%Y年%m月%d日}。"
    if gender and gender != card.gender:
        expected = "男" if card.gender == MALE else "女"
        problems["gender"] = f"性别与身份证号不一致：身份证号显示为{expected}。"
    return problems
