"""core's own capabilities and the access rules of its record kinds (org units, audit entries).

Which roles hold these is said by accounts (the owner of the roles), in accounts/access.py.
"""
from django.db.models import Q

from .access import NOTHING, capability, register
from .models import AuditEntry, OrgUnit

ORG_VIEW = capability("org.view", "查看组织机构")
ORG_MANAGE = capability("org.manage", "调整组织机构和网格")
AUDIT_VIEW = capability("audit.view", "查看审计日志")


def _orgunit_reach(assignment, prefix: str) -> Q:
    """Org units are reference data: a role sees the subtree it is bound to, or the nodes it belongs under."""
    if assignment.node_id:
        return Q(**{f"{prefix}path__startswith": assignment.node.path})
    if assignment.branch_id:
        return Q(**{f"{prefix}pk": assignment.branch.institution_id})
    if assignment.person_id and assignment.person.unit_id:
        return Q(**{f"{prefix}pk": assignment.person.unit_id})
    return NOTHING


def _audit_reach(assignment, prefix: str) -> Q:
    """Each row carries the org path it belongs to, so each university's auditor sees its own."""
    if assignment.node_id:
        return Q(**{f"{prefix}scope_path__startswith": assignment.node.path})
    return NOTHING


register(OrgUnit, reach=_orgunit_reach, view=ORG_VIEW, change=ORG_MANAGE)
register(AuditEntry, reach=_audit_reach, view=AUDIT_VIEW)
