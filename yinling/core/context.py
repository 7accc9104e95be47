"""The request's source address, made available to the audit log.

Services take the acting user explicitly; the source address is the one piece of
request context they should not have to thread through every call.
"""
import ipaddress
from contextvars import ContextVar

from django.conf import settings

current_ip: ContextVar[str | None] = ContextVar("current_ip", default=None)


def client_ip(request) -> str | None:
    """The client's address: the trusted proxy's header when one is configured (settings.CLIENT_IP_HEADER),
    else the connection's. Audit entries and the login limits both use it."""
    header = settings.CLIENT_IP_HEADER
    for raw in ((request.META.get(header) or "").split(",")[-1].strip() if header else "", request.META.get("REMOTE_ADDR") or ""):
        try:
            return str(ipaddress.ip_address(raw))
        except ValueError:
            continue
    return None


class RequestContextMiddleware:
    """The request's address for the audit log; and no page of the application is kept in a cache.

    Every page past the static files may hold personal data (a person's page, an export, a
    download): "no-store" keeps it out of the browser's disk cache, a shared computer's
    back button and any proxy on the way.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_ip.set(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            current_ip.reset(token)
        response.headers.setdefault("Cache-Control", "no-store, private")
        return response
