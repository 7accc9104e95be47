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


class LandingMiddleware:
    """A user who has only their own pages (a retiree) is taken there from any staff address.

    A retiree who follows an old link to /roster/… (even to their own record) would meet a
    403 or 404 in the staff layout; they land on their own pages instead, in theirs.
    Staff who reach a retiree's page get the staff 403 in the staff layout: neither sees the other's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code in (403, 404) and request.method == "GET" and request.user.is_authenticated:
            from django.contrib import messages
            from django.shortcuts import redirect
            from django.urls import reverse

            from .plugins import landing_for

            landing = landing_for(request.user)
            if landing is not None and request.path != reverse(landing.url_name):
                messages.info(request, "已为您打开您自己的页面。")
                return redirect(landing.url_name)
        return response
