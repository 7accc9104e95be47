"""The audit-log viewer and the health check. (The home page is reports' own.)"""
from datetime import datetime, time

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from .access import require_any, scope
from .forms import StyledFormMixin
from .models import AuditEntry
from .pagination import FastPaginator
from .plugins import all_audit_labels
from .rules import AUDIT_VIEW


def _action_choices():
    return [("", "全部"), *sorted(all_audit_labels().items(), key=lambda kv: kv[1])]


class AuditFilterForm(StyledFormMixin, forms.Form):
    action = forms.ChoiceField(label="操作", required=False, choices=_action_choices)
    actor = forms.CharField(label="操作人", required=False)
    result = forms.ChoiceField(label="结果", required=False, choices=[("", "全部"), *AuditEntry.Result.choices])
    object_repr = forms.CharField(label="对象", required=False)
    since = forms.DateField(label="起始日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label="截止日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, AUDIT_VIEW, "只有审计员和管理员可以查看审计日志。")
    form = AuditFilterForm(request.GET or None)
    entries = scope(request.user, AuditEntry.objects.all(), AUDIT_VIEW)
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
    return render(request, "core/audit_list.html", {"form": form, "page": page, "querystring": query.urlencode()})


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")
