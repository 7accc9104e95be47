"""The home page and the audit-log viewer."""
from datetime import datetime, time

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from yinling.accounts.roles import AUDIT_VIEW, ROSTER_VIEW
from yinling.roster.selectors import roster_overview

from .access import capability_any, scope
from .audit import ACTION_LABELS
from .forms import StyledFormMixin
from .models import AuditEntry
from .pagination import FastPaginator


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not capability_any(user, ROSTER_VIEW):
        if "retiree" in user.roles():
            return redirect("portal:home")
        return render(request, "core/home_limited.html")
    overview = roster_overview(user=user)
    charts = {
        "category": [{"name": label, "value": n} for _, label, n in overview["by_category"]],
        "age": {"labels": [label for label, _ in overview["age_bands"]], "values": [n for _, n in overview["age_bands"]]},
        "units": {"labels": [label for label, _ in overview["by_unit"]][::-1], "values": [n for _, n in overview["by_unit"]][::-1]},
    }
    return render(request, "core/home.html", {"o": overview, "charts": charts, "today": timezone.localdate()})


class AuditFilterForm(StyledFormMixin, forms.Form):
    action = forms.ChoiceField(label="操作", required=False, choices=[("", "全部"), *ACTION_LABELS.items()])
    actor = forms.CharField(label="操作人", required=False)
    result = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), *AuditEntry.Result.choices])
    object_repr = forms.CharField(label="对象", required=False)
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    if not capability_any(request.user, AUDIT_VIEW):
        raise PermissionDenied("只有审计员和管理员可以查看审计日志。")
    form = AuditFilterForm(request.GET or None)
    entries = scope(request.user, AuditEntry.objects.all())
    if form.is_valid():
        data = form.cleaned_data
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["actor"]:
            entries = entries.filter(actor_name__contains=data["actor"])
        if data["result"]:
            entries = entries.filter(result=data["result"])
        if data["object_repr"]:
            entries = entries.filter(object_repr__contains=data["object_repr"])
        zone = timezone.get_current_timezone()
        if data["since"]:
            entries = entries.filter(at__gte=datetime.combine(data["since"], time.min, zone))
        if data["until"]:
            entries = entries.filter(at__lte=datetime.combine(data["until"], time.max, zone))
    page = FastPaginator(entries.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_list.html", {"form": form, "page": page, "labels": ACTION_LABELS, "querystring": query.urlencode()})


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
