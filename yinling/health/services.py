"""Writes of the health check: each one transaction, taking the acting user, re-checking scope on every
id it is given and leaving an audit entry. Attending the check counts as a contact (care.services.touch)."""
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.http import Http404
from django.utils import timezone

from yinling.care.services import touch
from yinling.core.access import SYSTEM, account_of, acting_institution, get_for_change, scope
from yinling.core.audit import apply_changes, audit
from yinling.roster.models import Person
from yinling.roster.services import person_set_fact

from .access import HEALTH_MANAGE, HEALTH_SIGNUP
from .models import Batch, DoctorContract, Enrollment, Finding, HealthCheck


def _person(actor, person_id: int, capability: str) -> Person:
    qs = Person.objects.select_related("institution").filter(pk=person_id)
    found = qs.first() if actor is SYSTEM else scope(actor, qs, capability).first()
    if found is None:
        raise Http404("未找到该记录。")
    return found


@transaction.atomic
def check_create(*, actor, data: dict[str, Any]) -> HealthCheck:
    institution = acting_institution(actor, HEALTH_MANAGE)
    if data["ends_on"] < data["starts_on"]:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})
    if HealthCheck.objects.filter(institution=institution, year=data["year"]).exists():
        raise ValidationError({"year": f"{data['year']}年的体检已经建立。"})
    check = HealthCheck.objects.create(institution=institution, created_by=account_of(actor),
                                       **{k: data[k] for k in ("year", "name", "starts_on", "ends_on", "notes")})
    audit(actor=actor, action="health_check_create", obj=check, scope_path=institution.path, note=check.name)
    return check


@transaction.atomic
def batch_save(*, actor, check_id: int, data: dict[str, Any], batch_id: int | None = None) -> Batch:
    check = get_for_change(HealthCheck.objects.all(), actor, HEALTH_MANAGE, pk=check_id)
    if batch_id:
        batch = get_for_change(Batch.objects.select_for_update().filter(check_campaign=check), actor, HEALTH_MANAGE, pk=batch_id)
        taken = batch.enrollments.exclude(status=Enrollment.Status.DECLINED).count()
        if data["capacity"] < taken:
            raise ValidationError({"capacity": f"已有 {taken} 人报名，名额不能少于报名人数。"})
        changes = apply_changes(batch, {k: data[k] for k in ("hospital", "on", "capacity", "meeting_point")})
        batch.save()
        audit(actor=actor, action="health_batch_update", obj=batch, scope_path=check.institution.path, changes=changes)
        return batch
    batch = Batch.objects.create(check_campaign=check, **{k: data[k] for k in ("hospital", "on", "capacity", "meeting_point")})
    audit(actor=actor, action="health_batch_create", obj=batch, scope_path=check.institution.path, note=str(batch))
    return batch


@transaction.atomic
def enroll(*, actor, check_id: int, person_id: int, mode: str, batch_id: int | None = None) -> Enrollment:
    """Sign a person up (or move them to another batch); a batch takes no more than its places.
    Coming back for the check, or having it where they live, is for those who live far away."""
    check = get_for_change(HealthCheck.objects.select_related("institution"), actor, HEALTH_SIGNUP, pk=check_id) if actor is not SYSTEM \
        else HealthCheck.objects.select_related("institution").get(pk=check_id)
    person = _person(actor, person_id, HEALTH_SIGNUP)
    if person.institution_id != check.institution_id or person.status != Person.Status.ACTIVE:
        raise ValidationError("只能为本校在册的同志报名。")
    if mode not in Enrollment.Mode.values:
        raise ValidationError({"mode": "请选择体检方式。"})
    batch = None
    if mode == Enrollment.Mode.BATCH:
        batch = Batch.objects.select_for_update().filter(check_campaign=check, pk=batch_id).first() if batch_id else None
        if batch is None:
            raise ValidationError({"batch": "请选择体检批次。"})
        taken = batch.enrollments.exclude(person=person).exclude(status=Enrollment.Status.DECLINED).count()
        if taken >= batch.capacity:
            raise ValidationError({"batch": f"{batch}的 {batch.capacity} 个名额已满，请选择其他批次。"})
    elif person.residence != Person.Residence.REMOTE:
        raise ValidationError({"mode": "回通体检和当地体检只适用于异地居住的同志。"})
    enrollment, created = Enrollment.objects.select_for_update().get_or_create(
        check_campaign=check, person=person, defaults={"mode": mode, "batch": batch, "signed_up_by": account_of(actor)})
    changes = {}
    if not created:
        if enrollment.status == Enrollment.Status.ATTENDED:
            raise ValidationError("该同志已经体检，不能再改报名。")
        changes = apply_changes(enrollment, {"mode": mode, "batch": batch, "status": Enrollment.Status.SIGNED})
        enrollment.version += 1
        enrollment.save()
    audit(actor=actor, action="health_enroll", obj=enrollment, scope_path=check.institution.path, changes=changes,
          note=f"{person.name}：{batch or Enrollment.Mode(mode).label}")
    return enrollment


@transaction.atomic
def decline(*, actor, check_id: int, person_id: int, reason: str) -> Enrollment:
    """The person will not take part this year (their own choice, a recent check elsewhere …)."""
    check = get_for_change(HealthCheck.objects.select_related("institution"), actor, HEALTH_SIGNUP, pk=check_id)
    person = _person(actor, person_id, HEALTH_SIGNUP)
    if not (reason or "").strip():
        raise ValidationError({"reason": "请写明不参加的原因。"})
    enrollment, _ = Enrollment.objects.update_or_create(check_campaign=check, person=person, defaults={
        "mode": Enrollment.Mode.BATCH, "batch": None, "status": Enrollment.Status.DECLINED, "signed_up_by": account_of(actor)})
    audit(actor=actor, action="health_decline", obj=enrollment, scope_path=check.institution.path, note=f"{person.name}：{reason.strip()[:100]}")
    return enrollment


@transaction.atomic
def roll(*, actor, batch_id: int, attended_ids: set[int], on: date | None = None) -> tuple[int, int]:
    """The day's roll of a batch: who came (attended) and who did not (absent). Coming counts as a contact."""
    batch = get_for_change(Batch.objects.select_related("check_campaign__institution"), actor, HEALTH_MANAGE, pk=batch_id)
    on = on or batch.on
    if on > timezone.localdate():
        raise ValidationError("体检日期还没到，不能签到。")
    signed = list(batch.enrollments.exclude(status=Enrollment.Status.DECLINED).select_related("person"))
    came = [e for e in signed if e.pk in attended_ids]
    Enrollment.objects.filter(pk__in=[e.pk for e in came]).update(status=Enrollment.Status.ATTENDED, attended_on=on)
    Enrollment.objects.filter(pk__in=[e.pk for e in signed if e.pk not in attended_ids]).update(status=Enrollment.Status.ABSENT, attended_on=None)
    touch([e.person_id for e in came], on, "体检")
    audit(actor=actor, action="health_roll", obj=batch, scope_path=batch.check_campaign.institution.path,
          note=f"{batch}：到 {len(came)} 人，缺 {len(signed) - len(came)} 人")
    return len(came), len(signed) - len(came)


@transaction.atomic
def attended_elsewhere(*, actor, enrollment_id: int, on: date) -> Enrollment:
    """A remote retiree's check, taken on their trip back or where they live."""
    enrollment = get_for_change(Enrollment.objects.select_related("person__institution"), actor, HEALTH_MANAGE, pk=enrollment_id)
    if enrollment.mode == Enrollment.Mode.BATCH:
        raise ValidationError("随批次体检的同志请在批次签到表上登记。")
    if on > timezone.localdate():
        raise ValidationError({"on": "日期不能晚于今天。"})
    enrollment.status, enrollment.attended_on = Enrollment.Status.ATTENDED, on
    enrollment.version += 1
    enrollment.save()
    touch([enrollment.person_id], on, "体检")
    audit(actor=actor, action="health_attended", obj=enrollment, note=f"{enrollment.person.name} {enrollment.get_mode_display()}")
    return enrollment


@transaction.atomic
def reports_received(*, actor, enrollment_ids: list[int], on: date) -> int:
    qs = scope(actor, Enrollment.objects.filter(pk__in=enrollment_ids, status=Enrollment.Status.ATTENDED, report_received_on__isnull=True),
               HEALTH_MANAGE)
    ids = list(qs.values_list("pk", flat=True))
    Enrollment.objects.filter(pk__in=ids).update(report_received_on=on)
    if ids:
        audit(actor=actor, action="health_reports", note=f"收到体检报告 {len(ids)} 份")
    return len(ids)


@transaction.atomic
def finding_add(*, actor, enrollment_id: int, item: str, level: str) -> Finding:
    enrollment = get_for_change(Enrollment.objects.select_related("person__institution"), actor, HEALTH_MANAGE, pk=enrollment_id)
    if enrollment.status != Enrollment.Status.ATTENDED:
        raise ValidationError("体检后才能登记结果。")
    item = (item or "").strip()
    if not item:
        raise ValidationError({"item": "请填写异常项目。"})
    finding = Finding.objects.create(enrollment=enrollment, item=item[:100], level=level, recorded_by=account_of(actor))
    audit(actor=actor, action="health_finding", obj=finding, scope_path=enrollment.person.institution.path, note=enrollment.person.name)
    return finding


@transaction.atomic
def finding_follow(*, actor, finding_id: int, note: str, close: bool) -> Finding:
    finding = get_for_change(Finding.objects.select_related("enrollment__person__institution"), actor, HEALTH_MANAGE, pk=finding_id)
    if finding.closed_on:
        raise ValidationError("该项已跟进完成。")
    finding.follow_up = (note or "").strip()[:200]
    if close:
        finding.closed_on = timezone.localdate()
    finding.save()
    audit(actor=actor, action="health_follow", obj=finding, scope_path=finding.enrollment.person.institution.path,
          note=finding.follow_up + ("（完成）" if close else ""))
    return finding


@transaction.atomic
def contract_record(*, actor, person_id: int, data: dict[str, Any]) -> DoctorContract:
    """A family-doctor contract; while one runs the person's 家庭医生签约 flag is on."""
    person = _person(actor, person_id, HEALTH_SIGNUP)
    if data["ends_on"] <= data["signed_on"]:
        raise ValidationError({"ends_on": "到期日期应晚于签约日期。"})
    if data["signed_on"] > timezone.localdate():
        raise ValidationError({"signed_on": "签约日期不能晚于今天。"})
    try:
        with transaction.atomic():
            contract = DoctorContract.objects.create(person=person, recorded_by=account_of(actor),
                                                     **{k: data[k] for k in ("doctor", "clinic", "signed_on", "ends_on")})
    except IntegrityError:
        raise ValidationError("签约信息有误，请检查日期。") from None
    person_set_fact(actor=actor, person_id=person.pk, name="family_doctor", value=data["ends_on"] >= timezone.localdate(),
                    note=f"家庭医生签约：{contract}")
    audit(actor=actor, action="health_contract", obj=contract, scope_path=person.institution.path, note=f"{person.name} {contract}")
    return contract
