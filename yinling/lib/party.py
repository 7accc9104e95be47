"""The Party's own rules for retired members, as pure functions (no Django).

Sources: the Party constitution (党章) for party age; the Central Organisation Department's
rules on dues (《关于中国共产党党费收缴、使用和管理的规定》, 2008) for retirees' dues; the
branch work rules (《中国共产党支部工作条例（试行）》, 2018) for how often a branch meets;
the "光荣在党50年" commemorative medal rules (2021) for the medal.
"""
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from .ages import age_on

FEN = Decimal("0.01")
# Retirees pay 0.5% of the pension actually received up to and including 5,000 yuan a month, 1% above it.
DUES_THRESHOLD = Decimal("5000")
DUES_RATE_LOW = Decimal("0.005")
DUES_RATE_HIGH = Decimal("0.01")

MEDAL_YEARS = 50
# The medal's reference day: party age is counted to 1 July, the Party's founding day, of the year.
MEDAL_MONTH_DAY = (7, 1)


def party_age(full_member_date: date | None, on: date) -> int | None:
    """Completed years of party age on `on`, counted from the full-member date (转正之日), as the
    constitution counts it — never from the join date. None when there is no full-member date;
    0 before it."""
    if full_member_date is None:
        return None
    return max(0, age_on(full_member_date, on))


def monthly_dues(base: Decimal, exempt: bool = False) -> Decimal:
    """A retired member's dues for a month: 0.5% of `base` (the pension actually received that
    month) when it is 5,000 yuan or less, 1% of it above; half up to the fen; 0 when exempt."""
    if not isinstance(base, Decimal):
        raise TypeError("dues are computed on a Decimal base, never a float")
    if base < 0:
        raise ValueError("a dues base cannot be negative")
    if exempt:
        return Decimal("0.00")
    rate = DUES_RATE_LOW if base <= DUES_THRESHOLD else DUES_RATE_HIGH
    return (base * rate).quantize(FEN, rounding=ROUND_HALF_UP)


def medal_reference_day(year: int) -> date:
    return date(year, *MEDAL_MONTH_DAY)


def medal_eligible(full_member_date: date | None, year: int, *, died_on: date | None = None,
                   presented_year: int | None = None) -> bool:
    """Whether a member belongs on `year`'s "光荣在党50年" list: party age of 50 full years on or
    before 1 July of the year, living on that day, and not presented the medal in an earlier year
    (one presented this year stays on this year's list)."""
    day = medal_reference_day(year)
    if full_member_date is None or party_age(full_member_date, day) < MEDAL_YEARS:
        return False
    if died_on is not None and died_on < day:  # the list is of members living on the reference day
        return False
    return presented_year is None or presented_year >= year


# --- how often a branch meets ------------------------------------------------------------------

MONTH, QUARTER, YEAR = "month", "quarter", "year"
FREQUENCY_LABELS = {MONTH: "每月", QUARTER: "每季度", YEAR: "每年"}


@dataclass(frozen=True)
class Period:
    start: date
    end: date  # inclusive
    label: str  # 3月, 第二季度, 2026年

    def holds(self, day: date) -> bool:
        return self.start <= day <= self.end


def _month_end(year: int, month: int) -> date:
    return (date(year + (month == 12), month % 12 + 1, 1)) - timedelta(days=1)


def periods(year: int, frequency: str) -> list[Period]:
    """The periods of `year` a rule of `frequency` counts meetings in."""
    if frequency == MONTH:
        return [Period(date(year, m, 1), _month_end(year, m), f"{m}月") for m in range(1, 13)]
    if frequency == QUARTER:
        names = "一二三四"
        return [Period(date(year, 3 * q + 1, 1), _month_end(year, 3 * q + 3), f"第{names[q]}季度") for q in range(4)]
    if frequency == YEAR:
        return [Period(date(year, 1, 1), date(year, 12, 31), f"{year}年")]
    raise ValueError(f"unknown frequency {frequency!r}")


HELD, MISSED, DUE, UPCOMING = "held", "missed", "due", "upcoming"
STATE_LABELS = {HELD: "已开", MISSED: "未开", DUE: "本期待开", UPCOMING: "未到"}


def period_state(held: int, minimum: int, period: Period, today: date) -> str:
    """A period of a rule: held (enough meetings), missed (ended without), due now (the period
    runs and the meetings are still to come), or upcoming (not begun)."""
    if held >= minimum:
        return HELD
    if today > period.end:
        return MISSED
    if today >= period.start:
        return DUE
    return UPCOMING


def attendance_rate(present: int, expected: int) -> float | None:
    """Share present, 0–1; None for a meeting nobody was expected at."""
    return present / expected if expected else None


def absent_streak(present_newest_first: list[bool]) -> int:
    """Meetings missed in a row, counted back from the latest one a member was expected at."""
    streak = 0
    for present in present_newest_first:
        if present:
            break
        streak += 1
    return streak
