"""Who sees the retired Party branches: the office's roles their university's, a secretary their own."""
from django.db.models import Q

from yinling.accounts.roles import INSTITUTION_WIDE, Role
from yinling.core.access import NOTHING, capability, grant, register

from .models import Branch

PARTY_VIEW = capability("party.view", "查看党支部")
PARTY_MANAGE = capability("party.manage", "管理党支部")


def branch_reach(assignment, prefix: str) -> Q:
    if assignment.branch_id:
        return Q(**{f"{prefix}pk": assignment.branch_id})
    if assignment.node_id and assignment.role in INSTITUTION_WIDE:
        return Q(**{f"{prefix}institution__path__startswith": assignment.node.path})
    return NOTHING


register(Branch, reach=branch_reach, view=PARTY_VIEW, change=PARTY_MANAGE)

grant(Role.OFFICE_ADMIN, PARTY_VIEW, PARTY_MANAGE)
grant(Role.OFFICE_STAFF, PARTY_VIEW, PARTY_MANAGE)
grant(Role.AUDITOR, PARTY_VIEW)
grant(Role.BRANCH_SECRETARY, PARTY_VIEW)
