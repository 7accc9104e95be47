"""Pages of the Party work: every branch against the rules, a branch's life and members, meetings
with attendance, activities, dues and the "光荣在党50年" medal."""
from datetime import date, timedelta

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from yinling.core import files
from yinling.core.access import acting_institution, can, capability_any, get_scoped_or_404, require, require_any, scope
from yinling.core.audit import audit
from yinling.core.forms import apply_errors, recent_years, year_param
from yinling.core.pagination import FastPaginator
from yinling.lib import party as rules
from yinling.roster import selectors as roster_selectors
from yinling.roster.access import ROSTER_VIEW
from yinling.roster.models import Person

from . import exports, selectors, services
from .access import PARTY_DUES, PARTY_MANAGE, PARTY_MEMBERS, PARTY_RECORD, PARTY_VIEW
from .forms import (
    REASONS,
    ActivityForm,
    AttachmentForm,
    BranchEvaluationForm,
    BranchForm,
    JointActivityForm,
    MedalForm,
    MeetingForm,
    MembershipForm,
    PairingForm,
    PostForm,
    RuleForm,
    TransferForm,
    attendance_from,
    money,
)
from .models import Activity, Attachment, ComplianceRule, Evaluation, Medal, Meeting, Membership, Pairing, Post

MEMBERS_PER_PAGE = 100


def _rights(user) -> dict[str, bool]:
    return selectors.may(user, *selectors.PAGE_RIGHTS)


# --- every branch against the rules --------------------------------------------------------------

@login_required
def branch_list(request: HttpRequest) -> HttpResponse:
    """The committee's view: each branch's compliance with every rule this year, and who is behind."""
    require_any(request.user, PARTY_VIEW, "您没有查看党支部的权限。")
    today = timezone.localdate()
    year = year_param(request, today)
    overview = selectors.compliance_overview(user=request.user, year=year, today=today)
    kinds = overview[0].rows if overview else []
    return render(request, "party/branch_list.html", {
        "overview": overview, "rules": [r.rule for r in kinds], "year": year, "years": recent_years(today),
        "total": sum(b.members for b in overview), "rights": _rights(request.user),
    })


@login_required
def branch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    branch = selectors.branch(user=request.user, pk=pk)
    year = year_param(request, today)
    compliance = selectors.branch_compliance(branch=branch, year=year, today=today)
    present, expected = selectors.branch_attendance(branch=branch, year=year)
    meetings = list(selectors.meeting_list(user=request.user, branch=branch, year=year)[:8])
    return render(request, "party/branch_detail.html", {
        "branch": branch, "compliance": compliance, "year": year, "years": recent_years(today), "meetings": meetings,
        "groups": selectors.groups(branch=branch), "pairings": selectors.pairings(user=request.user, branch=branch),
        "evaluation": branch.evaluations.filter(year=year).first(), "rights": _rights(request.user),
        "present": present, "expected": expected,
        "may_record": can(request.user, PARTY_RECORD, branch), "may_manage": can(request.user, PARTY_MANAGE, branch),
    })


def _branch_form_page(request: HttpRequest, branch=None) -> HttpResponse:
    institution = branch.institution if branch else acting_institution(request.user, PARTY_MANAGE)
    form = BranchForm(request.POST or None, instance=branch)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in BranchForm.Meta.fields}
        try:
            saved = services.branch_save(actor=request.user, institution=institution, branch_id=branch.pk if branch else None, data=data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"已保存{saved.name}。")
            return redirect(saved)
    title = f"修改{branch.name}" if branch else "新建党支部"
    return render(request, "party/branch_form.html", {"form": form, "branch": branch, "title": title},
                  status=400 if form.errors else 200)


@login_required
def branch_create(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PARTY_MANAGE, "您没有管理党支部的权限。")
    return _branch_form_page(request)


@login_required
def branch_edit(request: HttpRequest, pk: int) -> HttpResponse:
    branch = selectors.branch(user=request.user, pk=pk)
    require(request.user, PARTY_MANAGE, branch)
    return _branch_form_page(request, branch)


@login_required
def member_list(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    branch = selectors.branch(user=request.user, pk=pk)
    require_any(request.user, PARTY_MEMBERS, "您没有查看党员信息的权限。")
    # A page holds a whole branch as branches are (up to 100 members): on screen and on paper alike.
    page = FastPaginator(selectors.member_values(user=request.user, branch=branch), MEMBERS_PER_PAGE).get_page(request.GET.get("page"))
    rows = selectors.member_rows(page.object_list, branch=branch, today=today)
    return render(request, "party/member_list.html", {"branch": branch, "page": page, "rows": rows, "today": today,
                                                      "querystring": ""})


# --- meetings ------------------------------------------------------------------------------------

@login_required
def meeting_list(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    branch = selectors.branch(user=request.user, pk=pk)
    year = year_param(request, today)
    page = FastPaginator(selectors.meeting_list(user=request.user, branch=branch, year=year), 30).get_page(request.GET.get("page"))
    return render(request, "party/meeting_list.html", {"branch": branch, "page": page, "year": year, "years": recent_years(today),
                                                       "querystring": f"year={year}", "may_record": can(request.user, PARTY_RECORD, branch)})


def _meeting_form_page(request, *, branch, meeting=None):
    today = timezone.localdate()
    form = MeetingForm(request.POST or None, instance=meeting, branch=branch,
                       initial=None if meeting else {"held_on": today, "kind": request.GET.get("kind", "")})
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in MeetingForm.Meta.fields}
        group = data["group"] if data["kind"] == Meeting.Kind.GROUP else None
        members = services.expected_members(branch, group, data["held_on"])
        attendance = attendance_from(request.POST, members)
        try:
            if meeting is None:
                meeting = services.meeting_record(actor=request.user, branch_id=branch.pk, data=data, attendance=attendance)
                messages.success(request, f"已记录{meeting.get_kind_display()}：{meeting.topic}。")
            else:
                services.meeting_update(actor=request.user, meeting_id=meeting.pk, expected_version=form.cleaned_data.get("version") or 0,
                                        data=data, attendance=attendance)
                messages.success(request, "已保存修改。")
            return redirect("party:meeting_detail", meeting.pk)
        except services.StaleEditError:
            form.add_error(None, "在您修改期间，这次会议的记录已被他人修改。请刷新页面后重新修改。")
        except ValidationError as error:
            apply_errors(form, error)
    held_on = form.cleaned_data.get("held_on") if form.is_bound and form.is_valid() else (meeting.held_on if meeting else today)
    kind = (form.data.get("kind") if form.is_bound else (meeting.kind if meeting else "")) or ""
    group = meeting.group if meeting else None
    members = services.expected_members(branch, None, held_on)  # every member listed; a group meeting counts its group's
    recorded = {a.membership_id: a for a in meeting.attendance.all()} if meeting else {}
    roll = []
    for m in members:
        if form.is_bound:
            present = request.POST.get(f"present_{m.pk}") == "1"
            reason = request.POST.get(f"reason_{m.pk}", "")
        else:
            known = recorded.get(m.pk)
            present, reason = (known.present, known.reason) if known else (True, "")
        roll.append({"m": m, "present": present, "reason": reason, "group_id": m.group_id})
    status = 400 if form.errors else 200
    return render(request, "party/meeting_form.html", {
        "branch": branch, "form": form, "meeting": meeting, "roll": roll, "reasons": REASONS, "kind": kind,
        "group": group, "group_kind": Meeting.Kind.GROUP,
    }, status=status)


@login_required
def meeting_create(request: HttpRequest, pk: int) -> HttpResponse:
    branch = selectors.branch(user=request.user, pk=pk)
    require(request.user, PARTY_RECORD, branch)
    return _meeting_form_page(request, branch=branch)


@login_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting(user=request.user, pk=pk)
    require(request.user, PARTY_RECORD, meeting)
    return _meeting_form_page(request, branch=meeting.branch, meeting=meeting)


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = selectors.meeting(user=request.user, pk=pk)
    attendance = selectors.meeting_attendance(meeting)
    present = sum(a.present for a in attendance)
    may_record = can(request.user, PARTY_RECORD, meeting)
    form = AttachmentForm()
    if request.method == "POST" and may_record:
        form = AttachmentForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.attachment_add(actor=request.user, meeting_id=meeting.pk, upload=form.cleaned_data["file"])
            except ValidationError as error:
                apply_errors(form, error, "file")
            else:
                messages.success(request, "附件已上传。")
                return redirect(meeting)
    return render(request, "party/meeting_detail.html", {
        "meeting": meeting, "attendance": attendance, "present": present, "expected": len(attendance),
        "rate": rules.attendance_rate(present, len(attendance)), "attachments": list(meeting.attachments.all()),
        "may_record": may_record, "form": form,
    }, status=400 if form.errors else 200)


@login_required
def attachment(request: HttpRequest, pk: int) -> HttpResponse:
    """An attachment, only to those who may see its meeting; a photo shows inline, a PDF too."""
    item = get_scoped_or_404(Attachment.objects.select_related("meeting"), request.user, PARTY_VIEW, pk=pk)
    return files.serve_inline(services.attachment_dir() / item.stored_name, item.content_type, item.file_name)


@login_required
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_scoped_or_404(Attachment.objects.select_related("meeting"), request.user, PARTY_VIEW, pk=pk)
    if request.method == "POST":
        services.attachment_delete(actor=request.user, attachment_id=item.pk)
        messages.success(request, f"已删除附件 {item.file_name}。")
    return redirect(item.meeting)


# --- members -------------------------------------------------------------------------------------

@login_required
def membership_detail(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    membership = selectors.membership(user=request.user, pk=pk)
    history = selectors.membership_history(user=request.user, person=membership.person)
    may_manage = can(request.user, PARTY_MANAGE, membership)
    post_form = PostForm(request.POST or None, initial={"since": today})
    if request.method == "POST" and may_manage and post_form.is_valid():
        try:
            services.post_assign(actor=request.user, membership_id=membership.pk, **post_form.cleaned_data)
        except ValidationError as error:
            apply_errors(post_form, error)
        else:
            messages.success(request, "已登记职务。")
            return redirect("party:membership_detail", membership.pk)
    return render(request, "party/membership_detail.html", {
        "membership": membership, "history": history, "today": today, "party_age": membership.party_age(today),
        "attendance": selectors.recent_attendance(membership=membership), "may_manage": may_manage,
        "posts": list(membership.posts.all()), "post_form": post_form,
    }, status=400 if post_form.errors else 200)


@login_required
def post_end(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_scoped_or_404(Post.objects.select_related("membership"), request.user, PARTY_MEMBERS, pk=pk)
    if request.method == "POST":
        try:
            services.post_end(actor=request.user, post_id=post.pk, until=timezone.localdate())
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已登记卸任{post.get_title_display()}。")
    return redirect("party:membership_detail", post.membership_id)


@login_required
def membership_edit(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership(user=request.user, pk=pk)
    require(request.user, PARTY_MANAGE, membership)
    form = MembershipForm(request.POST or None, instance=membership, branch=membership.branch)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in MembershipForm.Meta.fields}
        try:
            services.membership_update(actor=request.user, membership_id=membership.pk,
                                       expected_version=form.cleaned_data.get("version") or 0, data=data)
        except services.StaleEditError:
            form.add_error(None, "在您修改期间，该党员的组织关系已被他人修改。请刷新页面后重新修改。")
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"已保存 {membership.person.name} 的组织关系。")
            return redirect("party:membership_detail", membership.pk)
    return render(request, "party/membership_form.html", {"form": form, "membership": membership, "person": membership.person},
                  status=400 if form.errors else 200)


@login_required
def membership_create(request: HttpRequest, person_pk: int) -> HttpResponse:
    """Place a person in a branch (from their page): the office's."""
    person = roster_selectors.person_detail(user=request.user, pk=person_pk, capability=ROSTER_VIEW)
    require_any(request.user, PARTY_MANAGE, "您没有管理党员组织关系的权限。")
    choices = scope(request.user, selectors.Branch.objects.filter(institution=person.institution_id), PARTY_MANAGE)
    form = MembershipForm(request.POST or None, branch=None, initial={"status": Membership.Status.FULL})
    branch_id = request.POST.get("branch") if request.method == "POST" else None
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in MembershipForm.Meta.fields if name != "group"}
        try:
            membership = services.membership_create(actor=request.user, person_id=person.pk,
                                                    branch_id=int(branch_id) if (branch_id or "").isdigit() else None, data=data)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"已为 {person.name} 登记党组织关系。")
            return redirect("party:membership_detail", membership.pk)
    return render(request, "party/membership_form.html", {"form": form, "membership": None, "person": person, "branches": choices,
                                                          "branch_id": branch_id}, status=400 if form.errors else 200)


@login_required
def membership_transfer(request: HttpRequest, pk: int) -> HttpResponse:
    membership = selectors.membership(user=request.user, pk=pk)
    require(request.user, PARTY_MANAGE, membership)
    branches = scope(request.user, selectors.Branch.objects.filter(institution=membership.person.institution_id), PARTY_MANAGE)
    if membership.branch_id:
        branches = branches.exclude(pk=membership.branch_id)
    form = TransferForm(request.POST or None, branches=branches, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        target = form.cleaned_data["to_branch"]
        try:
            successor = services.membership_transfer(actor=request.user, membership_id=membership.pk, on=form.cleaned_data["on"],
                                                     to_branch_id=target.pk if target else None, went_to=form.cleaned_data["went_to"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"已办理 {membership.person.name} 的组织关系转接。")
            return redirect("party:membership_detail", (successor or membership).pk)
    return render(request, "party/membership_transfer.html", {"form": form, "membership": membership}, status=400 if form.errors else 200)


@login_required
def absentees(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PARTY_MEMBERS, "您没有查看党员信息的权限。")
    today = timezone.localdate()
    return render(request, "party/absentees.html", {"rows": selectors.absentees(user=request.user, today=today),
                                                    "streak": selectors.STREAK})


# --- the rules -----------------------------------------------------------------------------------

@login_required
def rule_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PARTY_VIEW, "您没有查看党支部的权限。")
    found = list(scope(request.user, ComplianceRule.objects.select_related("institution"), PARTY_VIEW).order_by("institution_id", "id"))
    editable = set(scope(request.user, ComplianceRule.objects.all(), PARTY_MANAGE).values_list("pk", flat=True))
    forms_ = {r.pk: RuleForm(prefix=f"r{r.pk}", initial={"frequency": r.frequency, "minimum": r.minimum, "active": r.active}) for r in found}
    if request.method == "POST":
        rule = next((r for r in found if str(r.pk) == request.POST.get("rule")), None)
        if rule is None or rule.pk not in editable:
            raise Http404("未找到该制度。")
        form = forms_[rule.pk] = RuleForm(request.POST, prefix=f"r{rule.pk}")
        if form.is_valid():
            try:
                services.rule_update(actor=request.user, rule_id=rule.pk, **form.cleaned_data)
            except ValidationError as error:
                apply_errors(form, error)
            else:
                messages.success(request, f"已修改“{rule.get_kind_display()}”的要求，各支部的落实情况已按新要求计算。")
                return redirect("party:rules")
    rows = [{"rule": r, "form": forms_[r.pk], "editable": r.pk in editable} for r in found]
    return render(request, "party/rules.html", {"rows": rows}, status=400 if any(f.errors for f in forms_.values()) else 200)


# --- activities, pairings, evaluations -----------------------------------------------------------

@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PARTY_VIEW, "您没有查看党支部的权限。")
    today = timezone.localdate()
    year = year_param(request, today)
    activities = selectors.activity_list(user=request.user, year=year)
    page = FastPaginator(activities, 30).get_page(request.GET.get("page"))
    return render(request, "party/activity_list.html", {
        "page": page, "year": year, "years": recent_years(today), "totals": selectors.activity_totals(activities),
        "querystring": f"year={year}", "may_record": capability_any(request.user, PARTY_RECORD),
    })


@login_required
def activity_create(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PARTY_RECORD, "您没有记录活动的权限。")
    may_committee = capability_any(request.user, PARTY_MANAGE)
    # A committee-wide activity belongs to the office's university; a secretary's to their branch's.
    institution = acting_institution(request.user, PARTY_MANAGE) if may_committee else None
    branches = scope(request.user, selectors.Branch.objects.all(), PARTY_RECORD)
    form = ActivityForm(request.POST or None, branches=branches, may_committee=may_committee,
                        initial={"held_on": timezone.localdate(), "kind": request.GET.get("kind", Activity.Kind.STUDY)})
    members = []
    chosen = set()
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("participants") if v.isdigit()}
    if form.is_bound and form.is_valid() or not form.is_bound:
        branch = form.cleaned_data.get("branch") if form.is_bound else None
        source = selectors.current_members(branch) if branch else selectors.current_members(branches)
        members = list(scope(request.user, source, PARTY_MEMBERS).select_related("person", "branch").order_by("branch__sort_order", "person__name_pinyin"))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("kind", "held_on", "title", "destination", "guests")}
        branch = form.cleaned_data["branch"]
        people = [m.person_id for m in members if m.pk in chosen]
        try:
            activity = services.activity_record(actor=request.user, institution=institution, branch_id=branch.pk if branch else None,
                                                data=data, participant_ids=people)
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"已记录{activity.get_kind_display()}：{activity.title}，共 {activity.participant_count} 人次。")
            return redirect(f"{reverse('party:activities')}?year={activity.held_on.year}")
    return render(request, "party/activity_form.html", {"form": form, "members": members, "chosen": chosen},
                  status=400 if form.errors else 200)


@login_required
def pairing_create(request: HttpRequest, pk: int) -> HttpResponse:
    branch = selectors.branch(user=request.user, pk=pk)
    require(request.user, PARTY_RECORD, branch)
    form = PairingForm(request.POST or None, initial={"since": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.pairing_create(actor=request.user, branch_id=branch.pk, data=form.cleaned_data)
        messages.success(request, "已登记结对共建。")
        return redirect(branch)
    return render(request, "party/simple_form.html", {"form": form, "branch": branch, "title": "登记结对共建"}, status=400 if form.errors else 200)


@login_required
def joint_activity_create(request: HttpRequest, pk: int) -> HttpResponse:
    pairing = get_scoped_or_404(Pairing.objects.select_related("branch"), request.user, PARTY_VIEW, pk=pk)
    require(request.user, PARTY_RECORD, pairing)
    form = JointActivityForm(request.POST or None, initial={"held_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        services.joint_activity_record(actor=request.user, pairing_id=pairing.pk, data=form.cleaned_data)
        messages.success(request, "已记录共建活动。")
        return redirect(pairing.branch)
    return render(request, "party/simple_form.html", {"form": form, "branch": pairing.branch, "title": f"与{pairing.partner}的共建活动"},
                  status=400 if form.errors else 200)


@login_required
def group_create(request: HttpRequest, pk: int) -> HttpResponse:
    branch = selectors.branch(user=request.user, pk=pk)
    require(request.user, PARTY_MANAGE, branch)
    if request.method == "POST":
        name = (request.POST.get("name") or "").strip()[:50]
        if not name:
            messages.error(request, "请填写党小组名称。")
        else:
            try:
                services.group_create(actor=request.user, branch_id=branch.pk, name=name)
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, f"已新建党小组：{name}。")
    return redirect(branch)


@login_required
def evaluations(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    branch = selectors.branch(user=request.user, pk=pk)
    require_any(request.user, PARTY_MEMBERS, "您没有查看党员信息的权限。")
    year = year_param(request, today)
    members = list(selectors.member_list(user=request.user, branch=branch))
    may_record = can(request.user, PARTY_RECORD, branch)
    may_grade = can(request.user, PARTY_MANAGE, branch)
    known = branch.evaluations.filter(year=year).first()
    grade_form = BranchEvaluationForm(request.POST if request.POST.get("action") == "grade" else None,
                                      initial={"grade": known.grade, "note": known.note} if known else None)
    if request.method == "POST" and request.POST.get("action") == "grade" and may_grade:
        if grade_form.is_valid():
            services.branch_evaluation_record(actor=request.user, branch_id=branch.pk, year=year, **grade_form.cleaned_data)
            messages.success(request, f"已保存{branch.name}{year}年度评定。")
            return redirect(f"{reverse('party:evaluations', args=[branch.pk])}?year={year}")
    elif request.method == "POST" and may_record:
        results = {m.pk: request.POST.get(f"result_{m.pk}", "") for m in members}
        try:
            changed = services.evaluations_record(actor=request.user, branch_id=branch.pk, year=year, results=results)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"已保存{year}年民主评议结果（变更 {changed} 人）。")
            return redirect(f"{reverse('party:evaluations', args=[branch.pk])}?year={year}")
    found = selectors.evaluations(branch=branch, year=year, members=members)
    rows = [{"m": m, "result": found.get(m.pk, "")} for m in members]
    counts = {label: sum(1 for r in rows if r["result"] == value) for value, label in Evaluation.Result.choices}
    return render(request, "party/evaluations.html", {"branch": branch, "rows": rows, "year": year, "years": recent_years(today),
                                                      "results": Evaluation.Result.choices, "counts": counts, "may_record": may_record,
                                                      "may_grade": may_grade, "grade_form": grade_form, "grade": known},
                  status=400 if grade_form.errors else 200)


# --- dues ----------------------------------------------------------------------------------------

def _month(request: HttpRequest, today: date) -> date:
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        return date(year, month, 1)
    except (ValueError, TypeError):
        return today.replace(day=1)


@login_required
def dues_overview(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PARTY_DUES, "您没有查看党费的权限。")
    today = timezone.localdate()
    year = year_param(request, today)
    rows = selectors.dues_year(user=request.user, year=year)
    return render(request, "party/dues_overview.html", {"rows": rows, "year": year, "years": recent_years(today),
                                                        "may_import": capability_any(request.user, PARTY_MANAGE),
                                                        "owed": sum(r["owed"] for r in rows), "paid": sum(r["paid"] for r in rows)})


@login_required
def branch_dues(request: HttpRequest, pk: int) -> HttpResponse:
    """A branch's dues for one month: enter each member's base (the pension received), what is owed
    follows; tick who paid. `print=1`: the receipt list (党费收缴登记表) to sign."""
    today = timezone.localdate()
    branch = selectors.branch(user=request.user, pk=pk)
    require(request.user, PARTY_DUES, branch)
    month = _month(request, today)
    rows = selectors.dues_month(user=request.user, branch=branch, month=month)
    last = selectors.dues_last_base([r["membership"] for r in rows], month)
    errors = []
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "bases":
                bases = {}
                for r in rows:
                    m = r["membership"]
                    try:
                        bases[m.pk] = money(request.POST.get(f"base_{m.pk}", ""))
                    except ValueError:
                        errors.append(f"{m.person.name}的基数“{request.POST.get(f'base_{m.pk}')}”不是有效金额")
                if not errors:
                    written = services.dues_set_bases(actor=request.user, branch_id=branch.pk, month=month, bases=bases)
                    messages.success(request, f"已计算 {written} 人的应交党费。")
            elif action == "paid":
                ids = [int(v) for v in request.POST.getlist("dues") if v.isdigit()]
                marked = services.dues_mark_paid(actor=request.user, dues_ids=ids, paid_on=today)
                messages.success(request, f"已登记 {marked} 人交纳。")
        except ValidationError as error:
            errors.extend(error.messages)
        if not errors:
            return redirect(f"{reverse('party:branch_dues', args=[branch.pk])}?month={month:%Y-%m}")
    offered = selectors.dues_bases_offered(user=request.user, members=[r["membership"] for r in rows], month=month)
    for r in rows:
        pk = r["membership"].pk
        r["from_pension"] = not r["dues"] and pk in offered
        r["suggested"] = r["dues"].base if r["dues"] else offered.get(pk, last.get(pk))
    owed = sum(r["dues"].amount for r in rows if r["dues"])
    paid = sum(r["dues"].paid or 0 for r in rows if r["dues"])
    template = "party/dues_receipts.html" if request.GET.get("print") == "1" else "party/branch_dues.html"
    previous = (month.replace(day=1) - timedelta(days=1)).replace(day=1)
    following = (month.replace(day=28) + timedelta(days=4)).replace(day=1)
    return render(request, template, {
        "branch": branch, "rows": rows, "month": month, "owed": owed, "paid": paid, "errors": errors, "today": today,
        "previous": previous, "next": following if following <= today.replace(day=1) else None,
        "arrears": selectors.dues_arrears(user=request.user, branch=branch, before=month),
        "threshold": rules.DUES_THRESHOLD,
    }, status=400 if errors else 200)


@login_required
def dues_export(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PARTY_DUES, "您没有查看党费的权限。")
    today = timezone.localdate()
    year = year_param(request, today)
    path, rows = exports.dues_xlsx(user=request.user, year=year)
    audit(actor=request.user, action="dues_export", note=f"导出{year}年党费明细 {rows} 行")
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"党费明细-{year}.xlsx")


# --- the medal -----------------------------------------------------------------------------------

@login_required
def medal_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PARTY_MEMBERS, "您没有查看党员信息的权限。")
    today = timezone.localdate()
    year = year_param(request, today)
    rows = selectors.medal_list(user=request.user, year=year)
    may_manage = capability_any(request.user, PARTY_MANAGE)
    stages = {value: sum(1 for r in rows if r["medal"] and r["medal"].stage == value) for value, _ in Medal.Stage.choices}
    return render(request, "party/medal_list.html", {
        "rows": rows, "year": year, "years": [today.year + 1, *recent_years(today)], "may_manage": may_manage, "today": today,
        "stages": stages, "Stage": Medal.Stage, "form": MedalForm(initial={"on": today}),
    })


@login_required
def medal_advance(request: HttpRequest, person_pk: int) -> HttpResponse:
    require_any(request.user, PARTY_MANAGE, "您没有管理纪念章的权限。")
    person = get_scoped_or_404(Person, request.user, PARTY_MEMBERS, pk=person_pk)
    today = timezone.localdate()
    year = year_param(request, today)
    form = MedalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.medal_advance(actor=request.user, person_id=person.pk, year=year, stage=request.POST.get("stage", ""),
                                   on=form.cleaned_data["on"], by=form.cleaned_data["by"])
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已更新纪念章进度。")
    elif request.method == "POST":
        messages.error(request, "请填写日期。")
    return redirect(f"{reverse('party:medals')}?year={year}")


@login_required
def medal_export(request: HttpRequest) -> HttpResponse:
    require_any(request.user, PARTY_MEMBERS, "您没有查看党员信息的权限。")
    today = timezone.localdate()
    year = year_param(request, today)
    path, rows = exports.medal_xlsx(user=request.user, year=year)
    audit(actor=request.user, action="medal_export", note=f"导出{year}年“光荣在党50年”名单 {rows} 人")
    return FileResponse(path.open("rb"), as_attachment=True, filename=f"光荣在党50年-{year}.xlsx")

