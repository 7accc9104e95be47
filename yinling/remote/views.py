"""Pages of remote living: who is due or overdue for the yearly certification (the office's and each
liaison's list), and a person's remote record with the certification entered on it."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from yinling.core import files
from yinling.core.access import can, get_scoped_or_404, require, require_any
from yinling.core.forms import apply_errors, recent_years, year_param
from yinling.core.pagination import FastPaginator
from yinling.roster.models import Person

from . import selectors, services
from .access import REMOTE_CERTIFY, REMOTE_CLAIMS, REMOTE_CLAIMS_VIEW, REMOTE_MANAGE, REMOTE_VIEW
from .forms import AttachForm, CertificationForm, ClaimForm, ClaimStepForm, ResidenceForm
from .models import Claim, ClaimDocument

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
                                                  "rights": rights, "claims": selectors.claims_of(user=request.user, person=found)},
                  status=400 if residence.errors or certification.errors else 200)


# --- medical-expense claims -----------------------------------------------------------------------

@login_required
def claim_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, REMOTE_CLAIMS_VIEW, "异地就医报销由离退休工作处办理。")
    today = timezone.localdate()
    year = year_param(request, today)
    status = request.GET.get("status", "") if request.GET.get("status", "") in Claim.Status.values else ""
    page = FastPaginator(selectors.claims(user=request.user, status=status, year=year), PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "remote/claims.html", {
        "page": page, "year": year, "years": recent_years(today), "status": status, "statuses": Claim.Status.choices,
        "totals": selectors.claim_totals(user=request.user, year=year), "querystring": f"year={year}&status={status}"})


@login_required
def claim_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = get_scoped_or_404(Person.objects.all(), request.user, REMOTE_CLAIMS, pk=person_pk)
    form = ClaimForm(request.POST or None, request.FILES or None, initial={"submitted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "documents"}
        try:
            made = services.claim_submit(actor=request.user, person_id=person.pk, data=data, documents=form.cleaned_data["documents"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, "已登记报销。")
            return redirect(made)
    return render(request, "remote/claim_form.html", {"form": form, "person": person}, status=400 if form.errors else 200)


@login_required
def claim_detail(request: HttpRequest, pk: int) -> HttpResponse:
    claim = selectors.claim(user=request.user, pk=pk)
    step = ClaimStepForm(request.POST if request.POST.get("action") == "step" else None)
    attach = AttachForm(request.POST if request.POST.get("action") == "attach" else None, request.FILES or None)
    if request.method == "POST":
        require(request.user, REMOTE_CLAIMS, claim)
        if step.is_bound and step.is_valid():
            d = step.cleaned_data
            try:
                services.claim_step(actor=request.user, claim_id=claim.pk, to=d["to"], expected_version=d["version"], amount=d["amount"],
                                    on=d["on"], note=d["note"])
            except ValidationError as error:
                apply_errors(step, error)
            else:
                messages.success(request, "已办理。")
                return redirect(claim)
        if attach.is_bound and attach.is_valid():
            try:
                services.claim_attach(actor=request.user, claim_id=claim.pk, documents=attach.cleaned_data["documents"])
            except ValidationError as error:
                apply_errors(attach, error)
            else:
                messages.success(request, "已添加材料。")
                return redirect(claim)
    may = can(request.user, REMOTE_CLAIMS, claim)
    return render(request, "remote/claim.html", {
        "claim": claim, "steps": list(claim.steps.select_related("by")), "documents": list(claim.documents.all()), "may": may,
        "next": services.NEXT.get(claim.status), "step": step, "attach": attach, "today": timezone.localdate()},
        status=400 if step.errors or attach.errors else 200)


@login_required
def claim_document(request: HttpRequest, pk: int) -> HttpResponse:
    """A claim's bill, only to those who may see the claim."""
    document = get_scoped_or_404(ClaimDocument.objects.all(), request.user, REMOTE_CLAIMS_VIEW, pk=pk)
    return files.serve_inline(files.folder("claims") / document.stored_name, document.content_type, document.file_name)
