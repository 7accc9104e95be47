"""The roles of DESIGN.md and what each may do. Scopes (which records) are in core/access.py."""
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


# Capabilities, named <area>.<verb>.
ROSTER_VIEW = "roster.view"
ROSTER_EDIT = "roster.edit"
ROSTER_ARCHIVE = "roster.archive"
ROSTER_UNMASK = "roster.unmask"
ROSTER_FULL_PHONE = "roster.full_phone"
ROSTER_IMPORT = "roster.import"
ROSTER_EXPORT = "roster.export"
AUDIT_VIEW = "audit.view"
ACCOUNTS_MANAGE = "accounts.manage"
PORTAL_SELF = "portal.self"

CAPABILITIES: dict[str, set[str]] = {
    Role.OFFICE_ADMIN: {ROSTER_VIEW, ROSTER_EDIT, ROSTER_ARCHIVE, ROSTER_UNMASK, ROSTER_FULL_PHONE, ROSTER_IMPORT, ROSTER_EXPORT,
                        AUDIT_VIEW, ACCOUNTS_MANAGE},
    # Staff see ID numbers masked unless their assignment grants unmasking.
    Role.OFFICE_STAFF: {ROSTER_VIEW, ROSTER_EDIT, ROSTER_ARCHIVE, ROSTER_FULL_PHONE, ROSTER_IMPORT, ROSTER_EXPORT},
    Role.UNIT_OFFICER: {ROSTER_VIEW, ROSTER_EDIT, ROSTER_FULL_PHONE, ROSTER_EXPORT},
    Role.BRANCH_SECRETARY: {ROSTER_VIEW},
    Role.LIAISON: {ROSTER_VIEW, ROSTER_FULL_PHONE},
    # Volunteers see people only through the tasks assigned to them (care module).
    Role.VOLUNTEER: set(),
    Role.RETIREE: {PORTAL_SELF},
    Role.AUDITOR: {ROSTER_VIEW, AUDIT_VIEW},
}

# Roles whose login requires a second factor.
SECOND_FACTOR_ROLES = {Role.OFFICE_ADMIN}

# Which binding each role needs on its assignment.
BINDING: dict[str, str] = {
    Role.OFFICE_ADMIN: "node",
    Role.OFFICE_STAFF: "node",
    Role.AUDITOR: "node",
    Role.UNIT_OFFICER: "node",
    Role.LIAISON: "node",
    Role.BRANCH_SECRETARY: "branch",
    Role.VOLUNTEER: "node",
    Role.RETIREE: "person",
}
