"""The yearly pension adjustment at scale: the benchmark's 100,000 people with five years of pension items
(a basic pension each January, two allowances), a rule set with every kind of component.

- preview: the run's computation (services.run_compute: reads the inputs, applies the rules person by
  person, writes every line) against the bare SQL that reads the same inputs (the people's columns, and
  their basic-pension records in person order, every row fetched);
- approval: services.run_approve writing the 100,000 new basic items against a bare executemany / COPY
  of the same rows.
Each is repeated inside a transaction that is rolled back, so every repeat starts from the same data.
Written with bulk inserts below the services: test data, not a record of anyone's pension.
"""
import random
import statistics
import time
from datetime import date
from decimal import Decimal

from django.db import connection, transaction

from yinling.lib import pension

YEARS = (2022, 2023, 2024, 2025, 2026)
REPEAT = 3
RULES = {
    "format": pension.FORMAT, "kind": pension.PENSION, "name": "基准调整", "notice": "基准文号", "effective_month": "2026-01",
    "eligibility": {"retired_on_or_before": "2025-12-31", "categories": ["tuixiu", "tuizhi"]},
    "fixed": "52.00", "per_year_of_service": {"amount": "1.20", "part_year": pension.WHOLE},
    "percent_of_basic": {"percent": "0.6", "reference_month": "2025-12"},
    "age_tilts": {"reference_date": "2025-12-31", "bands": [{"from": 70, "to": 74, "amount": "25"}, {"from": 75, "to": 79, "amount": "35"},
                                                             {"from": 80, "to": None, "amount": "50"}]},
    "group_tilts": [{"group": "flag_contribution", "amount": "30"}], "rounding": {"unit": "0.1", "mode": "half_up"},
}


def _timed(fn) -> float:
    """Median ms of REPEAT runs of `fn`, each in a transaction rolled back afterwards."""
    timings = []
    for _ in range(REPEAT):
        with transaction.atomic():
            start = time.perf_counter()
            fn()
            timings.append((time.perf_counter() - start) * 1000)
            transaction.set_rollback(True)
    return round(statistics.median(timings), 1)


def _items(people: list[tuple[int, str]], seed: int) -> None:
    from django.utils import timezone

    from yinling.core.db import bulk_insert
    from yinling.pensions.models import PensionItem, basic_kind_of

    rng = random.Random(seed)
    stamp = timezone.now()
    rows = []
    for pk, category in people:
        basic = Decimal(rng.randint(380_000, 980_000)) / 100
        kind = basic_kind_of(category)
        for year in YEARS:
            rows.append((pk, kind, basic, date(year, 1, 1), f"苏人社发〔{year}〕1号", "import", "", stamp))
            basic += Decimal(rng.randint(9_000, 16_000)) / 100
        rows.append((pk, "living", Decimal("600.00"), date(YEARS[0], 1, 1), "通大人〔2022〕1号", "import", "", stamp))
        rows.append((pk, "housing", Decimal("180.00"), date(YEARS[0], 1, 1), "通大人〔2022〕1号", "import", "", stamp))
        if len(rows) >= 50_000:
            bulk_insert(PensionItem, ("person_id", "kind", "amount", "effective_from", "document_no", "source", "note", "entered_at"), rows)
            rows = []
    if rows:
        bulk_insert(PensionItem, ("person_id", "kind", "amount", "effective_from", "document_no", "source", "note", "entered_at"), rows)


def _work_start(institution_id: int) -> None:
    """The benchmark sheet has no 参加工作时间: everyone started work at twenty."""
    grown = "birth_date + interval '20 years'" if connection.vendor == "postgresql" else "date(birth_date, '+20 years')"
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE roster_person SET work_start_date = {grown} WHERE institution_id = %s AND birth_date IS NOT NULL", [institution_id])


def _bare_read(institution_id: int) -> None:
    """The preview's inputs in plain SQL: the people's columns, their basic records in person order."""
    from yinling.pensions.adjustment import PERSON_COLUMNS

    columns = ", ".join("id" if c == "pk" else c for c in PERSON_COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM roster_person WHERE institution_id = %s AND status <> 'moved' ORDER BY id",
                       [institution_id])
        cursor.fetchall()
        cursor.execute("SELECT i.person_id, i.effective_from, i.amount FROM pensions_pensionitem i JOIN roster_person p ON p.id = i.person_id "
                       "WHERE p.institution_id = %s AND i.kind IN ('basic_lixiu', 'basic_tuixiu') ORDER BY i.person_id, i.effective_from, i.id",
                       [institution_id])
        cursor.fetchall()
        cursor.execute("SELECT person_id, years, months FROM pensions_serviceyears")
        cursor.fetchall()


def _bare_insert(rows: list[tuple]) -> None:
    from yinling.core.db import bulk_insert
    from yinling.pensions.models import PensionItem

    bulk_insert(PensionItem, ("person_id", "kind", "amount", "effective_from", "document_no", "source", "run_id", "note", "entered_by_id",
                              "entered_at"), rows)


def pension_figures(seed: int = 2026) -> dict:
    from django.utils import timezone

    from yinling.core.access import SYSTEM
    from yinling.core.db import refresh_statistics
    from yinling.core.models import OrgUnit
    from yinling.pensions import services
    from yinling.pensions.models import AdjustmentLine, AdjustmentRun, PensionItem, RuleSet
    from yinling.roster.models import Person

    institution = OrgUnit.objects.get(kind=OrgUnit.Kind.INSTITUTION, name="基准大学")
    people = list(Person.objects.filter(institution=institution).values_list("id", "category"))
    with transaction.atomic():
        _work_start(institution.pk)
        _items(people, seed)
    refresh_statistics("pensions_pensionitem", "roster_person")
    rules = pension.parse_rules(RULES)
    ruleset = RuleSet.objects.create(institution=institution, name=rules.name, notice=rules.notice, kind=rules.kind,
                                     effective_month=rules.effective_month, document=pension.rules_document(rules))
    run = services.run_start(actor=SYSTEM, ruleset_id=ruleset.pk, pay_from=date(2026, 8, 1), background=False)
    preview_ms = _timed(lambda: services.run_compute(run.pk))
    read_ms = _timed(lambda: _bare_read(institution.pk))
    services.run_compute(run.pk)  # kept: the approval reads it
    run.refresh_from_db()
    stamp = timezone.now()
    rows = [(p, k, n, rules.effective_month, rules.notice, "adjustment", run.pk, "", None, stamp)
            for p, k, n in AdjustmentLine.objects.filter(run=run, eligible=True).values_list("person_id", "kind", "new")]
    approve_ms = _timed(lambda: services.run_approve(actor=SYSTEM, run_id=run.pk))
    insert_ms = _timed(lambda: _bare_insert(rows))
    return {
        "pension_people": len(people), "pension_items": PensionItem.objects.count(), "pension_eligible": run.eligible,
        "pension_preview_ms": preview_ms, "pension_preview_sql_ms": read_ms,
        "pension_approve_ms": approve_ms, "pension_insert_ms": insert_ms, "pension_approved_rows": len(rows),
        "pension_run_status": AdjustmentRun.objects.get(pk=run.pk).status,
    }
