"""Writes of remote living: each one transaction, taking the acting user, re-checking scope, audited."""
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone

from yinling.core.access import SYSTEM, scope
from yinling.core.audit import audit
from yinling.roster.models import Person

from .access import REMOTE_CERTIFY, REMOTE_MANAGE
from .models import Certification, Residence

RESIDENCE_FIELDS = ("address", "hospital", "contact_name", "contact_relation", "contact_phone", "filing", "filed_on", "note")


def _user(actor):
    return actor if getattr(actor, "is_authenticated", False) else None


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
    values = {k: data.get(k) or ("" if k != "filed_on" else None) for k in RESIDENCE_FIELDS} | {"updated_by": _user(actor)}
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
    made = Certification.objects.create(person=person, on=on, method=method, note=note, recorded_by=_user(actor))
    audit(actor=actor, action="remote_certification", obj=person, scope_path=person.institution.path,
          note=f"{on:%Y-%m-%d} {made.get_method_display()}")
    return made
