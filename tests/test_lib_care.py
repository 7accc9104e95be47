"""The care rules, table by table: the 24-hour clock (across midnight, weekends and a year's end),
the cadence policy, coverage and the figures of the requests."""
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from yinling.lib import care
from yinling.lib.care import CareFacts, contact_interval, contact_overdue, first_response_due, response_late

SH = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SH)


@pytest.mark.parametrize(("raised", "urgent", "due"), [
    ("2026-11-27 09:00", False, "2026-11-28 09:00"),  # a Friday morning: Saturday morning, the weekend counts
    ("2026-11-28 23:30", False, "2026-11-29 23:30"),  # Saturday night: Sunday night
    ("2026-12-31 22:15", False, "2027-01-01 22:15"),  # across the year's end and a holiday
    ("2026-11-28 23:30", True, "2026-11-29 01:30"),  # urgent, across midnight
    ("2026-02-28 12:00", False, "2026-03-01 12:00"),  # the end of February
])
def test_first_response_is_due_on_the_wall_clock(raised, urgent, due):
    assert first_response_due(at(raised), urgent) == at(due)


def test_a_category_may_set_its_own_clock():
    assert first_response_due(at("2026-11-28 08:00"), hours=4) == at("2026-11-28 12:00")
    assert first_response_due(at("2026-11-28 08:00"), True, urgent_hours=1) == at("2026-11-28 09:00")


def test_the_clock_refuses_a_time_without_its_zone():
    with pytest.raises(ValueError):
        first_response_due(datetime(2026, 11, 28, 8, 0))


def test_the_clock_adds_real_hours_where_the_clock_changes():
    berlin = ZoneInfo("Europe/Berlin")  # 25 Oct 2026: the clocks go back an hour at 03:00
    raised = datetime(2026, 10, 24, 12, 0, tzinfo=berlin)
    # (aware datetimes of one zone subtract as wall times: compare in UTC)
    assert first_response_due(raised).astimezone(UTC) - raised.astimezone(UTC) == timedelta(hours=24)
    assert first_response_due(raised).hour == 11


@pytest.mark.parametrize(("raised", "answered", "now", "urgent", "late"), [
    ("2026-11-27 09:00", "2026-11-28 08:59", "2026-11-30 10:00", False, False),
    ("2026-11-27 09:00", "2026-11-28 09:00", "2026-11-30 10:00", False, False),  # at the minute: in time
    ("2026-11-27 09:00", "2026-11-28 09:01", "2026-11-28 09:30", False, True),
    ("2026-11-27 09:00", None, "2026-11-28 08:00", False, False),  # not answered, still in time
    ("2026-11-27 09:00", None, "2026-11-28 09:00:01", False, True),  # not answered, a second too late
    ("2026-11-28 23:30", None, "2026-11-29 01:31", True, True),  # urgent, overnight
    ("2026-11-28 23:30", "2026-11-29 01:00", "2026-11-29 09:00", True, False),
])
def test_a_response_is_late_after_its_due_time(raised, answered, now, urgent, late):
    assert response_late(at(raised), at(answered) if answered else None, at(now), urgent) is late


@pytest.mark.parametrize(("last", "interval", "today", "overdue"), [
    (None, 90, date(2026, 11, 29), True),  # never contacted
    (date(2026, 9, 1), 90, date(2026, 11, 30), False),  # day 90: due, not yet overdue
    (date(2026, 9, 1), 90, date(2026, 12, 1), True),  # day 91
    (date(2026, 11, 1), 30, date(2026, 12, 1), False),
    (date(2026, 11, 1), 30, date(2026, 12, 2), True),
    (date(2026, 11, 29), 30, date(2026, 11, 29), False),  # contacted today
    (date(2024, 2, 29), 365, date(2025, 2, 28), False),  # a leap day
    (date(2024, 2, 29), 365, date(2025, 3, 1), True),
])
def test_contact_is_overdue_after_the_interval(last, interval, today, overdue):
    assert contact_overdue(last, interval, today) is overdue


@pytest.mark.parametrize(("facts", "days"), [
    (CareFacts(age=72), 90),
    (CareFacts(age=79), 90),
    (CareFacts(age=80), 30),  # 80 and over
    (CareFacts(age=None), 90),  # no birth date: the default
    (CareFacts(age=70, living_alone=True), 30),
    (CareFacts(age=70, disabled=True), 30),
    (CareFacts(age=70, hospitalized=True), 30),
    (CareFacts(age=70, hardship=True), 30),
])
def test_the_default_cadence(facts, days):
    assert contact_interval(facts) == days


def test_the_office_changes_the_cadence_and_the_shortest_interval_wins():
    intervals = {**care.DEFAULT_INTERVALS, care.EVERYONE: 60, care.HOSPITAL: 7, care.AGED: 45}
    assert contact_interval(CareFacts(age=70), intervals) == 60
    assert contact_interval(CareFacts(age=85), intervals) == 45
    assert contact_interval(CareFacts(age=85, hospitalized=True), intervals) == 7
    assert care.cadence_groups(CareFacts(age=85, living_alone=True)) == {care.EVERYONE, care.AGED, care.ALONE}


@pytest.mark.parametrize(("reached", "total", "percent"), [
    (0, 0, "0.0"), (0, 10, "0.0"), (1, 3, "33.3"), (2, 3, "66.7"), (1, 8, "12.5"),
    (999, 1000, "99.9"), (9999, 10000, "99.9"),  # never rounded up to a full campaign
    (10, 10, "100.0"),
])
def test_coverage(reached, total, percent):
    assert care.coverage_percent(reached, total) == Decimal(percent)


def test_the_figures_of_the_requests():
    assert care.median_minutes([]) is None
    assert care.median_minutes([timedelta(minutes=30), timedelta(hours=2), timedelta(hours=30)]) == 120
    assert care.median_minutes([timedelta(minutes=10), timedelta(minutes=21)]) == 16  # 15.5, rounded
    assert care.share_in_time([]) is None
    assert care.share_in_time([True, True, False]) == Decimal("66.7")
    assert care.contact_due(None, 30, date(2026, 11, 29)) == date(2026, 11, 29)
    assert care.contact_due(date(2026, 11, 1), 30, date(2026, 11, 29)) == date(2026, 12, 1)


@pytest.mark.parametrize(("day", "label", "start", "end"), [
    (date(2026, 3, 1), "2026年春季学期", date(2026, 2, 1), date(2026, 7, 31)),
    (date(2026, 7, 31), "2026年春季学期", date(2026, 2, 1), date(2026, 7, 31)),
    (date(2026, 8, 1), "2026年秋季学期", date(2026, 8, 1), date(2027, 1, 31)),
    (date(2027, 1, 31), "2026年秋季学期", date(2026, 8, 1), date(2027, 1, 31)),  # January ends the autumn term
    (date(2027, 2, 1), "2027年春季学期", date(2027, 2, 1), date(2027, 7, 31)),
])
def test_a_day_falls_in_its_term(day, label, start, end):
    assert care.term_of(day) == (start, end, label)
