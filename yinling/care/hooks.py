"""What the care module adds: its menu entries, the home card of who has not been reached and which
requests are late, the 走访服务 tab of a person's page, audit labels and its pages' sweep samples."""
from datetime import date

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone

from yinling.core.access import acting_institution, capability_any, scope
from yinling.core.plugins import audit_labels, home_card, layout_pages, menu_item, person_tab, sweep_sample
from yinling.lib import care as rules
from yinling.portal.plugins import portal_link
from yinling.roster.models import Person
from yinling.roster.quality import Check, register_check

from .access import CARE_AID, CARE_HEALTH, CARE_HOSPITAL, CARE_OWN, CARE_RECORD, CARE_VIEW

menu_item(label="走访服务", url_name="care:home", icon="heart-pulse", capability=CARE_VIEW, order=26, pages=("care:*",))
menu_item(label="服务工单", url_name="care:requests", icon="telephone-inbound", capability=CARE_VIEW, order=27,
          pages=("care:request_detail", "care:request_create", "care:request_figures", "care:request_step", "care:request_assign", "care:request_rate"))
menu_item(label="困难帮扶", url_name="care:aids", icon="hand-thumbs-up", capability=CARE_AID, order=28,
          pages=("care:aid_create", "care:aid_decide", "care:aid_pay"))

portal_link(label="我需要帮助 · 我的服务工单", url_name="care:my_requests", capability=CARE_OWN, order=10,
            hint="就医陪诊、政策咨询、报销、手机使用、家中维修……写下来，联络员会尽快联系您。")

audit_labels({
    "contact_record": "记录走访联系", "cadence_update": "修改联系频次", "clock_update": "修改响应时限",
    "campaign_create": "发起慰问活动", "campaign_add": "增加慰问对象", "campaign_assign": "改派走访人", "campaign_close": "结束慰问活动",
    "stay_admit": "登记住院", "stay_discharge": "登记出院", "request_raise": "登记服务工单", "request_step": "办理服务工单",
    "request_assign": "改派服务工单", "aid_apply": "登记困难帮扶申请", "aid_decide": "审批困难帮扶", "aid_pay": "发放困难帮扶",
    "memo_add": "填写工作备忘录", "memo_delete": "删除备忘录事项", "memo_export": "导出工作备忘录",
})


def _home(user) -> dict | None:
    from . import selectors

    try:
        institution = acting_institution(user, CARE_VIEW)
    except PermissionDenied:  # a role bound above universities: no single cadence table to read
        return None
    today, now = timezone.localdate(), timezone.now()
    overdue = selectors.overdue_people(user=user, institution=institution, today=today)
    late = selectors.late_requests(user=user, now=now)
    stays = selectors.stays_now(user=user) if capability_any(user, CARE_HEALTH) else None
    return {"overdue_count": overdue.count(), "late_count": late.count(), "late": list(late[:3]),
            "stays_unvisited": stays.filter(visited=False).count() if stays is not None else None, "now": now}


home_card(key="care_overview", template="care/_home_card.html", context=_home, capability=CARE_VIEW, order=15, styles=("care/care.css",))


def _care_tab(user, person) -> dict | None:
    """The person's last contact and when the next is due, their contacts, requests, hospital stays and aid."""
    from . import selectors
    from .models import ContactState

    record = person._person
    if not scope(user, Person.objects.filter(pk=record.pk), CARE_VIEW).exists():
        return None
    contacts = selectors.contacts_of(user=user, person=record)
    today = timezone.localdate()
    state = ContactState.objects.filter(person_id=record.pk).first()
    last = state.last_contact_on if state else None
    table = selectors.intervals(record.institution)
    interval = rules.contact_interval(selectors.facts_of(record, today), table)
    due: date = rules.contact_due(last, interval, today)
    return {
        "last": last, "last_what": state.last_contact_what if state else "", "interval": interval, "due": due,
        "overdue": rules.contact_overdue(last, interval, today), "contacts": contacts,
        "requests": selectors.requests_of(user=user, person=record),
        "stays": selectors.stays_of(user=user, person=record), "aids": selectors.aids_of(user=user, person=record),
        "may_record": capability_any(user, CARE_RECORD) and record.status == Person.Status.ACTIVE,
        "may_hospital": capability_any(user, CARE_HOSPITAL) and record.status == Person.Status.ACTIVE,
        "may_aid": capability_any(user, CARE_AID) and record.status == Person.Status.ACTIVE,
    }


person_tab(key="care", label="走访服务", template="care/person_tab.html", context=_care_tab, order=30, styles=("care/care.css",))


# --- samples for the URL sweep: records of people outside the role's scope ------------------------

def _campaign_of(institution, user):
    from .models import Campaign

    return Campaign.objects.create(institution=institution, kind=Campaign.Kind.SPECIAL, name="外校慰问", starts_on=timezone.localdate(),
                                   ends_on=timezone.localdate(), created_by=user)


@sweep_sample("care:contact_create", "care:request_create", "care:stay_create", "care:aid_create")
def _people(ctx) -> list[dict]:
    return [{"person_pk": p.pk} for p in ctx.people_outside]


@sweep_sample("care:campaign_detail", "care:campaign_add", "care:campaign_assign", "care:campaign_close")
def _campaigns(ctx) -> list[dict]:
    # Another university's campaign: no role of the first reaches it (staff_b gets the first's).
    institution = ctx.world.uni_a if ctx.role == "staff_b" else ctx.world.uni_b
    return [{"pk": _campaign_of(institution, ctx.stranger).pk}]


@sweep_sample("care:contact_photo")
def _photos(ctx) -> list[dict]:
    from .models import Contact, ContactPhoto

    return [{"pk": ContactPhoto.objects.create(contact=Contact.objects.create(person=p, on=timezone.localdate()), file_name="x.jpg",
                                               stored_name="x.jpg", content_type="image/jpeg", size=1).pk} for p in ctx.people_outside]


@sweep_sample("care:stay_discharge")
def _stays(ctx) -> list[dict]:
    from .models import HospitalStay

    return [{"pk": HospitalStay.objects.create(person=p, hospital="外院", admitted_on=timezone.localdate()).pk} for p in ctx.people_outside]


def _request_of(person):
    from .models import ServiceRequest

    now = timezone.now()
    return ServiceRequest.objects.create(person=person, category=ServiceRequest.Category.OTHER, description="外部工单", raised_at=now,
                                         due_at=rules.first_response_due(now))


@sweep_sample("care:request_detail", "care:request_step", "care:request_assign", "care:request_rate", "care:my_rate")
def _requests(ctx) -> list[dict]:
    return [{"pk": _request_of(p).pk} for p in ctx.people_outside]


@sweep_sample("care:aid_decide", "care:aid_pay")
def _aids(ctx) -> list[dict]:
    from .models import HardshipAid

    return [{"pk": HardshipAid.objects.create(person=p, year=timezone.localdate().year, reason="外部", amount_asked=100,
                                              applied_on=timezone.localdate()).pk} for p in ctx.people_outside]


@layout_pages
def _pages(world) -> list[str]:
    """A campaign, a request and a person's care tab of the test world, for the browser sweep."""
    from django.urls import reverse

    campaign = _campaign_of(world.uni_a, world.users["office_staff"])
    request = _request_of(world.med_person)
    return [reverse("care:campaign_detail", args=[campaign.pk]), reverse("care:request_detail", args=[request.pk]),
            f"{reverse('roster:person_detail', args=[world.med_person.pk])}?tab=care"]


# Special-care people (离休干部, 省管干部, 特殊贡献, 特殊困难) without a named dedicated contact (专人联络).
register_check(Check(
    "care_no_dedicated", "重点对象未安排专人联络", Person.Status.ACTIVE,
    (Q(category=Person.Category.LIXIU) | Q(flag_provincial=True) | Q(flag_contribution=True) | Q(flag_hardship=True))
    & Q(dedicated_contact__isnull=True),
))
