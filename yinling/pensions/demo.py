"""The demo university's pensions: three years of items for everyone (the basic pension, allowances; the
2025 adjustment written as a real approval would), the death-benefit table, the deaths of the year with
their cases, and this year's adjustment computed and awaiting approval — with a 离休费 rule set beside it.
Written through the module's services and its bulk path, as the finance sheet and the office would."""
import random
from datetime import date
from decimal import Decimal

from django.utils import timezone

from yinling.accounts.models import User
from yinling.core.access import SYSTEM
from yinling.core.db import bulk_insert
from yinling.core.plugins import DemoContext, demo_part
from yinling.lib import pension
from yinling.roster.models import Person

from . import services
from .models import BenefitRule, ItemKind, PensionItem

RULES_2026 = {
    "format": pension.FORMAT, "kind": pension.PENSION, "name": "2026年调整退休人员基本养老金", "notice": "苏人社发〔2026〕88号",
    "effective_month": "2026-01", "eligibility": {"retired_on_or_before": "2025-12-31", "categories": ["tuixiu", "tuizhi"]},
    "fixed": "52.00", "per_year_of_service": {"amount": "1.20", "part_year": pension.WHOLE},
    "percent_of_basic": {"percent": "0.6", "reference_month": "2025-12"},
    "age_tilts": {"reference_date": "2025-12-31", "bands": [{"from": 70, "to": 74, "amount": "25"}, {"from": 75, "to": 79, "amount": "35"},
                                                             {"from": 80, "to": None, "amount": "50"}]},
    "group_tilts": [{"group": "flag_contribution", "amount": "30"}], "rounding": {"unit": "0.1", "mode": "half_up"},
    "note": "按省人力资源社会保障厅、财政厅通知整理。",
}
RULES_LIXIU = {
    "format": pension.FORMAT, "kind": pension.LIXIU, "name": "2026年调整离休人员离休费", "notice": "苏人社发〔2026〕89号",
    "effective_month": "2026-01", "eligibility": {"categories": ["lixiu"]},
    "by_rank": {"provincial": "420", "bureau": "360", "deputy_bureau": "320", "division": "280", "deputy_division": "250",
                "section": "220", "deputy_section": "200", "staff": "180", "none": "180"},
    "rounding": {"unit": "0.01", "mode": "half_up"},
}


def _basic(rng, person) -> Decimal:
    if person.category == Person.Category.LIXIU:
        return Decimal(rng.randint(900_000, 1_400_000)) / 100
    senior = person.title in ("教授", "研究员", "主任医师")
    return Decimal(rng.randint(620_000 if senior else 380_000, 980_000 if senior else 700_000)) / 100


@demo_part("pensions", order=90)
def _pensions(ctx: DemoContext) -> None:
    rng = random.Random(f"pensions-{ctx.people}")
    admin = User.objects.get(username="admin")  # the pension ledger is the administrator's
    people = [p for p in ctx.made["persons"] if p.status != Person.Status.MOVED]
    rows = []
    for person in people:
        kind = ItemKind.BASIC_LIXIU if person.category == Person.Category.LIXIU else ItemKind.BASIC_TUIXIU
        start = max(date(2024, 1, 1), pension.month_start(person.retirement_date)) if person.retirement_date else date(2024, 1, 1)
        if person.death_date and person.death_date < start:
            continue
        basic = _basic(rng, person)
        rows.append((person.pk, kind, basic, start, "苏人社发〔2023〕120号"))
        if start < date(2025, 1, 1):  # the 2025 adjustment, as its approval wrote it
            rows.append((person.pk, kind, basic + Decimal(rng.randint(9_000, 16_000)) / 100, date(2025, 1, 1), "苏人社发〔2025〕76号"))
        rows.append((person.pk, ItemKind.LIVING, Decimal(rng.choice([300, 450, 600, 800])), start, "通大人〔2023〕15号"))
        rows.append((person.pk, ItemKind.HOUSING, Decimal(rng.choice([120, 180, 260])), start, "通大人〔2023〕15号"))
        rows.append((person.pk, ItemKind.PROPERTY, Decimal("150.00"), max(start, date(2025, 7, 1)), "通大后〔2025〕9号"))
        if person.category == Person.Category.LIXIU:
            rows.append((person.pk, ItemKind.NURSING, Decimal(rng.choice([400, 600, 800])), start, "苏老干〔2023〕6号"))
    now = timezone.now()
    bulk_insert(PensionItem, ("person_id", "kind", "amount", "effective_from", "document_no", "source", "note", "entered_at"),
                ((*r, PensionItem.Source.IMPORT, "", now) for r in rows))
    for year in (ctx.today.year - 1, ctx.today.year):
        for category in pension.CATEGORIES:
            services.benefit_rule_save(actor=admin, data={
                "benefit": BenefitRule.Benefit.FUNERAL, "category": category, "year": year, "basis": pension.YEARLY_FIGURE,
                "value": Decimal("0.20"), "yearly_figure": Decimal("118965.00"), "document_no": "苏人社规〔2021〕3号"})
            services.benefit_rule_save(actor=admin, data={
                "benefit": BenefitRule.Benefit.SURVIVOR, "category": category, "year": year, "basis": pension.MONTHS_OF_BASIC,
                "value": Decimal("40" if category == "lixiu" else "20"), "yearly_figure": None, "document_no": "苏人社规〔2021〕3号"})
    for person in people:  # the deaths of the demo: stopped, listed for recovery, benefits awaiting approval
        if person.status == Person.Status.DECEASED and person.death_date:
            services._on_death(SYSTEM, person, person.death_date)
    ruleset = services.ruleset_load(actor=admin, document=RULES_2026)
    services.ruleset_load(actor=admin, document=RULES_LIXIU)
    run = services.run_start(actor=admin, ruleset_id=ruleset.pk, pay_from=ctx.today.replace(day=1), background=False)
    services.run_compute(run.pk)
    ctx.made["pension_run"] = run
