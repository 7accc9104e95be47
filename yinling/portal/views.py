"""The retirees' own pages (适老化): large type, few steps. Reads go through the roster selectors."""
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from yinling.core.access import require_any
from yinling.roster.selectors import own_record

from .access import PORTAL_SELF
from .plugins import links_for, notices_for


@login_required
def home(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PORTAL_SELF, "这是离退休同志本人使用的页面。")
    person = own_record(user=request.user)
    if person is None:
        raise Http404("未找到您的档案。")
    return render(request, "portal/home.html", {"person": person, "links": links_for(request.user),
                                                "notices": notices_for(request.user, person)})
