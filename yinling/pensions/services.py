"""Writes of pensions: each one transaction, taking the acting user, re-checking scope on every id it is
given, and audited. Amounts are Decimal to the fen; an amount never appears in a log line's note
(the audit log is read by roles that may not see pensions), only in the record itself."""
import json
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from yinling.core.access import SYSTEM, account_of, acting_institution, get_for_change, scope
from yinling.core.audit import audit
from yinling.core.db import bulk_insert
from yinling.lib import pension
from yinling.roster.models import Person
from yinling.roster.services import on_person_archived, on_person_restored

from . import adjustment
from .access import PENSIONS_MANAGE
from .models import (
    BASIC_KINDS,
    AdjustmentLine,
    AdjustmentRun,
    BenefitRule,
    DeathCase,
    DependantAllowance,
    ItemKind,
    PensionItem,
    RuleSet,
    ServiceYears,
)


def _person(actor, person_id: int, *, active: bool = True) -> Person:
    qs = Person.objects.select_related("institution").filter(pk=person_id)
    person = qs.first() if actor is SYSTEM else scope(actor, qs, PENSIONS_MANAGE).first()
    if person is None:
        raise Http404("未找到该记录。")
    if active and person.is_archived:
        raise ValidationError("该同志的档案已归档，不能再录入离退休费。")
    return person


# --- items ----------------------------------------------------------------------------------------

def in_force(person_id: int, month: date) -> dict[str, PensionItem]:
    """Each item kind's record in force in `month` (the latest dated on or before it)."""
    found: dict[str, PensionItem] = {}
    for item in PensionItem.objects.filter(person=person_id, effective_from__lte=month).order_by("effective_from", "id"):
        found[item.kind] = item
    return found


def monthly_total(person_id: int, month: date) -> Decimal:
    return sum((i.amount for i in in_force(person_id, month).values()), Decimal("0.00"))


def _check_item(kind: str, amount: Decimal, document_no: str) -> None:
    if kind not in ItemKind.values:
        raise ValidationError({"kind": "请选择项目。"})
    if amount is None or amount < 0 or amount != amount.quantize(pension.FEN):
        raise ValidationError({"amount": "金额应为不小于 0 的数，最多两位小数。"})
    if not (document_no or "").strip():
        raise ValidationError({"document_no": "请填写批准文号。"})


@transaction.atomic
def item_record(*, actor, person_id: int, data: dict[str, Any]) -> PensionItem:
    """One item from a month on (a new allowance, a corrected amount): the record of that month takes effect."""
    person = _person(actor, person_id)
    _check_item(data["kind"], data["amount"], data.get("document_no", ""))
    month = pension.month_start(data["effective_from"])
    item = PensionItem.objects.create(person=person, kind=data["kind"], amount=data["amount"], effective_from=month,
                                      document_no=data["document_no"].strip(), note=data.get("note", ""), entered_by=account_of(actor))
    audit(actor=actor, action="pension_item", obj=person, scope_path=person.institution.path,
          note=f"{item.get_kind_display()}，{month:%Y年%-m月}起，{item.document_no}")
    return item


def items_import(*, actor, institution, rows: list[dict], source: str) -> int:
    """Items read from the finance office's sheet (pensions.imports), checked there; inside the engine's transaction."""
    now, user = timezone.now(), account_of(actor)
    bulk_insert(PensionItem, ("person_id", "kind", "amount", "effective_from", "document_no", "source", "note", "entered_by_id", "entered_at"),
                ((r["person_id"], r["kind"], r["amount"], r["effective_from"], r["document_no"], PensionItem.Source.IMPORT, "",
                  user.pk if user else None, now) for r in rows))
    audit(actor=actor, action="pension_import", scope_path=institution.path, note=f"{source}：{len(rows)} 条离退休费项目")
    return len(rows)


@transaction.atomic
def service_years_set(*, actor, person_id: int, years: int, months: int, reason: str) -> ServiceYears:
    person = _person(actor, person_id, active=False)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "请写明录入工龄的原因（如：军龄、中断工作等）。"})
    if not (0 <= years <= 70 and 0 <= months <= 11):
        raise ValidationError({"years": "工龄应在 0 到 70 年之间，月数在 0 到 11 之间。"})
    record, _ = ServiceYears.objects.update_or_create(person=person, defaults={
        "years": years, "months": months, "reason": reason, "entered_by": account_of(actor)})
    audit(actor=actor, action="pension_service_years", obj=person, scope_path=person.institution.path,
          note=f"录入工龄 {record}：{reason}")
    return record


# --- rule sets and runs ---------------------------------------------------------------------------

@transaction.atomic
def ruleset_load(*, actor, document: dict, ruleset_id: int | None = None) -> RuleSet:
    """A rule set from its JSON document (a file from the bureau, or the form's): checked by lib.pension."""
    try:
        rules = pension.parse_rules(document)
    except pension.RulesError as error:
        raise ValidationError(str(error)) from None
    document = pension.rules_document(rules)  # stored in its normal form
    fields = {"name": rules.name, "notice": rules.notice, "kind": rules.kind, "effective_month": rules.effective_month, "document": document}
    if ruleset_id:
        ruleset = get_for_change(RuleSet.objects.select_for_update(), actor, PENSIONS_MANAGE, pk=ruleset_id)
        for key, value in fields.items():
            setattr(ruleset, key, value)
        ruleset.save()
    else:
        ruleset = RuleSet.objects.create(institution=acting_institution(actor, PENSIONS_MANAGE), loaded_by=account_of(actor), **fields)
    audit(actor=actor, action="pension_rules", obj=ruleset, scope_path=ruleset.institution.path,
          note=f"{rules.name}（{rules.notice}）")
    return ruleset


@transaction.atomic
def run_start(*, actor, ruleset_id: int, pay_from: date, background: bool = True) -> AdjustmentRun:
    """A run of a rule set over the university, computed in the background (tasks.compute_run) — or by the
    caller (the demo, the bench) when `background` is False."""
    ruleset = get_for_change(RuleSet.objects.select_related("institution"), actor, PENSIONS_MANAGE, pk=ruleset_id)
    rules = ruleset.rules
    pay_from = pension.month_start(pay_from)
    if pay_from < rules.effective_month:
        raise ValidationError({"pay_from": "按新标准发放的起始月不能早于调整生效月。"})
    run = AdjustmentRun.objects.create(institution=ruleset.institution, ruleset=ruleset, document=ruleset.document, pay_from=pay_from,
                                       created_by=account_of(actor))
    audit(actor=actor, action="pension_run", obj=run, scope_path=ruleset.institution.path,
          note=f"{ruleset.name}，{pay_from:%Y年%-m月}起按新标准发放")
    if background:
        from .tasks import compute_run

        transaction.on_commit(lambda: compute_run.enqueue(run.pk))
    return run


def run_compute(run_id: int, progress=None) -> AdjustmentRun:
    """Compute every candidate's line of a run (the background task's body, reporting its progress as it
    goes); the lines then replace any earlier ones of the run, in one transaction."""
    run = AdjustmentRun.objects.get(pk=run_id)
    rules = run.rules
    columns = ("run_id", "person_id", "eligible", "reason", "kind", "components", "old", "rise", "new", "back_months", "back_pay")
    counts = {"eligible": 0, "ineligible": 0, "rise": Decimal("0.00"), "back": Decimal("0.00")}

    written: dict[int, tuple] = {}  # a component the rules share between people (定额, a service length …) is written once

    def component(c) -> str:
        if c.key in ("percent", "rounding"):  # the person's own: words of lib.pension's own and numbers, nothing to escape
            return f'["{c.key}","{c.basis}","{c.amount}"]'
        found = written.get(id(c))
        if found is None or found[0] is not c:
            found = written[id(c)] = (c, json.dumps([c.key, c.basis, str(c.amount)], ensure_ascii=False, separators=(",", ":")))
        return found[1]

    def rows():
        for line in adjustment.lines(run.institution_id, rules, run.pay_from, progress=progress):
            r = line.result
            counts["eligible" if r.eligible else "ineligible"] += 1
            counts["rise"] += r.rise
            counts["back"] += r.back_pay
            yield (run.pk, line.person["pk"], r.eligible, r.reason[:200], line.kind, f"[{','.join(map(component, r.components))}]",
                   str(r.old), str(r.rise), str(r.new), r.back_months, str(r.back_pay))  # amounts as the driver takes them

    computed = list(rows())  # first, with its progress seen by the run's page; then written at once (PostgreSQL's COPY
    # runs no other statement on the connection, a progress update included)
    with transaction.atomic():
        AdjustmentLine.objects.filter(run=run).delete()
        bulk_insert(AdjustmentLine, columns, computed, prepared=frozenset({"components"}))  # the JSON written here, once per line
        AdjustmentRun.objects.filter(pk=run.pk).update(
            status=AdjustmentRun.Status.READY, eligible=counts["eligible"], ineligible=counts["ineligible"],
            total_rise=counts["rise"], total_back_pay=counts["back"])
    run.refresh_from_db()
    return run


@transaction.atomic
def run_approve(*, actor, run_id: int) -> int:
    """Write every eligible line's new basic item, dated the effective month, with the notice's number: all or none."""
    run = get_for_change(AdjustmentRun.objects.select_for_update().select_related("ruleset", "institution"), actor, PENSIONS_MANAGE, pk=run_id)
    if run.status != AdjustmentRun.Status.READY:
        raise ValidationError(f"这次计算{run.get_status_display()}，不能审批。")
    rules = run.rules
    later = AdjustmentRun.objects.filter(ruleset=run.ruleset, status=AdjustmentRun.Status.APPROVED).exists()
    if later:
        raise ValidationError("这项调整已经审批过一次，不能重复发放。")
    user, now = account_of(actor), timezone.now()
    # Read before the COPY starts: PostgreSQL runs no other statement on the connection during one.
    lines = list(adjustment.raw_rows(AdjustmentLine.objects.filter(run=run, eligible=True).order_by("id"), "person_id", "kind", "new"))
    written = [0]

    def items():
        for person_id, kind, new in lines:
            written[0] += 1
            yield (person_id, kind, str(adjustment.money_of(new)), rules.effective_month, rules.notice, PensionItem.Source.ADJUSTMENT, run.pk, "",
                   user.pk if user else None, now)

    bulk_insert(PensionItem, ("person_id", "kind", "amount", "effective_from", "document_no", "source", "run_id", "note", "entered_by_id", "entered_at"),
                items())
    run.status, run.approved_by, run.approved_at = AdjustmentRun.Status.APPROVED, user, now
    run.save(update_fields=["status", "approved_by", "approved_at"])
    audit(actor=actor, action="pension_approve", obj=run, scope_path=run.institution.path,
          note=f"{run.ruleset.name}（{rules.notice}）：{written[0]} 人，{rules.effective_month:%Y年%-m月}起")
    return written[0]


@transaction.atomic
def run_discard(*, actor, run_id: int, reason: str) -> AdjustmentRun:
    run = get_for_change(AdjustmentRun.objects.select_for_update().select_related("institution"), actor, PENSIONS_MANAGE, pk=run_id)
    if run.status == AdjustmentRun.Status.APPROVED:
        raise ValidationError("已审批的调整不能作废。")
    run.status, run.message = AdjustmentRun.Status.DISCARDED, (reason or "").strip()[:300]
    run.save(update_fields=["status", "message"])
    audit(actor=actor, action="pension_discard", obj=run, scope_path=run.institution.path, note=run.message)
    return run


# --- death and after ------------------------------------------------------------------------------

def benefits_for(person: Person, died_on: date, last_basic: Decimal | None) -> list[dict]:
    """The funeral grant and survivor benefit by the office's table for the person's category and the
    year of death: each computed, or the problem that keeps it from being computed."""
    found = []
    rows = {r.benefit: r for r in BenefitRule.objects.filter(institution=person.institution_id, category=person.category, year=died_on.year)}
    for benefit, label in BenefitRule.Benefit.choices:
        rule = rows.get(benefit)
        if rule is None:
            found.append({"benefit": benefit, "label": label, "problem": f"{died_on.year}年{person.get_category_display()}人员的{label}标准还没有录入。"})
            continue
        try:
            amount = pension.death_benefit(rule.basis, rule.value, yearly_figure=rule.yearly_figure, last_basic=last_basic)
        except pension.RulesError as error:
            found.append({"benefit": benefit, "label": label, "problem": str(error)})
            continue
        found.append({"benefit": benefit, "label": label, "basis": rule.explained + (f"（{rule.document_no}）" if rule.document_no else ""),
                      "amount": str(amount)})
    return found


def _case_values(person: Person, died_on: date, today: date) -> dict:
    """What a death stops and pays, computed from the person's items and the office's table."""
    death_month = pension.month_start(died_on)
    last = in_force(person.pk, death_month)
    basic = next((last[k].amount for k in BASIC_KINDS if k in last), None)
    monthly = sum((i.amount for i in last.values()), Decimal("0.00"))
    months = pension.overpaid_months(died_on, today)
    overpaid = [{"month": f"{m:%Y-%m}", "amount": str(monthly)} for m in months if monthly]
    benefits = benefits_for(person, died_on, basic)
    return {"died_on": died_on, "stop_month": pension.pension_stop_month(died_on), "last_basic": basic, "monthly_total": monthly,
            "overpaid": overpaid, "overpaid_total": monthly * len(overpaid),
            "benefits": benefits, "benefits_total": sum((Decimal(b["amount"]) for b in benefits if "amount" in b), Decimal("0.00"))}


@on_person_archived
def _on_death(actor, person, on) -> None:
    """A death stops the pension from the next month (a 0 record per item), lists what was paid after it
    for recovery and computes the benefits for approval — in the same transaction as the archiving."""
    if person.status != Person.Status.DECEASED or not person.pension_items.exists():
        return
    values = _case_values(person, on, timezone.localdate())
    stop, user, now = values["stop_month"], account_of(actor), timezone.now()
    kinds = set(PensionItem.objects.filter(person=person).values_list("kind", flat=True))
    PensionItem.objects.bulk_create([PensionItem(person=person, kind=k, amount=Decimal("0.00"), effective_from=stop, document_no="去世停发",
                                                 source=PensionItem.Source.DEATH, entered_by=user, entered_at=now) for k in sorted(kinds)])
    DeathCase.objects.update_or_create(person=person, defaults=values | {"place": person.death_place, "recorded_by": user,
                                                                        "status": DeathCase.Status.PENDING})
    audit(actor=actor, action="pension_stop", obj=person, scope_path=person.institution.path,
          note=f"{stop:%Y年%-m月}起停发；多发 {len(values['overpaid'])} 个月待追回")


@on_person_restored
def _on_restore(actor, person, on) -> None:
    """An archiving undone: the stop records go, and the case with them unless it was approved."""
    PensionItem.objects.filter(person=person, source=PensionItem.Source.DEATH).delete()
    DeathCase.objects.filter(person=person, status=DeathCase.Status.PENDING).delete()


@transaction.atomic
def death_recompute(*, actor, case_id: int) -> DeathCase:
    """Compute a pending case again (the table was filled in, an item corrected)."""
    case = get_for_change(DeathCase.objects.select_for_update().select_related("person__institution"), actor, PENSIONS_MANAGE, pk=case_id)
    if case.status != DeathCase.Status.PENDING:
        raise ValidationError("已审批的去世待遇不能重新计算。")
    for key, value in _case_values(case.person, case.died_on, case.recorded_at.date()).items():
        setattr(case, key, value)
    case.save()
    audit(actor=actor, action="pension_death_recompute", obj=case, scope_path=case.person.institution.path)
    return case


@transaction.atomic
def death_approve(*, actor, case_id: int) -> DeathCase:
    case = get_for_change(DeathCase.objects.select_for_update().select_related("person__institution"), actor, PENSIONS_MANAGE, pk=case_id)
    if case.status != DeathCase.Status.PENDING:
        raise ValidationError("该去世待遇已经审批。")
    if any("problem" in b for b in case.benefits):
        raise ValidationError("还有待遇没有算出，请先录入标准后重新计算。")
    case.status, case.approved_by, case.approved_at = DeathCase.Status.APPROVED, account_of(actor), timezone.now()
    case.save(update_fields=["status", "approved_by", "approved_at"])
    audit(actor=actor, action="pension_death_approve", obj=case, scope_path=case.person.institution.path,
          note="、".join(b["label"] for b in case.benefits))
    return case


@transaction.atomic
def death_recovered(*, actor, case_id: int, on: date) -> DeathCase:
    case = get_for_change(DeathCase.objects.select_for_update().select_related("person__institution"), actor, PENSIONS_MANAGE, pk=case_id)
    if not case.overpaid:
        raise ValidationError("没有需要追回的金额。")
    if on > timezone.localdate() or on < case.died_on:
        raise ValidationError({"on": "追回日期应在去世日期之后、今天或以前。"})
    case.recovered_on = on
    case.save(update_fields=["recovered_on"])
    audit(actor=actor, action="pension_recovered", obj=case, scope_path=case.person.institution.path, note=f"{on:%Y-%m-%d}追回")
    return case


@transaction.atomic
def allowance_add(*, actor, case_id: int, data: dict[str, Any]) -> DependantAllowance:
    case = get_for_change(DeathCase.objects.select_related("person__institution"), actor, PENSIONS_MANAGE, pk=case_id)
    if data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        raise ValidationError({"ends_on": "截止月份不能早于起始月份。"})
    allowance = DependantAllowance.objects.create(case=case, entered_by=account_of(actor), **{
        k: data.get(k) for k in ("name", "relation", "monthly", "starts_on", "ends_on", "document_no")})
    audit(actor=actor, action="pension_allowance", obj=case, scope_path=case.person.institution.path,
          note=f"遗属生活困难补助：{allowance.name}（{allowance.relation}）")
    return allowance


@transaction.atomic
def benefit_rule_save(*, actor, data: dict[str, Any]) -> BenefitRule:
    institution = acting_institution(actor, PENSIONS_MANAGE)
    if data["basis"] == pension.YEARLY_FIGURE and not data.get("yearly_figure"):
        raise ValidationError({"yearly_figure": "按公布数额计算时请填写公布数额。"})
    rule, _ = BenefitRule.objects.update_or_create(institution=institution, benefit=data["benefit"], category=data["category"], year=data["year"],
                                                   defaults={k: data.get(k) for k in ("basis", "value", "yearly_figure")}
                                                   | {"document_no": data.get("document_no", "")})
    audit(actor=actor, action="pension_benefit_rule", obj=rule, scope_path=institution.path, note=str(rule))
    return rule


def pension_sum(person_ids, month: date) -> dict[int, Decimal]:
    """Each person's monthly total in force in `month`: what party dues take as their base."""
    totals: dict[int, dict[str, Decimal]] = {}
    for person_id, kind, amount in (PensionItem.objects.filter(person__in=person_ids, effective_from__lte=month)
                                    .order_by("person_id", "effective_from", "id").values_list("person_id", "kind", "amount")):
        totals.setdefault(person_id, {})[kind] = amount
    return {p: sum(kinds.values(), Decimal("0.00")) for p, kinds in totals.items()}

