"""Pages of pensions: the office's overview (rule sets, runs, deaths awaiting approval), a rule set entered
or loaded from its JSON file, a run's preview (outliers first, every line explained) with approval and
the finance office's sheet, a person's items and years of service, death cases and the benefits table."""
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from yinling.core.access import get_scoped_or_404, require, require_any
from yinling.core.forms import apply_errors, flash
from yinling.core.pagination import FastPaginator
from yinling.lib import pension
from yinling.roster.models import Person

from . import exports, selectors, services
from .access import PENSIONS_AMOUNTS, PENSIONS_MANAGE
from .forms import (
    AllowanceForm,
    BenefitRuleForm,
    DiscardForm,
    ItemForm,
    RecoveredForm,
    RulesFileForm,
    RulesForm,
    RunForm,
    ServiceYearsForm,
)
from .models import AdjustmentRun, DeathCase

PER_PAGE = 50


def _base(request: HttpRequest, **extra) -> dict:
    return {"rights": selectors.may(request.user), **extra}


def _render_form(request, form, title: str, back: str, **extra) -> HttpResponse:
    return render(request, "pensions/form.html", _base(request, form=form, title=title, back=back, **extra), status=400 if form.errors else 200)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PENSIONS_AMOUNTS, "离退休费由离退休工作处管理员管理。")
    return render(request, "pensions/home.html", _base(
        request, rulesets=list(selectors.rulesets(user=request.user)[:20]), runs=list(selectors.runs(user=request.user)[:20]),
        pending_deaths=list(selectors.deaths(user=request.user).filter(status=DeathCase.Status.PENDING)[:6])))


# --- rule sets ------------------------------------------------------------------------------------

@login_required
def ruleset_create(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PENSIONS_MANAGE, "调整规则由离退休工作处管理员录入。")
    form = RulesForm(request.POST if request.POST.get("form") == "rules" else None, initial={
        "kind": pension.PENSION, "categories": ["tuixiu", "tuizhi"], "part_year": pension.WHOLE, "rounding_unit": "0.01",
        "rounding_mode": "half_up"})
    upload = RulesFileForm(request.POST if request.POST.get("form") == "file" else None, request.FILES or None)
    for bound, document in ((form, form.document), (upload, lambda: upload.cleaned_data["file"])):
        if bound.is_bound and bound.is_valid():
            try:
                made = services.ruleset_load(actor=request.user, document=document())
            except ValidationError as error:
                apply_errors(bound, error)
            else:
                messages.success(request, f"已保存调整规则“{made.name}”。请核对后开始计算。")
                return redirect(made)
    return render(request, "pensions/rules_form.html", _base(request, form=form, upload=upload, title="录入年度调整规则"),
                  status=400 if form.errors or upload.errors else 200)


@login_required
def ruleset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    require_any(request.user, PENSIONS_AMOUNTS, "离退休费由离退休工作处管理员管理。")
    ruleset = selectors.ruleset(user=request.user, pk=pk)
    form = RunForm(request.POST or None, initial={"pay_from": timezone.localdate().replace(day=1)})
    if request.method == "POST":
        require(request.user, PENSIONS_MANAGE, ruleset)
        if form.is_valid():
            try:
                run = services.run_start(actor=request.user, ruleset_id=ruleset.pk, pay_from=form.cleaned_data["pay_from"])
            except ValidationError as error:
                apply_errors(form, error)
            else:
                return redirect(run)
    return render(request, "pensions/ruleset.html", _base(request, ruleset=ruleset, lines=pension.describe(ruleset.rules), form=form,
                                                            runs=list(ruleset.runs.select_related("created_by", "approved_by"))),
                  status=400 if form.errors else 200)


@login_required
def ruleset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    ruleset = selectors.ruleset(user=request.user, pk=pk)
    require(request.user, PENSIONS_MANAGE, ruleset)
    form = RulesForm(request.POST or None, initial=RulesForm.initial_from(ruleset.rules))
    if request.method == "POST" and form.is_valid():
        try:
            services.ruleset_load(actor=request.user, document=form.document(), ruleset_id=ruleset.pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "已保存。已经算过的批次保留原来的规则，需要时请重新计算。")
            return redirect(ruleset)
    return render(request, "pensions/rules_form.html", _base(request, form=form, upload=None, title=f"修改调整规则：{ruleset.name}", ruleset=ruleset),
                  status=400 if form.errors else 200)


@login_required
def ruleset_json(request: HttpRequest, pk: int) -> HttpResponse:
    """The rule set as its JSON document, to hand to another university."""
    ruleset = selectors.ruleset(user=request.user, pk=pk)
    response = HttpResponse(json.dumps(ruleset.document, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="pension-rules-{ruleset.effective_month:%Y-%m}.json"'
    return response


# --- runs -----------------------------------------------------------------------------------------

@login_required
def run_detail(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run(user=request.user, pk=pk)
    show = request.GET.get("show", "eligible")
    order = request.GET.get("order", "name") if request.GET.get("order") in selectors.ORDERS else "name"
    q = request.GET.get("q", "").strip()[:20]
    context = _base(request, run=run, show=show, order=order, q=q, discard=DiscardForm())
    if run.status in (AdjustmentRun.Status.READY, AdjustmentRun.Status.APPROVED):
        qs = selectors.lines(user=request.user, run=run, eligible=show != "ineligible", order=order, q=q)
        context |= {"page": FastPaginator(qs, PER_PAGE).get_page(request.GET.get("page")), "rules": pension.describe(run.rules),
                    "outliers": selectors.outliers(user=request.user, run=run) if show != "ineligible" else None,
                    "querystring": "&".join(f"{k}={v}" for k, v in (("show", show), ("order", order), ("q", q)) if v)}
    return render(request, "pensions/run.html", context)


@login_required
def run_line(request: HttpRequest, pk: int) -> HttpResponse:
    line = selectors.line(user=request.user, pk=pk)
    return render(request, "pensions/line.html", _base(request, line=line, run=line.run))


@login_required
def run_approve(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run(user=request.user, pk=pk)
    require(request.user, PENSIONS_MANAGE, run)
    if request.method != "POST":  # scope and right are checked first, so this reveals nothing
        return redirect(run)
    flash(request, lambda: services.run_approve(actor=request.user, run_id=run.pk),
          lambda n: f"已审批：{n} 位同志的新标准自{run.rules.effective_month:%Y年%-m月}起记入离退休费。")
    return redirect(run)


@login_required
def run_discard(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run(user=request.user, pk=pk)
    require(request.user, PENSIONS_MANAGE, run)
    if request.method != "POST":
        return redirect(run)
    form = DiscardForm(request.POST)
    if form.is_valid():
        flash(request, lambda: services.run_discard(actor=request.user, run_id=run.pk, reason=form.cleaned_data["reason"]), "已作废。")
    else:
        messages.error(request, "请填写作废原因。")
    return redirect(run)


@login_required
def run_export(request: HttpRequest, pk: int) -> HttpResponse:
    run = selectors.run(user=request.user, pk=pk)
    if run.status not in (AdjustmentRun.Status.READY, AdjustmentRun.Status.APPROVED):
        messages.error(request, "计算完成后才能导出。")
        return redirect(run)
    path, _ = exports.run_sheet(user=request.user, run=run)
    return FileResponse(open(path, "rb"), as_attachment=True, filename=f"{run.ruleset.name}-明细.xlsx")


# --- a person's items -----------------------------------------------------------------------------

def _person(request: HttpRequest, pk: int) -> Person:
    return get_scoped_or_404(Person.objects.select_related("institution"), request.user, PENSIONS_MANAGE, pk=pk)


@login_required
def item_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person(request, person_pk)
    form = ItemForm(request.POST or None, initial={"effective_from": timezone.localdate().replace(day=1)})
    back = reverse("roster:person_detail", args=[person.pk]) + "?tab=pension"
    if request.method == "POST" and form.is_valid():
        try:
            services.item_record(actor=request.user, person_id=person.pk, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "已录入。")
            return redirect(back)
    return _render_form(request, form, f"录入离退休费项目：{person.name}", back)


@login_required
def service_years(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person(request, person_pk)
    current = getattr(person, "service_years", None)
    form = ServiceYearsForm(request.POST or None, initial={"years": current.years, "months": current.months, "reason": current.reason} if current else None)
    back = reverse("roster:person_detail", args=[person.pk]) + "?tab=pension"
    if request.method == "POST" and form.is_valid():
        try:
            services.service_years_set(actor=request.user, person_id=person.pk, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "已录入工龄。")
            return redirect(back)
    return _render_form(request, form, f"录入工龄：{person.name}", back,
                        intro="工龄一般按参加工作时间至离退休时间计算；档案另有认定（如军龄、中断工作）时在此录入，并写明原因。")


# --- death and after ------------------------------------------------------------------------------

@login_required
def death_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PENSIONS_AMOUNTS, "去世待遇由离退休工作处管理员核定。")
    page = FastPaginator(selectors.deaths(user=request.user), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "pensions/deaths.html", _base(request, page=page))


@login_required
def death_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.death(user=request.user, pk=pk)
    action = request.POST.get("action")
    allowance = AllowanceForm(request.POST if action == "allowance" else None, initial={"starts_on": case.stop_month})
    recovered = RecoveredForm(request.POST if action == "recovered" else None, initial={"on": timezone.localdate()})
    if request.method == "POST":
        require(request.user, PENSIONS_MANAGE, case)
        if action == "approve":
            flash(request, lambda: services.death_approve(actor=request.user, case_id=case.pk), "已审批去世待遇。")
            return redirect(case)
        if action == "recompute":
            flash(request, lambda: services.death_recompute(actor=request.user, case_id=case.pk), "已按现行标准重新计算。")
            return redirect(case)
        for form, save in ((allowance, lambda d: services.allowance_add(actor=request.user, case_id=case.pk, data=d)),
                           (recovered, lambda d: services.death_recovered(actor=request.user, case_id=case.pk, on=d["on"]))):
            if form.is_bound and form.is_valid():
                try:
                    save(form.cleaned_data)
                except ValidationError as error:
                    apply_errors(form, error)
                else:
                    messages.success(request, "已保存。")
                    return redirect(case)
    bound = allowance.is_bound or recovered.is_bound
    return render(request, "pensions/death.html", _base(request, case=case, allowance=allowance, recovered=recovered,
                                                          allowances=list(case.allowances.all())),
                  status=400 if bound else 200)


@login_required
def benefit_rules(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PENSIONS_AMOUNTS, "去世待遇标准由离退休工作处管理员维护。")
    form = BenefitRuleForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST":
        require_any(request.user, PENSIONS_MANAGE)
        if form.is_valid():
            try:
                services.benefit_rule_save(actor=request.user, data=form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "已保存。")
                return redirect("pensions:benefit_rules")
    return render(request, "pensions/benefit_rules.html", _base(request, form=form, rules=list(selectors.benefit_rules(user=request.user)[:200])),
                  status=400 if form.errors else 200)
