"""Kinds of spreadsheet import: each app registers its own (a SheetImport, who may run it, its template),
and the upload page, the check, the column mapping and the job run any of them the same way.

    import_kind(key="party.memberships", label="党员组织关系", capability=PARTY_MANAGE,
                make=lambda actor, institution, source: MembershipImport(...), template=write_membership_template)
"""
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .engine import SheetImport


@dataclass(frozen=True)
class ImportKind:
    key: str  # "<app>.<records>", kept on each job
    label: str  # what the sheet holds, in Chinese: 离退休人员名册, 党员组织关系
    capability: str  # who may import it (at a university)
    make: Callable[[Any, Any, str], SheetImport]  # (actor, institution, source) → the import
    template: Callable[[Path, Any], None] | None = None  # (path, institution): writes the blank template
    hint: str = ""  # one line on the upload page: what the sheet must hold

    def fields(self, actor, institution) -> tuple[dict[str, str], list[str]]:
        """(field → column label, required fields): what the column-mapping form offers."""
        columns = self.make(actor, institution, "").columns()
        return {c.field: c.label for c in columns}, [c.field for c in columns if c.required]


_KINDS: dict[str, ImportKind] = {}
DEFAULT = "roster.people"  # jobs made before there were kinds imported people


def import_kind(**kwargs) -> ImportKind:
    kind = ImportKind(**kwargs)
    if kind.key in _KINDS:
        raise ValueError(f"import kind {kind.key} registered twice")
    _KINDS[kind.key] = kind
    return kind


def kind_for(key: str | None) -> ImportKind | None:
    return _KINDS.get(key or DEFAULT)
