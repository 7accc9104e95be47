"""Template helpers of care's pages."""
from django import template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import Truncator

from yinling.care.models import ServiceRequest
from yinling.care.services import OPEN_STATES
from yinling.core.choices import choice_labels
from yinling.core.templatetags.yinling import escape, row_url

register = template.Library()

_URGENT = ' <span class="badge text-bg-danger">紧急</span>'
_ESCALATED = '<strong class="text-danger">已超时，已上报工作处</strong>'


@register.simple_tag
def request_rows(rows, now):
    """The request list's items (care.selectors.request_rows()), built in Python.

    The late requests are the list the office opens every morning; as a template, each of its
    items was some twenty variable lookups, filters and a reversed URL (see roster's person_rows).
    Every value goes through escape().
    """
    if not rows:
        return mark_safe('<li class="card card-body">没有符合条件的工单。</li>')
    categories = choice_labels(ServiceRequest, "category")
    statuses = choice_labels(ServiceRequest, "status")
    link = row_url("care:request_detail")
    items = []
    for r in rows:
        waiting = r.first_response_at is None and r.status in OPEN_STATES
        late = waiting and r.due_at < now
        if waiting:
            clock = f" · {_ESCALATED}" if late else f" · {timezone.localtime(r.due_at):%m-%d %H:%M} 前响应"
        else:
            clock = ""
        handler = r.assigned_to__display_name or r.assigned_to__username or "工作处"
        items.append(
            f'<li class="request-row{" request-late" if late else ""}">'
            f'<a href="{link(r.id)}" class="request-link">'
            f'<span class="request-title"><span class="fw-semibold">{escape(r.person__name)}</span> · '
            f'{escape(categories.get(r.category, r.category))}{_URGENT if r.urgent else ""} '
            f'<span class="badge text-bg-light border">{escape(statuses.get(r.status, r.status))}</span></span>'
            f'<span class="request-text">{escape(Truncator(r.description).chars(60))}</span>'
            f'<span class="request-meta">{timezone.localtime(r.raised_at):%m-%d %H:%M} 提出 · 承办：{escape(handler)}{clock}</span>'
            f"</a></li>"
        )
    return mark_safe("\n".join(items))  # every value in them escaped above
