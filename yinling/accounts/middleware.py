"""Session limits and the second factor for the roles that need one."""
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect
from django.urls import reverse

from yinling.core.audit import audit

_EXEMPT_PREFIXES = ("/static/", "/accounts/login/", "/accounts/logout/", "/healthz")


class SessionTimeoutMiddleware:
    """Idle sessions end after SESSION_IDLE_SECONDS; any session after SESSION_ABSOLUTE_SECONDS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = time.time()
            started = request.session.setdefault("started_at", now)
            last = request.session.get("last_seen", now)
            idle = now - last > settings.SESSION_IDLE_SECONDS
            too_long = now - started > settings.SESSION_ABSOLUTE_SECONDS
            if idle or too_long:
                user = request.user
                audit(actor=user, action="session_expired", note="空闲超时" if idle else "超过最长会话时间")
                logout(request)
                messages.info(request, "由于长时间未操作，您已自动退出，请重新登录。" if idle else "登录已超过12小时，请重新登录。")
                return redirect(f"{reverse('accounts:login')}?next={request.path}")
            if now - last >= 60 or "last_seen" not in request.session:
                # Written at most once a minute: a session write on every request costs queries.
                request.session["last_seen"] = now
        return self.get_response(request)


class SecondFactorRequiredMiddleware:
    """Office administrators reach nothing but the OTP pages until they pass the second factor."""

    allowed = ("accounts:otp_verify", "accounts:otp_enrol", "accounts:logout")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path.startswith(_EXEMPT_PREFIXES)
            and user.needs_second_factor()
            and not user.is_verified()
        ):
            allowed = {reverse(name) for name in self.allowed}
            if request.path not in allowed:
                from .otp import has_confirmed_totp

                target = "accounts:otp_verify" if has_confirmed_totp(user) else "accounts:otp_enrol"
                return redirect(f"{reverse(target)}?next={request.get_full_path()}")
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """An account whose password must change (a new account, the demo's in production) reaches only the password page."""

    allowed = ("accounts:password_change", "accounts:logout", "accounts:otp_verify", "accounts:otp_enrol")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and user.must_change_password and not request.path.startswith(_EXEMPT_PREFIXES):
            if request.path not in {reverse(name) for name in self.allowed}:
                messages.info(request, "为了账号安全，请先修改密码。")
                return redirect("accounts:password_change")
        return self.get_response(request)
