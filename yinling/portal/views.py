"""The retirees' own pages (适老化): large type, few steps. Reads go through the roster selectors."""
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from yinling.core.access import scope
from yinling.roster.models import Person


@login_required
def home(request: HttpRequest) -> HttpResponse:
    own = [a.person_id for a in request.user.active_assignments() if a.role == "retiree"]
    person = scope(request.user, Person.objects.select_related("unit", "grid", "liaison")).filter(pk__in=own).first()
    if person is None:
        raise Http404("未找到您的档案。")
    return render(request, "portal/home.html", {"person": person, "contacts": person.contacts.all()})
