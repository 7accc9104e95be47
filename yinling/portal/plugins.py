"""What other modules add to a retiree's home page: big buttons to their own pages (a module's hooks.py
calls `portal_link()`), shown to those who hold the link's capability. The portal names no module."""
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
