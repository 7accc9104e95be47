"""What other modules add to a retiree's home page: big buttons to their own pages (a module's hooks.py
calls `portal_link()`), shown to those who hold the link's capability, and notices at the top (a
module's `portal_notice()`: a function of the user and their own record returning a sentence, or None).
The portal names no module."""
from dataclasses import dataclass

from yinling.core.access import capability_any


@dataclass(frozen=True)
class PortalLink:
    label: str
    url_name: str
    capability: str
    order: int
    hint: str = ""


_LINKS: list[PortalLink] = []


def portal_link(**kwargs) -> PortalLink:
    link = PortalLink(**kwargs)
    if any(existing.url_name == link.url_name for existing in _LINKS):
        raise ValueError(f"portal link {link.url_name} registered twice")
    _LINKS.append(link)
    _LINKS.sort(key=lambda item: item.order)
    return link


def links_for(user) -> list[PortalLink]:
    return [link for link in _LINKS if capability_any(user, link.capability)]


_NOTICES: list = []


def portal_notice(notice):
    """Decorator: `notice(user, person)` → a sentence for the retiree's home page, or None."""
    _NOTICES.append(notice)
    return notice


def notices_for(user, person) -> list[str]:
    return [text for notice in _NOTICES if (text := notice(user, person))]
