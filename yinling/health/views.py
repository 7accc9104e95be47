"""Pages of the annual health check: its batches and participation, signing people up, the day's roll,
reports and abnormal findings, who missed it, the hospital's list, and family-doctor contracts."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from yinling.core.access import capability_any, get_scoped_or_404, require, require_any
from yinling.core.forms import apply_errors, flash
from yinling.core.pagination import FastPaginator
from yinling.roster.access import ROSTER_UNMASK
from yinling.roster.models import Person

from . import exports, selectors, services
from .access import HEALTH_MANAGE, HEALTH_RESULTS, HEALTH_SIGNUP, HEALTH_VIEW
from .forms import BatchForm, CheckForm, ContractForm, DeclineForm, EnrollForm, FindingForm, FollowForm
from .models import Batch, Enrollment, Finding

PER_PAGE = 50


def _base(request: HttpRequest, **extra) -> dict:
    return {"rights": selectors.may(request.user), **extra}


def _page(request, qs):
    return FastPaginator(qs, PER_PAGE).get_page(request.GET.get("page"))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """This year's check, or the offer to organise it."""
    require_any(request.user, HEALTH_VIEW, "您没有查看体检安排的权限。")
    current = selectors.checks(user=request.user).filter(year=timezone.localdate().year).first()
    if current:
        return redirect(current)
    return render(request, "health/home.html", _base(request, checks=list(selectors.checks(user=request.user)[:10]),
                                                          year=timezone.localdate().year))


@login_required
def check_create(request: HttpRequest) -> HttpResponse:
    require_any(request.user, HEALTH_MANAGE, "只有离退休工作处可以组织体检。")
    today = timezone.localdate()
    form = CheckForm(request.POST or None, initial={"year": today.year, "name": f"{today.year}年离退休人员健康体检"})
    if request.method == "POST" and form.is_valid():
        try:
            made = services.check_create(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "已建立本年度体检，请添加体检批次。")
            return redirect(made)
    return render(request, "health/form.html", _base(request, form=form, title="组织年度体检", back=reverse("health:home")),
                  status=400 if form.errors else 200)


@login_required
def check_detail(request: HttpRequest, pk: int) -> HttpResponse:
    check = selectors.check(user=request.user, pk=pk)
    return render(request, "health/check_detail.html", _base(
        request, check=check, batches=selectors.batches(user=request.user, check=check),
        figures=selectors.participation(user=request.user, check=check)))


@login_required
def batch_create(request: HttpRequest, pk: int) -> HttpResponse:
    check = selectors.check(user=request.user, pk=pk)
    require(request.user, HEALTH_MANAGE, check)
    form = BatchForm(request.POST or None, initial={"on": check.starts_on, "capacity": 60})
    if request.method == "POST" and form.is_valid():
        try:
            services.batch_save(actor=request.user, check_id=check.pk, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "已添加体检批次。")
            return redirect(check)
    return render(request, "health/form.html", _base(request, form=form, title=f"添加体检批次：{check.name}", back=check.get_absolute_url()),
                  status=400 if form.errors else 200)


@login_required
def enrollment_list(request: HttpRequest, pk: int) -> HttpResponse:
    check = selectors.check(user=request.user, pk=pk)
    raw = request.GET.get("view", "")
    view = raw if raw in selectors.VIEWS or raw == "not_signed" else ""
    batch_id = request.GET.get("batch", "")
    batch_id = int(batch_id) if batch_id.isdigit() else None
    if view == "not_signed":
        page = _page(request, selectors.not_signed_up(user=request.user, check=check))
    else:
        page = _page(request, selectors.enrollments(user=request.user, check=check, view=view, batch_id=batch_id))
    batches = selectors.batches(user=request.user, check=check)
    views = [("", "全部报名"), *[(k, v[0]) for k, v in selectors.VIEWS.items()], ("not_signed", "尚未报名")]
    query = "&".join(f"{k}={v}" for k, v in (("view", view), ("batch", batch_id)) if v)
    return render(request, "health/enrollment_list.html", _base(
        request, check=check, page=page, view=view, views=views, view_label=dict(views)[view], batches=batches, batch_id=batch_id, querystring=query,
        chosen_batch=next((b for b in batches if b.pk == batch_id), None)))


@login_required
def missed(request: HttpRequest, pk: int) -> HttpResponse:
    check = selectors.check(user=request.user, pk=pk)
    return render(request, "health/missed.html", _base(request, check=check, page=_page(request, selectors.missed(user=request.user, check=check)),
                                                       querystring=""))


@login_required
def enroll(request: HttpRequest, pk: int, person_pk: int) -> HttpResponse:
    check = selectors.check(user=request.user, pk=pk)
    person = get_scoped_or_404(Person.objects.select_related("unit"), request.user, HEALTH_SIGNUP, pk=person_pk)
    batches = [b for b in selectors.batches(user=request.user, check=check) if b.on >= timezone.localdate()]
    current = Enrollment.objects.filter(check_campaign=check, person=person).select_related("batch").first()
    remote = person.residence == Person.Residence.REMOTE
    form = EnrollForm(request.POST or None, batches=batches, remote=remote,
                      initial={"mode": current.mode if current else Enrollment.Mode.BATCH, "batch": current.batch_id if current else None})
    decline_form = DeclineForm(request.POST if request.POST.get("decline") else None)
    if request.method == "POST":
        try:
            if request.POST.get("decline"):
                if decline_form.is_valid():
                    services.decline(actor=request.user, check_id=check.pk, person_id=person.pk, reason=decline_form.cleaned_data["reason"])
                    messages.success(request, f"已登记{person.name}本年度不参加体检。")
                    return redirect(f"{reverse('health:enrollments', args=[check.pk])}?view=not_signed")
            elif form.is_valid():
                batch = form.cleaned_data.get("batch")
                made = services.enroll(actor=request.user, check_id=check.pk, person_id=person.pk, mode=form.cleaned_data["mode"],
                                       batch_id=batch.pk if batch else None)
                messages.success(request, f"已为{person.name}报名：{made.batch or made.get_mode_display()}。")
                return redirect(f"{reverse('health:enrollments', args=[check.pk])}?view=not_signed")
        except ValidationError as error:
            apply_errors(form, error)
    return render(request, "health/enroll.html", _base(request, check=check, person=person, form=form, decline_form=decline_form,
                                                       current=current, remote=remote), status=400 if form.errors or decline_form.errors else 200)


@login_required
def batch_roll(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_scoped_or_404(Batch.objects.select_related("check_campaign"), request.user, HEALTH_VIEW, pk=pk)
    require(request.user, HEALTH_MANAGE, batch)
    people = list(batch.enrollments.exclude(status=Enrollment.Status.DECLINED).select_related("person__unit").order_by("person__name_pinyin"))
    if request.method == "POST":
        came = {int(v) for v in request.POST.getlist("came") if v.isdigit()}
        try:
            if request.POST.get("reports"):
                count = services.reports_received(actor=request.user, enrollment_ids=list(came), on=timezone.localdate())
                messages.success(request, f"已登记收到体检报告 {count} 份。")
            else:
                present, absent = services.roll(actor=request.user, batch_id=batch.pk, attended_ids=came)
                messages.success(request, f"已签到：到 {present} 人，缺 {absent} 人。")
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            return redirect("health:batch_roll", pk=batch.pk)
    return render(request, "health/batch_roll.html", _base(request, batch=batch, check=batch.check_campaign, people=people,
                                                           due=batch.on <= timezone.localdate(),
                                                           may_unmask=capability_any(request.user, ROSTER_UNMASK)))


@login_required
def hospital_export(request: HttpRequest, pk: int) -> HttpResponse:
    batch = get_scoped_or_404(Batch.objects.select_related("check_campaign__institution"), request.user, HEALTH_VIEW, pk=pk)
    require(request.user, HEALTH_MANAGE, batch)
    require_any(request.user, ROSTER_UNMASK, "医院名单含完整身份证号，需要“查看完整身份证号”的授权。")
    path, _ = exports.hospital_list(user=request.user, batch=batch)
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"体检名单-{batch.on:%Y%m%d}-{batch.hospital}.xlsx")


@login_required
def enrollment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.enrollment(user=request.user, pk=pk)
    findings = selectors.findings_of(user=request.user, enrollment=item)
    form = FindingForm(request.POST or None) if findings is not None else None
    if request.method == "POST":
        require(request.user, HEALTH_MANAGE, item)
        if request.POST.get("elsewhere"):
            flash(request, lambda: services.attended_elsewhere(actor=request.user, enrollment_id=item.pk, on=timezone.localdate()),
                  "已登记完成体检。")
            return redirect("health:enrollment_detail", pk=item.pk)
        if form is not None and form.is_valid():
            try:
                services.finding_add(actor=request.user, enrollment_id=item.pk, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "已登记异常结果，请跟进。")
                return redirect("health:enrollment_detail", pk=item.pk)
    return render(request, "health/enrollment_detail.html", _base(request, item=item, findings=findings, form=form, follow_form=FollowForm()),
                  status=400 if form is not None and form.errors else 200)


@login_required
def findings(request: HttpRequest, pk: int) -> HttpResponse:
    check = selectors.check(user=request.user, pk=pk)
    require_any(request.user, HEALTH_RESULTS, "体检结果只有离退休工作处和二级单位可以查看。")
    return render(request, "health/findings.html", _base(request, check=check, page=_page(request, selectors.open_findings(user=request.user, check=check)),
                                                         querystring="", follow_form=FollowForm()))


@login_required
def finding_follow(request: HttpRequest, pk: int) -> HttpResponse:
    finding = get_scoped_or_404(Finding.objects.select_related("enrollment"), request.user, HEALTH_RESULTS, pk=pk)
    require(request.user, HEALTH_MANAGE, finding)
    if request.method == "POST":
        form = FollowForm(request.POST)
        if form.is_valid():
            flash(request, lambda: services.finding_follow(actor=request.user, finding_id=finding.pk, **form.cleaned_data), "已记录跟进情况。")
        else:
            messages.error(request, "请填写跟进情况。")
    return redirect("health:enrollment_detail", pk=finding.enrollment_id)


@login_required
def doctors(request: HttpRequest) -> HttpResponse:
    require_any(request.user, HEALTH_VIEW, "您没有查看家庭医生签约的权限。")
    today = timezone.localdate()
    lixiu = request.GET.get("lixiu") == "1"
    return render(request, "health/doctors.html", _base(request, page=_page(request, selectors.without_doctor(user=request.user, today=today, lixiu_only=lixiu)),
                                                        figures=selectors.contract_figures(user=request.user, today=today), lixiu=lixiu,
                                                        querystring="lixiu=1" if lixiu else ""))


@login_required
def contract_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_scoped_or_404(Person.objects.all(), request.user, HEALTH_SIGNUP, pk=person_pk)
    today = timezone.localdate()
    form = ContractForm(request.POST or None, initial={"signed_on": today, "ends_on": today.replace(year=today.year + 1)})
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_record(actor=request.user, person_id=person.pk, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"已登记{person.name}的家庭医生签约。")
            return redirect("health:doctors")
    return render(request, "health/form.html", _base(request, form=form, title=f"家庭医生签约：{person.name}", back=reverse("health:doctors")),
                  status=400 if form.errors else 200)
