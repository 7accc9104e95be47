"""Writes of the Party work: each one transaction, taking the acting user, re-checking scope on every
id it is given (core.access.get_for_change) and leaving an audit entry."""
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q

from yinling.core import files
from yinling.core.access import SYSTEM, get_for_change, require
from yinling.core.audit import apply_changes, audit
from yinling.lib import party as rules
from yinling.roster.access import ROSTER_VIEW
from yinling.roster.models import Person
from yinling.roster.services import on_person_archived, on_person_restored

from .access import PARTY_DUES, PARTY_MANAGE, PARTY_RECORD
from .models import (
    Activity,
    Attachment,
    Attendance,
    Branch,
    BranchEvaluation,
    ComplianceRule,
    Dues,
    Evaluation,
    JointActivity,
    Medal,
    Meeting,
    Membership,
    Pairing,
    PartyGroup,
    Post,
)


class StaleEditError(Exception):
    """Someone saved the record after this edit began: nothing was written."""


# --- memberships ---------------------------------------------------------------------------------

ARCHIVED_NOTE = "随档案归档"  # marks a membership the roster's archiving ended, so that an undo reopens it


@on_person_archived
def _end_with_the_record(actor, person, on) -> None:
    """A member who dies or moves away leaves the branch that day; their posts end with it."""
    membership = Membership.objects.filter(person=person, until__isnull=True).first()
    if membership is None:
        return
    membership.until = on
    membership.left = Membership.Left.DIED if person.status == Person.Status.DECEASED else Membership.Left.OTHER
    membership.went_to = ARCHIVED_NOTE
    membership.version += 1
    membership.save(update_fields=["until", "left", "went_to", "version"])
    Post.objects.filter(membership=membership, until__isnull=True).update(until=on)
    audit(actor=actor, action="membership_end", obj=membership, scope_path=person.institution.path,
          note=f"{on:%Y-%m-%d} 随档案归档离开{membership.branch or '（未编入支部）'}")


@on_person_restored
def _reopen_with_the_record(actor, person, on) -> None:
    """An archiving undone reopens the membership it ended (not one ended by a transfer)."""
    membership = Membership.objects.filter(person=person, went_to=ARCHIVED_NOTE).order_by("-until", "-id").first()
    if membership is None or Membership.objects.filter(person=person, until__isnull=True).exists():
        return
    membership.until, membership.left, membership.went_to = None, "", ""
    membership.version += 1
    membership.save(update_fields=["until", "left", "went_to", "version"])
    audit(actor=actor, action="membership_reopen", obj=membership, scope_path=person.institution.path,
          note=f"撤销归档，恢复在{membership.branch or '（未编入支部）'}的组织关系")


def _check_dates(join: date | None, full: date | None, status: str) -> None:
    problems = {}
    if join and full and full < join:
        problems["full_date"] = "转正时间不能早于入党时间。"
    if status == Membership.Status.FULL and not full:
        problems["full_date"] = "正式党员请填写转正时间（党龄从转正之日算起）。"
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def membership_create(*, actor, person_id: int, branch_id: int | None, data: dict[str, Any]) -> Membership:
    """Place a person in a branch (a new member, or one transferred in from elsewhere)."""
    person = get_for_change(Person.objects.all(), actor, ROSTER_VIEW, pk=person_id)
    branch = get_for_change(Branch.objects.select_related("institution"), actor, PARTY_MANAGE, pk=branch_id) if branch_id else None
    if branch is not None and branch.institution_id != person.institution_id:
        raise PermissionDenied("只能编入本校的党支部。")
    if Membership.objects.filter(person=person, until__isnull=True).exists():
        raise ValidationError("该同志已有党组织关系，请在原关系上办理转接。")
    _check_dates(data.get("join_date"), data.get("full_date"), data.get("status", Membership.Status.FULL))
    group = data.pop("group", None)
    if group is not None and group.branch_id != (branch.pk if branch else None):
        raise ValidationError({"group": "党小组必须属于所选支部。"})
    membership = Membership.objects.create(person=person, branch=branch, group=group, **data)
    audit(actor=actor, action="membership_create", obj=membership, scope_path=person.institution.path,
          note=f"编入{branch or '（未编入支部）'}")
    return membership


def memberships_import(*, actor, institution, fresh: list[dict], changed: dict[int, dict[str, Any]], source: str) -> None:
    """Write a checked memberships sheet (party.imports): new memberships, and changed fields of current
    ones, an audit entry each. Every branch, group and membership named lies in `institution`."""
    from yinling.core.audit import audit_many

    if actor is not SYSTEM:
        require(actor, PARTY_MANAGE, institution)
    places = {v["branch"].institution_id for v in fresh} | {v["branch"].institution_id for v in changed.values() if v.get("branch")}
    if places - {institution.pk}:
        raise PermissionDenied("只能编入本校的党支部。")
    with transaction.atomic():
        made = Membership.objects.bulk_create([Membership(**values) for values in fresh], batch_size=1000)
        found = Membership.objects.filter(pk__in=list(changed), person__institution=institution).select_for_update(of=("self",)).in_bulk()
        if set(found) != set(changed):
            raise PermissionDenied("有的组织关系不属于本校。")
        entries = [(m, {"branch": ["", str(m.branch)]}) for m in made]
        for pk, values in changed.items():
            membership = found[pk]
            change = {k: [str(getattr(membership, k) or ""), str(v or "")] for k, v in values.items()}
            for k, v in values.items():
                setattr(membership, k, v)
            membership.version += 1
            entries.append((membership, change))
        Membership.objects.bulk_update([found[pk] for pk in changed], ["group", "status", "join_date", "full_date", "branch", "version"],
                                       batch_size=1000)
        audit_many(actor=actor, action="membership_import", entries=entries, note=source, scope_path=institution.path)


@transaction.atomic
def membership_update(*, actor, membership_id: int, expected_version: int, data: dict[str, Any]) -> Membership:
    membership = get_for_change(Membership.objects.select_related("branch__institution", "person__institution").select_for_update(of=("self",)),
                                actor, PARTY_MANAGE, pk=membership_id)
    if membership.version != expected_version:
        raise StaleEditError()
    _check_dates(data.get("join_date", membership.join_date), data.get("full_date", membership.full_date),
                 data.get("status", membership.status))
    group = data.get("group", membership.group)
    if group is not None and group.branch_id != membership.branch_id:
        raise ValidationError({"group": "党小组必须属于本支部。"})
    changes = apply_changes(membership, data)
    if not changes:
        return membership
    membership.version = F("version") + 1
    membership.save()
    membership.refresh_from_db()
    audit(actor=actor, action="membership_update", obj=membership, changes=changes,
          scope_path=membership.person.institution.path)
    return membership


@transaction.atomic
def membership_transfer(*, actor, membership_id: int, on: date, to_branch_id: int | None = None, went_to: str = "") -> Membership | None:
    """A transfer: the membership ends on `on`; to another branch here a new one begins that day,
    to an organisation elsewhere (`went_to`) the relation leaves the university."""
    membership = get_for_change(Membership.objects.select_related("branch__institution", "person__institution").select_for_update(of=("self",)),
                                actor, PARTY_MANAGE, pk=membership_id)
    if membership.until is not None:
        raise ValidationError("该组织关系已经结束。")
    if membership.since and on < membership.since:
        raise ValidationError({"on": "转出日期不能早于转入本支部的日期。"})
    target = get_for_change(Branch.objects.select_related("institution"), actor, PARTY_MANAGE, pk=to_branch_id) if to_branch_id else None
    if target is None and not went_to.strip():
        raise ValidationError({"went_to": "请选择转入的支部，或填写转往的党组织。"})
    if target is not None and target.pk == membership.branch_id:
        raise ValidationError({"to_branch": "转入的支部与现在的支部相同。"})
    membership.until, membership.left = on, Membership.Left.TRANSFER
    membership.went_to = target.name if target else went_to.strip()
    membership.version = F("version") + 1
    membership.save()
    Post.objects.filter(membership=membership, until__isnull=True).update(until=on)
    successor = None
    if target is not None:
        successor = Membership.objects.create(
            person=membership.person, branch=target, status=membership.status, join_date=membership.join_date,
            full_date=membership.full_date, since=on, came_from=str(membership.branch or ""), mobile=membership.mobile,
            mobile_place=membership.mobile_place, dues_exempt=membership.dues_exempt, dues_exempt_reason=membership.dues_exempt_reason)
    audit(actor=actor, action="membership_transfer", obj=membership, scope_path=membership.person.institution.path,
          note=f"{on:%Y-%m-%d} 由{membership.branch or '（未编入支部）'}转往{membership.went_to}")
    return successor


@transaction.atomic
def post_assign(*, actor, membership_id: int, title: str, since: date) -> Post:
    membership = get_for_change(Membership.objects.select_related("person__institution"), actor, PARTY_MANAGE, pk=membership_id)
    if membership.until is not None:
        raise ValidationError("已离开本支部的党员不能任职。")
    if title not in Post.Title.values:
        raise ValidationError({"title": "请选择职务。"})
    post = Post.objects.create(membership=membership, title=title, since=since)
    if title == Post.Title.GROUP_LEADER and membership.group_id:  # the group's leader is who holds the post
        PartyGroup.objects.filter(pk=membership.group_id).update(leader=membership)
    audit(actor=actor, action="post_assign", obj=membership, scope_path=membership.person.institution.path,
          note=f"{since:%Y-%m-%d} 起任{post.get_title_display()}")
    return post


@transaction.atomic
def post_end(*, actor, post_id: int, until: date) -> Post:
    post = get_for_change(Post.objects.select_related("membership__person__institution"), actor, PARTY_MANAGE, pk=post_id)
    if until < post.since:
        raise ValidationError({"until": "卸任时间不能早于任职时间。"})
    post.until = until
    post.save(update_fields=["until"])
    audit(actor=actor, action="post_end", obj=post.membership, scope_path=post.membership.person.institution.path,
          note=f"{until:%Y-%m-%d} 卸任{post.get_title_display()}")
    return post


# --- meetings ------------------------------------------------------------------------------------

Attendances = dict[int, tuple[bool, str]]  # membership id → (present, reason if absent)


def _write_attendance(meeting: Meeting, expected: list[Membership], attendance: Attendances) -> None:
    """Everyone expected gets a row: present unless marked absent, and an absence needs its reason."""
    problems = [m.person.name for m in expected if not attendance.get(m.pk, (True, ""))[0]
                and attendance[m.pk][1] not in Attendance.Reason.values]
    if problems:
        raise ValidationError({"attendance": f"请为缺席的同志选择原因：{'、'.join(problems)}。"})
    stray = set(attendance) - {m.pk for m in expected}
    if stray:  # an id from the page that is not a member of this meeting: never trusted
        raise ValidationError({"attendance": "出席名单中有不属于本支部的人员，请刷新页面后重试。"})
    Attendance.objects.filter(meeting=meeting).delete()
    Attendance.objects.bulk_create([
        Attendance(meeting=meeting, membership=m, present=attendance.get(m.pk, (True, ""))[0],
                   reason="" if attendance.get(m.pk, (True, ""))[0] else attendance[m.pk][1])
        for m in expected
    ])


def expected_members(branch: Branch, group: PartyGroup | None, on: date) -> list[Membership]:
    """Who is expected at a meeting on `on`: the members of the branch (or of the group) on that day."""
    members = Membership.objects.filter(Q(since__isnull=True) | Q(since__lte=on), Q(until__isnull=True) | Q(until__gte=on),
                                        branch=branch).exclude(person__death_date__lt=on)
    if group is not None:
        members = members.filter(group=group)
    return list(members.select_related("person").order_by("person__name_pinyin", "id"))


def _clean_meeting(branch: Branch, data: dict[str, Any]) -> None:
    group = data.get("group")
    problems = {}
    if data.get("kind") == Meeting.Kind.GROUP and group is None:
        problems["group"] = "党小组会请选择党小组。"
    if group is not None and group.branch_id != branch.pk:
        problems["group"] = "党小组必须属于本支部。"
    if data.get("kind") != Meeting.Kind.GROUP:
        data["group"] = None
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def meeting_record(*, actor, branch_id: int, data: dict[str, Any], attendance: Attendances) -> Meeting:
    branch = get_for_change(Branch.objects.select_related("institution"), actor, PARTY_RECORD, pk=branch_id)
    _clean_meeting(branch, data)
    meeting = Meeting.objects.create(branch=branch, created_by=actor, **data)
    expected = expected_members(branch, meeting.group, meeting.held_on)
    _write_attendance(meeting, expected, attendance)
    present = sum(1 for m in expected if attendance.get(m.pk, (True, ""))[0])
    audit(actor=actor, action="meeting_record", obj=meeting, scope_path=branch.institution.path,
          note=f"{branch}：{meeting.get_kind_display()}《{meeting.topic}》，应到 {len(expected)} 人，实到 {present} 人")
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting_id: int, expected_version: int, data: dict[str, Any], attendance: Attendances) -> Meeting:
    meeting = get_for_change(Meeting.objects.select_related("branch__institution").select_for_update(), actor, PARTY_RECORD, pk=meeting_id)
    if meeting.version != expected_version:
        raise StaleEditError()
    _clean_meeting(meeting.branch, data)
    changes = apply_changes(meeting, data)
    meeting.version = F("version") + 1
    meeting.save()
    meeting.refresh_from_db()
    before = dict(meeting.attendance.values_list("membership_id", "present"))
    _write_attendance(meeting, expected_members(meeting.branch, meeting.group, meeting.held_on), attendance)
    after = dict(meeting.attendance.values_list("membership_id", "present"))
    if before != after:
        changes["attendance"] = [f"实到 {sum(before.values())} 人", f"实到 {sum(after.values())} 人"]
    audit(actor=actor, action="meeting_update", obj=meeting, changes=changes, scope_path=meeting.branch.institution.path)
    return meeting


# Photos and scans of minutes; identified by their first bytes, never by the name a browser sends.
def attachment_dir() -> Path:
    """Outside the web root: an attachment is served only by party:attachment, through scope."""
    return settings.DATA_DIR / "party"


def _attachment_limits() -> tuple[int, int]:
    """(bytes per file, files per meeting); settings may override the defaults."""
    return (getattr(settings, "PARTY_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024),
            getattr(settings, "PARTY_ATTACHMENTS_PER_MEETING", 20))


@transaction.atomic
def attachment_add(*, actor, meeting_id: int, upload) -> Attachment:
    meeting = get_for_change(Meeting.objects.select_related("branch__institution"), actor, PARTY_RECORD, pk=meeting_id)
    limit, per_meeting = _attachment_limits()
    content_type, suffix = files.check_upload(upload, max_bytes=limit)
    if meeting.attachments.count() >= per_meeting:
        raise ValidationError({"file": f"每次会议最多上传 {per_meeting} 个附件。"})
    stored = files.store(upload, files.folder("party"), suffix)
    name = files.original_name(upload, suffix)
    try:
        attachment = Attachment.objects.create(meeting=meeting, file_name=name, stored_name=stored.name, content_type=content_type,
                                               size=upload.size, uploaded_by=actor)
        audit(actor=actor, action="attachment_add", obj=meeting, scope_path=meeting.branch.institution.path, note=f"上传附件 {name}")
    except Exception:
        stored.unlink(missing_ok=True)  # nothing recorded: no file left behind either
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, actor, attachment_id: int) -> None:
    attachment = get_for_change(Attachment.objects.select_related("meeting__branch__institution"), actor, PARTY_RECORD, pk=attachment_id)
    meeting, path = attachment.meeting, attachment_dir() / attachment.stored_name
    attachment.delete()
    audit(actor=actor, action="attachment_delete", obj=meeting, scope_path=meeting.branch.institution.path,
          note=f"删除附件 {attachment.file_name}")
    transaction.on_commit(lambda: path.unlink(missing_ok=True))


# --- the rules -----------------------------------------------------------------------------------

@transaction.atomic
def rule_update(*, actor, rule_id: int, frequency: str, minimum: int, active: bool) -> ComplianceRule:
    rule = get_for_change(ComplianceRule.objects.select_related("institution"), actor, PARTY_MANAGE, pk=rule_id)
    if frequency not in ComplianceRule.Frequency.values or not 1 <= minimum <= 12:
        raise ValidationError("频次或次数不正确。")
    before = str(rule)
    rule.frequency, rule.minimum, rule.active = frequency, minimum, active
    rule.save()
    if before != str(rule) or not active:
        audit(actor=actor, action="rule_update", obj=rule, scope_path=rule.institution.path,
              changes={"rule": [before, str(rule) + ("" if active else "（暂停执行）")]})
    return rule


def rules_ensure(institution) -> None:
    """A university's rules, the branch work rules' defaults until the office changes them."""
    from .models import DEFAULT_RULES

    for kind, frequency in DEFAULT_RULES:
        ComplianceRule.objects.get_or_create(institution=institution, kind=kind, defaults={"frequency": frequency})


# --- evaluations, activities, pairings -----------------------------------------------------------

@transaction.atomic
def evaluations_record(*, actor, branch_id: int, year: int, results: dict[int, str]) -> int:
    """The year's 民主评议 results of a branch's members (membership id → result); returns how many changed."""
    branch = get_for_change(Branch.objects.select_related("institution"), actor, PARTY_RECORD, pk=branch_id)
    members = {m.pk: m for m in Membership.objects.filter(branch=branch, pk__in=list(results))}
    if set(results) - set(members):
        raise ValidationError("名单中有不属于本支部的人员，请刷新页面后重试。")
    if any(value and value not in Evaluation.Result.values for value in results.values()):
        raise ValidationError("评议结果不正确。")
    changed = 0
    existing = {e.membership_id: e for e in Evaluation.objects.filter(membership__in=members.values(), year=year)}
    for pk, result in results.items():
        known = existing.get(pk)
        if not result:
            if known:
                known.delete()
                changed += 1
        elif known is None:
            Evaluation.objects.create(membership_id=pk, year=year, result=result)
            changed += 1
        elif known.result != result:
            known.result = result
            known.save(update_fields=["result"])
            changed += 1
    if changed:
        audit(actor=actor, action="evaluation_record", obj=branch, scope_path=branch.institution.path,
              note=f"{year}年民主评议结果，变更 {changed} 人")
    return changed


@transaction.atomic
def branch_evaluation_record(*, actor, branch_id: int, year: int, grade: str, note: str = "") -> BranchEvaluation:
    branch = get_for_change(Branch.objects.select_related("institution"), actor, PARTY_MANAGE, pk=branch_id)
    evaluation, _ = BranchEvaluation.objects.update_or_create(branch=branch, year=year, defaults={"grade": grade, "note": note})
    audit(actor=actor, action="branch_evaluation", obj=branch, scope_path=branch.institution.path,
          note=f"{year}年度评定：{evaluation.get_grade_display()}")
    return evaluation


@transaction.atomic
def activity_record(*, actor, institution, branch_id: int | None, data: dict[str, Any], participant_ids: list[int]) -> Activity:
    """A study session, red-education trip or training; participants are people the actor may see."""
    branch = get_for_change(Branch.objects.select_related("institution"), actor, PARTY_RECORD, pk=branch_id) if branch_id else None
    if branch is None and institution is None:
        raise ValidationError({"branch": "请选择党支部。"})
    if branch is None and actor is not SYSTEM:
        require(actor, PARTY_MANAGE, institution)
    institution = branch.institution if branch else institution
    from yinling.core.access import scope

    people = Person.objects.filter(pk__in=participant_ids, institution=institution)
    if actor is not SYSTEM:
        people = scope(actor, people, ROSTER_VIEW)
    people = list(people.values_list("pk", flat=True))
    if len(people) != len(set(participant_ids)):
        raise ValidationError({"participants": "参加人员中有无法选择的人员，请刷新页面后重试。"})
    activity = Activity.objects.create(institution=institution, branch=branch, created_by=actor,
                                       participant_count=len(people) + data.get("guests", 0), **data)
    activity.participants.set(people)
    audit(actor=actor, action="activity_record", obj=activity, scope_path=institution.path,
          note=f"{activity.get_kind_display()}《{activity.title}》，{activity.participant_count} 人次")
    return activity


@transaction.atomic
def pairing_create(*, actor, branch_id: int, data: dict[str, Any]) -> Pairing:
    branch = get_for_change(Branch.objects.select_related("institution"), actor, PARTY_RECORD, pk=branch_id)
    pairing = Pairing.objects.create(branch=branch, **data)
    audit(actor=actor, action="pairing_create", obj=branch, scope_path=branch.institution.path, note=f"与{pairing.partner}结对共建")
    return pairing


@transaction.atomic
def joint_activity_record(*, actor, pairing_id: int, data: dict[str, Any]) -> JointActivity:
    pairing = get_for_change(Pairing.objects.select_related("branch__institution"), actor, PARTY_RECORD, pk=pairing_id)
    activity = JointActivity.objects.create(pairing=pairing, **data)
    audit(actor=actor, action="joint_activity", obj=pairing.branch, scope_path=pairing.branch.institution.path,
          note=f"与{pairing.partner}共建：{activity.topic}")
    return activity


# --- dues ----------------------------------------------------------------------------------------

def month_start(day: date) -> date:
    return day.replace(day=1)


@transaction.atomic
def dues_set_bases(*, actor, branch_id: int, month: date, bases: dict[int, Decimal]) -> int:
    """Enter the month's base (the pension received) of members of a branch; what is owed follows
    (lib.party.monthly_dues), zero for an approved exemption. A month already paid keeps its amount.
    Returns how many members' dues were set."""
    branch = get_for_change(Branch.objects.select_related("institution"), actor, PARTY_DUES, pk=branch_id)
    month = month_start(month)
    members = {m.pk: m for m in Membership.objects.filter(branch=branch, pk__in=list(bases))}
    if set(bases) - set(members):
        raise ValidationError("名单中有不属于本支部的人员，请刷新页面后重试。")
    existing = {d.membership_id: d for d in Dues.objects.filter(membership__in=members.values(), month=month).select_for_update()}
    written = 0
    for pk, base in bases.items():
        if base is None:
            continue
        if base < 0:
            raise ValidationError(f"{members[pk].person.name}的基数不能为负数。")
        amount = rules.monthly_dues(Decimal(base), members[pk].dues_exempt)
        known = existing.get(pk)
        if known is None:
            Dues.objects.create(membership_id=pk, month=month, base=base, exempt=members[pk].dues_exempt, amount=amount)
            written += 1
        elif known.paid is None and (known.base != base or known.amount != amount):
            known.base, known.amount, known.exempt = base, amount, members[pk].dues_exempt
            known.save(update_fields=["base", "amount", "exempt"])
            written += 1
    if written:
        audit(actor=actor, action="dues_set", obj=branch, scope_path=branch.institution.path,
              note=f"{month:%Y年%-m月}党费基数 {written} 人")
    return written


@transaction.atomic
def dues_mark_paid(*, actor, dues_ids: list[int], paid_on: date) -> int:
    """Record as paid in full on `paid_on` the dues named, each checked against the actor's scope."""
    from yinling.core.access import scope

    ids = set(dues_ids)
    dues = Dues.objects.filter(pk__in=ids)
    if actor is not SYSTEM:
        dues = scope(actor, dues, PARTY_DUES)
    # The branch is optional on a membership: PostgreSQL locks only the dues rows, not the outer join's.
    found = list(dues.select_related("membership__branch__institution").select_for_update(of=("self",)))
    if len(found) != len(ids):
        raise ValidationError("有的党费记录无法登记，请刷新页面后重试。")
    marked = [d for d in found if d.paid is None]
    for dues in marked:
        dues.paid, dues.paid_on = dues.amount, paid_on
        dues.version = F("version") + 1
        dues.save(update_fields=["paid", "paid_on", "version"])
    if marked:
        branch = marked[0].membership.branch
        audit(actor=actor, action="dues_paid", obj=branch, scope_path=branch.institution.path,
              note=f"登记党费交纳 {len(marked)} 笔，合计 {sum(d.amount for d in marked)} 元")
    return len(marked)


# --- the medal -----------------------------------------------------------------------------------

STAGE_ORDER = [Medal.Stage.NOMINATED, Medal.Stage.APPROVED, Medal.Stage.PRESENTED]


@transaction.atomic
def medal_advance(*, actor, person_id: int, year: int, stage: str, on: date, by: str = "") -> Medal:
    """Move a member's medal to `stage` (推荐 → 审批 → 颁发); nominating checks eligibility by the rule."""
    person = get_for_change(Person.objects.select_related("institution"), actor, ROSTER_VIEW, pk=person_id)
    if actor is not SYSTEM:
        require(actor, PARTY_MANAGE, person)
    medal = Medal.objects.select_for_update().filter(person=person).first()
    if stage not in STAGE_ORDER:
        raise ValidationError("进度不正确。")
    if medal is None:
        membership = Membership.objects.filter(person=person).order_by("until", "-id").first()
        died = person.death_date if person.status == Person.Status.DECEASED else None
        if membership is None or not rules.medal_eligible(membership.full_date, year, died_on=died):
            raise ValidationError("该同志不在本年度“光荣在党50年”名单中（党龄从转正之日算起）。")
        medal = Medal(person=person, year=year)
    elif medal.year != year:
        raise ValidationError(f"该同志的纪念章已在{medal.year}年办理。")
    if STAGE_ORDER.index(stage) < STAGE_ORDER.index(medal.stage) and medal.pk:
        raise ValidationError("进度只能向前推进。")
    if stage == Medal.Stage.PRESENTED and not by.strip():
        raise ValidationError({"by": "请填写颁发人。"})
    medal.stage = stage
    if stage == Medal.Stage.NOMINATED:
        medal.nominated_on = on
    elif stage == Medal.Stage.APPROVED:
        medal.nominated_on = medal.nominated_on or on
        medal.approved_on = on
    else:
        medal.nominated_on = medal.nominated_on or on
        medal.approved_on = medal.approved_on or on
        medal.presented_on, medal.presented_by = on, by.strip()
    try:
        medal.save()
    except IntegrityError:
        raise ValidationError("该同志的纪念章已有记录。") from None
    audit(actor=actor, action="medal", obj=person, scope_path=person.institution.path,
          note=f"“光荣在党50年”纪念章：{medal.get_stage_display()}（{on:%Y-%m-%d}）")
    return medal


BRANCH_FIELDS = ("name", "kind", "liaison_name", "liaison_unit", "sort_order")


@transaction.atomic
def branch_save(*, actor, institution, branch_id: int | None, data: dict[str, Any]) -> Branch:
    """Create a branch of `institution`, or change one: its name, type and serving-staff liaison."""
    if branch_id is None:
        if actor is not SYSTEM:
            require(actor, PARTY_MANAGE, institution)
        branch = Branch(institution=institution)
    else:
        branch = get_for_change(Branch.objects.select_related("institution").select_for_update(), actor, PARTY_MANAGE, pk=branch_id)
    if Branch.objects.filter(institution=branch.institution, name=data["name"]).exclude(pk=branch.pk).exists():
        raise ValidationError({"name": "本校已有同名的党支部。"})
    changes = apply_changes(branch, {k: v for k, v in data.items() if k in BRANCH_FIELDS})
    branch.save()
    if branch_id is None:
        rules_ensure(branch.institution)
    audit(actor=actor, action="branch_create" if branch_id is None else "branch_update", obj=branch,
          scope_path=branch.institution.path, changes=changes)
    return branch


def group_create(*, actor, branch_id: int, name: str) -> PartyGroup:
    with transaction.atomic():
        branch = get_for_change(Branch.objects.select_related("institution"), actor, PARTY_MANAGE, pk=branch_id)
        if PartyGroup.objects.filter(branch=branch, name=name).exists():
            raise ValidationError({"name": "本支部已有同名的党小组。"})
        group = PartyGroup.objects.create(branch=branch, name=name, sort_order=branch.groups.count())
        audit(actor=actor, action="group_create", obj=branch, scope_path=branch.institution.path, note=f"新建党小组 {name}")
        return group
