"""Pages of remote living: who is due or overdue for the yearly certification (the office's and each
liaison's list), and a person's remote record with the certification entered on it."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from yinling.core.access import can, get_scoped_or_404, require_any
from yinling.core.forms import apply_errors
from yinling.core.pagination import FastPaginator
from yinling.roster.models import Person

from . import selectors, services
from .access import REMOTE_CERTIFY, REMOTE_MANAGE, REMOTE_VIEW
from .forms import CertificationForm, ResidenceForm

PER_PAGE = 50


@login_required
def people(request: HttpRequest) -> HttpResponse:
    require_any(request.user, REMOTE_VIEW, "您没有查看异地居住同志的权限。")
    today = timezone.localdate()
    state = request.GET.get("state") if request.GET.get("state") in selectors.STATES else "all"
    page = FastPaginator(selectors.remote_people(user=request.user, today=today, state=state), PER_PAGE).get_page(request.GET.get("page"))
    selectors.with_due(page.object_list, today)
    return render(request, "remote/people.html", {"page": page, "state": state, "states": selectors.STATES, "querystring": f"state={state}",
                                                  "counts": selectors.counts(user=request.user, today=today)})


@login_required
def person(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_scoped_or_404(Person.objects.select_related("institution", "liaison"), request.user, REMOTE_VIEW, pk=pk)
    today = timezone.localdate()
    record = selectors.record_of(user=request.user, person=found, today=today)
    action = request.POST.get("action")
    residence = ResidenceForm(request.POST if action == "residence" else None, instance=record["residence"])
    certification = CertificationForm(request.POST if action == "certify" else None, initial={"on": today, "method": "video"})
    rights = {"manage": can(request.user, REMOTE_MANAGE, found), "certify": can(request.user, REMOTE_CERTIFY, found)}
    if request.method == "POST":
        for form, right, save, done in (
                (residence, "manage", lambda d: services.residence_save(actor=request.user, person_id=found.pk, data=d), "已保存异地居住信息。"),
                (certification, "certify", lambda d: services.certification_record(actor=request.user, person_id=found.pk, **d), "已登记认证。")):
            if form.is_bound:
                if not rights[right]:
                    messages.error(request, "您没有权限进行此操作。")
                    return redirect("remote:person", pk=found.pk)
                if form.is_valid():
                    try:
                        save(form.cleaned_data)
                    except ValidationError as error:
                        apply_errors(form, error)
                    else:
                        messages.success(request, done)
                        return redirect("remote:person", pk=found.pk)
    return render(request, "remote/person.html", {"person": found, "r": record, "residence": residence, "certification": certification,
                                                  "rights": rights}, status=400 if residence.errors or certification.errors else 200)
