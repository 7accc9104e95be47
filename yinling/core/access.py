"""The one door for access: the only code that turns a user's roles into filters.

`scope(user, queryset)` narrows any list to what the user may see;
`get_scoped_or_404(...)` fetches one record the same way, so a record outside the
user's scope is indistinguishable from one that does not exist. `require(...)`
turns a visible-but-not-writable record into 403.

Each person-bound model names how it reaches the Person it belongs to with a
class attribute `scope_prefix` ("" for Person itself, "person__" for records that
hang off a person). Org units, branches and audit rows have rules of their own
below. A model with no rule here is refused loudly rather than shown unscoped.
"""
from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from yinling.accounts.roles import CAPABILITIES, ROSTER_VIEW, Role

NOTHING = Q(pk__in=[])

# Roles bound to a node that see every person of the node's subtree by institution.
_INSTITUTION_WIDE = {Role.OFFICE_ADMIN, Role.OFFICE_STAFF, Role.AUDITOR}


def _subtree_ids(assignment, kind: str) -> list[int]:
    """Ids of the nodes of `kind` in the assignment's subtree, looked up once per request.

    Filtering people by these ids (instead of joining the tree and matching paths)
    lets the database walk the people table's own indexes.
    """
    from yinling.core.models import OrgUnit

    cache = assignment.__dict__.setdefault("_subtree_cache", {})
    if kind not in cache:
        node = assignment.node
        if node.kind == kind == OrgUnit.Kind.INSTITUTION:
            cache[kind] = [node.pk]  # the usual case: no query at all
        else:
            cache[kind] = list(OrgUnit.objects.filter(kind=kind, path__startswith=node.path).values_list("pk", flat=True))
    return cache[kind]


def _in(field: str, ids: list[int]) -> Q:
    if not ids:
        return NOTHING
    return Q(**{field: ids[0]}) if len(ids) == 1 else Q(**{f"{field}__in": ids})


def _person_q(assignment, prefix: str) -> Q:
    role = assignment.role
    if role in _INSTITUTION_WIDE:
        return _in(f"{prefix}institution_id", _subtree_ids(assignment, "institution"))
    if role == Role.UNIT_OFFICER:
        return _in(f"{prefix}unit_id", _subtree_ids(assignment, "unit"))
    if role == Role.LIAISON:
        return _in(f"{prefix}grid_id", _subtree_ids(assignment, "grid")) | Q(**{f"{prefix}liaison": assignment.user_id})
    if role == Role.BRANCH_SECRETARY:
        return Q(**{f"{prefix}branch": assignment.branch_id})
    if role == Role.RETIREE:
        return Q(**{f"{prefix}pk": assignment.person_id})
    return NOTHING  # volunteers reach people only through assigned tasks


def _orgunit_q(assignment) -> Q:
    if assignment.node_id:
        return Q(path__startswith=assignment.node.path)
    if assignment.branch_id:
        return Q(pk=assignment.branch.institution_id)
    return Q(pk=assignment.person.unit_id) if assignment.person.unit_id else NOTHING


def _branch_q(assignment) -> Q:
    if assignment.role in _INSTITUTION_WIDE:
        return Q(institution__path__startswith=assignment.node.path)
    if assignment.role == Role.BRANCH_SECRETARY:
        return Q(pk=assignment.branch_id)
    return NOTHING


def _audit_q(assignment) -> Q:
    if assignment.role in {Role.AUDITOR, Role.OFFICE_ADMIN}:
        return Q(scope_path__startswith=assignment.node.path)
    return NOTHING


def _rule_for(model):
    label = model._meta.label_lower
    if label == "core.orgunit":
        return lambda a, capability: _orgunit_q(a)
    if label == "party.branch":
        return lambda a, capability: _branch_q(a)
    if label == "core.auditentry":
        return lambda a, capability: _audit_q(a)
    if label == "transfer.job":
        # Import and export jobs carry whole rosters: each belongs to the one who started it.
        return lambda a, capability: Q(created_by=a.user_id)
    prefix = getattr(model, "scope_prefix", None)
    if prefix is None:
        raise TypeError(f"{label} has no access rule; add scope_prefix or a rule in core/access.py")
    return lambda a, capability: _person_q(a, prefix)


def scope(user, queryset: QuerySet, capability: str = ROSTER_VIEW) -> QuerySet:
    """The records of `queryset` that `user` may see (or, with a capability, act on)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return queryset.none()
    rule = _rule_for(queryset.model)
    condition = NOTHING
    for assignment in user.active_assignments():
        if not _grants(assignment, capability, queryset.model):
            continue
        condition |= rule(assignment, capability)
    if condition == NOTHING:
        return queryset.none()
    return queryset.filter(condition)


def _grants(assignment, capability: str, model) -> bool:
    # Org units and branches are reference data: visible wherever the role is bound.
    if model._meta.label_lower in {"core.orgunit", "party.branch"}:
        return True
    if model._meta.label_lower == "core.auditentry":
        return True  # _audit_q decides
    if model._meta.label_lower == "transfer.job":
        return True  # the rule above keeps each job to its owner
    if assignment.role == Role.RETIREE and capability == ROSTER_VIEW:
        return True  # a retiree sees their own record
    return assignment.grants(capability)


def get_scoped_or_404(queryset_or_model, user, **lookup) -> Model:
    queryset = queryset_or_model if isinstance(queryset_or_model, QuerySet) else queryset_or_model._default_manager.all()
    try:
        return scope(user, queryset).get(**lookup)
    except (queryset.model.DoesNotExist, ValueError, TypeError):
        raise Http404("未找到该记录。") from None


def can(user, capability: str, obj: Model) -> bool:
    """Whether `user` holds `capability` over this visible record."""
    return scope(user, type(obj)._default_manager.filter(pk=obj.pk), capability).exists()


def require(user, capability: str, obj: Model) -> None:
    """Visible but not yours to change: 403."""
    if not can(user, capability, obj):
        raise PermissionDenied("您没有权限进行此操作。")


def capability_any(user, capability: str) -> bool:
    return any(capability in CAPABILITIES[a.role] or a.grants(capability) for a in user.active_assignments())


def acting_institution(user, capability: str):
    """The university on whose behalf `user` exercises `capability` (creating, importing, exporting).

    A role bound above universities (a provincial bureau) has none: it must act through
    an assignment at a university, or not at all.
    """
    granting = [a for a in user.active_assignments() if a.node_id and a.grants(capability)]
    for assignment in granting:
        institution = assignment.node.institution()
        if institution:
            return institution
    raise PermissionDenied("您的账号没有绑定到具体学校，不能进行此操作。" if granting else "您没有权限进行此操作。")
