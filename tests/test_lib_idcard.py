"""National ID numbers per GB 11643: normalising, the checksum, the 15-digit upgrade."""
from datetime import date

import pytest

from yinling.lib import idcard

VALID = idcard.make("320602", date(1946, 3, 5), 123)  # odd sequence: male
X_NUMBER = next(n for n in (idcard.make("110105", date(1949, 12, 1), s) for s in range(0, 999, 2)) if n.endswith("X"))


@pytest.mark.parametrize(
    "raw, number, birth, gender",
    [
        (VALID, VALID, date(1946, 3, 5), "M"),
        (" ".join([VALID[:6], VALID[6:14], VALID[14:]]), VALID, date(1946, 3, 5), "M"),
        ("".join(chr(ord(c) + 0xFEE0) for c in VALID), VALID, date(1946, 3, 5), "M"),  # full-width digits
        (X_NUMBER.lower(), X_NUMBER, date(1949, 12, 1), "F"),  # lower-case x
        (X_NUMBER[:-1] + "ｘ", X_NUMBER, date(1949, 12, 1), "F"),  # full-width lower-case x
        (VALID[:6] + VALID[8:17], VALID[:6] + "19" + VALID[8:17] + idcard.check_digit(VALID[:6] + "19" + VALID[8:17]), date(1946, 3, 5), "M"),
    ],
)
def test_it_accepts_what_offices_type(raw, number, birth, gender):
    card = idcard.parse(raw)
    assert (card.number, card.birth_date, card.gender) == (number, birth, gender)


def test_it_upgrades_a_15_digit_number_to_the_same_18_digit_number():
    legacy = VALID[:6] + VALID[8:17]
    assert idcard.upgrade15(legacy) == VALID


@pytest.mark.parametrize(
    "raw, message",
    [
        ("", "请填写身份证号"),
        (VALID[:-1] + ("0" if VALID[-1] != "0" else "1"), "校验位不正确"),
        (VALID[:17], "应为18位"),
        ("320602194602301238", "出生日期不存在"),
        ("990602194603051238", "省级行政区划"),
        ("32060219460305123A", "最后一位是数字或X"),
        ("32060219460305A", "只能由数字组成"),
    ],
)
def test_it_refuses_bad_numbers_with_a_chinese_message(raw, message):
    with pytest.raises(idcard.IdCardError) as error:
        idcard.parse(raw)
    assert message in str(error.value)


@pytest.mark.parametrize(
    "birth, gender, fields",
    [
        (date(1946, 3, 5), "M", set()),
        (None, None, set()),
        (date(1946, 3, 6), "M", {"birth_date"}),
        (date(1946, 3, 5), "F", {"gender"}),
        (date(1947, 1, 1), "F", {"birth_date", "gender"}),
    ],
)
def test_it_reports_typed_fields_that_contradict_the_number(birth, gender, fields):
    assert set(idcard.disagreements(idcard.parse(VALID), birth, gender)) == fields
