"""The data-quality checks: what is missing or doubtful in the roster, and where.

Each check is a name, a label, the status it applies to, and a condition on Person,
so the counts page and the filtered list use the very same definition.
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, DateField, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet
from django.utils import timezone

from yinling.core.models import OrgUnit
from yinling.lib.ages import EARLIEST_RETIREMENT_AGE

from .models import Person

PARTY = [Person.Political.CPC, Person.Political.CPC_PROBATION]


def _duplicates() -> Q:
    same = Person.objects.filter(
        institution=OuterRef("institution"), name=OuterRef("name"), birth_date=OuterRef("birth_date"),
        status=Person.Status.ACTIVE,
    ).exclude(pk=OuterRef("pk"))
    return Q(Exists(same), birth_date__isnull=False)


def _retired_in_future(today: date) -> Q:
    return Q(retirement_date__gt=today)


def _retired_too_early(today: date) -> Q:
    """lib.ages.retired_too_early() as a condition (a year as 365¼ days: a day's slack either way)."""
    found = Q(pk__in=[])
    for gender, years in EARLIEST_RETIREMENT_AGE.items():
        earliest = ExpressionWrapper(F("birth_date") + timedelta(days=int(years * 365.25)), output_field=DateField())
        found |= Q(gender=gender, retirement_date__isnull=False, birth_date__isnull=False, retirement_date__lt=earliest)
    return found


@dataclass(frozen=True)
class Check:
    key: str
    label: str
    status: str  # the people it looks at
    condition: Q | Callable[[date], Q]  # a Q, or one made for the day (checks against today)

    def on(self, today: date) -> Q:
        return self.condition(today) if callable(self.condition) else self.condition


CHECKS: list[Check] = [
    Check("no_id", "无身份证号", Person.Status.ACTIVE, Q(id_number_hash__isnull=True)),
    Check("no_birth", "无出生日期", Person.Status.ACTIVE, Q(birth_date__isnull=True)),
    Check("no_phone", "无联系电话", Person.Status.ACTIVE, Q(phone="", phone2="")),
    Check("no_address", "无家庭住址", Person.Status.ACTIVE, Q(address="")),
    Check("no_unit", "无原单位", Person.Status.ACTIVE, Q(unit__isnull=True)),
    Check("id_birth_mismatch", "出生日期与身份证号不符", Person.Status.ACTIVE,
          Q(id_birth_date__isnull=False, birth_date__isnull=False) & ~Q(birth_date=F("id_birth_date"))),
    Check("retired_future", "离退休时间晚于今天", Person.Status.ACTIVE, _retired_in_future),
    Check("retired_too_early", "离退休时年龄过小（早于法定最早退休年龄）", Person.Status.ACTIVE, _retired_too_early),
    Check("death_no_date", "去世未填日期", Person.Status.DECEASED, Q(death_date__isnull=True)),
    Check("duplicates", "疑似重复（同名同生日）", Person.Status.ACTIVE, Q()),
]
BY_KEY = {c.key: c for c in CHECKS}


def register_check(check: Check) -> Check:
    """A check another module adds (the party module: members without a placed membership),
    shown before the duplicates, which stay last."""
    if check.key in BY_KEY:
        raise ValueError(f"data-quality check {check.key} registered twice")
    CHECKS.insert(len(CHECKS) - 1, check)
    BY_KEY[check.key] = check
    return check


def condition_for(key: str) -> Q | None:
    check = BY_KEY.get(key)
    if check is None:
        return None
    return _duplicates() if key == "duplicates" else check.on(timezone.localdate())


def quality_by_unit(people: QuerySet[Person]) -> tuple[list[dict], dict[str, int]]:
    """Rows of (unit, counts per check) and the totals, over an already scoped queryset."""
    aggregates = {}
    today = timezone.localdate()
    for check in CHECKS:
        if check.key == "duplicates":
            continue
        aggregates[check.key] = Count("id", filter=Q(status=check.status) & check.on(today))
    rows = {
        row["unit_id"]: row
        for row in people.values("unit_id").annotate(**aggregates).order_by()
    }
    duplicate_counts = dict(
        people.filter(_duplicates(), status=Person.Status.ACTIVE).values_list("unit_id").annotate(n=Count("id")).order_by()
    )
    units = {u.pk: u for u in OrgUnit.objects.filter(pk__in=[k for k in rows if k])}
    result = []
    totals = {c.key: 0 for c in CHECKS}
    for unit_id, row in rows.items():
        row["duplicates"] = duplicate_counts.get(unit_id, 0)
        counts = {c.key: row[c.key] for c in CHECKS}
        for key, n in counts.items():
            totals[key] += n
        if any(counts.values()):
            result.append({"unit": units.get(unit_id), "unit_id": unit_id, "counts": counts, "problems": sum(counts.values())})
    result.sort(key=lambda r: (-r["problems"], r["unit"].path if r["unit"] else ""))
    return result, totals
