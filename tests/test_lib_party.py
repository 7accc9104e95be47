"""The Party's rules for retired members: party age, dues, the 50-year medal, how often a branch meets."""
from datetime import date
from decimal import Decimal

import pytest

from yinling.lib import party
from yinling.lib.party import DUE, HELD, MISSED, MONTH, QUARTER, UPCOMING, YEAR


@pytest.mark.parametrize(
    "full, on, years",
    [
        (date(1976, 7, 1), date(2026, 7, 1), 50),  # the anniversary itself completes the year
        (date(1976, 7, 2), date(2026, 7, 1), 49),  # a day short
        (date(1976, 2, 29), date(2026, 2, 28), 49),  # 29 February: the year completes on 1 March
        (date(1976, 2, 29), date(2026, 3, 1), 50),
        (date(2026, 9, 1), date(2026, 7, 1), 0),  # not yet a full member
        (None, date(2026, 7, 1), None),  # no full-member date: no party age
    ],
)
def test_party_age_counts_completed_years_from_the_full_member_date(full, on, years):
    assert party.party_age(full, on) == years


@pytest.mark.parametrize(
    "base, exempt, dues",
    [
        (Decimal("5000.00"), False, Decimal("25.00")),  # 5,000 itself is the lower rate
        (Decimal("5000.01"), False, Decimal("50.00")),  # a fen above: 1% of the whole
        (Decimal("4999.99"), False, Decimal("25.00")),  # 24.99995 half up
        (Decimal("3333.30"), False, Decimal("16.67")),  # 16.6665 half up
        (Decimal("3333.00"), False, Decimal("16.67")),  # 16.665: half up, not to even (16.66)
        (Decimal("6789.50"), False, Decimal("67.90")),  # 67.895 half up
        (Decimal("0"), False, Decimal("0.00")),
        (Decimal("8000"), True, Decimal("0.00")),  # an approved exemption
    ],
)
def test_monthly_dues_are_half_or_one_percent_of_the_pension_rounded_half_up(base, exempt, dues):
    assert party.monthly_dues(base, exempt) == dues


def test_dues_refuse_a_float_or_a_negative_base():
    with pytest.raises(TypeError):
        party.monthly_dues(5000.0)
    with pytest.raises(ValueError):
        party.monthly_dues(Decimal("-1"))


@pytest.mark.parametrize(
    "full, year, died, presented, eligible",
    [
        (date(1976, 7, 1), 2026, None, None, True),  # 50 years exactly on 1 July
        (date(1976, 7, 2), 2026, None, None, False),  # a day after: next year's list
        (date(1976, 7, 2), 2027, None, None, True),
        (None, 2026, None, None, False),  # joined but never a full member: no party age
        (date(1960, 3, 1), 2026, date(2026, 2, 1), None, False),  # died before 1 July
        (date(1960, 3, 1), 2026, date(2026, 8, 1), None, True),  # living on 1 July
        (date(1960, 3, 1), 2026, None, 2021, False),  # presented in an earlier year: never again
        (date(1960, 3, 1), 2026, None, 2026, True),  # presented this year: still on this year's list
    ],
)
def test_medal_eligibility(full, year, died, presented, eligible):
    assert party.medal_eligible(full, year, died_on=died, presented_year=presented) is eligible


def test_a_member_who_joined_fifty_years_ago_but_became_full_later_waits_for_the_full_member_date():
    joined, full = date(1975, 6, 1), date(1976, 9, 1)
    assert party.party_age(full, date(2026, 7, 1)) == 49  # not 51, as counting from joining would say
    assert not party.medal_eligible(full, 2026) and party.medal_eligible(full, 2027)
    assert joined < full


@pytest.mark.parametrize(
    "frequency, count, first, last",
    [
        (MONTH, 12, (date(2026, 1, 1), date(2026, 1, 31), "1月"), (date(2026, 12, 1), date(2026, 12, 31), "12月")),
        (QUARTER, 4, (date(2026, 1, 1), date(2026, 3, 31), "第一季度"), (date(2026, 10, 1), date(2026, 12, 31), "第四季度")),
        (YEAR, 1, (date(2026, 1, 1), date(2026, 12, 31), "2026年"), (date(2026, 1, 1), date(2026, 12, 31), "2026年")),
    ],
)
def test_a_year_divides_into_the_periods_of_a_rule(frequency, count, first, last):
    found = party.periods(2026, frequency)
    assert len(found) == count
    assert (found[0].start, found[0].end, found[0].label) == first
    assert (found[-1].start, found[-1].end, found[-1].label) == last


def test_february_ends_on_its_last_day_in_a_leap_year():
    assert party.periods(2028, MONTH)[1].end == date(2028, 2, 29)
    assert party.periods(2028, QUARTER)[0].end == date(2028, 3, 31)


@pytest.mark.parametrize(
    "held, minimum, today, state",
    [
        (1, 1, date(2026, 3, 15), HELD),  # held in the period
        (0, 1, date(2026, 4, 1), MISSED),  # the day after the quarter ended
        (0, 1, date(2026, 3, 31), DUE),  # its last day: still due
        (0, 1, date(2026, 1, 1), DUE),  # its first day
        (0, 1, date(2025, 12, 31), UPCOMING),  # not begun
        (1, 2, date(2026, 4, 1), MISSED),  # a rule asking two: one is not enough
        (2, 2, date(2026, 2, 1), HELD),
    ],
)
def test_a_period_of_a_rule_is_held_missed_due_or_upcoming(held, minimum, today, state):
    first_quarter = party.periods(2026, QUARTER)[0]
    assert party.period_state(held, minimum, first_quarter, today) == state


@pytest.mark.parametrize(
    "history, streak",
    [([False, False, True, False], 2), ([True, False], 0), ([False, False, False], 3), ([], 0)],
)
def test_absences_in_a_row_count_back_from_the_latest_meeting(history, streak):
    assert party.absent_streak(history) == streak


def test_attendance_rate():
    assert party.attendance_rate(9, 12) == 0.75
    assert party.attendance_rate(0, 0) is None
