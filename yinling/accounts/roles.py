"""The roles of DESIGN.md and the bindings each takes.

What each role may do is not listed here: every app declares its own capabilities and
grants them to roles in its own access.py (core.access.capability() and grant()).
Which records an assignment reaches is decided by each record kind's rule.
"""
from django.db import models


class Role(models.TextChoices):
    OFFICE_ADMIN = "office_admin", "离退休工作处管理员"
    OFFICE_STAFF = "office_staff", "工作人员"
    UNIT_OFFICER = "unit_officer", "二级单位联络人"
    BRANCH_SECRETARY = "branch_secretary", "党支部书记"
    LIAISON = "liaison", "联络员"
    VOLUNTEER = "volunteer", "志愿者"
    RETIREE = "retiree", "离退休同志"
    AUDITOR = "auditor", "审计员"


# Roles that see every record of their node's subtree (the office's own roles).
INSTITUTION_WIDE = frozenset({Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.AUDITOR})

# Roles whose login requires a second factor.
SECOND_FACTOR_ROLES = {Role.OFFICE_ADMIN}

# What each role's assignment may be bound to: an org node, a Party branch, or one person.
# A volunteer is bound to the person they serve (结对), or to a node until tasks exist.
BINDINGS: dict[str, tuple[str, ...]] = {
    Role.OFFICE_ADMIN: ("node",),
    Role.OFFICE_STAFF: ("node",),
    Role.AUDITOR: ("node",),
    Role.UNIT_OFFICER: ("node",),
    Role.LIAISON: ("node",),
    Role.BRANCH_SECRETARY: ("branch",),
    Role.VOLUNTEER: ("person", "node"),
    Role.RETIREE: ("person",),
}
# Which kind of node a node-bound role sits on (an administrator may not create one above their own node).
NODE_KINDS: dict[str, tuple[str, ...]] = {
    Role.OFFICE_ADMIN: ("region", "institution"),
    Role.OFFICE_STAFF: ("region", "institution"),
    Role.AUDITOR: ("region", "institution"),
    Role.UNIT_OFFICER: ("unit",),
    Role.LIAISON: ("grid",),
    Role.VOLUNTEER: ("institution", "unit"),
}
