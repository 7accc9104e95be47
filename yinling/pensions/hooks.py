"""What the pensions module adds: its menu entry, the 离退休费 tab of a person's page (amounts masked for
roles without the right), a home card for deaths awaiting approval, audit labels, the finance sheet as an
import kind, and its pages' sweep samples."""
from datetime import date
from decimal import Decimal

from django.utils import timezone

from yinling.core.plugins import audit_labels, home_card, layout_pages, menu_item, person_tab, sweep_sample
from yinling.lib import pension
from yinling.party.selectors import dues_base_source

from . import imports  # noqa: F401 - registers the finance office's sheet as an import kind
from .access import PENSIONS_AMOUNTS

menu_item(label="离退休费", url_name="pensions:home", icon="cash-coin", capability=PENSIONS_AMOUNTS, order=33, pages=("pensions:*",))

audit_labels({
    "pension_item": "录入离退休费项目", "pension_import": "导入离退休费明细", "pension_service_years": "录入工龄",
    "pension_rules": "录入年度调整规则", "pension_run": "计算年度调整", "pension_approve": "审批年度调整", "pension_discard": "作废调整计算",
    "pension_export": "导出调整明细（财务表）", "pension_stop": "去世停发离退休费", "pension_death_recompute": "重新计算去世待遇",
    "pension_death_approve": "审批去世待遇", "pension_recovered": "追回多发离退休费", "pension_allowance": "登记遗属生活困难补助",
    "pension_benefit_rule": "修改去世待遇标准",
})


def _pension_tab(user, person) -> dict | None:
    from . import selectors

    return selectors.pension_of(user=user, person=person._person)


person_tab(key="pension", label="离退休费", template="pensions/person_tab.html", context=_pension_tab, order=45)


@dues_base_source
def _pension_bases(user, person_ids: list[int], month) -> dict:
    """Party dues take their base from the pension in force that month — offered only to a user who may see
    the amount (the office's administrator): a branch secretary is not shown anyone's pension this way."""
    from yinling.core.access import scope
    from yinling.roster.models import Person

    from .services import pension_sum

    visible = list(scope(user, Person.objects.filter(pk__in=person_ids), PENSIONS_AMOUNTS).values_list("pk", flat=True))
    return {pk: amount for pk, amount in pension_sum(visible, month).items() if amount} if visible else {}


def _deaths_card(user) -> dict | None:
    from . import selectors
    from .models import DeathCase

    pending = selectors.deaths(user=user).filter(status=DeathCase.Status.PENDING)
    unrecovered = selectors.deaths(user=user).exclude(overpaid=[]).filter(recovered_on__isnull=True)
    counts = {"pending": pending.count(), "unrecovered": unrecovered.count()}
    return counts if any(counts.values()) else None


home_card(key="pension_deaths", template="pensions/home_card.html", context=_deaths_card, capability=PENSIONS_AMOUNTS, order=45)


# --- samples for the URL sweep --------------------------------------------------------------------

def _foreign(ctx):
    return ctx.world.uni_a if ctx.role == "staff_b" else ctx.world.uni_b


def _ruleset_of(institution):
    from .models import RuleSet

    rules = pension.Rules(name="外校调整", notice="外校文号", effective_month=date(2026, 1, 1), fixed=Decimal("50.00"))
    return RuleSet.objects.create(institution=institution, name=rules.name, notice=rules.notice, kind=rules.kind,
                                  effective_month=rules.effective_month, document=pension.rules_document(rules))


def _run_of(institution):
    from .models import AdjustmentRun

    ruleset = _ruleset_of(institution)
    return AdjustmentRun.objects.create(institution=institution, ruleset=ruleset, document=ruleset.document, pay_from=date(2026, 1, 1),
                                        status=AdjustmentRun.Status.READY)


@sweep_sample("pensions:ruleset", "pensions:ruleset_edit", "pensions:ruleset_json")
def _rulesets(ctx) -> list[dict]:
    return [{"pk": _ruleset_of(_foreign(ctx)).pk}]


@sweep_sample("pensions:run", "pensions:run_approve", "pensions:run_discard", "pensions:run_export")
def _runs(ctx) -> list[dict]:
    return [{"pk": _run_of(_foreign(ctx)).pk}]


@sweep_sample("pensions:item_create", "pensions:service_years")
def _people(ctx) -> list[dict]:
    return [{"person_pk": p.pk} for p in ctx.people_outside]


@sweep_sample("pensions:line")
def _lines(ctx) -> list[dict]:
    from .models import AdjustmentLine

    made = []
    for p in ctx.people_outside:
        run = _run_of(p.institution)
        made.append({"pk": AdjustmentLine.objects.create(run=run, person=p, eligible=True, kind="basic_tuixiu", old=1, rise=1, new=2,
                                                         back_pay=0).pk})
    return made


@sweep_sample("pensions:death")
def _deaths(ctx) -> list[dict]:
    from .models import DeathCase

    today = timezone.localdate()
    return [{"pk": DeathCase.objects.get_or_create(person=p, defaults={"died_on": today, "stop_month": today.replace(day=1)})[0].pk}
            for p in ctx.people_outside]


@layout_pages
def _pages(world) -> list[str]:
    from django.urls import reverse

    from . import services

    run = _run_of(world.uni_a)
    services.run_compute(run.pk)
    return [reverse("pensions:ruleset", args=[run.ruleset_id]), reverse("pensions:run", args=[run.pk]),
            reverse("pensions:item_create", args=[world.med_person.pk]), reverse("pensions:service_years", args=[world.med_person.pk])]
