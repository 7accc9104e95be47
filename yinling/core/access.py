"""The one door for access: the only code that turns a user's role assignments into filters.

core keeps the door and two registries; it names no app's model:

- **Capabilities** (`capability()`): what a role may do, named "<area>.<verb>"
  ("roster.view", "roster.unmask"). Each app declares its own and the roles that hold
  them by default (`grant()`); some may also be granted on one assignment beyond the
  role's defaults (`grantable=True`), by an office administrator.
- **Rules** (`register()`): for each record kind, how a record reaches the org tree
  from one role assignment (a function returning a `Q`), the capability that lets a
  role see it and the one that lets a role change it. An app registers its rules in
  its own `access.py`, found at start-up like Django finds `admin.py`. A model with no
  rule is refused loudly rather than shown unscoped.

The door itself:

- `scope(user, queryset, capability)` — the records of a list the user may see (or act
  on) with that capability: the union, over the user's current assignments that hold
  the capability, of what each assignment reaches. The capability is always named.
- `get_scoped_or_404(queryset, user, capability, **lookup)` — one record the same way,
  so a record outside the user's scope is indistinguishable from one that does not exist.
- `require(user, capability, obj)` — visible but not the user's to change: 403.
- `capabilities_over(user, obj, names)` — which of several capabilities the user holds
  over one record, in one query (what a selector needs to decide what of a record to show).
"""
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, Count, ExpressionWrapper, Model, Q, QuerySet
from django.http import Http404

NOTHING = Q(pk__in=[])

# How one role assignment reaches records of a kind: (assignment, field prefix) → Q.
# The prefix lets a rule be reused through a relation ("person__" for a visit's person).
Reach = Callable[[object, str], Q]


# --- capabilities ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Capability:
    name: str
    label: str  # Chinese, shown where an administrator grants it
    grantable: bool = False  # may be granted on an assignment beyond the role's defaults


_CAPABILITIES: dict[str, Capability] = {}
_ROLE_DEFAULTS: dict[str, set[str]] = {}


def capability(name: str, label: str, *, grantable: bool = False) -> str:
    """Declare a capability; returns its name, to keep as a module constant."""
    known = _CAPABILITIES.get(name)
    if known and known != Capability(name, label, grantable):
        raise ValueError(f"capability {name} declared twice, differently")
    _CAPABILITIES[name] = Capability(name, label, grantable)
    return name


def grant(role: str, *names: str) -> None:
    """`role` holds these capabilities by default, at whatever node it is bound to."""
    for name in names:
        if name not in _CAPABILITIES:
            raise LookupError(f"unknown capability {name}: declare it with capability() first")
    _ROLE_DEFAULTS.setdefault(str(role), set()).update(names)


def role_grants(role: str, name: str) -> bool:
    return name in _ROLE_DEFAULTS.get(str(role), ())


def grantable_capabilities() -> list[Capability]:
    return [c for c in _CAPABILITIES.values() if c.grantable]


def capability_label(name: str) -> str:
    known = _CAPABILITIES.get(name)
    return known.label if known else name


# --- rules per record kind ------------------------------------------------------------------

@dataclass(frozen=True)
class Rule:
    model: type[Model]
    reach: Reach
    view: str  # the capability that lets a role see a record of this kind
    change: str | None = None  # … and the one that lets it change one (None: nobody, here)


_RULES: dict[type[Model], Rule] = {}


def register(model: type[Model], *, reach: Reach, view: str, change: str | None = None) -> Rule:
    """How records of `model` reach the org tree, and the capabilities to see and change them."""
    for name in (view, change):
        if name is not None and name not in _CAPABILITIES:
            raise LookupError(f"unknown capability {name} in the rule for {model._meta.label}")
    if model in _RULES and _RULES[model].reach is not reach:
        raise ValueError(f"{model._meta.label} already has an access rule")
    rule = _RULES[model] = Rule(model, reach, view, change)
    return rule


def rule_for(model: type[Model]) -> Rule:
    concrete = model._meta.concrete_model
    if concrete not in _RULES:
        raise TypeError(f"{model._meta.label} has no access rule: register one in its app's access.py")
    return _RULES[concrete]


def through(relation: str, model: type[Model]) -> Reach:
    """A record that reaches the tree through another (a visit through its person): that record's rule."""
    def reach(assignment, prefix: str) -> Q:
        return rule_for(model).reach(assignment, f"{prefix}{relation}__")

    return reach


def owned_by(field_name: str) -> Reach:
    """A record that belongs to the user who made it (an import job): only that user reaches it."""
    def reach(assignment, prefix: str) -> Q:
        return Q(**{f"{prefix}{field_name}": assignment.user_id})

    return reach


def ids_in(field_name: str, ids: list[int]) -> Q:
    """`field_name` is one of `ids`, written as the simplest condition (indexes serve `=` best)."""
    if not ids:
        return NOTHING
    return Q(**{field_name: ids[0]}) if len(ids) == 1 else Q(**{f"{field_name}__in": ids})


def subtree_ids(assignment, kind: str) -> list[int]:
    """Ids of the nodes of `kind` in the assignment's subtree, looked up once per request.

    Filtering records by these ids (instead of joining the tree and matching paths) lets
    the database walk the records' own indexes.
    """
    from .models import OrgUnit

    cache = assignment.__dict__.setdefault("_subtree_cache", {})
    if kind not in cache:
        node = assignment.node
        if node is None:
            cache[kind] = []
        elif node.kind == kind == OrgUnit.Kind.INSTITUTION:
            cache[kind] = [node.pk]  # the usual case: no query at all
        else:
            cache[kind] = list(OrgUnit.objects.filter(kind=kind, path__startswith=node.path).values_list("pk", flat=True))
    return cache[kind]


# --- the door -------------------------------------------------------------------------------

def _require_name(capability_name) -> str:
    if not isinstance(capability_name, str) or capability_name not in _CAPABILITIES:
        raise TypeError(f"scope() needs a declared capability, not {capability_name!r}")
    return capability_name


def _assignments(user) -> list:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    return user.active_assignments()


def condition(user, model: type[Model], capability: str) -> Q:
    """The condition that `scope()` applies: NOTHING when the user holds the capability nowhere."""
    _require_name(capability)
    rule = rule_for(model)
    found = NOTHING
    for assignment in _assignments(user):
        if assignment.grants(capability):
            found |= rule.reach(assignment, "")
    return found


def scope(user, queryset: QuerySet, capability: str) -> QuerySet:
    """The records of `queryset` that `user` may see (or act on) with `capability`."""
    found = condition(user, queryset.model, capability)
    if found == NOTHING:
        return queryset.none()
    return queryset.filter(found)


def flag(user, model: type[Model], capability: str) -> ExpressionWrapper:
    """A per-row boolean: does `user` hold `capability` over this row? For annotate() on a scoped list.

    An export scoped with "roster.export" unmasks the rows of the assignments that hold
    "roster.unmask", assignment by assignment, and no others.
    """
    return ExpressionWrapper(condition(user, model, capability), output_field=BooleanField())


def get_scoped_or_404(queryset_or_model, user, capability: str, **lookup) -> Model:
    queryset = queryset_or_model if isinstance(queryset_or_model, QuerySet) else queryset_or_model._default_manager.all()
    try:
        return scope(user, queryset, capability).get(**lookup)
    except (queryset.model.DoesNotExist, queryset.model.MultipleObjectsReturned, ValueError, TypeError, OverflowError):
        raise Http404("未找到该记录。") from None


def capabilities_over(user, obj: Model, names: Iterable[str]) -> set[str]:
    """Which of `names` the user holds over this record, in one query."""
    model = type(obj)
    conditions = {name: found for name in names if (found := condition(user, model, name)) != NOTHING}
    if not conditions:
        return set()
    row = model._default_manager.filter(pk=obj.pk).aggregate(
        **{f"c{i}": Count("pk", filter=c) for i, c in enumerate(conditions.values())}
    )
    return {name for i, name in enumerate(conditions) if row[f"c{i}"]}


def can(user, capability: str, obj: Model) -> bool:
    """Whether `user` holds `capability` over this record."""
    return bool(capabilities_over(user, obj, [capability]))


def require(user, capability: str, obj: Model) -> None:
    """Visible but not yours to change: 403."""
    if not can(user, capability, obj):
        raise PermissionDenied("您没有权限进行此操作。")


class _System:
    """The actor of management commands and the demo loader: no account, every right, audited as "system".

    Only code can pass it; nothing a request carries becomes it.
    """

    is_authenticated = False
    pk = None

    def __repr__(self) -> str:
        return "SYSTEM"


SYSTEM = _System()


def account_of(actor):
    """The account to record as who did something (created_by, entered_by …): None for SYSTEM."""
    return actor if getattr(actor, "is_authenticated", False) else None


def get_for_change(queryset: QuerySet, actor, capability: str, **lookup) -> Model:
    """What a service does first with an id it was given: the record, if `actor` may act on it with `capability`.

    Not visible to the actor: 404, as if it did not exist. Visible but not theirs to act on: 403.
    """
    if actor is SYSTEM:
        try:
            return queryset.get(**lookup)
        except (queryset.model.DoesNotExist, ValueError, TypeError, OverflowError):
            raise Http404("未找到该记录。") from None
    record = get_scoped_or_404(queryset, actor, rule_for(queryset.model).view, **lookup)
    if not can(actor, capability, record):
        raise PermissionDenied("您没有权限进行此操作。")
    return record


def ensure_within(actor, capability: str, obj: Model) -> None:
    """After a write: the record must still lie within the actor's scope for `capability` (else roll back)."""
    if actor is not SYSTEM and not can(actor, capability, obj):
        raise PermissionDenied("不能把记录放到您的管辖范围之外。")


def capability_any(user, capability: str) -> bool:
    """Whether the user holds `capability` on any current assignment (for menus and page gates)."""
    _require_name(capability)
    return any(a.grants(capability) for a in _assignments(user))


def require_any(user, capability: str, message: str = "您没有权限进行此操作。") -> None:
    if not capability_any(user, capability):
        raise PermissionDenied(message)


def acting_institution(user, capability: str):
    """The university on whose behalf `user` exercises `capability` (creating, importing, exporting).

    A role bound above universities (a provincial bureau) has none: it must act through
    an assignment at a university, or not at all.
    """
    granting = [a for a in _assignments(user) if a.node_id and a.grants(capability)]
    for assignment in granting:
        institution = assignment.node.institution()
        if institution:
            return institution
    raise PermissionDenied("您的账号没有绑定到具体学校，不能进行此操作。" if granting else "您没有权限进行此操作。")
