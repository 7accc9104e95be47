"""Writes of remote living: each one transaction, taking the acting user, re-checking scope, audited."""
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from yinling.core import files
from yinling.core.access import SYSTEM, account_of, get_for_change, scope
from yinling.core.audit import audit
from yinling.roster.models import Person

from .access import REMOTE_CERTIFY, REMOTE_CLAIMS, REMOTE_MANAGE
from .models import Certification, Claim, ClaimDocument, ClaimStep, Residence

DOCUMENT_MAX_BYTES = 10 * 1024 * 1024
DOCUMENTS_PER_CLAIM = 12

RESIDENCE_FIELDS = ("address", "hospital", "contact_name", "contact_relation", "contact_phone", "filing", "filed_on", "note")


def _person(actor, person_id: int, capability: str) -> Person:
    qs = Person.objects.select_related("institution").filter(pk=person_id, status=Person.Status.ACTIVE)
    person = qs.first() if actor is SYSTEM else scope(actor, qs, capability).first()
    if person is None:
        raise Http404("未找到该记录。")
    return person


@transaction.atomic
def residence_save(*, actor, person_id: int, data: dict[str, Any]) -> Residence:
    person = _person(actor, person_id, REMOTE_MANAGE)
    if person.residence != Person.Residence.REMOTE:
        raise ValidationError("这位同志在名册中登记为本地居住；异地居住请先在人员信息中改为“异地”，填写所在省市。")
    if data.get("filing") == Residence.Filing.FILED and not data.get("filed_on"):
        raise ValidationError({"filed_on": "已备案的请填写备案日期。"})
    values = {k: data.get(k) or ("" if k != "filed_on" else None) for k in RESIDENCE_FIELDS} | {"updated_by": account_of(actor)}
    residence, created = Residence.objects.update_or_create(person=person, defaults=values)
    audit(actor=actor, action="remote_residence", obj=person, scope_path=person.institution.path,
          note=f"{'登记' if created else '修改'}异地居住信息：{person.residence_province}{person.residence_city}")
    return residence


@transaction.atomic
def certification_record(*, actor, person_id: int, on: date, method: str, note: str = "") -> Certification:
    person = _person(actor, person_id, REMOTE_CERTIFY)
    if on > timezone.localdate():
        raise ValidationError({"on": "认证日期不能晚于今天。"})
    if person.retirement_date and on < person.retirement_date:
        raise ValidationError({"on": "认证日期不能早于离退休时间。"})
    if method not in Certification.Method.values:
        raise ValidationError({"method": "请选择认证方式。"})
    made = Certification.objects.create(person=person, on=on, method=method, note=note, recorded_by=account_of(actor))
    audit(actor=actor, action="remote_certification", obj=person, scope_path=person.institution.path,
          note=f"{on:%Y-%m-%d} {made.get_method_display()}")
    return made


# --- medical-expense claims -----------------------------------------------------------------------

# Which step may follow which, and the amount each step sets. Returning (退回, with the reason) is possible
# until the claim is paid; a returned claim is submitted again as a new one.
NEXT = {Claim.Status.SUBMITTED: Claim.Status.CHECKED, Claim.Status.CHECKED: Claim.Status.APPROVED, Claim.Status.APPROVED: Claim.Status.PAID}


def _checked_documents(uploads: list) -> list[tuple[str, str]]:
    return files.check_all(uploads, field="documents", limit=DOCUMENTS_PER_CLAIM, max_bytes=DOCUMENT_MAX_BYTES)


def _attach(actor, claim: Claim, uploads: list, kinds: list[tuple[str, str]]) -> None:
    """Store the documents; nothing is left behind if the claim is not saved."""
    def save(path, upload, content_type, suffix):
        ClaimDocument.objects.create(claim=claim, file_name=files.original_name(upload, suffix, "报销材料"), stored_name=path.name,
                                     content_type=content_type, size=upload.size, uploaded_by=account_of(actor))

    files.store_all(uploads, kinds, files.folder("claims"), save)


@transaction.atomic
def claim_submit(*, actor, person_id: int, data: dict[str, Any], documents: list = ()) -> Claim:
    """A claim handed in (by post, by a relative, by the liaison), with its bills' photos or PDFs."""
    qs = Person.objects.select_related("institution").filter(pk=person_id)
    person = qs.first() if actor is SYSTEM else scope(actor, qs, REMOTE_CLAIMS).first()
    if person is None:
        raise Http404("未找到该记录。")
    kinds = _checked_documents(list(documents))
    today = timezone.localdate()
    if data["treated_to"] < data["treated_from"]:
        raise ValidationError({"treated_to": "结束日期不能早于开始日期。"})
    if data["treated_to"] > data["submitted_on"] or data["submitted_on"] > today:
        raise ValidationError({"submitted_on": "提交日期应在就诊之后、今天或以前。"})
    if data["billed"] is None or data["billed"] <= 0:
        raise ValidationError({"billed": "请填写票据金额。"})
    claim = Claim.objects.create(person=person, created_by=account_of(actor), **{
        k: data[k] for k in ("submitted_on", "hospital", "treated_from", "treated_to", "billed")}, note=data.get("note", ""))
    ClaimStep.objects.create(claim=claim, status=Claim.Status.SUBMITTED, at=timezone.now(), by=account_of(actor), amount=claim.billed)
    audit(actor=actor, action="claim_submit", obj=claim, scope_path=person.institution.path, note=f"{person.name}：{claim}")
    _attach(actor, claim, list(documents), kinds)
    return claim


@transaction.atomic
def claim_step(*, actor, claim_id: int, to: str, expected_version: int, amount: Decimal | None = None, on: date | None = None,
               note: str = "") -> Claim:
    """Move a claim one step on (审核 sets the checked amount, 批准 the amount approved, 支付 the day paid) or return it."""
    claim = get_for_change(Claim.objects.select_for_update().select_related("person__institution"), actor, REMOTE_CLAIMS, pk=claim_id)
    if claim.version != expected_version:
        raise ValidationError("这笔报销已被他人办理，请刷新后再操作。")
    if to == Claim.Status.RETURNED:
        if claim.status in (Claim.Status.PAID, Claim.Status.RETURNED):
            raise ValidationError("已支付或已退回的报销不能退回。")
        if not note.strip():
            raise ValidationError({"note": "请写明退回原因。"})
    elif NEXT.get(claim.status) != to:
        raise ValidationError(f"这笔报销{claim.get_status_display()}，不能直接{Claim.Status(to).label}。")
    if to == Claim.Status.CHECKED:
        if amount is None or amount < 0 or amount > claim.billed:
            raise ValidationError({"amount": "审核金额应在 0 到票据金额之间。"})
        claim.checked = amount
    elif to == Claim.Status.APPROVED:
        if amount is None or amount < 0 or amount > claim.checked:
            raise ValidationError({"amount": "批准金额应在 0 到审核金额之间。"})
        claim.approved = amount
    elif to == Claim.Status.PAID:
        if on is None or on > timezone.localdate() or on < claim.submitted_on:
            raise ValidationError({"on": "支付日期应在提交之后、今天或以前。"})
        claim.paid_on, amount = on, claim.approved
    claim.status, claim.version = to, claim.version + 1
    claim.save()
    ClaimStep.objects.create(claim=claim, status=to, at=timezone.now(), by=account_of(actor), amount=amount, note=note.strip()[:200])
    audit(actor=actor, action="claim_step", obj=claim, scope_path=claim.person.institution.path,
          note=f"{claim.person.name}：{claim.get_status_display()}" + (f"（{note.strip()}）" if note.strip() else ""))
    return claim


@transaction.atomic
def claim_attach(*, actor, claim_id: int, documents: list) -> int:
    claim = get_for_change(Claim.objects.select_related("person__institution"), actor, REMOTE_CLAIMS, pk=claim_id)
    if claim.status == Claim.Status.PAID:
        raise ValidationError({"documents": "已支付的报销不能再添加材料。"})
    kinds = _checked_documents(list(documents))
    if claim.documents.count() + len(kinds) > DOCUMENTS_PER_CLAIM:
        raise ValidationError({"documents": f"每笔报销最多 {DOCUMENTS_PER_CLAIM} 个文件。"})
    audit(actor=actor, action="claim_attach", obj=claim, scope_path=claim.person.institution.path, note=f"添加 {len(kinds)} 个文件")
    _attach(actor, claim, list(documents), kinds)
    return len(kinds)
