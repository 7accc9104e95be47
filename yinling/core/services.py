"""Writes to the org tree: units and grids are created, renamed and moved, never deleted."""
from django.core.exceptions import ValidationError
from django.db import transaction

from .models import OrgUnit


@transaction.atomic
def orgunit_create(*, name: str, kind: str, parent: OrgUnit | None, sort_order: int = 0) -> OrgUnit:
    node = OrgUnit(name=name, kind=kind, parent=parent, sort_order=sort_order, path=f"tmp-{name}-{kind}")
    node.full_clean(exclude=["path"])
    node.save()
    node.path = f"{parent.path if parent else '/'}{node.pk:06d}/"
    node.save(update_fields=["path"])
    return node



@transaction.atomic
def orgunit_rename(*, actor, node_id: int, name: str) -> OrgUnit:
    from .access import get_for_change
    from .audit import audit
    from .rules import ORG_MANAGE

    node = get_for_change(OrgUnit.objects.select_for_update(), actor, ORG_MANAGE, pk=node_id)
    old, node.name = node.name, name.strip()
    node.full_clean(exclude=["path"])
    if old != node.name:
        node.save(update_fields=["name"])
        audit(actor=actor, action="org_rename", obj=node, changes={"fields": {"name": [old, node.name]}}, scope_path=node.path)
    return node


@transaction.atomic
def orgunit_move(*, actor, node_id: int, parent_id: int) -> OrgUnit:
    """Put a unit under another parent of the same university; its sub-units and its people follow.

    People point at their unit, so they follow by themselves; the subtree's paths are rewritten
    in one statement. A unit never moves to another university (its people belong to one) nor below itself.
    """
    from django.db.models import Value
    from django.db.models.functions import Concat, Substr

    from .access import get_for_change
    from .audit import audit
    from .rules import ORG_MANAGE

    node = get_for_change(OrgUnit.objects.select_for_update(), actor, ORG_MANAGE, pk=node_id)
    parent = get_for_change(OrgUnit.objects.all(), actor, ORG_MANAGE, pk=parent_id)
    if node.kind != OrgUnit.Kind.UNIT or parent.kind not in (OrgUnit.Kind.UNIT, OrgUnit.Kind.INSTITUTION):
        raise ValidationError("只能把二级单位调整到学校或另一个二级单位之下。")
    if parent.path.startswith(node.path):
        raise ValidationError("不能把单位调整到它自己或它的下级单位之下。")
    if parent.institution() != node.institution():
        raise ValidationError("不能把单位调整到另一所学校。")
    if parent.pk == node.parent_id:
        return node
    old_path, new_path = node.path, f"{parent.path}{node.pk:06d}/"
    old_parent = node.parent
    OrgUnit.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr("path", len(old_path) + 1)))
    OrgUnit.objects.filter(pk=node.pk).update(parent=parent)
    node.refresh_from_db()
    audit(actor=actor, action="org_move", obj=node, changes={"fields": {"parent": [str(old_parent), str(parent)]}},
          scope_path=node.path)
    return node
