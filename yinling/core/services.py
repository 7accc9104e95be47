"""Writes to the org tree."""
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
