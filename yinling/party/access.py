"""Who sees the Party work: the office all its university's branches, a secretary their own branch
and its members, a unit's care officer the party records of their units' people, volunteers nothing.

Branch life (meetings, activities, pairings) reaches the tree through its branch; membership
records (party dates, posts, evaluations, dues) through the branch they are in for a secretary,
and through their person for everyone else; medals through their person.
"""
from django.db.models import Q

from yinling.accounts.roles import INSTITUTION_WIDE, Role
from yinling.core.access import NOTHING, capability, grant, register, through
from yinling.roster.access import people_of_branch, person_reach
from yinling.roster.models import Person

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

PARTY_VIEW = capability("party.view", "查看党支部和组织生活")
PARTY_RECORD = capability("party.record", "记录支部会议和活动")
PARTY_MEMBERS = capability("party.members", "查看党员信息（入党、转正时间，职务，评议）")
PARTY_DUES = capability("party.dues", "查看和登记党费", grantable=True)
PARTY_MANAGE = capability("party.manage", "管理党支部、党员组织关系和制度")


def branch_reach(assignment, prefix: str) -> Q:
    if assignment.branch_id:
        return Q(**{f"{prefix}pk": assignment.branch_id})
    if assignment.node_id and assignment.role in INSTITUTION_WIDE:
        return Q(**{f"{prefix}institution__path__startswith": assignment.node.path})
    return NOTHING


def membership_reach(assignment, prefix: str) -> Q:
    """A secretary: the memberships of their branch, past ones included; anyone else: through the person."""
    if assignment.branch_id:
        return Q(**{f"{prefix}branch": assignment.branch_id})
    return person_reach(assignment, f"{prefix}person__")


def institution_reach(assignment, prefix: str) -> Q:
    """Records of a whole university (its compliance rules, committee-wide activities)."""
    if assignment.branch_id:
        return Q(**{f"{prefix}institution": assignment.branch.institution_id})
    if assignment.node_id and assignment.role in INSTITUTION_WIDE:
        return Q(**{f"{prefix}institution__path__startswith": assignment.node.path})
    return NOTHING


def activity_reach(assignment, prefix: str) -> Q:
    """A branch's own activities to its secretary; every activity of the university to the office."""
    if assignment.branch_id:
        return Q(**{f"{prefix}branch": assignment.branch_id})
    return institution_reach(assignment, prefix)


@people_of_branch
def _current_members(assignment, prefix: str) -> Q:
    """Whom a secretary reaches on the roster: the branch's current members (the membership's dates)."""
    members = Membership.objects.filter(branch_id=assignment.branch_id, until__isnull=True).values("person_id")
    return Q(**{f"{prefix}pk__in": members})


register(Branch, reach=branch_reach, view=PARTY_VIEW, change=PARTY_MANAGE)
register(PartyGroup, reach=through("branch", Branch), view=PARTY_VIEW, change=PARTY_MANAGE)
register(Membership, reach=membership_reach, view=PARTY_MEMBERS, change=PARTY_MANAGE)
register(Post, reach=through("membership", Membership), view=PARTY_MEMBERS, change=PARTY_MANAGE)
register(Evaluation, reach=through("membership", Membership), view=PARTY_MEMBERS, change=PARTY_RECORD)
register(Dues, reach=through("membership", Membership), view=PARTY_DUES, change=PARTY_DUES)
register(Meeting, reach=through("branch", Branch), view=PARTY_VIEW, change=PARTY_RECORD)
register(Attendance, reach=through("meeting", Meeting), view=PARTY_VIEW, change=PARTY_RECORD)
register(Attachment, reach=through("meeting", Meeting), view=PARTY_VIEW, change=PARTY_RECORD)
register(ComplianceRule, reach=institution_reach, view=PARTY_VIEW, change=PARTY_MANAGE)
register(Activity, reach=activity_reach, view=PARTY_VIEW, change=PARTY_RECORD)
register(Pairing, reach=through("branch", Branch), view=PARTY_VIEW, change=PARTY_RECORD)
register(JointActivity, reach=through("pairing", Pairing), view=PARTY_VIEW, change=PARTY_RECORD)
register(BranchEvaluation, reach=through("branch", Branch), view=PARTY_VIEW, change=PARTY_MANAGE)
register(Medal, reach=through("person", Person), view=PARTY_MEMBERS, change=PARTY_MANAGE)

grant(Role.OFFICE_ADMIN, PARTY_VIEW, PARTY_RECORD, PARTY_MEMBERS, PARTY_DUES, PARTY_MANAGE)
grant(Role.OFFICE_STAFF, PARTY_VIEW, PARTY_RECORD, PARTY_MEMBERS, PARTY_DUES, PARTY_MANAGE)
grant(Role.AUDITOR, PARTY_VIEW, PARTY_MEMBERS)
# A secretary records their branch's life and collects its dues; placing members is the office's.
grant(Role.BRANCH_SECRETARY, PARTY_VIEW, PARTY_RECORD, PARTY_MEMBERS, PARTY_DUES)
# A care officer sees the party records of their units' people (membership reaches them through
# the person), not branch life; liaisons and volunteers see no party data.
grant(Role.UNIT_OFFICER, PARTY_MEMBERS)
