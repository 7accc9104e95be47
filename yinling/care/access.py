"""Who sees the care work. Each record kind has its own rule, not the person's:

- contacts, campaign targets and service requests: the office, the care officer of the person's
  unit and the person's liaison (through the person); an auditor reads them all;
- hospital stays and hardship aid: the office and the unit's care officer only (an auditor reads);
- the office's tables (cadence, response clocks) and campaigns: the university's staff roles;
- a branch secretary, a volunteer and a retiree see none of these here.
"""
from django.db.models import Q

from yinling.accounts.roles import INSTITUTION_WIDE, Role
from yinling.core.access import NOTHING, capability, grant, register, through
from yinling.roster.models import Person

from .models import (
    CadenceRule,
    Campaign,
    CampaignTarget,
    Contact,
    ContactPhoto,
    ContactState,
    HardshipAid,
    HospitalStay,
    MemoItem,
    RequestEvent,
    ResponseClock,
    ServiceRequest,
)

CARE_VIEW = capability("care.view", "查看走访联系、慰问活动和服务工单")
CARE_RECORD = capability("care.record", "记录走访联系，受理和办理服务工单")
CARE_HEALTH = capability("care.health", "查看住院登记", grantable=True)
CARE_HOSPITAL = capability("care.hospital", "登记住院和出院")
CARE_AID = capability("care.aid", "查看和登记困难帮扶")
CARE_MANAGE = capability("care.manage", "管理慰问活动、联系频次和响应时限，审批困难帮扶")
CARE_OWN = capability("care.own", "老同志本人提出服务诉求、查看进度并评价")


def institution_reach(assignment, prefix: str) -> Q:
    """A university's own tables and campaigns: its office (by subtree), and the care officers and
    liaisons who work in it (their node's university)."""
    node = assignment.node if assignment.node_id else None
    if node is None:
        return NOTHING
    if assignment.role in INSTITUTION_WIDE:
        return Q(**{f"{prefix}institution__path__startswith": node.path})
    cache = assignment.__dict__.setdefault("_institution_cache", {})
    if "institution" not in cache:
        cache["institution"] = node.institution()
    institution = cache["institution"]
    return Q(**{f"{prefix}institution": institution.pk}) if institution else NOTHING


by_person = through("person", Person)

register(Contact, reach=by_person, view=CARE_VIEW, change=CARE_RECORD)
register(ContactState, reach=by_person, view=CARE_VIEW, change=CARE_RECORD)
register(ContactPhoto, reach=through("contact", Contact), view=CARE_VIEW, change=CARE_RECORD)
register(Campaign, reach=institution_reach, view=CARE_VIEW, change=CARE_MANAGE)
register(CampaignTarget, reach=by_person, view=CARE_VIEW, change=CARE_RECORD)
register(ServiceRequest, reach=by_person, view=CARE_VIEW, change=CARE_RECORD)
register(RequestEvent, reach=through("request", ServiceRequest), view=CARE_VIEW, change=CARE_RECORD)
register(HospitalStay, reach=by_person, view=CARE_HEALTH, change=CARE_HOSPITAL)
register(HardshipAid, reach=by_person, view=CARE_AID, change=CARE_AID)
register(CadenceRule, reach=institution_reach, view=CARE_VIEW, change=CARE_MANAGE)
register(ResponseClock, reach=institution_reach, view=CARE_VIEW, change=CARE_MANAGE)
register(MemoItem, reach=institution_reach, view=CARE_VIEW, change=CARE_MANAGE)

_OFFICE = (CARE_VIEW, CARE_RECORD, CARE_HEALTH, CARE_HOSPITAL, CARE_AID, CARE_MANAGE)
grant(Role.OFFICE_ADMIN, *_OFFICE)
grant(Role.OFFICE_STAFF, *_OFFICE)
grant(Role.AUDITOR, CARE_VIEW, CARE_HEALTH, CARE_AID)
grant(Role.UNIT_OFFICER, CARE_VIEW, CARE_RECORD, CARE_HEALTH, CARE_HOSPITAL, CARE_AID)
# A liaison visits, calls and answers requests for their grid's people; hospital stays and aid are not theirs.
grant(Role.LIAISON, CARE_VIEW, CARE_RECORD)
# A retiree asks for help and rates the result on their own pages; their requests reach them through their person.
grant(Role.RETIREE, CARE_OWN)
