"""Roster pages: the list, a person's page, edit, archive and the ID-number reveal."""
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from yinling.accounts.models import RoleAssignment, current
from yinling.accounts.roles import Role
from yinling.core import search
from yinling.core.access import acting_institution, capability_any, require_any, scope
from yinling.core.audit import audit
from yinling.core.forms import apply_errors
from yinling.core.models import OrgUnit
from yinling.core.pagination import FastPaginator
from yinling.core.plugins import person_tabs

from . import fields, quality, selectors, services
from .access import (
    ROSTER_ARCHIVE,
    ROSTER_EDIT,
    ROSTER_EXPORT,
    ROSTER_IMPORT,
    ROSTER_RESTORE,
    ROSTER_UNMASK,
    ROSTER_VIEW,
    ROSTER_VISIT,
)
from .forms import ArchiveForm, ContactFormSet, PersonFilterForm, PersonForm, RestoreForm
from .models import Person
from .visibility import FULL_PHONE, list_groups

PAGE_SIZES = (20, 50, 100)


def _unit_bound(user) -> bool:
    """A care officer edits by unit: the unit is required, grid and branch are the office's to set (services._check_places)."""
    return not any(a.grants(ROSTER_EDIT) and a.node_id and a.node.kind != OrgUnit.Kind.UNIT for a in user.active_assignments())


def _form_choices(user, institution: OrgUnit) -> dict:
    return {
        "units": selectors.unit_choices(user=user).filter(path__startswith=institution.path),
        # Grids are reference data of the institution, not people: any editor may assign one.
        "grids": OrgUnit.objects.filter(kind=OrgUnit.Kind.GRID, path__startswith=institution.path).order_by("sort_order", "name"),
    }


# What the list's URL may carry (core.search builds it from the posted filter form).
LIST_QUERY = (*PersonFilterForm.base_fields, "per_page")


@login_required
def person_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, ROSTER_VIEW, "您没有查看人员信息库的权限。")
    if request.method == "POST":  # the filter form: answered with a URL that holds no ID or phone number
        query = search.url_query(request, request.POST, LIST_QUERY)
        url = f"{reverse('roster:person_list')}?{query.urlencode()}" if query else reverse("roster:person_list")
        if not request.htmx:
            return redirect(url)
        response = _person_list(request, query)
        response["HX-Push-Url"] = url
        return response
    return _person_list(request, request.GET)


def _person_list(request: HttpRequest, query) -> HttpResponse:
    groups = list_groups(request.user)
    units = selectors.unit_choices(user=request.user)
    data = search.resolve(request, query)
    form = PersonFilterForm(data or None, units=units, groups=groups)
    filters = form.to_filters() if form.is_bound else PersonFilterForm(units=units, groups=groups).to_filters()
    queryset = selectors.person_list(user=request.user, filters=filters)
    try:
        per_page = int(data.get("per_page", 20))
    except ValueError:
        per_page = 20
    per_page = per_page if per_page in PAGE_SIZES else 20
    page = FastPaginator(queryset, per_page, rows=selectors.list_rows).get_page(data.get("page"))
    query = query.copy()  # links keep the qref, never the term it stands for
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "per_page": per_page,
        "page_sizes": PAGE_SIZES,
        "querystring": query.urlencode(),
        "can_create": capability_any(request.user, ROSTER_EDIT),
        "can_export": capability_any(request.user, ROSTER_EXPORT),
        "can_import": capability_any(request.user, ROSTER_IMPORT),
        "full_phone": FULL_PHONE in groups,  # who may call every row sees the number, as a tel: link
        "groups": groups,
        "quality_label": quality.BY_KEY[filters.quality].label if filters.quality in quality.BY_KEY else "",
    }
    template = "roster/_results.html" if request.htmx and request.htmx.target == "results" else "roster/person_list.html"
    return render(request, template, context)


@login_required
def person_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A person's page: the tabs every module contributes (core.plugins.person_tab), each as this user may see it."""
    person = selectors.person_detail(user=request.user, pk=pk)
    audit(actor=request.user, action="view", obj=person._person)
    tabs = [(tab, ctx) for tab in person_tabs() if (ctx := tab.context(request.user, person)) is not None]
    wanted = request.GET.get("tab")
    current, tab_context = next(((t, c) for t, c in tabs if t.key == wanted), tabs[0])
    context = {"person": person, "tabs": [t for t, _ in tabs], "tab": current, **tab_context}
    return render(request, "roster/person_detail.html", context)


@login_required
def my_people(request: HttpRequest) -> HttpResponse:
    """A volunteer's own list: the people they serve, with only what a visit needs."""
    require_any(request.user, ROSTER_VISIT, "这里列出分派给志愿者的服务对象。")
    people = selectors.people_to_visit(user=request.user)
    return render(request, "roster/my_people.html", {"people": people})


def _require(person, capability: str) -> None:
    """Visible (the selector found it) but not this user's to change: 403."""
    if capability not in person.held:
        raise PermissionDenied("您没有权限进行此操作。")


def _contacts_from(formset) -> list[services.ContactData]:
    items = []
    for form in formset.forms:
        if not form.has_changed() and not form.instance.pk:
            continue
        data = form.cleaned_data
        if not data:
            continue
        items.append(services.ContactData(
            id=form.instance.pk, name=data.get("name", ""), relation=data.get("relation", ""),
            phone=data.get("phone", ""), is_primary=data.get("is_primary", False), delete=data.get("DELETE", False),
        ))
    return items


def _merge_after_conflict(posted, current: Person, stale: services.StaleEditError, choices: dict):
    """The form to show after a refused stale save.

    Fields the other editor changed take their new values (their change is never
    silently undone); everything else keeps what this user typed. The version is
    the current one, so saving again is a deliberate save on top of theirs.
    """
    data = posted.copy()
    data["version"] = str(stale.current_version)
    fresh = PersonForm(instance=current, **choices)
    changed = {name for entry in stale.changes for name in entry.changes.get("fields", {})}
    for name in changed & set(fresh.fields):
        value = fresh[name].value()
        if isinstance(value, bool):
            if value:
                data[name] = "on"
            else:
                data.pop(name, None)
        elif isinstance(value, list):
            data.setlist(name, [str(getattr(v, "pk", v)) for v in value])
        elif hasattr(value, "isoformat"):
            data[name] = value.isoformat()
        else:
            data[name] = "" if value is None else str(value)
    return data


@login_required
def person_edit(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_for_edit(user=request.user, pk=pk)
    if person.is_archived:
        messages.error(request, "该同志的档案已归档，不能再修改。")
        return redirect(person)
    choices = _form_choices(request.user, person.institution)
    conflict = None
    if request.method == "POST":
        form = PersonForm(request.POST, instance=person, unit_required=_unit_bound(request.user), **choices)
        formset = ContactFormSet(request.POST, instance=person, prefix="contacts")
        if form.is_valid() and formset.is_valid():
            try:
                services.person_update(
                    actor=request.user, person_id=person.pk,
                    expected_version=form.cleaned_data.get("version") or 0,
                    data=form.person_data(), id_number=form.cleaned_data["id_number"] or None,
                    hobbies=form.cleaned_data["hobbies"], service_needs=form.cleaned_data["service_needs"],
                    contacts=_contacts_from(formset),
                )
            except services.StaleEditError as stale:
                conflict = stale
                person.refresh_from_db()
                data = _merge_after_conflict(request.POST, person, stale, choices)
                form = PersonForm(data, instance=person, unit_required=_unit_bound(request.user), **choices)
                form.is_valid()
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, f"已保存 {person.name} 的信息。")
                return redirect(person)
    else:
        form = PersonForm(instance=person, unit_required=_unit_bound(request.user), **choices)
        formset = ContactFormSet(instance=person, prefix="contacts")
    status = 409 if conflict else (400 if request.method == "POST" else 200)
    return render(request, "roster/person_form.html", {"form": form, "formset": formset, "person": person, "conflict": conflict}, status=status)


@login_required
def person_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    """The person's registration form (离退休人员登记表) as the office files it: one A4 page, what the user may see."""
    person = selectors.person_detail(user=request.user, pk=pk)
    sections = []
    for legend, names in fields.form_sections():
        rows = person.labelled(names)
        if rows:  # two fields a line, as the paper form has them
            sections.append((legend, [rows[i:i + 2] for i in range(0, len(rows), 2)]))
    return render(request, "roster/person_sheet.html", {"person": person, "sections": sections, "today": timezone.localdate()})


# A list up to this long renders while the user waits (about a second); a longer one is written by a
# background job (transfer's print job) with a progress bar, and opened from there.
PRINT_DIRECT_ROWS = 1500


@login_required
def person_print(request: HttpRequest) -> HttpResponse:
    """The whole filtered list for paper (not the page on screen): its filter and the date in the title,
    headers on every page, pages numbered; with `sign=1` the 签收表, a signature column for each person."""
    require_any(request.user, ROSTER_VIEW, "您没有查看人员信息库的权限。")
    groups = list_groups(request.user)
    units = selectors.unit_choices(user=request.user)
    query = request.GET.copy()
    sign = query.pop("sign", [""])[0] == "1"
    for key in ("page", "per_page"):
        query.pop(key, None)
    form = PersonFilterForm(search.resolve(request, query) or None, units=units, groups=groups)
    filters = form.to_filters() if form.is_bound else PersonFilterForm(units=units, groups=groups).to_filters()
    people = selectors.list_rows(selectors.person_list(user=request.user, filters=filters))
    count = people.count()
    context = {
        "people": people if count <= PRINT_DIRECT_ROWS else None, "count": count,
        "described": (form.describe() if form.is_bound else "") or "全部在册人员", "sign": sign, "groups": groups,
        "today": timezone.localdate(), "querystring": query.urlencode(),
        "title": "离退休人员签收表" if sign else "离退休人员名单",
    }
    return render(request, "roster/person_print.html", context)


@login_required
def person_create(request: HttpRequest) -> HttpResponse:
    require_any(request.user, ROSTER_EDIT, "您没有新增人员的权限。")
    institution = acting_institution(request.user, ROSTER_EDIT)
    choices = _form_choices(request.user, institution)
    # A care officer sees people by unit: a person made without one would vanish from their view.
    unit_required = _unit_bound(request.user)
    if request.method == "POST":
        form = PersonForm(request.POST, unit_required=unit_required, **choices)
        formset = ContactFormSet(request.POST, prefix="contacts")
        if form.is_valid() and formset.is_valid():
            try:
                person = services.person_create(
                    actor=request.user, institution=institution, data=form.person_data(),
                    id_number=form.cleaned_data["id_number"], hobbies=form.cleaned_data["hobbies"],
                    service_needs=form.cleaned_data["service_needs"], contacts=_contacts_from(formset),
                )
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, f"已为 {person.name} 建档。")
                return redirect(person)
    else:
        form = PersonForm(unit_required=unit_required, **choices)
        formset = ContactFormSet(prefix="contacts")
    return render(request, "roster/person_form.html", {"form": form, "formset": formset, "person": None}, status=400 if request.method == "POST" else 200)


@login_required
def person_restore(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_detail(user=request.user, pk=pk, capability=ROSTER_VIEW)
    _require(person, ROSTER_RESTORE)
    form = RestoreForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_restore(actor=request.user, person_id=person.pk, reason=form.cleaned_data["reason"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"已撤销 {person.name} 的归档，档案恢复为在册。")
            return redirect(person)
    return render(request, "roster/person_restore.html", {"form": form, "person": person}, status=400 if form.errors else 200)


@login_required
def person_archive(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_detail(user=request.user, pk=pk)
    _require(person, ROSTER_ARCHIVE)
    form = ArchiveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_archive(
                actor=request.user, person_id=person.pk, status=form.cleaned_data["status"],
                effective_date=form.cleaned_data["effective_date"], reason=form.cleaned_data["reason"],
                place=form.cleaned_data["place"],
            )
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"{person.name} 的档案已归档。档案不会被删除，仍可在“状态：全部”中查到。")
            return redirect(person)
    return render(request, "roster/person_archive.html", {"form": form, "person": person}, status=400 if form.errors else 200)


@login_required
def person_reveal_id(request: HttpRequest, pk: int) -> HttpResponse:
    person = selectors.person_detail(user=request.user, pk=pk)
    _require(person, ROSTER_UNMASK)
    if request.method != "POST":  # scope and right are checked first, so this reveals nothing
        return HttpResponseNotAllowed(["POST"])
    number = services.person_reveal_id_number(actor=request.user, person_id=person.pk)
    template = "roster/_id_number.html" if request.htmx else "roster/person_reveal.html"
    return render(request, template, {"person": person, "number": number})


@login_required
def data_quality(request: HttpRequest) -> HttpResponse:
    """What is missing or doubtful, per unit, each count a link to the people concerned."""
    require_any(request.user, ROSTER_EDIT, "数据质量检查供负责维护名册的同志使用。")
    people = scope(request.user, Person.objects.all(), ROSTER_EDIT)
    rows, totals = quality.quality_by_unit(people)
    officers: dict[int, list[str]] = {}
    # who should fix them: the unit's care officers of today (an ended role is not someone's job any more)
    current_officers = RoleAssignment.objects.filter(current(timezone.localdate()), role=Role.UNIT_OFFICER,
                                                     node__in=[r["unit_id"] for r in rows if r["unit_id"]])
    for assignment in current_officers.select_related("user"):
        officers.setdefault(assignment.node_id, []).append(str(assignment.user))
    for row in rows:
        row["officers"] = officers.get(row["unit_id"], [])
    return render(request, "roster/data_quality.html", {"rows": rows, "totals": totals, "checks": quality.CHECKS})
