"""The rules of precise care (精准服务), as pure functions: the response clock of a service request,
who is due for contact, campaign coverage and the figures of the requests.

The clock runs on wall-clock time: nights, weekends and holidays count (the source text's "24小时
全天候响应、第一时间到位"). Intervals are added in UTC, so the result is right in any time zone.
"""
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

RESPONSE_HOURS = 24  # a request's first response is due within this many hours …
URGENT_RESPONSE_HOURS = 2  # … or this many when it is urgent

# The groups of the contact-cadence policy and their default intervals in days (the office may change them).
EVERYONE = "everyone"
ALONE = "alone"
DISABLED = "disabled"
AGED = "aged80"
HOSPITAL = "hospital"
HARDSHIP = "hardship"
DEFAULT_INTERVALS: dict[str, int] = {EVERYONE: 90, ALONE: 30, DISABLED: 30, AGED: 30, HOSPITAL: 30, HARDSHIP: 30}
CLOSE_CARE_AGE = 80


def first_response_due(raised_at: datetime, urgent: bool = False, *, hours: float = RESPONSE_HOURS,
                       urgent_hours: float = URGENT_RESPONSE_HOURS) -> datetime:
    """When the first response to a request raised at `raised_at` is due (a category may set its own hours)."""
    if raised_at.tzinfo is None:
        raise ValueError("raised_at must be an aware datetime")
    span = timedelta(hours=urgent_hours if urgent else hours)
    return (raised_at.astimezone(UTC) + span).astimezone(raised_at.tzinfo)


def response_late(raised_at: datetime, first_response_at: datetime | None, now: datetime, urgent: bool = False, *,
                  hours: float = RESPONSE_HOURS, urgent_hours: float = URGENT_RESPONSE_HOURS) -> bool:
    """Whether the first response came (or, none yet, is) after it was due. Answering at the very minute is in time."""
    due = first_response_due(raised_at, urgent, hours=hours, urgent_hours=urgent_hours)
    return (first_response_at if first_response_at is not None else now) > due


def contact_overdue(last_contact: date | None, interval_days: int, today: date) -> bool:
    """Whether a person last contacted on `last_contact` (None: never) is past their interval today.

    Contacted on day 0 with a 90-day interval, they are due on day 90 and overdue from day 91.
    """
    if last_contact is None:
        return True
    return (today - last_contact).days > interval_days


def contact_due(last_contact: date | None, interval_days: int, today: date) -> date:
    """The day the next contact is due (today for someone never contacted)."""
    return today if last_contact is None else last_contact + timedelta(days=interval_days)


@dataclass(frozen=True)
class CareFacts:
    """What the cadence policy reads of a person."""

    age: int | None = None
    living_alone: bool = False
    disabled: bool = False  # 失能 or 半失能
    hospitalized: bool = False
    hardship: bool = False


def cadence_groups(facts: CareFacts) -> set[str]:
    """The policy's groups a person belongs to (everyone belongs to EVERYONE)."""
    groups = {EVERYONE}
    if facts.living_alone:
        groups.add(ALONE)
    if facts.disabled:
        groups.add(DISABLED)
    if facts.age is not None and facts.age >= CLOSE_CARE_AGE:
        groups.add(AGED)
    if facts.hospitalized:
        groups.add(HOSPITAL)
    if facts.hardship:
        groups.add(HARDSHIP)
    return groups


def contact_interval(facts: CareFacts, intervals: Mapping[str, int] = DEFAULT_INTERVALS) -> int:
    """Days allowed between two contacts: the shortest interval of the groups the person is in."""
    return min(intervals.get(g, intervals.get(EVERYONE, DEFAULT_INTERVALS[EVERYONE])) for g in cadence_groups(facts))


def coverage_percent(reached: int, total: int) -> Decimal:
    """A campaign's coverage, in percent to one decimal, rounded half up; 100.0 only when every target is reached."""
    if total <= 0:
        return Decimal("0.0")
    if reached >= total:
        return Decimal("100.0")
    value = (Decimal(reached) * 100 / Decimal(total)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return min(value, Decimal("99.9"))


def median_minutes(spans: Iterable[timedelta]) -> int | None:
    """The median of response times, in whole minutes (None when there are none)."""
    minutes = [s.total_seconds() / 60 for s in spans]
    return round(median(minutes)) if minutes else None


def share_in_time(flags: Iterable[bool]) -> Decimal | None:
    """The share, in percent to one decimal, of requests answered in time (flags: True = in time)."""
    flags = list(flags)
    if not flags:
        return None
    return (Decimal(sum(flags)) * 100 / Decimal(len(flags))).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def term_of(day: date) -> tuple[date, date, str]:
    """The university term a day falls in, for volunteers' hours: spring February–July, autumn August–January."""
    if 2 <= day.month <= 7:
        return date(day.year, 2, 1), date(day.year, 7, 31), f"{day.year}年春季学期"
    start_year = day.year if day.month >= 8 else day.year - 1
    return date(start_year, 8, 1), date(start_year + 1, 1, 31), f"{start_year}年秋季学期"
