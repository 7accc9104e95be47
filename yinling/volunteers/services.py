"""Writes of the volunteers' work: each one transaction, taking the acting user, re-checking scope on
every id it is given, and audited. Confirmed hours with a person count as a contact with them."""
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from yinling.care.services import touch
from yinling.core.access import SYSTEM, account_of, acting_institution, get_for_change, scope
from yinling.core.audit import apply_changes, audit
from yinling.roster.access import ROSTER_VIEW
from yinling.roster.models import Person

from .access import VOLUNTEERS_MANAGE, VOLUNTEERS_OWN
from .models import Kind, ServiceRecord, Task, Volunteer

FIELDS = ("name", "student_no", "college", "phone", "kinds", "joined_on", "active")



@transaction.atomic
def volunteer_save(*, actor, data: dict[str, Any], volunteer_id: int | None = None) -> Volunteer:
    if any(k not in Kind.values for k in data.get("kinds", [])):
        raise ValidationError({"kinds": "请选择服务类型。"})
    if volunteer_id:
        volunteer = get_for_change(Volunteer.objects.select_for_update().select_related("institution"), actor, VOLUNTEERS_MANAGE, pk=volunteer_id)
        changes = apply_changes(volunteer, {k: data[k] for k in FIELDS if k in data})
    else:
        volunteer = Volunteer(institution=acting_institution(actor, VOLUNTEERS_MANAGE), **{k: data[k] for k in FIELDS if k in data})
        changes = {}
    try:
        with transaction.atomic():
            volunteer.save()
    except IntegrityError:
        raise ValidationError({"student_no": "该学号的志愿者已经登记。"}) from None
    audit(actor=actor, action="volunteer_update" if volunteer_id else "volunteer_create", obj=volunteer,
          scope_path=volunteer.institution.path, changes=changes, note=f"{volunteer.name}（{volunteer.college}）")
    return volunteer


@transaction.atomic
def task_assign(*, actor, volunteer_id: int, data: dict[str, Any], person_id: int | None = None) -> Task:
    """Give a volunteer a person to serve (someone the office sees) or an event to help at."""
    volunteer = get_for_change(Volunteer.objects.select_related("institution"), actor, VOLUNTEERS_MANAGE, pk=volunteer_id)
    if not volunteer.active:
        raise ValidationError("该志愿者已离队，不能再分派任务。")
    person = None
    if person_id:
        qs = Person.objects.filter(pk=person_id, status=Person.Status.ACTIVE, institution=volunteer.institution)
        person = qs.first() if actor is SYSTEM else scope(actor, qs, ROSTER_VIEW).first()
        if person is None:
            raise Http404("未找到该记录。")
    event = (data.get("event") or "").strip()
    if person is None and not event:
        raise ValidationError({"event": "请选择服务对象，或填写活动名称。"})
    if data.get("ends_on") and data["ends_on"] < data["starts_on"]:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})
    task = Task.objects.create(volunteer=volunteer, person=person, event=event, kind=data["kind"], starts_on=data["starts_on"],
                               ends_on=data.get("ends_on"), notes=data.get("notes", ""), created_by=account_of(actor))
    audit(actor=actor, action="volunteer_task", obj=task, scope_path=volunteer.institution.path,
          note=f"{volunteer.name}：{task.get_kind_display()} {person.name if person else event}")
    return task


@transaction.atomic
def task_end(*, actor, task_id: int, on: date) -> Task:
    task = get_for_change(Task.objects.select_related("volunteer__institution"), actor, VOLUNTEERS_MANAGE, pk=task_id)
    if on < task.starts_on:
        raise ValidationError("结束日期不能早于开始日期。")
    task.ends_on = on
    task.save(update_fields=["ends_on"])
    audit(actor=actor, action="volunteer_task_end", obj=task, scope_path=task.volunteer.institution.path, note=f"{task.volunteer.name} {on:%Y-%m-%d}")
    return task


def _own_volunteer(actor) -> Volunteer:
    from yinling.core.access import capability_any

    if not capability_any(actor, VOLUNTEERS_OWN):
        raise PermissionDenied("您没有登记服务时长的权限。")
    volunteer = Volunteer.objects.filter(user=actor, active=True).select_related("institution").first() if account_of(actor) else None
    if volunteer is None:
        raise PermissionDenied("您的账号没有登记为志愿者。")
    return volunteer


@transaction.atomic
def hours_log(*, actor, data: dict[str, Any], volunteer_id: int | None = None) -> ServiceRecord:
    """Hours served on a day: a volunteer logs their own (volunteer_id None); the office may log anyone's."""
    if volunteer_id is None:
        volunteer = _own_volunteer(actor)
    else:
        volunteer = get_for_change(Volunteer.objects.select_related("institution"), actor, VOLUNTEERS_MANAGE, pk=volunteer_id)
    hours = data["hours"]
    if not (Decimal("0.5") <= hours <= Decimal("12")):
        raise ValidationError({"hours": "每天的服务时长应在 0.5 到 12 小时之间。"})
    if data["on"] > timezone.localdate():
        raise ValidationError({"on": "日期不能晚于今天。"})
    task = data.get("task")
    if task is not None and task.volunteer_id != volunteer.pk:
        raise Http404("未找到该记录。")
    note = (data.get("note") or "").strip()
    if not note:
        raise ValidationError({"note": "请简要写明服务内容。"})
    record = ServiceRecord.objects.create(volunteer=volunteer, task=task, on=data["on"], hours=hours, note=note[:200], logged_by=account_of(actor))
    audit(actor=actor, action="volunteer_hours", obj=record, scope_path=volunteer.institution.path, note=f"{volunteer.name} {record}")
    return record


@transaction.atomic
def hours_confirm(*, actor, record_ids: list[int]) -> int:
    """The office confirms logged hours; hours with a person are a contact with them on that day."""
    records = list(scope(actor, ServiceRecord.objects.filter(pk__in=record_ids, confirmed_at__isnull=True), VOLUNTEERS_MANAGE)
                   .select_related("task", "volunteer__institution"))
    if not records:
        return 0
    now = timezone.now()
    ServiceRecord.objects.filter(pk__in=[r.pk for r in records]).update(confirmed_by=account_of(actor), confirmed_at=now)
    for record in records:
        if record.task and record.task.person_id:
            touch([record.task.person_id], record.on, "志愿服务")
    audit(actor=actor, action="volunteer_confirm", scope_path=records[0].volunteer.institution.path,
          note=f"确认服务时长 {len(records)} 条，共 {sum(r.hours for r in records)} 小时")
    return len(records)


def running_tasks(volunteer: Volunteer, today: date):
    return volunteer.tasks.filter(starts_on__lte=today).filter(Q(ends_on__isnull=True) | Q(ends_on__gte=today))
