"""Masking and ages: small rules used on every page."""
from datetime import date

import pytest

from yinling.lib import ages
from yinling.lib.mask import mask_id_number, mask_phone


@pytest.mark.parametrize(
    "value, masked",
    [
        ("320602194603051236", "**************1236"),
        ("32060219460305123X", "**************123X"),
        ("320602460305123", "***********5123"),
        ("", ""),
        ("1234", "****"),
    ],
)
def test_it_masks_id_numbers(value, masked):
    assert mask_id_number(value) == masked


@pytest.mark.parametrize(
    "value, masked",
    [
        ("13812345678", "138****5678"),
        ("0513-85012345", "0513-****2345"),
        ("+86 138 1234 5678", "+86 1** **** 5678"),
        ("", ""),
        ("12345", "1****"),
    ],
)
def test_it_masks_phones(value, masked):
    assert mask_phone(value) == masked


@pytest.mark.parametrize(
    "birth, today, age",
    [
        (date(1946, 3, 5), date(2026, 3, 4), 79),
        (date(1946, 3, 5), date(2026, 3, 5), 80),
        (date(1948, 2, 29), date(2026, 2, 28), 77),  # a leap-day birthday turns on 1 March
        (date(1948, 2, 29), date(2026, 3, 1), 78),
        (date(1948, 2, 29), date(2028, 2, 29), 80),
        (None, date(2026, 1, 1), None),
    ],
)
def test_it_computes_age_on_the_day(birth, today, age):
    assert ages.age_on(birth, today) == age


@pytest.mark.parametrize(
    "low, high, today",
    [(70, 79, date(2026, 11, 28)), (80, None, date(2026, 3, 1)), (60, 69, date(2028, 2, 29))],
)
def test_it_turns_an_age_band_into_birth_dates_that_agree_with_age_on(low, high, today):
    earliest, latest = ages.birth_range_for_ages(low, high, today)
    assert low <= ages.age_on(latest, today)
    assert ages.age_on(latest + (date(2000, 1, 2) - date(2000, 1, 1)), today) < low
    if high is not None:
        assert ages.age_on(earliest, today) <= high
        assert ages.age_on(earliest - (date(2000, 1, 2) - date(2000, 1, 1)), today) > high
