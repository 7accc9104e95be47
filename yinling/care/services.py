"""Writes of the care work: each one transaction, taking the acting user, re-checking scope on every id
it is given and leaving an audit entry. Every contact, request and check moves the person's last
contact (touch()), which the "not reached in time" lists read.
"""
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.http import Http404
from django.utils import timezone

from yinling.accounts.models import User
from yinling.core import files
from yinling.core.access import SYSTEM, account_of, acting_institution, get_for_change, scope
from yinling.core.audit import apply_changes, audit, audit_many
from yinling.lib import care as rules
from yinling.roster.models import Person
from yinling.roster.services import on_person_archived, person_set_fact

from .access import CARE_AID, CARE_HOSPITAL, CARE_MANAGE, CARE_OWN, CARE_RECORD
from .models import (
    CadenceRule,
    Campaign,
    CampaignTarget,
    Contact,
    ContactPhoto,
    ContactState,
    HardshipAid,
    HospitalStay,
    RequestEvent,
    ResponseClock,
    ServiceRequest,
)


class StaleEditError(Exception):
    """Someone changed the record after this page was opened: nothing was written."""


def _people_for(actor, person_ids: list[int], capability: str) -> list[Person]:
    """The people of `person_ids`, each of whom the actor may act on with `capability`; any other: 404."""
    ids = sorted({int(i) for i in person_ids})
    if not ids:
        raise ValidationError("请至少选择一位同志。")
    qs = Person.objects.filter(pk__in=ids).select_related("institution")
    found = list(qs if actor is SYSTEM else scope(actor, qs, capability))
    if len(found) != len(ids):
        raise Http404("未找到该记录。")
    return found


def _not_future(on: date, field: str = "on") -> None:
    if on > timezone.localdate():
        raise ValidationError({field: "日期不能晚于今天。"})


# --- the last contact -----------------------------------------------------------------------------

def touch(person_ids, on: date, what: str) -> None:
    """Move the people's last contact to `on` (never back); called inside the recording transaction."""
    ids = set(person_ids)
    # A first contact makes the row; two recorded at once cannot both make it (the second is ignored and
    # then moves the row like any later contact).
    ContactState.objects.bulk_create([ContactState(person_id=i, last_contact_on=on, last_contact_what=what[:30]) for i in ids],
                                     ignore_conflicts=True)
    ContactState.objects.filter(person_id__in=ids).filter(Q(last_contact_on__isnull=True) | Q(last_contact_on__lte=on)) \
        .update(last_contact_on=on, last_contact_what=what[:30])


def refresh_state(person_id: int) -> None:
    """Recompute one person's last contact from their contacts (after one is corrected)."""
    last = Contact.objects.filter(person_id=person_id).order_by("-on", "-id").first()
    ContactState.objects.update_or_create(person_id=person_id, defaults={
        "last_contact_on": last.on if last else None,
        "last_contact_what": f"{last.get_mode_display()}{last.get_kind_display()}"[:30] if last else ""})


# --- the office's tables --------------------------------------------------------------------------

def cadence_ensure(institution) -> None:
    """A university's cadence table, filled with the defaults the first time it is read."""
    have = set(CadenceRule.objects.filter(institution=institution).values_list("group", flat=True))
    CadenceRule.objects.bulk_create([CadenceRule(institution=institution, group=g, interval_days=d)
                                     for g, d in rules.DEFAULT_INTERVALS.items() if g not in have])


@transaction.atomic
def cadence_update(*, actor, rule_id: int, interval_days: int) -> CadenceRule:
    rule = get_for_change(CadenceRule.objects.select_for_update(), actor, CARE_MANAGE, pk=rule_id)
    if not 1 <= interval_days <= 366:
        raise ValidationError({"interval_days": "联系间隔应在 1 到 366 天之间。"})
    before = rule.interval_days
    if before != interval_days:
        rule.interval_days = interval_days
        rule.save(update_fields=["interval_days"])
        audit(actor=actor, action="cadence_update", obj=rule, scope_path=rule.institution.path,
              changes={"interval_days": [str(before), str(interval_days)]})
    return rule


@transaction.atomic
def clock_set(*, actor, category: str, hours: int, urgent_hours: int) -> ResponseClock:
    """A category's response clock at the actor's university (created on first change)."""
    institution = acting_institution(actor, CARE_MANAGE)
    if category not in ServiceRequest.Category.values:
        raise ValidationError({"category": "请选择工单类别。"})
    if not (1 <= urgent_hours <= hours <= 168):
        raise ValidationError({"hours": "时限应在 1 到 168 小时之间，紧急时限不长于一般时限。"})
    clock, _ = ResponseClock.objects.get_or_create(institution=institution, category=category)
    changes = apply_changes(clock, {"hours": hours, "urgent_hours": urgent_hours})
    if changes:
        clock.save()
        audit(actor=actor, action="clock_update", obj=clock, scope_path=institution.path, changes=changes,
              note=ServiceRequest.Category(category).label)
    return clock


def clock_for(institution, category: str) -> tuple[int, int]:
    clock = ResponseClock.objects.filter(institution=institution, category=category).first()
    return (clock.hours, clock.urgent_hours) if clock else (rules.RESPONSE_HOURS, rules.URGENT_RESPONSE_HOURS)


# --- contacts and visits --------------------------------------------------------------------------

CONTACT_FIELDS = ("on", "mode", "kind", "leaders", "gifts", "money", "notes")


def _open_campaign(actor, campaign_id: int) -> Campaign:
    campaign = get_for_change(Campaign.objects.all(), actor, CARE_RECORD, pk=campaign_id) if actor is not SYSTEM \
        else Campaign.objects.get(pk=campaign_id)
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationError("该慰问活动已经结束，不能再登记走访。")
    return campaign


PHOTO_MAX_BYTES = 10 * 1024 * 1024
PHOTOS_PER_VISIT = 6


@transaction.atomic
def contact_record(*, actor, person_ids: list[int], data: dict[str, Any], visitor_ids: list[int] = (),
                   campaign_id: int | None = None, photos: list = ()) -> list[Contact]:
    """A visit, call or other contact with one or more people (a couple visited together): one row each,
    the visit's photos (JPG or PNG, checked by their first bytes) beside each."""
    people = _people_for(actor, person_ids, CARE_RECORD)
    if len(photos) > PHOTOS_PER_VISIT:
        raise ValidationError({"photos": f"每次走访最多上传 {PHOTOS_PER_VISIT} 张照片。"})
    kinds = files.check_all(list(photos), field="photos", limit=PHOTOS_PER_VISIT, max_bytes=PHOTO_MAX_BYTES, types=files.PHOTO)
    on = data["on"]
    _not_future(on)
    if any(p.birth_date and on < p.birth_date for p in people):
        raise ValidationError({"on": "日期不能早于出生日期。"})
    money = data.get("money")
    if money is not None and money < 0:
        raise ValidationError({"money": "慰问金不能是负数。"})
    campaign = _open_campaign(actor, campaign_id) if campaign_id else None
    if campaign and any(p.institution_id != campaign.institution_id for p in people):
        raise ValidationError("只能为本校的同志登记这次慰问。")
    visitors = list(User.objects.filter(pk__in=set(visitor_ids), is_active=True)) if visitor_ids else []
    occasion = uuid.uuid4() if len(people) > 1 else None
    made = []
    for person in people:
        contact = Contact.objects.create(person=person, campaign=campaign, occasion=occasion, created_by=account_of(actor),
                                         **{k: data.get(k, Contact._meta.get_field(k).get_default()) for k in CONTACT_FIELDS})
        if visitors:
            contact.visitors.set(visitors)
        made.append(contact)
        audit(actor=actor, action="contact_record", obj=contact, scope_path=person.institution.path,
              note=f"{person.name} {contact}" + (f"（{campaign.name}）" if campaign else ""))
    touch([p.pk for p in people], on, f"{made[0].get_mode_display()}{made[0].get_kind_display()}")
    for contact in made if campaign else ():
        CampaignTarget.objects.filter(campaign=campaign, person_id=contact.person_id, reached_on__isnull=True) \
            .update(reached_on=on, contact=contact)
    _attach(actor, made, photos, kinds)  # last: a failure after the files are written would leave them behind
    return made


@transaction.atomic
def calls_record(*, actor, person_ids: list[int], on: date, note: str = "") -> int:
    """A round of phone calls (电话问候) to several people on one day: one contact each, in one statement."""
    people = _people_for(actor, person_ids, CARE_RECORD)
    _not_future(on)
    user = account_of(actor)
    made = Contact.objects.bulk_create([Contact(person=p, on=on, mode=Contact.Mode.PHONE, kind=Contact.Kind.CALL, notes=note[:500], created_by=user)
                                        for p in people], batch_size=1000)
    if user is not None:
        Contact.visitors.through.objects.bulk_create([Contact.visitors.through(contact_id=c.pk, user_id=user.pk) for c in made], batch_size=1000)
    touch([p.pk for p in people], on, "电话问候")
    audit_many(actor=actor, action="contact_record", entries=[(c, {}) for c in made], note=f"{on:%Y-%m-%d} 电话问候",
               scope_path=people[0].institution.path)
    return len(made)


def _attach(actor, contacts: list[Contact], photos: list, kinds: list[tuple[str, str]]) -> None:
    """Store each photo once, beside every contact of the visit; nothing is left behind if the visit is not saved."""
    def save(path, upload, content_type, suffix):
        for contact in contacts:
            ContactPhoto.objects.create(contact=contact, file_name=files.original_name(upload, suffix, "照片"), stored_name=path.name,
                                        content_type=content_type, size=upload.size, uploaded_by=account_of(actor))

    files.store_all(photos, kinds, files.folder("care"), save)


# --- campaigns ------------------------------------------------------------------------------------

SPECIAL_CARE = Q(category=Person.Category.LIXIU) | Q(flag_provincial=True) | Q(flag_contribution=True) | Q(flag_hardship=True)
TARGET_FLAGS = {
    "lixiu": ("离休干部", Q(category=Person.Category.LIXIU)),
    "provincial": ("省管干部", Q(flag_provincial=True)),
    "contribution": ("特殊贡献", Q(flag_contribution=True)),
    "hardship": ("特殊困难", Q(flag_hardship=True)),
    "empty_nest": ("空巢", Q(flag_empty_nest=True)),
    "alone": ("独居", Q(living_arrangement=Person.Living.ALONE)),
    "disabled": ("失能、半失能", Q(health_status__in=[Person.Health.DISABLED, Person.Health.SEMI_DISABLED])),
    "hospitalized": ("住院", Q(hospitalized=True)),
}


def target_condition(rule: dict[str, Any], today: date) -> tuple[Q, str]:
    """The people a campaign's rule names, as a condition on living people, and the rule in words.

    rule: {"categories": [...], "min_age": int, "flags": [...] (any of them), "residence": "local"|"remote", "units": [ids]}
    """
    from yinling.lib.ages import shift_years

    condition = Q(status=Person.Status.ACTIVE)
    words = []
    if rule.get("categories"):
        condition &= Q(category__in=rule["categories"])
        words.append("、".join(Person.Category(c).label for c in rule["categories"]))
    if rule.get("min_age"):
        condition &= Q(birth_date__lte=shift_years(today, -int(rule["min_age"])))
        words.append(f"{int(rule['min_age'])}岁及以上")
    if rule.get("flags"):
        any_flag = Q(pk__in=[])
        for key in rule["flags"]:
            any_flag |= TARGET_FLAGS[key][1]
        condition &= any_flag
        words.append("、".join(TARGET_FLAGS[k][0] for k in rule["flags"]))
    if rule.get("residence"):
        condition &= Q(residence=rule["residence"])
        words.append(Person.Residence(rule["residence"]).label + "居住")
    if rule.get("units"):
        from yinling.core.models import OrgUnit

        units = list(OrgUnit.objects.filter(pk__in=rule["units"]))
        any_unit = Q(pk__in=[])
        for unit in units:
            any_unit |= Q(unit__path__startswith=unit.path)
        condition &= any_unit
        words.append("、".join(u.name for u in units))
    return condition, ("；".join(words) or "全体在册离退休人员")


def _visitor_for(person: Person) -> int | None:
    """Who visits a target by default: the dedicated contact of a special-care person, else the liaison."""
    special = person.category == Person.Category.LIXIU or person.flag_provincial or person.flag_contribution or person.flag_hardship
    return (person.dedicated_contact_id if special and person.dedicated_contact_id else None) or person.liaison_id


@transaction.atomic
def campaign_create(*, actor, data: dict[str, Any], rule: dict[str, Any]) -> Campaign:
    """A campaign with the snapshot of its targets, each assigned to a visitor."""
    institution = acting_institution(actor, CARE_MANAGE)
    if data["ends_on"] < data["starts_on"]:
        raise ValidationError({"ends_on": "结束日期不能早于开始日期。"})
    condition, words = target_condition(rule, data["starts_on"])
    campaign = Campaign.objects.create(institution=institution, rule=rule, rule_text=words, created_by=account_of(actor),
                                       **{k: data[k] for k in ("kind", "name", "starts_on", "ends_on")})
    people = Person.objects.filter(condition, institution=institution).only(
        "pk", "category", "flag_provincial", "flag_contribution", "flag_hardship", "dedicated_contact", "liaison")
    targets = [CampaignTarget(campaign=campaign, person_id=p.pk, assigned_to_id=_visitor_for(p)) for p in people.iterator(chunk_size=2000)]
    CampaignTarget.objects.bulk_create(targets, batch_size=2000)
    audit(actor=actor, action="campaign_create", obj=campaign, scope_path=institution.path,
          note=f"{campaign.name}：{words}，共 {len(targets)} 人")
    return campaign


@transaction.atomic
def campaign_add_people(*, actor, campaign_id: int, person_ids: list[int]) -> int:
    """Add people to a campaign after its snapshot (a newcomer, someone the rule missed)."""
    campaign = get_for_change(Campaign.objects.select_for_update(), actor, CARE_MANAGE, pk=campaign_id)
    if campaign.status != Campaign.Status.OPEN:
        raise ValidationError("该慰问活动已经结束。")
    people = _people_for(actor, person_ids, CARE_RECORD)
    if any(p.institution_id != campaign.institution_id or p.status != Person.Status.ACTIVE for p in people):
        raise ValidationError("只能加入本校在册的同志。")
    have = set(CampaignTarget.objects.filter(campaign=campaign).values_list("person_id", flat=True))
    fresh = [CampaignTarget(campaign=campaign, person=p, assigned_to_id=_visitor_for(p), added_later=True) for p in people if p.pk not in have]
    CampaignTarget.objects.bulk_create(fresh)
    if fresh:
        audit(actor=actor, action="campaign_add", obj=campaign, note="、".join(t.person.name for t in fresh))
    return len(fresh)


@transaction.atomic
def campaign_assign(*, actor, campaign_id: int, target_ids: list[int], user_id: int | None) -> int:
    """Hand some targets to another visitor (None: the office itself)."""
    campaign = get_for_change(Campaign.objects.all(), actor, CARE_MANAGE, pk=campaign_id)
    visitor = None
    if user_id:
        visitor = User.objects.filter(pk=user_id, is_active=True, assignments__node__path__startswith=campaign.institution.path).distinct().first()
        if visitor is None:
            raise ValidationError("请选择本校的工作人员或联络员。")
    targets = scope(actor, CampaignTarget.objects.filter(campaign=campaign, pk__in=target_ids), CARE_RECORD)
    count = targets.update(assigned_to=visitor)
    audit(actor=actor, action="campaign_assign", obj=campaign, note=f"{count} 人改由{visitor or '工作处'}走访")
    return count


@transaction.atomic
def campaign_close(*, actor, campaign_id: int, summary: str) -> Campaign:
    campaign = get_for_change(Campaign.objects.select_for_update(), actor, CARE_MANAGE, pk=campaign_id)
    if campaign.status == Campaign.Status.CLOSED:
        raise ValidationError("该慰问活动已经结束。")
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": "请填写活动总结。"})
    reached = campaign.targets.filter(reached_on__isnull=False).count()
    total = campaign.targets.count()
    campaign.status, campaign.summary, campaign.closed_at = Campaign.Status.CLOSED, summary, timezone.now()
    campaign.version += 1
    campaign.save()
    audit(actor=actor, action="campaign_close", obj=campaign,
          note=f"覆盖 {reached}/{total}（{rules.coverage_percent(reached, total)}%）")
    return campaign


# --- hospital stays -------------------------------------------------------------------------------

@transaction.atomic
def stay_admit(*, actor, person_id: int, data: dict[str, Any]) -> HospitalStay:
    person = _people_for(actor, [person_id], CARE_HOSPITAL)[0]
    _not_future(data["admitted_on"], "admitted_on")
    if HospitalStay.objects.filter(person=person, discharged_on__isnull=True).exists():
        raise ValidationError("该同志已有一条未出院的住院登记，请先登记出院。")
    stay = HospitalStay.objects.create(person=person, created_by=account_of(actor),
                                       **{k: data.get(k, "") for k in ("hospital", "department", "admitted_on", "notes")})
    person_set_fact(actor=actor, person_id=person.pk, name="hospitalized", value=True, note=f"住院：{stay.hospital}")
    audit(actor=actor, action="stay_admit", obj=stay, scope_path=person.institution.path, note=f"{person.name} {stay}")
    return stay


@transaction.atomic
def stay_discharge(*, actor, stay_id: int, on: date) -> HospitalStay:
    stay = get_for_change(HospitalStay.objects.select_for_update().select_related("person__institution"), actor, CARE_HOSPITAL, pk=stay_id)
    if stay.discharged_on:
        raise ValidationError("已经登记过出院。")
    _not_future(on, "discharged_on")
    if on < stay.admitted_on:
        raise ValidationError({"discharged_on": "出院日期不能早于入院日期。"})
    stay.discharged_on = on
    stay.save(update_fields=["discharged_on"])
    person_set_fact(actor=actor, person_id=stay.person_id, name="hospitalized", value=False, note=f"出院：{stay.hospital}")
    audit(actor=actor, action="stay_discharge", obj=stay, scope_path=stay.person.institution.path, note=f"{stay.person.name} {on:%Y-%m-%d}出院")
    return stay


@on_person_archived
def _close_with_the_record(actor, person, on) -> None:
    """A person who dies or moves away leaves hospital with the record; their open requests close."""
    HospitalStay.objects.filter(person=person, discharged_on__isnull=True).update(discharged_on=on)
    now = timezone.now()
    for request in ServiceRequest.objects.filter(person=person, status__in=OPEN_STATES):
        _step(request, actor, ServiceRequest.Status.CLOSED, "随档案归档关闭", now)


# --- service requests -----------------------------------------------------------------------------

OPEN_STATES = (ServiceRequest.Status.NEW, ServiceRequest.Status.RESPONDED, ServiceRequest.Status.IN_PROGRESS)
# Which state may follow which (closing is possible from any open state; rating follows the solution).
NEXT = {
    ServiceRequest.Status.NEW: {ServiceRequest.Status.RESPONDED, ServiceRequest.Status.IN_PROGRESS, ServiceRequest.Status.RESOLVED, ServiceRequest.Status.CLOSED},
    ServiceRequest.Status.RESPONDED: {ServiceRequest.Status.IN_PROGRESS, ServiceRequest.Status.RESOLVED, ServiceRequest.Status.CLOSED},
    ServiceRequest.Status.IN_PROGRESS: {ServiceRequest.Status.RESOLVED, ServiceRequest.Status.CLOSED},
    ServiceRequest.Status.RESOLVED: {ServiceRequest.Status.CLOSED},
}


def _liaison_of(person: Person) -> int | None:
    """The person's liaison while their account is active (else the office's queue)."""
    if person.liaison_id and User.objects.filter(pk=person.liaison_id, is_active=True).exists():
        return person.liaison_id
    return None


@transaction.atomic
def request_raise(*, actor, person_id: int, data: dict[str, Any], raised_at: datetime | None = None) -> ServiceRequest:
    """A request, assigned to the person's liaison (the office's queue when there is none), its clock started."""
    person = _people_for(actor, [person_id], CARE_RECORD)[0]
    return _raise(actor, person, data, raised_at or timezone.now())


def _raise(actor, person: Person, data: dict[str, Any], raised_at: datetime) -> ServiceRequest:
    if person.status != Person.Status.ACTIVE:
        raise ValidationError("该同志的档案已经归档，不能再登记服务工单。")
    description = (data.get("description") or "").strip()
    category = data.get("category")
    problems = {}
    if category not in ServiceRequest.Category.values:
        problems["category"] = "请选择需要哪方面的帮助。"
    if not description:
        problems["description"] = "请填写诉求内容。"
    if raised_at > timezone.now():
        problems["raised_at"] = "提出时间不能晚于现在。"
    if problems:
        raise ValidationError(problems)
    hours, urgent_hours = clock_for(person.institution, category)
    urgent = bool(data.get("urgent"))
    request = ServiceRequest.objects.create(
        person=person, category=category, description=description, urgent=urgent, via=data.get("via") or ServiceRequest.Via.STAFF,
        caller=data.get("caller", ""), assigned_to_id=_liaison_of(person), raised_at=raised_at,
        due_at=rules.first_response_due(raised_at, urgent, hours=hours, urgent_hours=urgent_hours), raised_by=account_of(actor))
    RequestEvent.objects.create(request=request, at=raised_at, by=account_of(actor), status=ServiceRequest.Status.NEW,
                                note=f"{request.get_via_display()}" + (f"（{request.caller}）" if request.caller else ""))
    touch([person.pk], timezone.localtime(raised_at).date(), "服务工单")
    audit(actor=actor, action="request_raise", obj=request, scope_path=person.institution.path,
          note=f"{person.name} {request.get_category_display()}" + ("（紧急）" if urgent else ""))
    return request


def _step(request: ServiceRequest, actor, status: str, note: str, at: datetime) -> None:
    if request.first_response_at is None and status != ServiceRequest.Status.NEW:
        request.first_response_at = at
    if status == ServiceRequest.Status.RESOLVED:
        request.resolved_at = at
    if status == ServiceRequest.Status.CLOSED:
        request.closed_at = at
    before = request.get_status_display()
    request.status = status
    request.version += 1
    request.save()
    RequestEvent.objects.create(request=request, at=at, by=account_of(actor), status=status, note=note[:300])
    audit(actor=actor, action="request_step", obj=request, scope_path=request.person.institution.path,
          changes={"status": [before, request.get_status_display()]}, note=note[:200])


@transaction.atomic
def request_step(*, actor, request_id: int, status: str, note: str = "", expected_version: int | None = None) -> ServiceRequest:
    """Move a request on: 已响应, 处理中, 已解决 or 已关闭 (a reason needed). The first step stops the clock."""
    request = get_for_change(ServiceRequest.objects.select_for_update().select_related("person__institution"), actor, CARE_RECORD, pk=request_id)
    if expected_version is not None and request.version != expected_version:
        raise StaleEditError
    if status not in NEXT.get(request.status, ()):
        raise ValidationError(f"工单当前为“{request.get_status_display()}”，不能改为“{ServiceRequest.Status(status).label if status in ServiceRequest.Status.values else status}”。")
    note = (note or "").strip()
    if status == ServiceRequest.Status.CLOSED and not note:
        raise ValidationError({"note": "关闭工单请写明原因。"})
    if status == ServiceRequest.Status.RESOLVED and not note:
        raise ValidationError({"note": "请简要写明办理结果。"})
    _step(request, actor, status, note, timezone.now())
    return request


@transaction.atomic
def request_assign(*, actor, request_id: int, user_id: int | None) -> ServiceRequest:
    """The office hands a request to someone else (None: its own queue)."""
    request = get_for_change(ServiceRequest.objects.select_for_update().select_related("person__institution"), actor, CARE_MANAGE, pk=request_id)
    if not request.open:
        raise ValidationError("工单已经办结。")
    assignee = None
    if user_id:
        assignee = User.objects.filter(pk=user_id, is_active=True,
                                       assignments__node__path__startswith=request.person.institution.path).distinct().first()
        if assignee is None:
            raise ValidationError("请选择本校的工作人员或联络员。")
    before = str(request.assigned_to or "工作处")
    request.assigned_to = assignee
    request.version += 1
    request.save(update_fields=["assigned_to", "version"])
    RequestEvent.objects.create(request=request, at=timezone.now(), by=account_of(actor), status=request.status,
                                note=f"改由{assignee or '工作处'}承办")
    audit(actor=actor, action="request_assign", obj=request, changes={"assigned_to": [before, str(assignee or "工作处")]})
    return request


@transaction.atomic
def request_rate(*, actor, request_id: int, rating: int, comment: str = "") -> ServiceRequest:
    """The retiree's rating of a solved request (1–5), as they gave it on the phone."""
    request = get_for_change(ServiceRequest.objects.select_for_update().select_related("person__institution"), actor, CARE_RECORD, pk=request_id)
    return _rate(actor, request, rating, comment)


def _own_person(actor) -> Person:
    """The retiree's own person (a retiree's assignment is bound to it)."""
    own = [a.person_id for a in actor.active_assignments() if a.person_id and a.grants(CARE_OWN)]
    person = Person.objects.select_related("institution").filter(pk__in=own, status=Person.Status.ACTIVE).first()
    if person is None:
        raise Http404("未找到您的档案。")
    return person


@transaction.atomic
def request_raise_own(*, actor, data: dict[str, Any]) -> ServiceRequest:
    """A retiree asks for help on their own page: the same request, raised by them, on the same clock."""
    person = _own_person(actor)
    return _raise(actor, person, {**data, "via": ServiceRequest.Via.SELF, "caller": ""}, timezone.now())


@transaction.atomic
def request_rate_own(*, actor, request_id: int, rating: int, comment: str = "") -> ServiceRequest:
    """A retiree rates one of their own solved requests."""
    request = scope(actor, ServiceRequest.objects.select_for_update().select_related("person__institution").filter(pk=request_id), CARE_OWN).first()
    if request is None:
        raise Http404("未找到该记录。")
    return _rate(actor, request, rating, comment)


def _rate(actor, request: ServiceRequest, rating: int, comment: str) -> ServiceRequest:
    if request.status != ServiceRequest.Status.RESOLVED:
        raise ValidationError("工单解决后才能评价。")
    if not 1 <= int(rating) <= 5:
        raise ValidationError({"rating": "请选择 1 到 5 分。"})
    request.rating, request.rating_comment = int(rating), (comment or "").strip()[:200]
    _step(request, actor, ServiceRequest.Status.RATED, f"评价 {request.rating} 分" + (f"：{request.rating_comment}" if request.rating_comment else ""),
          timezone.now())
    return request


# --- hardship aid ---------------------------------------------------------------------------------

@transaction.atomic
def aid_apply(*, actor, person_id: int, data: dict[str, Any]) -> HardshipAid:
    person = _people_for(actor, [person_id], CARE_AID)[0]
    if data["amount_asked"] <= 0:
        raise ValidationError({"amount_asked": "申请金额应大于 0。"})
    _not_future(data["applied_on"], "applied_on")
    aid = HardshipAid.objects.create(person=person, year=data["applied_on"].year, reason=data["reason"], amount_asked=data["amount_asked"],
                                     applied_on=data["applied_on"], created_by=account_of(actor))
    audit(actor=actor, action="aid_apply", obj=aid, scope_path=person.institution.path, note=f"{person.name} {aid.amount_asked} 元")
    return aid


@transaction.atomic
def aid_decide(*, actor, aid_id: int, approve: bool, amount: Decimal | None, on: date) -> HardshipAid:
    """The office approves (with the amount) or refuses an application."""
    aid = get_for_change(HardshipAid.objects.select_for_update().select_related("person__institution"), actor, CARE_MANAGE, pk=aid_id)
    if aid.status != HardshipAid.Status.APPLIED:
        raise ValidationError("该申请已经审批。")
    if approve and (amount is None or amount <= 0):
        raise ValidationError({"amount_approved": "请填写批准金额。"})
    _not_future(on, "approved_on")
    aid.status = HardshipAid.Status.APPROVED if approve else HardshipAid.Status.REFUSED
    aid.amount_approved = amount if approve else None
    aid.approved_by, aid.approved_on = account_of(actor), on
    aid.save()
    audit(actor=actor, action="aid_decide", obj=aid, note=f"{aid.person.name} {aid.get_status_display()}" + (f" {amount} 元" if approve else ""))
    return aid


@transaction.atomic
def aid_pay(*, actor, aid_id: int, on: date) -> HardshipAid:
    aid = get_for_change(HardshipAid.objects.select_for_update().select_related("person__institution"), actor, CARE_MANAGE, pk=aid_id)
    if aid.status != HardshipAid.Status.APPROVED:
        raise ValidationError("批准后才能登记发放。")
    _not_future(on, "paid_on")
    aid.status, aid.paid_on = HardshipAid.Status.PAID, on
    aid.save()
    audit(actor=actor, action="aid_pay", obj=aid, note=f"{aid.person.name} {aid.amount_approved} 元")
    return aid

