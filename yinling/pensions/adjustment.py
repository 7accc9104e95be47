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

from yinling.lib import pension
from yinling.roster.models import Person

from .models import BASIC_KINDS, PensionItem, ServiceYears, basic_kind_of

PERSON_COLUMNS = ("pk", "name", "category", "retirement_date", "birth_date", "work_start_date", "rank", "gender", "status", "death_date",
                  "flag_contribution", "flag_hardship", "flag_provincial", "flag_empty_nest")


@dataclass(frozen=True)
class Line:
    person: dict  # PERSON_COLUMNS of the person
    kind: str  # the item raised
    result: pension.Result


def candidates(institution_id: int, rules: pension.Rules):
    """The people a run looks at: everyone on the roster of the university but those who moved away,
    and those who died before the effective month (an eligible person who died after it is owed
    back pay for the months they lived)."""
    return (Person.objects.filter(institution=institution_id).exclude(status=Person.Status.MOVED)
            .exclude(status=Person.Status.DECEASED, death_date__lt=rules.effective_month))


def _groups(row: dict) -> frozenset[str]:
    found = {g for g in ("flag_contribution", "flag_hardship", "flag_provincial", "flag_empty_nest") if row[g]}
    if row["gender"] == "F":
        found.add("female")
    return frozenset(found)


def _basic_histories(person_ids, effective: date, reference: date | None) -> Iterator[tuple[int, Decimal | None, Decimal | None, bool]]:
    """(person, basic in force in the effective month, at the reference month, whether a later record exists),
    from one scan of their basic-pension records in person and date order."""
    rows = (PensionItem.objects.filter(person__in=person_ids, kind__in=BASIC_KINDS)
            .order_by("person_id", "effective_from", "id").values_list("person_id", "effective_from", "amount"))
    current, at_effective, at_reference, later = None, None, None, False
    for person_id, start, amount in rows.iterator(chunk_size=5000):
        if person_id != current:
            if current is not None:
                yield current, at_effective, at_reference, later
            current, at_effective, at_reference, later = person_id, None, None, False
        if start <= effective:
            at_effective = amount
        elif amount:  # a 0 record is a stop (a death), not a new rate to reconcile with
            later = True
        if reference and start <= reference:
            at_reference = amount
    if current is not None:
        yield current, at_effective, at_reference, later


def lines(institution_id: int, rules: pension.Rules, pay_from: date, *, progress=None) -> Iterator[Line]:
    """Every candidate's line, in the roster's pinyin order."""
    people = candidates(institution_id, rules)
    rows = list(people.order_by("name_pinyin", "id").values(*PERSON_COLUMNS))
    overrides = {p: (y, m) for p, y, m in ServiceYears.objects.filter(person__in=people.values("pk"))
                 .values_list("person_id", "years", "months")}
    histories = {pk: (effective, reference, later) for pk, effective, reference, later
                 in _basic_histories(people.values("pk"), rules.effective_month, rules.reference_month)}
    total = len(rows)
    for n, row in enumerate(rows, start=1):
        at_effective, at_reference, later = histories.get(row["pk"], (None, None, False))
        facts = pension.Facts(
            category=row["category"], retired_on=row["retirement_date"], birth=row["birth_date"], basic=at_effective,
            basic_at_reference=at_reference, work_start=row["work_start_date"], service_override=overrides.get(row["pk"]),
            groups=_groups(row), rank=row["rank"], died_on=row["death_date"], later_basic=later)
        yield Line(row, basic_kind_of(row["category"]), pension.adjust(rules, facts, pay_from))
        if progress and (n % 2000 == 0 or n == total):
            progress(n, total)


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
