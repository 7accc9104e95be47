"""Pages of the Party work: the branches."""
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yinling.core.access import require_any

from . import selectors
from .access import PARTY_VIEW


@login_required
def branch_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PARTY_VIEW, "您没有查看党支部的权限。")
    branches = selectors.branch_list(user=request.user)
    return render(request, "party/branch_list.html", {"branches": branches, "total": sum(b.member_count for b in branches)})
