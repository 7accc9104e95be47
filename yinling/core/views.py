"""The audit-log viewer, the org tree's administration and the health check. (The home page is reports' own.)"""
from datetime import datetime, time

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from . import services
from .access import get_for_change, require_any, scope
from .forms import StyledFormMixin, apply_errors
from .models import AuditEntry, OrgUnit
from .pagination import FastPaginator
from .plugins import all_audit_labels
from .rules import AUDIT_VIEW, ORG_MANAGE


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
    if form.is_bound:
        form.is_valid()  # what was understood is applied; the page names what was not (form.errors)
        data = form.cleaned_data
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("actor"):
            entries = entries.filter(actor_name__contains=data["actor"])
        if data.get("result"):
            entries = entries.filter(result=data["result"])
        if data.get("object_repr"):
            entries = entries.filter(object_repr__contains=data["object_repr"])
        zone = timezone.get_current_timezone()
        if data.get("since"):
            entries = entries.filter(at__gte=datetime.combine(data["since"], time.min, zone))
        if data.get("until"):
            entries = entries.filter(at__lte=datetime.combine(data["until"], time.max, zone))
    page = FastPaginator(entries.order_by("-at", "-id"), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "core/audit_list.html", {"form": form, "page": page, "querystring": query.urlencode()})


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


class OrgUnitForm(StyledFormMixin, forms.Form):
    name = forms.CharField(label="名称", max_length=100, error_messages={"required": "请填写名称。"})
    parent = forms.ModelChoiceField(label="上级单位", queryset=OrgUnit.objects.none(), required=False, empty_label="（不调整）")


@login_required
def org_list(request: HttpRequest) -> HttpResponse:
    """The units and grids of the administrator's subtree: rename them, move units; their people follow."""
    require_any(request.user, ORG_MANAGE, "只有管理员可以调整组织机构。")
    nodes = scope(request.user, OrgUnit.objects.all(), ORG_MANAGE).order_by("path")
    return render(request, "core/org_list.html", {"nodes": nodes})


@login_required
def org_edit(request: HttpRequest, pk: int) -> HttpResponse:
    node = get_for_change(OrgUnit.objects.all(), request.user, ORG_MANAGE, pk=pk)
    parents = scope(request.user, OrgUnit.objects.filter(kind__in=[OrgUnit.Kind.UNIT, OrgUnit.Kind.INSTITUTION]), ORG_MANAGE)
    parents = parents.exclude(path__startswith=node.path).order_by("path") if node.kind == OrgUnit.Kind.UNIT else OrgUnit.objects.none()
    form = OrgUnitForm(request.POST or None, initial={"name": node.name})
    form.fields["parent"].queryset = parents
    if node.kind != OrgUnit.Kind.UNIT:
        del form.fields["parent"]
    if request.method == "POST" and form.is_valid():
        try:
            services.orgunit_rename(actor=request.user, node_id=node.pk, name=form.cleaned_data["name"])
            if form.cleaned_data.get("parent"):
                services.orgunit_move(actor=request.user, node_id=node.pk, parent_id=form.cleaned_data["parent"].pk)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "已保存。该单位的人员随单位一起调整。")
            return redirect("core:org_list")
    return render(request, "core/org_edit.html", {"form": form, "node": node}, status=400 if form.errors else 200)
