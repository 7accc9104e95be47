"""What the Party module adds: its menu entry and the party tab of a person's page."""
from yinling.core.plugins import menu_item, person_tab

from .access import PARTY_VIEW

menu_item(label="党支部", url_name="party:branch_list", icon="flag", capability=PARTY_VIEW, order=20, pages=("party:*",))


def _party_tab(user, person) -> dict | None:
    # Party dates are part of a person's basic record (visible with it); membership records come with issue 10.
    return {} if person.shows("basic") else None


person_tab(key="party", label="党员信息", template="party/person_tab.html", context=_party_tab, order=40)
