"""Ages, computed on the day and never stored."""
from datetime import date

AGE_BANDS: list[tuple[str, str, int, int | None]] = [
    # (key, label, min age inclusive, max age inclusive)
    ("u60", "60岁以下", 0, 59),
    ("60", "60–69岁", 60, 69),
    ("70", "70–79岁", 70, 79),
    ("80", "80–89岁", 80, 89),
    ("90", "90–99岁", 90, 99),
    ("100", "100岁及以上", 100, None),
]


def age_on(birth: date | None, today: date) -> int | None:
    """Completed years on `today` (周岁). A 29 February birthday turns on 1 March."""
    if birth is None:
        return None
    years = today.year - birth.year
    if (today.month, today.day) < (birth.month, birth.day):
        years -= 1
    return years


def shift_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year + years, day=28)


def birth_range_for_ages(min_age: int, max_age: int | None, today: date) -> tuple[date | None, date]:
    """Birth dates (earliest, latest) inclusive of people aged min_age..max_age today."""
    latest = shift_years(today, -min_age)
    earliest = None
    if max_age is not None:
        from datetime import timedelta

        earliest = shift_years(today, -(max_age + 1)) + timedelta(days=1)
    return earliest, latest


def band_of(age: int | None) -> str | None:
    if age is None:
        return None
    for key, _label, low, high in AGE_BANDS:
        if age >= low and (high is None or age <= high):
            return key
    return None

# 高龄: the office's usual threshold for extra care.
AGED_FROM = 80


# The earliest age at which Chinese law lets anyone retire: early retirement for illness or
# for hazardous work (men 50, women 45; the usual ages are 60, and 50 or 55 for women).
# A roster's retirement date before it is a typing error, not a retirement.
EARLIEST_RETIREMENT_AGE = {"M": 50, "F": 45}


def retired_too_early(birth: date | None, retired: date | None, gender: str) -> bool:
    """Whether a retirement date comes before the earliest lawful retirement age."""
    if birth is None or retired is None or gender not in EARLIEST_RETIREMENT_AGE:
        return False
    return retired < shift_years(birth, EARLIEST_RETIREMENT_AGE[gender])
