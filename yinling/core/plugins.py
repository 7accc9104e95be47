"""The seams a module plugs into, each filled from the module's own hooks.py.

Like Wagtail's hooks: an app adds menu entries, home-page cards, tabs on a person's
page, its part of the demo university, labels of its audit actions and samples for the
URL sweep by calling the functions below at import time; core finds every app's
hooks.py at start-up (CoreConfig.ready) and names none of them. README, "Adding a
module", is the checklist.
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.urls import reverse

from .access import capability_any

# --- the menu -------------------------------------------------------------------------------

@dataclass(frozen=True)
class MenuItem:
    label: str
    url_name: str  # "namespace:name"
    icon: str  # a Bootstrap Icons name, without "bi-"
    capability: str | None  # shown to users who hold it anywhere; None: every signed-in user
    order: int
    # The pages this entry is "where you are" for: url names, or "namespace:*" for a whole app.
    # The most specific match wins (an exact name over a namespace), so two entries never light up.
    pages: tuple[str, ...] = ()
    # Where the home page sends a user for whom it has no cards (a retiree: their own pages).
    landing: bool = False


_MENU: list[MenuItem] = []


def _add(registry: list, item, key: str):
    """Add `item` to a registry kept in order; two entries with the same key are a mistake."""
    if any(getattr(existing, key) == getattr(item, key) for existing in registry):
        raise ValueError(f"{type(item).__name__} {getattr(item, key)} registered twice")
    registry.append(item)
    registry.sort(key=lambda i: i.order)
    return item


def menu_item(**kwargs) -> MenuItem:
    return _add(_MENU, MenuItem(**kwargs), "url_name")


def _match_strength(item: MenuItem, view_name: str, namespace: str) -> int:
    if view_name == item.url_name or view_name in item.pages:
        return 2
    if f"{namespace}:*" in item.pages:
        return 1
    return 0


def menu_for(user, view_name: str = "") -> list[dict]:
    """The entries `user` may see, each with its URL and whether it is the current page's entry."""
    if not getattr(user, "is_authenticated", False):
        return []
    items = visible_items(user)
    namespace = view_name.split(":", 1)[0] if ":" in view_name else ""
    strengths = [_match_strength(i, view_name, namespace) for i in items]
    best = max(strengths, default=0)
    active = strengths.index(best) if best else -1
    return [{"label": i.label, "url": _url(i.url_name), "icon": i.icon, "active": n == active} for n, i in enumerate(items)]


@cache
def _url(url_name: str) -> str:
    """A menu entry's URL: the same on every page, so reversed once per process."""
    return reverse(url_name)


def visible_items(user) -> list[MenuItem]:
    return [i for i in _MENU if i.capability is None or capability_any(user, i.capability)]


def landing_for(user) -> MenuItem | None:
    """The landing page of a user whose pages are all landing pages (a retiree's own), else None."""
    items = [i for i in visible_items(user) if i.capability is not None]
    if items and all(i.landing for i in items):
        return items[0]
    return None


# --- home-page cards ------------------------------------------------------------------------

@dataclass(frozen=True)
class Card:
    key: str
    template: str
    context: Callable[[Any], dict | None]  # (user) → the card's context, or None to leave it out
    capability: str | None
    order: int
    scripts: tuple[str, ...] = ()  # static files the card needs (charts)
    styles: tuple[str, ...] = ()  # style sheets the card needs (its module's own)


_CARDS: list[Card] = []


def home_card(**kwargs) -> Card:
    return _add(_CARDS, Card(**kwargs), "key")


def cards_for(user) -> list[tuple[Card, dict]]:
    shown = []
    for card in _CARDS:
        if card.capability is not None and not capability_any(user, card.capability):
            continue
        context = card.context(user)
        if context is not None:
            shown.append((card, context))
    return shown


# --- tabs on a person's page ----------------------------------------------------------------

@dataclass(frozen=True)
class PersonTab:
    key: str
    label: str
    template: str
    # (user, the person as this user may see them) → the tab's context, or None when the tab is not for this user
    context: Callable[[Any, Any], dict | None]
    order: int
    styles: tuple[str, ...] = ()  # style sheets the tab needs (its module's own)


_TABS: list[PersonTab] = []


def person_tab(**kwargs) -> PersonTab:
    return _add(_TABS, PersonTab(**kwargs), "key")


def person_tabs() -> list[PersonTab]:
    return list(_TABS)


# --- the demo university --------------------------------------------------------------------

@dataclass
class DemoContext:
    """What the parts of the demo share: a seeded random source, the day, and what earlier parts made."""

    rng: Any
    today: Any
    people: int
    made: dict[str, Any] = field(default_factory=dict)
    accounts: list[tuple[str, str, str]] = field(default_factory=list)  # (username, role label, scope)


@dataclass(frozen=True)
class DemoPart:
    name: str
    build: Callable[[DemoContext], None]
    order: int


_DEMO: list[DemoPart] = []


def demo_part(name: str, order: int):
    """Decorator: `build(ctx)` makes this app's part of the demo university, after the parts of lower order."""
    def register(build: Callable[[DemoContext], None]):
        _add(_DEMO, DemoPart(name, build, order), "name")
        return build

    return register


def demo_parts() -> list[DemoPart]:
    return list(_DEMO)


# --- audit action labels --------------------------------------------------------------------

_AUDIT_LABELS: dict[str, str] = {}


def audit_labels(labels: dict[str, str]) -> None:
    for action, label in labels.items():
        if _AUDIT_LABELS.get(action, label) != label:
            raise ValueError(f"audit action {action} labelled twice, differently")
    _AUDIT_LABELS.update(labels)


def audit_label(action: str) -> str:
    return _AUDIT_LABELS.get(action, action)


def all_audit_labels() -> dict[str, str]:
    return dict(_AUDIT_LABELS)


# --- samples for the URL sweep --------------------------------------------------------------

@dataclass
class SweepContext:
    """What the URL sweep hands a sample: the test world, the role asked as, and the records out of its scope."""

    world: Any
    role: str
    people_outside: list  # people the role may not see
    stranger: Any  # a user of another university


_SWEEP: dict[str, Callable[[SweepContext], list[dict]]] = {}


def sweep_sample(*url_names: str):
    """Decorator: `sample(ctx)` returns the URL kwargs of records outside `ctx.role`'s scope for these URLs."""
    def register(sample: Callable[[SweepContext], list[dict]]):
        for name in url_names:
            if name in _SWEEP:
                raise ValueError(f"sweep sample for {name} registered twice")
            _SWEEP[name] = sample
        return sample

    return register


def sweep_samples() -> dict[str, Callable[[SweepContext], list[dict]]]:
    return dict(_SWEEP)



# --- pages in scope, for the browser sweep ---------------------------------------------------

_PAGES: list[Callable[[Any], list[str]]] = []


def layout_pages(pages: Callable[[Any], list[str]]) -> Callable[[Any], list[str]]:
    """Decorator: `pages(world)` returns URLs of the app's pages that take an id, on records of the test
    world (making any it needs), for the browser sweep to open as every role at both widths."""
    _PAGES.append(pages)
    return pages


def layout_page_samples() -> list[Callable[[Any], list[str]]]:
    return list(_PAGES)
