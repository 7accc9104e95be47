"""Who reaches which people, and what of a person each capability shows.

A person is reached from a role assignment by the role's place in the tree: the
office's roles by university, a unit's care officer by former unit, a liaison by grid
(or as the person's named liaison), a branch secretary by branch, a retiree or a paired
volunteer as the one person the assignment is bound to. Records that hang off a person
(family contacts here; visits, memberships … in other apps) reach the tree through
their person: `through("person", Person)`.

What of a visible person is shown is decided field group by field group in
selectors.py, each group by one of the capabilities below.
"""
from collections.abc import Callable

from django.db.models import Q

from yinling.accounts.roles import INSTITUTION_WIDE, Role
from yinling.core.access import NOTHING, capability, grant, ids_in, register, subtree_ids, through

from .models import EmergencyContact, Person

ROSTER_VIEW = capability("roster.view", "查看人员基本信息")
ROSTER_OWN = capability("roster.own", "查看本人档案")
ROSTER_VISIT = capability("roster.visit", "查看服务对象的姓名、住址和脱敏电话")
ROSTER_ADDRESS = capability("roster.address", "查看家庭住址", grantable=True)
ROSTER_HEALTH = capability("roster.health", "查看健康与照护信息", grantable=True)
ROSTER_FAMILY = capability("roster.family", "查看紧急联系人", grantable=True)
ROSTER_ID_TAIL = capability("roster.id_tail", "查看脱敏身份证号（后四位）", grantable=True)
ROSTER_FULL_PHONE = capability("roster.full_phone", "查看完整电话号码", grantable=True)
ROSTER_UNMASK = capability("roster.unmask", "查看完整身份证号（每次查看均记录）", grantable=True)
ROSTER_EDIT = capability("roster.edit", "新增和修改人员信息")
ROSTER_ARCHIVE = capability("roster.archive", "归档人员（去世、迁出）")
ROSTER_RESTORE = capability("roster.restore", "撤销归档（误归档时恢复为在册）")
ROSTER_IMPORT = capability("roster.import", "导入名册")
ROSTER_EXPORT = capability("roster.export", "导出名单", grantable=True)


# Whom an assignment bound to a Party branch reaches is the party module's to say (its current
# members, party.access): it fills this in, so the roster names no branch and no membership.
_BRANCH_PEOPLE: list[Callable[[object, str], Q]] = []


def people_of_branch(reach: Callable[[object, str], Q]) -> Callable[[object, str], Q]:
    """Register (assignment, prefix) → Q: the people an assignment bound to a branch reaches."""
    _BRANCH_PEOPLE[:] = [reach]
    return reach


# Whom a volunteer bound to a node (not paired with one person) reaches is the volunteers module's to
# say (the people of their current tasks): it fills this in, so the roster names no task.
_VOLUNTEER_PEOPLE: list[Callable[[object, str], Q]] = []


def people_of_volunteer(reach: Callable[[object, str], Q]) -> Callable[[object, str], Q]:
    """Register (assignment, prefix) → Q: the people a volunteer's assignment bound to a node reaches."""
    _VOLUNTEER_PEOPLE[:] = [reach]
    return reach


def person_reach(assignment, prefix: str) -> Q:
    if assignment.person_id:
        return Q(**{f"{prefix}pk": assignment.person_id})
    if assignment.branch_id:
        return _BRANCH_PEOPLE[0](assignment, prefix) if _BRANCH_PEOPLE else NOTHING
    role = assignment.role
    if role in INSTITUTION_WIDE:
        return ids_in(f"{prefix}institution_id", subtree_ids(assignment, "institution"))
    if role == Role.UNIT_OFFICER:
        return ids_in(f"{prefix}unit_id", subtree_ids(assignment, "unit"))
    if role == Role.LIAISON:
        return ids_in(f"{prefix}grid_id", subtree_ids(assignment, "grid")) | Q(**{f"{prefix}liaison": assignment.user_id})
    if role == Role.VOLUNTEER and _VOLUNTEER_PEOPLE:
        return _VOLUNTEER_PEOPLE[0](assignment, prefix)  # the people of the tasks assigned to them
    return NOTHING


register(Person, reach=person_reach, view=ROSTER_VIEW, change=ROSTER_EDIT)
register(EmergencyContact, reach=through("person", Person), view=ROSTER_FAMILY, change=ROSTER_EDIT)

_FIELDS = (ROSTER_VIEW, ROSTER_ADDRESS, ROSTER_HEALTH, ROSTER_FAMILY, ROSTER_ID_TAIL, ROSTER_FULL_PHONE)
grant(Role.OFFICE_ADMIN, *_FIELDS, ROSTER_UNMASK, ROSTER_EDIT, ROSTER_ARCHIVE, ROSTER_RESTORE, ROSTER_IMPORT, ROSTER_EXPORT)
# Staff see ID numbers masked unless an administrator grants roster.unmask on their assignment.
grant(Role.OFFICE_STAFF, *_FIELDS, ROSTER_EDIT, ROSTER_ARCHIVE, ROSTER_IMPORT, ROSTER_EXPORT)
grant(Role.UNIT_OFFICER, *_FIELDS, ROSTER_EDIT, ROSTER_EXPORT)
grant(Role.LIAISON, ROSTER_VIEW, ROSTER_ADDRESS, ROSTER_HEALTH, ROSTER_FAMILY, ROSTER_FULL_PHONE)
# A branch secretary sees members' basic data and where they live (visits to sick members),
# not family contacts, health details, ID tails or full phones.
grant(Role.BRANCH_SECRETARY, ROSTER_VIEW, ROSTER_ADDRESS)
grant(Role.AUDITOR, ROSTER_VIEW, ROSTER_ID_TAIL)
# A volunteer sees only the name, visit address and masked phone of the people they serve.
grant(Role.VOLUNTEER, ROSTER_VISIT)
# A retiree sees their own record, all of it, on the portal (not the staff pages: no roster.view).
grant(Role.RETIREE, ROSTER_OWN, ROSTER_ADDRESS, ROSTER_HEALTH, ROSTER_FAMILY, ROSTER_ID_TAIL, ROSTER_FULL_PHONE)
