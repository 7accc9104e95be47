"""Who may see and manage accounts, and which roles hold the platform's own capabilities."""
from django.db.models import Q

from yinling.core.access import NOTHING, capability, grant, register, through
from yinling.core.rules import AUDIT_VIEW, ORG_MANAGE, ORG_VIEW

from .models import RoleAssignment, User
from .roles import INSTITUTION_WIDE, Role

ACCOUNTS_MANAGE = capability("accounts.manage", "管理账号和角色授权")


def _user_reach(assignment, prefix: str) -> Q:
    """An office's administrators reach the accounts that belong to their subtree."""
    if assignment.node_id and assignment.role in INSTITUTION_WIDE:
        return Q(**{f"{prefix}home__path__startswith": assignment.node.path})
    return NOTHING


register(User, reach=_user_reach, view=ACCOUNTS_MANAGE, change=ACCOUNTS_MANAGE)
register(RoleAssignment, reach=through("user", User), view=ACCOUNTS_MANAGE, change=ACCOUNTS_MANAGE)

for role in Role:
    grant(role, ORG_VIEW)
grant(Role.OFFICE_ADMIN, AUDIT_VIEW, ACCOUNTS_MANAGE, ORG_MANAGE)
grant(Role.AUDITOR, AUDIT_VIEW)
