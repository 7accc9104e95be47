"""The yearly adjustment over a whole university: what each person's line reads (their facts and their
basic pension at the effective and the reference month), computed by lib.pension.adjust.

Shared by the run (services.run_compute writes the lines), `manage.py pension_adjust` (prints them)
and `make bench`. The inputs are read in two queries whatever the number of people — the people, and
their basic-pension records in person order — and the rules are applied in Python, person by person,
so the same rules on the same data give the same lines.
"""
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache

from django.db import connection

from yinling.lib import pension
from yinling.roster.models import Person

from .models import BASIC_KINDS, PensionItem, ServiceYears, basic_kind_of

PERSON_COLUMNS = ("pk", "name", "category", "retirement_date", "birth_date", "work_start_date", "rank", "gender", "status", "death_date",
                  "flag_contribution", "flag_hardship", "flag_provincial", "flag_empty_nest")


@dataclass(slots=True)
class Line:
    person: dict  # the person's pk and name
    kind: str  # the item raised
    result: pension.Result


def candidates(institution_id: int, rules: pension.Rules):
    """The people a run looks at: everyone on the roster of the university but those who moved away,
    and those who died before the effective month (an eligible person who died after it is owed
    back pay for the months they lived)."""
    return (Person.objects.filter(institution=institution_id).exclude(status=Person.Status.MOVED)
            .exclude(status=Person.Status.DECEASED, death_date__lt=rules.effective_month))


# The groups a rule set may tilt towards (lib.pension.GROUPS), from the person's flags (PERSON_COLUMNS' last four) and gender.
FLAGS = ("flag_contribution", "flag_hardship", "flag_provincial", "flag_empty_nest")


@lru_cache(maxsize=64)
def _groups_of(contribution: bool, hardship: bool, provincial: bool, empty_nest: bool, female: bool) -> frozenset[str]:
    """A person's groups from FLAGS (in that order) and gender: one frozenset per combination, shared."""
    flags = (contribution, hardship, provincial, empty_nest)
    return frozenset([g for g, on in zip(FLAGS, flags, strict=True) if on] + (["female"] if female else []))


@lru_cache(maxsize=65536)
def _day(value) -> date | None:
    """A date as the driver hands it: a date (PostgreSQL) or ISO text (SQLite)."""
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value[:10])


def money_of(value) -> Decimal | None:
    """An amount as the driver hands it: a Decimal (PostgreSQL), or an int or float (SQLite, whose numbers of
    two decimals below 10^13 print back exactly), to the fen."""
    if value is None:
        return None
    return (value if isinstance(value, Decimal) else Decimal(repr(value))).quantize(pension.FEN)


def raw_rows(queryset, *columns: str):
    """The rows of `queryset` as the driver returns them, in `columns` order: below the ORM on purpose, as
    core.db.bulk_insert is — a run reads half a million records, and the ORM's per-value converters cost
    more than the rules themselves. The callers convert the few columns they read (_day, _money)."""
    sql, params = queryset.values_list(*columns).query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while rows := cursor.fetchmany(5000):
            yield from rows


def _basic_histories(people, effective: date, reference: date | None) -> Iterator[tuple[int, Decimal | None, Decimal | None, bool]]:
    """(person, basic in force in the effective month, at the reference month, whether a later record exists),
    from one scan of their basic-pension records in person and date order."""
    rows = raw_rows(PensionItem.objects.filter(person__in=people, kind__in=BASIC_KINDS).order_by("person_id", "effective_from", "id"),
                "person_id", "effective_from", "amount")
    current, at_effective, at_reference, later = None, None, None, False
    for person_id, start, amount in rows:
        if person_id != current:
            if current is not None:
                yield current, money_of(at_effective), money_of(at_reference), later
            current, at_effective, at_reference, later = person_id, None, None, False
        start = _day(start)
        if start <= effective:
            at_effective = amount
        elif amount:  # a 0 record is a stop (a death), not a new rate to reconcile with
            later = True
        if reference and start <= reference:
            at_reference = amount
    if current is not None:
        yield current, money_of(at_effective), money_of(at_reference), later


def lines(institution_id: int, rules: pension.Rules, pay_from: date, *, progress=None) -> Iterator[Line]:
    """Every candidate's line, in the order of their records (pages sort them). The inputs are read here, at
    the call; the lines are computed as they are taken — so a caller may stream them into a COPY, during
    which PostgreSQL runs no other statement on the connection."""
    people = candidates(institution_id, rules)
    rows = list(raw_rows(people.order_by("id"), *PERSON_COLUMNS))  # in key order: the lines' unique index fills in order
    overrides = {p: (y, m) for p, y, m in ServiceYears.objects.filter(person__in=people.values("pk"))
                 .values_list("person_id", "years", "months")}
    histories = {pk: (effective, reference, later) for pk, effective, reference, later
                 in _basic_histories(people.values("pk"), rules.effective_month, rules.reference_month)}

    def computed() -> Iterator[Line]:
        total = len(rows)
        for n, (pk, name, category, retired, birth, work_start, rank, gender, _, died, *flags) in enumerate(rows, start=1):
            at_effective, at_reference, later = histories.get(pk, (None, None, False))
            groups = _groups_of(*flags, gender == "F")
            facts = pension.Facts(
                category=category, retired_on=_day(retired), birth=_day(birth), basic=at_effective, basic_at_reference=at_reference,
                work_start=_day(work_start), service_override=overrides.get(pk), groups=groups, rank=rank, died_on=_day(died), later_basic=later)
            yield Line({"pk": pk, "name": name}, basic_kind_of(category), pension.adjust(rules, facts, pay_from))
            if progress and (n % 2000 == 0 or n == total):
                progress(n, total)

    return computed()


def as_json(line: Line) -> dict:
    """One line as `manage.py pension_adjust --json` prints it (money as strings, to the fen)."""
    r = line.result
    out = {"person_id": line.person["pk"], "name": line.person["name"], "eligible": r.eligible}
    if not r.eligible:
        return out | {"reason": r.reason, "old": str(r.old)}
    return out | {
        "item": line.kind, "components": [{"label": c.label, "basis": c.basis, "amount": str(c.amount)} for c in r.components],
        "old": str(r.old), "rise": str(r.rise), "new": str(r.new), "back_months": r.back_months, "back_pay": str(r.back_pay),
        **({"remark": r.reason} if r.reason else {}),
    }
