"""Pages of the volunteers' work: the team with their hours per term, a volunteer's tasks and hours, the
hours awaiting confirmation, and a volunteer's own page (their tasks and the hours they log)."""
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from yinling.core.access import get_scoped_or_404, require, require_any, scope
from yinling.core.forms import apply_errors, flash
from yinling.lib.care import term_of
from yinling.roster import selectors as roster_selectors
from yinling.roster.access import ROSTER_VIEW
from yinling.roster.models import Person

from . import selectors, services
from .access import VOLUNTEERS_MANAGE, VOLUNTEERS_OWN, VOLUNTEERS_VIEW
from .forms import HoursForm, TaskForm, VolunteerForm
from .models import Task


def _term(request: HttpRequest):
    """The term of ?on=YYYY-MM-DD (any day in it), else today's."""
    try:
        day = date.fromisoformat(request.GET.get("on", ""))
    except ValueError:
        day = timezone.localdate()
    return term_of(day)


def _managed(request: HttpRequest, pk: int):
    """A volunteer of the office's own (404 outside its scope; 403 for a role that may only look)."""
    volunteer = selectors.volunteer(user=request.user, pk=pk)
    require(request.user, VOLUNTEERS_MANAGE, volunteer)
    return volunteer


@login_required
def volunteer_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, VOLUNTEERS_MANAGE, "志愿者名册由离退休工作处管理。")
    start, end, label = _term(request)
    team = list(selectors.volunteers(user=request.user, start=start, end=end, active_only=request.GET.get("all") != "1"))
    previous = term_of(start.replace(day=1) - timedelta(days=1))
    return render(request, "volunteers/list.html", {
        "team": team, "term": label, "start": start, "end": end, "previous": previous, "next": term_of(end + timedelta(days=1)),
        "total": sum(v.confirmed for v in team), "pending": selectors.pending(user=request.user).count(), "show_all": request.GET.get("all") == "1"})


@login_required
def volunteer_create(request: HttpRequest) -> HttpResponse:
    require_any(request.user, VOLUNTEERS_MANAGE, "志愿者名册由离退休工作处管理。")
    form = VolunteerForm(request.POST or None, initial={"joined_on": timezone.localdate(), "active": True})
    if request.method == "POST" and form.is_valid():
        try:
            made = services.volunteer_save(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"已登记志愿者{made.name}。")
            return redirect(made)
    return render(request, "volunteers/form.html", {"form": form, "title": "登记志愿者"}, status=400 if form.errors else 200)


@login_required
def volunteer_detail(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _managed(request, pk)
    start, end, label = term_of(timezone.localdate())
    records = list(selectors.records_of(user=request.user, volunteer=volunteer)[:60])
    return render(request, "volunteers/detail.html", {
        "volunteer": volunteer, "tasks": list(selectors.tasks_of(user=request.user, volunteer=volunteer)), "records": records,
        "term": label, "term_hours": sum(r.hours for r in records if r.confirmed_at and start <= r.on <= end), "today": timezone.localdate()})


@login_required
def volunteer_edit(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _managed(request, pk)
    form = VolunteerForm(request.POST or None, instance=volunteer)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer_save(actor=request.user, volunteer_id=volunteer.pk, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "已保存。")
            return redirect(volunteer)
    return render(request, "volunteers/form.html", {"form": form, "title": f"修改志愿者：{volunteer.name}"}, status=400 if form.errors else 200)


@login_required
def task_create(request: HttpRequest, pk: int) -> HttpResponse:
    volunteer = _managed(request, pk)
    form = TaskForm(request.POST or None, initial={"starts_on": timezone.localdate(), "kind": (volunteer.kinds or ["company"])[0]})
    if request.method == "POST" and form.is_valid():
        person_id = None
        q = form.cleaned_data["person_q"].strip()
        if q:
            found = list(scope(request.user, Person.objects.filter(roster_selectors.search_condition(q, frozenset()), status=Person.Status.ACTIVE,
                                                                 institution=volunteer.institution), ROSTER_VIEW).order_by("name_pinyin")[:6])
            exact = [p for p in found if p.name == q]
            if len(exact) == 1 or len(found) == 1:
                person_id = (exact or found)[0].pk
            else:
                form.add_error("person_q", "没有找到这位同志。" if not found else "找到多位同志：" + "、".join(p.name for p in found) + "，请输入完整姓名。")
        if not form.errors:
            try:
                services.task_assign(actor=request.user, volunteer_id=volunteer.pk, data=form.cleaned_data, person_id=person_id)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, "已分派任务。")
                return redirect(volunteer)
    return render(request, "volunteers/form.html", {"form": form, "title": f"给{volunteer.name}分派任务"}, status=400 if form.errors else 200)


@login_required
def task_end(request: HttpRequest, pk: int) -> HttpResponse:
    task = get_scoped_or_404(Task.objects.select_related("volunteer"), request.user, VOLUNTEERS_VIEW, pk=pk)
    require(request.user, VOLUNTEERS_MANAGE, task)
    if request.method == "POST":
        flash(request, lambda: services.task_end(actor=request.user, task_id=task.pk, on=timezone.localdate()), "任务已结束。")
    return redirect(task.volunteer)


@login_required
def pending(request: HttpRequest) -> HttpResponse:
    require_any(request.user, VOLUNTEERS_MANAGE, "服务时长由离退休工作处确认。")
    if request.method == "POST":
        ids = [int(v) for v in request.POST.getlist("records") if v.isdigit()]
        count = services.hours_confirm(actor=request.user, record_ids=ids)
        messages.success(request, f"已确认 {count} 条服务时长。")
        return redirect("volunteers:pending")
    return render(request, "volunteers/pending.html", {"records": list(selectors.pending(user=request.user)[:300])})


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """A volunteer's own page: the people and events they serve, and the hours they log."""
    require_any(request.user, VOLUNTEERS_OWN, "这里是志愿者本人的服务页面。")
    today = timezone.localdate()
    start, end, label = term_of(today)
    own = selectors.own(user=request.user, today=today, start=start, end=end)
    if own is None:
        return render(request, "volunteers/mine.html", {"own": None})
    tasks = Task.objects.filter(pk__in=[t.pk for t in own["tasks"]]).select_related("person")
    form = HoursForm(request.POST or None, tasks=tasks, initial={"on": today, "hours": 2})
    if request.method == "POST" and form.is_valid():
        try:
            services.hours_log(actor=request.user, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "已登记服务时长，工作处确认后计入。")
            return redirect("volunteers:mine")
    return render(request, "volunteers/mine.html", {"own": own, "form": form, "term": label}, status=400 if form.errors else 200)
