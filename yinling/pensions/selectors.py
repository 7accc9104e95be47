"""Reads of pensions, each from core.access.scope(). Whether an amount shows is decided here, by
PENSIONS_AMOUNTS over the person: a role that may see a pension's items but not its amounts gets
MASKED in their place (and nothing from which to work an amount out: no totals, no rises)."""
from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import timezone

from yinling.core.access import capabilities_over, capability_any, get_scoped_or_404, scope
from yinling.roster.models import Person

from .access import PENSIONS_AMOUNTS, PENSIONS_MANAGE, PENSIONS_RECORDS
from .models import AdjustmentLine, AdjustmentRun, BenefitRule, DeathCase, PensionItem, RuleSet, ServiceYears

MASKED = "＊＊＊＊"


def may(user) -> dict[str, bool]:
    return {"amounts": capability_any(user, PENSIONS_AMOUNTS), "manage": capability_any(user, PENSIONS_MANAGE)}


def pension_of(*, user, person: Person, today: date | None = None) -> dict | None:
    """A person's pension as this user may see it: this month's items and total, the history by year (newest
    first), the years of service entered and the death case. None when the user may not see pensions here."""
    if not scope(user, Person.objects.filter(pk=person.pk), PENSIONS_RECORDS).exists():
        return None
    today = today or timezone.localdate()
    month = today.replace(day=1)
    rights = capabilities_over(user, person, [PENSIONS_AMOUNTS, PENSIONS_MANAGE])
    show = PENSIONS_AMOUNTS in rights
    items = list(scope(user, PensionItem.objects.filter(person=person), PENSIONS_RECORDS).select_related("entered_by")
                 .order_by("effective_from", "id"))
    current: dict[str, PensionItem] = {}
    for item in items:
        if item.effective_from <= month:
            current[item.kind] = item
    by_year: dict[int, list] = defaultdict(list)
    for item in reversed(items):
        by_year[item.effective_from.year].append(item)
    for item in items:
        item.shown = item.amount if show else MASKED
    live = [i for i in current.values() if i.amount]
    return {
        "current": live, "total": sum((i.amount for i in live), Decimal("0.00")) if show else MASKED, "month": month,
        "years": sorted(by_year.items(), reverse=True), "amounts": show, "manage": PENSIONS_MANAGE in rights,
        "service": ServiceYears.objects.filter(person=person).first(),
        "death": DeathCase.objects.filter(person=person).first(),
    }


def rulesets(*, user) -> QuerySet[RuleSet]:
    return scope(user, RuleSet.objects.all(), PENSIONS_RECORDS).select_related("loaded_by")


def ruleset(*, user, pk: int) -> RuleSet:
    return get_scoped_or_404(RuleSet.objects.select_related("institution", "loaded_by"), user, PENSIONS_RECORDS, pk=pk)


def runs(*, user) -> QuerySet[AdjustmentRun]:
    return scope(user, AdjustmentRun.objects.all(), PENSIONS_RECORDS).select_related("ruleset", "created_by", "approved_by")


def run(*, user, pk: int) -> AdjustmentRun:
    return get_scoped_or_404(AdjustmentRun.objects.select_related("ruleset", "institution", "created_by", "approved_by"),
                             user, PENSIONS_AMOUNTS, pk=pk)


ORDERS = {"name": ("person__name_pinyin", "id"), "rise": ("rise", "id"), "-rise": ("-rise", "id"), "new": ("-new", "id")}


def lines(*, user, run: AdjustmentRun, eligible: bool | None = True, order: str = "name", q: str = "") -> QuerySet[AdjustmentLine]:
    qs = AdjustmentLine.objects.filter(run=run)
    if eligible is not None:
        qs = qs.filter(eligible=eligible)
    if q:
        qs = qs.filter(person__name__contains=q)
    return (scope(user, qs, PENSIONS_AMOUNTS).select_related("person__unit")
            .only("id", "eligible", "reason", "kind", "old", "rise", "new", "back_months", "back_pay",
                  "person__name", "person__category", "person__birth_date", "person__unit__name")
            .order_by(*ORDERS.get(order, ORDERS["name"])))


def outliers(*, user, run: AdjustmentRun, n: int = 5) -> dict[str, list]:
    """The largest and smallest rises: what the office checks first."""
    eligible = lines(user=user, run=run)
    return {"largest": list(eligible.order_by("-rise", "id")[:n]), "smallest": list(eligible.order_by("rise", "id")[:n])}


def line(*, user, pk: int) -> AdjustmentLine:
    return get_scoped_or_404(AdjustmentLine.objects.select_related("run__ruleset", "person__unit"), user, PENSIONS_AMOUNTS, pk=pk)


def deaths(*, user) -> QuerySet[DeathCase]:
    return scope(user, DeathCase.objects.all(), PENSIONS_AMOUNTS).select_related("person__unit").order_by("status", "-died_on", "-id")


def death(*, user, pk: int) -> DeathCase:
    return get_scoped_or_404(DeathCase.objects.select_related("person__unit", "recorded_by", "approved_by"), user, PENSIONS_AMOUNTS, pk=pk)


def benefit_rules(*, user) -> QuerySet[BenefitRule]:
    return scope(user, BenefitRule.objects.all(), PENSIONS_RECORDS)
