"""Pages of the care work: who has not been reached, visits and calls, festival campaigns, hospital
stays, service requests on their clock, hardship aid and the office's tables."""
from datetime import date, timedelta
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from yinling.accounts.models import User
from yinling.core import files
from yinling.core.access import acting_institution, capability_any, get_scoped_or_404, require, require_any, scope
from yinling.core.audit import audit
from yinling.core.forms import apply_errors, flash, recent_years, year_param
from yinling.core.pagination import FastPaginator
from yinling.roster import selectors as roster_selectors
from yinling.roster.models import Person

from . import memo, selectors, services
from .access import CARE_AID, CARE_HEALTH, CARE_HOSPITAL, CARE_MANAGE, CARE_OWN, CARE_RECORD, CARE_VIEW
from .forms import (
    AidDecisionForm,
    AidForm,
    CadenceForm,
    CampaignForm,
    ClockForm,
    CloseForm,
    ContactForm,
    DischargeForm,
    RateForm,
    RequestForm,
    StayForm,
    StepForm,
)
from .models import CadenceRule, Campaign, Contact, ContactPhoto, HardshipAid, HospitalStay, ServiceRequest

PER_PAGE = 30


def _page(request: HttpRequest, qs, per_page: int = PER_PAGE, rows=None):
    return FastPaginator(qs, per_page, rows=rows).get_page(request.GET.get("page"))


def _base(request: HttpRequest) -> dict:
    return {"rights": selectors.may(request.user)}


def _person(request: HttpRequest, pk: int, capability: str) -> Person:
    """A person the user may act on with `capability` (404 outside their scope)."""
    return get_scoped_or_404(Person.objects.select_related("institution", "unit", "liaison"), request.user, capability, pk=pk)


def _colleagues(institution) -> list[User]:
    """The accounts who may visit at a university: its staff, care officers and liaisons."""
    return list(User.objects.filter(is_active=True, assignments__node__path__startswith=institution.path,
                                    assignments__role__in=["office_admin", "office_staff", "unit_officer", "liaison"])
                .distinct().order_by("display_name", "username"))


# --- the overview ---------------------------------------------------------------------------------

@login_required
def home(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CARE_VIEW, "您没有查看走访服务的权限。")
    institution = acting_institution(request.user, CARE_VIEW)
    today, now = timezone.localdate(), timezone.now()
    overdue = selectors.overdue_people(user=request.user, institution=institution, today=today)
    open_campaigns = list(selectors.campaigns(user=request.user).filter(status=Campaign.Status.OPEN))
    cover = selectors.coverage(user=request.user, campaigns_=open_campaigns)
    context = {
        **_base(request),
        "overdue_count": overdue.count(),
        "overdue": selectors.overdue_rows(overdue[:8], selectors.intervals(institution), today),
        "late": list(selectors.late_requests(user=request.user, now=now)[:8]),
        "late_count": selectors.late_requests(user=request.user, now=now).count(),
        "open_requests": selectors.request_list(user=request.user, view="open", now=now).count(),
        "campaigns": [(c, cover[c.pk]) for c in open_campaigns],
        "stays": list(selectors.stays_now(user=request.user)[:10]) if capability_any(request.user, CARE_HEALTH) else None,
        "year": selectors.visited_this_year(user=request.user, year=today.year),
        "today": today,
    }
    return render(request, "care/home.html", context)


@login_required
def overdue(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CARE_VIEW, "您没有查看走访服务的权限。")
    institution = acting_institution(request.user, CARE_VIEW)
    today = timezone.localdate()
    table = selectors.intervals(institution)
    manage = capability_any(request.user, CARE_MANAGE)
    liaison_id = request.GET.get("liaison", "")
    liaison_id = int(liaison_id) if liaison_id.isdigit() and manage else None
    group = request.GET.get("group", "")
    people = selectors.overdue_people(user=request.user, institution=institution, today=today, liaison_id=liaison_id, group=group)
    page = _page(request, people)
    page.object_list = selectors.overdue_rows(page.object_list, table, today)
    liaisons = _colleagues(institution) if manage else []
    chosen = next((u for u in liaisons if u.pk == liaison_id), None)
    groups = [(g, label) for g, label in CadenceRule.Group.choices if g != CadenceRule.Group.EVERYONE]
    described = "；".join(filter(None, [f"联络员：{chosen}" if chosen else "", dict(groups).get(group, "")]))
    query = "&".join(f"{k}={v}" for k, v in (("liaison", liaison_id or ""), ("group", group if group in dict(groups) else "")) if v)
    return render(request, "care/overdue.html", {
        **_base(request), "page": page, "today": today, "table": table, "liaisons": liaisons, "liaison_id": liaison_id,
        "group": group, "groups": groups, "described": described, "querystring": query,
    })


# --- contacts -------------------------------------------------------------------------------------

@login_required
def contact_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CARE_VIEW, "您没有查看走访服务的权限。")
    today = timezone.localdate()
    year = year_param(request, today, earliest=2000)
    kind = request.GET.get("kind", "") if request.GET.get("kind", "") in Contact.Kind.values else ""
    mode = request.GET.get("mode", "") if request.GET.get("mode", "") in Contact.Mode.values else ""
    qs = selectors.contact_list(user=request.user, year=year, kind=kind, mode=mode)
    query = "&".join(f"{k}={v}" for k, v in (("year", year), ("kind", kind), ("mode", mode)) if v)
    return render(request, "care/contact_list.html", {
        **_base(request), "page": _page(request, qs), "year": year, "years": recent_years(today),
        "kind": kind, "mode": mode, "kinds": Contact.Kind.choices, "modes": Contact.Mode.choices, "querystring": query,
        "figures": selectors.visited_this_year(user=request.user, year=year),
    })


@login_required
def contact_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person(request, person_pk, CARE_RECORD)
    campaign = None
    campaign_id = request.POST.get("campaign") or request.GET.get("campaign")
    if campaign_id and str(campaign_id).isdigit():
        campaign = selectors.campaigns(user=request.user).filter(pk=campaign_id, status=Campaign.Status.OPEN).first()
    visitors = User.objects.filter(pk__in=[u.pk for u in _colleagues(person.institution)]).order_by("display_name", "username")
    kind = Contact.Kind.FESTIVAL if campaign else request.GET.get("kind", Contact.Kind.ROUTINE)
    form = ContactForm(request.POST or None, request.FILES or None, visitors=visitors, initial={
        "on": timezone.localdate(), "kind": kind if kind in Contact.Kind.values else Contact.Kind.ROUTINE,
        "mode": Contact.Mode.PHONE if request.GET.get("mode") == "phone" else Contact.Mode.HOME, "visitors": [request.user.pk]})
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in services.CONTACT_FIELDS}
        try:
            services.contact_record(actor=request.user, person_ids=[person.pk], data=data, photos=form.cleaned_data["photos"],
                                    visitor_ids=[u.pk for u in form.cleaned_data["visitors"]], campaign_id=campaign.pk if campaign else None)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"已记录对{person.name}的{Contact.Mode(data['mode']).label}{Contact.Kind(data['kind']).label}。")
            if campaign:
                return redirect(f"{reverse('care:campaign_detail', args=[campaign.pk])}?show=left&mine=1")
            return redirect(f"{reverse('roster:person_detail', args=[person.pk])}?tab=care")
    return render(request, "care/contact_form.html", {**_base(request), "form": form, "person": person, "campaign": campaign},
                  status=400 if form.errors else 200)


@login_required
def contact_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """A visit's photo, only to those who may see the visit."""
    photo = get_scoped_or_404(ContactPhoto.objects.all(), request.user, CARE_VIEW, pk=pk)
    return files.serve_inline(files.folder("care") / photo.stored_name, photo.content_type, photo.file_name)


# --- campaigns ------------------------------------------------------------------------------------

@login_required
def campaign_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CARE_VIEW, "您没有查看走访服务的权限。")
    page = _page(request, selectors.campaigns(user=request.user))
    cover = selectors.coverage(user=request.user, campaigns_=list(page.object_list))
    page.object_list = [(c, cover[c.pk]) for c in page.object_list]
    return render(request, "care/campaign_list.html", {**_base(request), "page": page, "querystring": ""})


@login_required
def campaign_create(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CARE_MANAGE, "只有离退休工作处可以发起慰问活动。")
    institution = acting_institution(request.user, CARE_MANAGE)
    units = roster_selectors.unit_choices(user=request.user).filter(path__startswith=institution.path)
    today = timezone.localdate()
    form = CampaignForm(request.POST or None, units=units, initial={"starts_on": today, "ends_on": today + timedelta(days=30)})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.campaign_create(actor=request.user, data=form.cleaned_data, rule=form.rule())
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"已发起“{campaign.name}”，慰问对象 {campaign.targets.count()} 人，已按联络员分派。")
            return redirect(campaign)
    return render(request, "care/campaign_form.html", {**_base(request), "form": form}, status=400 if form.errors else 200)


@login_required
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign(user=request.user, pk=pk)
    show = request.GET.get("show", "") if request.GET.get("show") in ("left", "reached") else ""
    mine = request.GET.get("mine") == "1"
    targets = selectors.campaign_targets(user=request.user, campaign=campaign, show=show, mine=mine)
    cover = selectors.coverage(user=request.user, campaigns_=[campaign])[campaign.pk]
    manage = capability_any(request.user, CARE_MANAGE)
    query = "&".join(f"{k}={v}" for k, v in (("show", show), ("mine", "1" if mine else "")) if v)
    return render(request, "care/campaign_detail.html", {
        **_base(request), "campaign": campaign, "page": _page(request, targets, 50), "cover": cover, "show": show, "mine": mine,
        "by_visitor": selectors.coverage_by_visitor(user=request.user, campaign=campaign) if manage else [],
        "visitors": _colleagues(campaign.institution) if manage and campaign.status == Campaign.Status.OPEN else [],
        "querystring": query, "open": campaign.status == Campaign.Status.OPEN,
    })


@login_required
def campaign_add(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign(user=request.user, pk=pk)
    require(request.user, CARE_MANAGE, campaign)
    if request.method == "POST" and "people" in request.POST:
        ids = [int(v) for v in request.POST.getlist("people") if v.isdigit()]
        if flash(request, lambda: services.campaign_add_people(actor=request.user, campaign_id=campaign.pk, person_ids=ids),
                 lambda added: f"已加入 {added} 人。"):
            return redirect(campaign)
    # Searched by POST, as on the roster: what was typed stays out of the address and the logs.
    q = (request.POST.get("q") or "").strip()[:30] if request.method == "POST" else ""
    found = []
    if q:
        have = campaign.targets.values("person_id")
        found = list(scope(request.user, Person.objects.filter(roster_selectors.search_condition(q, frozenset()), institution=campaign.institution,
                                                             status=Person.Status.ACTIVE), CARE_RECORD)
                     .exclude(pk__in=have).select_related("unit").order_by("name_pinyin")[:30])
    return render(request, "care/campaign_add.html", {**_base(request), "campaign": campaign, "q": q, "found": found})


@login_required
def campaign_assign(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign(user=request.user, pk=pk)
    require(request.user, CARE_MANAGE, campaign)
    if request.method != "POST":
        return redirect(campaign)
    ids = [int(v) for v in request.POST.getlist("targets") if v.isdigit()]
    user_id = request.POST.get("visitor", "")
    flash(request, lambda: services.campaign_assign(actor=request.user, campaign_id=campaign.pk, target_ids=ids,
                                                    user_id=int(user_id) if user_id.isdigit() else None),
          lambda count: f"已改派 {count} 人。")
    return redirect(campaign)


@login_required
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = selectors.campaign(user=request.user, pk=pk)
    require(request.user, CARE_MANAGE, campaign)
    form = CloseForm(request.POST or None)
    cover = selectors.coverage(user=request.user, campaigns_=[campaign])[campaign.pk]
    if request.method == "POST" and form.is_valid():
        try:
            services.campaign_close(actor=request.user, campaign_id=campaign.pk, summary=form.cleaned_data["summary"])
        except ValidationError as error:
            apply_errors(form, error, "summary")
        else:
            messages.success(request, f"“{campaign.name}”已结束。")
            return redirect(campaign)
    return render(request, "care/campaign_close.html", {**_base(request), "campaign": campaign, "form": form, "cover": cover},
                  status=400 if form.errors else 200)


# --- hospital stays -------------------------------------------------------------------------------

@login_required
def stay_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CARE_HEALTH, "住院登记只有离退休工作处和二级单位可以查看。")
    return render(request, "care/stay_list.html", {**_base(request), "stays": list(selectors.stays_now(user=request.user)[:300]),
                                                   "may_record": capability_any(request.user, CARE_HOSPITAL)})


@login_required
def stay_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person(request, person_pk, CARE_HOSPITAL)
    form = StayForm(request.POST or None, initial={"admitted_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.stay_admit(actor=request.user, person_id=person.pk, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"已登记{person.name}住院，请安排住院探望。")
            return redirect(f"{reverse('roster:person_detail', args=[person.pk])}?tab=care")
    return render(request, "care/simple_form.html", {**_base(request), "form": form, "person": person, "title": "登记住院"},
                  status=400 if form.errors else 200)


@login_required
def stay_discharge(request: HttpRequest, pk: int) -> HttpResponse:
    stay = get_scoped_or_404(HospitalStay.objects.select_related("person"), request.user, CARE_HEALTH, pk=pk)
    require(request.user, CARE_HOSPITAL, stay)
    form = DischargeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.stay_discharge(actor=request.user, stay_id=stay.pk, on=form.cleaned_data["discharged_on"])
        except ValidationError as error:
            apply_errors(form, error, "discharged_on")
        else:
            messages.success(request, f"已登记{stay.person.name}出院。")
            return redirect("care:stays")
    return render(request, "care/simple_form.html", {**_base(request), "form": form, "person": stay.person,
                                                     "title": f"登记出院（{stay.hospital}，{stay.admitted_on:%Y-%m-%d}入院）"},
                  status=400 if form.errors else 200)


# --- service requests -----------------------------------------------------------------------------

@login_required
def request_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CARE_VIEW, "您没有查看服务工单的权限。")
    now = timezone.now()
    view = request.GET.get("view", "open") if request.GET.get("view") in selectors.REQUEST_VIEWS else "open"
    category = request.GET.get("category", "") if request.GET.get("category", "") in ServiceRequest.Category.values else ""
    mine = request.GET.get("mine") == "1"
    qs = selectors.request_list(user=request.user, view=view, now=now, category=category, mine=mine)
    query = "&".join(f"{k}={v}" for k, v in (("view", view), ("category", category), ("mine", "1" if mine else "")) if v)
    page = _page(request, qs, rows=selectors.request_rows)
    # The late list unfiltered is its own warning's count: counted once.
    late_count = page.paginator.count if (view, category, mine) == ("late", "", False) else \
        selectors.late_requests(user=request.user, now=now).count()
    return render(request, "care/request_list.html", {
        **_base(request), "page": page, "view": view, "views": [(k, v[0]) for k, v in selectors.REQUEST_VIEWS.items()],
        "category": category, "categories": ServiceRequest.Category.choices, "mine": mine, "now": now, "querystring": query,
        "late_count": late_count,
    })


@login_required
def request_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person(request, person_pk, CARE_RECORD)
    form = RequestForm(request.POST or None, initial={"via": ServiceRequest.Via.PHONE})
    if request.method == "POST" and form.is_valid():
        try:
            made = services.request_raise(actor=request.user, person_id=person.pk, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            due = timezone.localtime(made.due_at)
            messages.success(request, f"已登记工单，承办人：{made.assigned_to or '工作处'}；请在 {due:%m月%d日 %H:%M} 前首次响应。")
            return redirect(made)
    return render(request, "care/simple_form.html", {**_base(request), "form": form, "person": person, "title": "登记服务工单"},
                  status=400 if form.errors else 200)


STEPS = {  # the buttons a request offers in each state: (target state, label)
    ServiceRequest.Status.NEW: [(ServiceRequest.Status.RESPONDED, "已联系，响应"), (ServiceRequest.Status.IN_PROGRESS, "开始办理")],
    ServiceRequest.Status.RESPONDED: [(ServiceRequest.Status.IN_PROGRESS, "开始办理"), (ServiceRequest.Status.RESOLVED, "已解决")],
    ServiceRequest.Status.IN_PROGRESS: [(ServiceRequest.Status.RESOLVED, "已解决")],
}


@login_required
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.request(user=request.user, pk=pk)
    now = timezone.now()
    may_act = capability_any(request.user, CARE_RECORD) and item.open
    manage = capability_any(request.user, CARE_MANAGE)
    return render(request, "care/request_detail.html", {
        **_base(request), "item": item, "events": list(item.events.select_related("by")), "now": now,
        "late": item.first_response_at is None and item.due_at < now and item.open,
        "answered_late": item.first_response_at is not None and item.first_response_at > item.due_at,
        "steps": STEPS.get(item.status, []) if may_act else [], "may_close": may_act or (item.status == ServiceRequest.Status.RESOLVED and capability_any(request.user, CARE_RECORD)),
        "may_rate": item.status == ServiceRequest.Status.RESOLVED and capability_any(request.user, CARE_RECORD),
        "step_form": StepForm(), "rate_form": RateForm(),
        "assignees": _colleagues(item.person.institution) if manage and item.open else [],
    })


@login_required
def request_step(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.request(user=request.user, pk=pk)
    require(request.user, CARE_RECORD, item)
    if request.method != "POST":
        return redirect(item)
    form = StepForm(request.POST)
    form.is_valid()
    version = request.POST.get("version", "")
    try:
        services.request_step(actor=request.user, request_id=item.pk, status=request.POST.get("status", ""),
                              note=form.cleaned_data.get("note", ""), expected_version=int(version) if version.isdigit() else None)
    except services.StaleEditError:
        messages.error(request, "这张工单刚被别人处理过，请看最新进度后再操作。")
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "已更新工单进度。")
    return redirect(item)


@login_required
def request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.request(user=request.user, pk=pk)
    require(request.user, CARE_MANAGE, item)
    if request.method != "POST":
        return redirect(item)
    user_id = request.POST.get("assignee", "")
    flash(request, lambda: services.request_assign(actor=request.user, request_id=item.pk, user_id=int(user_id) if user_id.isdigit() else None),
          "已改派承办人。")
    return redirect(item)


@login_required
def request_rate(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.request(user=request.user, pk=pk)
    require(request.user, CARE_RECORD, item)
    if request.method != "POST":
        return redirect(item)
    form = RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择满意度（1 到 5 分）。")
        return redirect(item)
    flash(request, lambda: services.request_rate(actor=request.user, request_id=item.pk, rating=form.cleaned_data["rating"],
                                                 comment=form.cleaned_data["comment"]), "已记录评价。")
    return redirect(item)


@login_required
def request_figures(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CARE_VIEW, "您没有查看服务工单的权限。")
    today = timezone.localdate()
    year = year_param(request, today, earliest=2000)
    figures = selectors.request_figures(user=request.user, since=date(year, 1, 1), now=timezone.now())
    return render(request, "care/request_figures.html", {**_base(request), "figures": figures, "year": year,
                                                         "years": recent_years(today)})


# --- finding a person (a call comes in) -----------------------------------------------------------

ACTIONS = {"contact": ("记录走访/电话", "care:contact_create", CARE_RECORD), "request": ("登记工单", "care:request_create", CARE_RECORD),
           "stay": ("登记住院", "care:stay_create", CARE_HOSPITAL), "aid": ("困难帮扶申请", "care:aid_create", CARE_AID)}


@login_required
def pick(request: HttpRequest) -> HttpResponse:
    """Find a person by name, pinyin initials or the last digits of a phone, then act for them."""
    action = request.GET.get("for", "request") if request.GET.get("for") in ACTIONS else "request"
    label, url_name, capability = ACTIONS[action]
    require_any(request.user, capability, "您没有权限进行此操作。")
    # Searched by POST: what was typed (the last digits of a phone, say) stays out of the address and the logs.
    q = (request.POST.get("q") or "").strip()[:30] if request.method == "POST" else ""
    found = []
    if q:
        found = list(scope(request.user, Person.objects.filter(roster_selectors.search_condition(q, frozenset()), status=Person.Status.ACTIVE),
                           capability).select_related("unit").order_by("name_pinyin", "id")[:30])
    return render(request, "care/pick.html", {**_base(request), "q": q, "found": found, "action": action, "label": label, "url_name": url_name})


# --- hardship aid ---------------------------------------------------------------------------------

@login_required
def aid_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CARE_AID, "您没有查看困难帮扶的权限。")
    today = timezone.localdate()
    year = year_param(request, today, earliest=2000)
    qs = selectors.aids(user=request.user, year=year)
    return render(request, "care/aid_list.html", {**_base(request), "page": _page(request, qs), "year": year, "querystring": f"year={year}",
                                                  "years": recent_years(today), "totals": selectors.aid_totals(qs),
                                                  "decide_form": AidDecisionForm()})


@login_required
def aid_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    person = _person(request, person_pk, CARE_AID)
    form = AidForm(request.POST or None, initial={"applied_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.aid_apply(actor=request.user, person_id=person.pk, data=form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"已登记{person.name}的困难帮扶申请。")
            return redirect("care:aids")
    return render(request, "care/simple_form.html", {**_base(request), "form": form, "person": person, "title": "困难帮扶申请"},
                  status=400 if form.errors else 200)


def _aid(request: HttpRequest, pk: int) -> HardshipAid:
    aid = get_scoped_or_404(HardshipAid.objects.select_related("person"), request.user, CARE_AID, pk=pk)
    require(request.user, CARE_MANAGE, aid)
    return aid


@login_required
def aid_decide(request: HttpRequest, pk: int) -> HttpResponse:
    aid = _aid(request, pk)
    if request.method != "POST":
        return redirect(f"{reverse('care:aids')}?year={aid.year}")
    form = AidDecisionForm(request.POST)
    approve = request.POST.get("decision") == "approve"
    if form.is_valid():
        flash(request, lambda: services.aid_decide(actor=request.user, aid_id=aid.pk, approve=approve, amount=form.cleaned_data["amount_approved"],
                                                   on=form.cleaned_data["approved_on"]),
              f"已{'批准' if approve else '不予批准'}{aid.person.name}的申请。")
    else:
        messages.error(request, "请填写正确的批准金额和日期。")
    return redirect(f"{reverse('care:aids')}?year={aid.year}")


@login_required
def aid_pay(request: HttpRequest, pk: int) -> HttpResponse:
    aid = _aid(request, pk)
    if request.method != "POST":
        return redirect(f"{reverse('care:aids')}?year={aid.year}")
    flash(request, lambda: services.aid_pay(actor=request.user, aid_id=aid.pk, on=timezone.localdate()), f"已登记发放给{aid.person.name}。")
    return redirect(f"{reverse('care:aids')}?year={aid.year}")


# --- the office's tables --------------------------------------------------------------------------

@login_required
def care_settings(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CARE_VIEW, "您没有查看走访服务的权限。")
    institution = acting_institution(request.user, CARE_VIEW)
    manage = capability_any(request.user, CARE_MANAGE)
    services.cadence_ensure(institution)
    if request.method == "POST":
        require_any(request.user, CARE_MANAGE, "只有离退休工作处可以修改。")
        try:
            if request.POST.get("table") == "cadence":
                rule_id, form = request.POST.get("rule", ""), CadenceForm(request.POST)
                if not (rule_id.isdigit() and form.is_valid()):
                    raise ValidationError("联系间隔应在 1 到 366 天之间。")
                services.cadence_update(actor=request.user, rule_id=int(rule_id), interval_days=form.cleaned_data["interval_days"])
            else:
                form = ClockForm(request.POST)
                if not form.is_valid():
                    raise ValidationError("时限应在 1 到 168 小时之间。")
                services.clock_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已保存，逾期名单和工单时限随之更新。")
            return redirect("care:settings")
    rules_ = scope(request.user, CadenceRule.objects.filter(institution=institution), CARE_VIEW)
    return render(request, "care/settings.html", {**_base(request), "rules": rules_, "clocks": selectors.clocks(user=request.user, institution=institution),
                                                  "manage": manage})


# --- the year's work memo --------------------------------------------------------------------------

@login_required
def memo_page(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CARE_VIEW, "您没有查看工作备忘录的权限。")
    institution = acting_institution(request.user, CARE_VIEW)
    today = timezone.localdate()
    year = year_param(request, today, earliest=2000)
    if request.method == "POST":
        require_any(request.user, CARE_MANAGE, "只有离退休工作处可以编写备忘录。")
        try:
            if request.POST.get("delete", "").isdigit():
                memo.item_delete(actor=request.user, item_id=int(request.POST["delete"]))
            else:
                month = request.POST.get("month", "")
                memo.item_add(actor=request.user, year=year, month=int(month) if month.isdigit() else 0, text=request.POST.get("text", ""))
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已保存。")
        return redirect(f"{reverse('care:memo')}?year={year}")
    by_month = memo.entries(user=request.user, institution=institution, year=year)
    return render(request, "care/memo.html", {
        **_base(request), "year": year, "years": [today.year + 1, today.year, today.year - 1],
        "months": [(m, memo.month_name(m), by_month[m]) for m in range(1, 13)]})


@login_required
def memo_docx(request: HttpRequest) -> HttpResponse:
    require_any(request.user, CARE_VIEW, "您没有查看工作备忘录的权限。")
    institution = acting_institution(request.user, CARE_VIEW)
    today = timezone.localdate()
    year = year_param(request, today, earliest=2000)
    content = memo.docx(institution=institution, year=year, by_month=memo.entries(user=request.user, institution=institution, year=year), today=today)
    audit(actor=request.user, action="memo_export", scope_path=institution.path, note=f"{year}年工作备忘录")
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(f'{year}年工作备忘录.docx')}"
    return response


# --- a retiree's own requests (their pages: large type, 60 px targets) ------------------------------

@login_required
def my_requests(request: HttpRequest) -> HttpResponse:
    """A retiree asks for help and follows their requests; a solved one they rate."""
    require_any(request.user, CARE_OWN, "这是离退休同志本人使用的页面。")
    errors = {}
    if request.method == "POST":
        data = {"category": request.POST.get("category", ""), "description": request.POST.get("description", "")[:1000],
                "urgent": request.POST.get("urgent") == "1"}
        try:
            made = services.request_raise_own(actor=request.user, data=data)
        except ValidationError as error:
            errors = error.message_dict if hasattr(error, "error_dict") else {"__all__": error.messages}
        else:
            who = made.assigned_to or "离退休工作处"
            messages.success(request, f"已收到您的诉求，{who}会在 {timezone.localtime(made.due_at):%m月%d日 %H:%M} 前与您联系。")
            return redirect("care:my_requests")
    mine = list(scope(request.user, ServiceRequest.objects.select_related("assigned_to"), CARE_OWN).order_by("-raised_at")[:20])
    return render(request, "care/my_requests.html", {"requests": mine, "categories": ServiceRequest.Category.choices, "errors": errors,
                                                     "general_errors": errors.get("__all__"), "posted": request.POST if errors else {}},
                  status=400 if errors else 200)


@login_required
def my_rate(request: HttpRequest, pk: int) -> HttpResponse:
    require_any(request.user, CARE_OWN, "这是离退休同志本人使用的页面。")
    if request.method == "POST":
        rating = request.POST.get("rating", "")
        flash(request, lambda: services.request_rate_own(actor=request.user, request_id=pk, rating=int(rating) if rating.isdigit() else 0,
                                                         comment=request.POST.get("comment", "")), "谢谢您的评价！")
    elif not scope(request.user, ServiceRequest.objects.filter(pk=pk), CARE_OWN).exists():
        raise Http404("未找到该记录。")
    return redirect("care:my_requests")
