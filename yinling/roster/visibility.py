"""What of a visible person each capability shows: the field groups the selectors apply.

A selector hands pages a `PersonView`, never the bare Person: it answers only for the
field groups the user's capabilities over that person open, and None for the rest, so
a template cannot show what the selector did not decide to show. Phones come masked
unless "roster.full_phone" is held; family contacts come only with "roster.family".

Lists use `list_groups()`: a column or filter is offered only when every assignment
that lets the user see people also opens its group, so no row shows more than its own
rule allows and no filter becomes a way to read a hidden field.
"""
from functools import cached_property

from yinling.core.access import capabilities_over
from yinling.lib.mask import mask_phone

from .access import (
    ROSTER_ADDRESS,
    ROSTER_ARCHIVE,
    ROSTER_EDIT,
    ROSTER_FAMILY,
    ROSTER_FULL_PHONE,
    ROSTER_HEALTH,
    ROSTER_ID_TAIL,
    ROSTER_OWN,
    ROSTER_RESTORE,
    ROSTER_UNMASK,
    ROSTER_VIEW,
    ROSTER_VISIT,
)
from .models import Person

BASIC, ADDRESS, HEALTH, ID, PHONE, FULL_PHONE, FAMILY = "basic", "address", "health", "id", "phone", "full_phone", "family"

# group → the capabilities any one of which opens it
GROUP_CAPABILITIES: dict[str, frozenset[str]] = {
    BASIC: frozenset({ROSTER_VIEW, ROSTER_OWN}),
    ADDRESS: frozenset({ROSTER_ADDRESS, ROSTER_VISIT}),
    HEALTH: frozenset({ROSTER_HEALTH}),
    ID: frozenset({ROSTER_ID_TAIL}),
    PHONE: frozenset({ROSTER_VIEW, ROSTER_OWN, ROSTER_VISIT}),  # masked …
    FULL_PHONE: frozenset({ROSTER_FULL_PHONE}),  # … and in full
    FAMILY: frozenset({ROSTER_FAMILY}),
}
FIELD_CAPABILITIES = frozenset().union(*GROUP_CAPABILITIES.values())
ACTIONS = (ROSTER_EDIT, ROSTER_ARCHIVE, ROSTER_RESTORE, ROSTER_UNMASK)

_ALWAYS = frozenset({"pk", "id", "name", "get_absolute_url", "is_archived", "status", "get_status_display", "institution_id"})
_FIELDS: dict[str, str] = {
    **dict.fromkeys((
        "gender", "get_gender_display", "ethnicity", "birth_date", "age", "category", "get_category_display",
        "retirement_date", "work_start_date", "unit", "post", "rank", "get_rank_display", "title", "political_status",
        "get_political_status_display", "grid", "liaison",
        "residence", "get_residence_display", "residence_province",
        "residence_city", "death_date", "death_place", "archived_at", "archived_by", "archive_reason", "version", "created_at",
        "updated_at", "institution", "is_lixiu", "notes", "hobbies",
    ), BASIC),
    **dict.fromkeys(("address", "district", "community"), ADDRESS),
    **dict.fromkeys((
        "health_status", "get_health_status_display", "chronic_conditions", "hospitalized", "family_doctor",
        "living_arrangement", "get_living_arrangement_display", "care_flags", "is_aged", "flag_provincial",
        "flag_contribution", "flag_hardship", "flag_empty_nest", "service_needs",
        # who must be the named contact follows from the care flags (特殊困难, 特殊贡献 …): it tells them
        "dedicated_contact", "needs_dedicated_contact",
    ), HEALTH),
    **dict.fromkeys(("id_number_masked", "id_number_tail"), ID),
}
# Person fields by group, for filtering a record's change history the same way.
HISTORY_GROUPS: dict[str, str] = {
    **_FIELDS,
    "name": BASIC, "status": BASIC, "date": BASIC,
    "id_number": ID, "phone": PHONE, "phone2": PHONE,
}


def groups_for(held: set[str] | frozenset[str]) -> frozenset[str]:
    return frozenset(group for group, caps in GROUP_CAPABILITIES.items() if caps & held)


class PersonView:
    """One person as one user may see them (see the module's docstring)."""

    def __init__(self, person: Person, held: set[str]):
        self._person = person
        self.held = frozenset(held)
        self.groups = groups_for(self.held)

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)
        group = "always" if name in _ALWAYS else _FIELDS.get(name)
        if group is None:
            raise AttributeError(f"PersonView does not show {name}")
        if group != "always" and group not in self.groups:
            return None
        value = getattr(self._person, name)
        if name in ("hobbies", "service_needs"):
            value = self.__dict__[name] = list(value.all())  # read once: a template asks more than once
        return value

    def __str__(self) -> str:
        return self._person.name

    def shows(self, group: str) -> bool:
        return group in self.groups

    def labelled(self, names) -> list[tuple[str, str]]:
        """(label, value as shown) for each of the Person fields `names` this view shows, in order;
        a field of a hidden group is left out, an empty one shown as "—" (the 登记表)."""
        from .fields import label

        rows = []
        for name in names:
            if name == "id_number":
                group, value = ID, self.id_number_masked if self.shows(ID) else None
            elif name in ("phone", "phone2"):
                group, value = PHONE, getattr(self, name)
            else:
                group = HISTORY_GROUPS.get(name, BASIC)
                if name in ("hobbies", "service_needs"):
                    value = "、".join(t.name for t in getattr(self, name) or [])
                else:
                    model_field = Person._meta.get_field(name)
                    value = getattr(self, f"get_{name}_display" if model_field.choices else name)
                    if callable(value):
                        value = value()
            if not self.shows(group):
                continue
            if isinstance(value, bool):
                value = "是" if value else "否"
            elif hasattr(value, "strftime"):
                value = f"{value.year}年{value.month}月{value.day}日"
            rows.append((label(name), str(value) if value not in (None, "") else "—"))
        return rows

    @property
    def shows_address(self) -> bool:
        return ADDRESS in self.groups

    @property
    def full_phone(self) -> bool:
        return FULL_PHONE in self.groups and PHONE in self.groups

    def _phone(self, value: str) -> str | None:
        if PHONE not in self.groups:
            return None
        return value if self.full_phone else mask_phone(value)

    @property
    def phone(self) -> str | None:
        return self._phone(self._person.phone)

    @property
    def phone2(self) -> str | None:
        return self._phone(self._person.phone2)

    @cached_property
    def contacts(self) -> list[dict] | None:
        """Family contacts: name, relation and phone (masked unless full phones are held)."""
        if FAMILY not in self.groups:
            return None
        return [
            {"name": c.name, "relation": c.relation, "is_primary": c.is_primary,
             "phone": c.phone if self.full_phone else mask_phone(c.phone)}
            for c in self._person.contacts.all()
        ]

    @property
    def may_edit(self) -> bool:
        return ROSTER_EDIT in self.held and not self._person.is_archived

    @property
    def may_archive(self) -> bool:
        return ROSTER_ARCHIVE in self.held and not self._person.is_archived

    @property
    def may_restore(self) -> bool:
        return ROSTER_RESTORE in self.held and self._person.is_archived

    @property
    def may_unmask(self) -> bool:
        return ROSTER_UNMASK in self.held


def person_view(*, user, person: Person) -> PersonView:
    """What `user` may see of `person` and do with them, in one query."""
    return PersonView(person, capabilities_over(user, person, [*FIELD_CAPABILITIES, *ACTIONS]))


def list_groups(user) -> frozenset[str]:
    """The groups every row of the user's people lists may show (the strictest of their assignments)."""
    seeing = [a for a in user.active_assignments() if any(a.grants(c) for c in GROUP_CAPABILITIES[BASIC])]
    if not seeing:
        return frozenset()
    common = None
    for assignment in seeing:
        held = {c for c in FIELD_CAPABILITIES if assignment.grants(c)}
        groups = groups_for(held)
        common = groups if common is None else common & groups
    return common or frozenset()


def visible_history(changes: dict, groups: frozenset[str]) -> dict:
    """The fields of one change entry that these groups may see (contacts count as family)."""
    shown = {}
    for name, pair in changes.items():
        group = FAMILY if name.startswith("紧急联系人") else HISTORY_GROUPS.get(name, HEALTH)
        if group in groups:
            shown[name] = pair
    return shown

