"""Login, logout and the second factor."""
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from yinling.core.audit import audit
from yinling.core.models import AuditEntry

from . import otp
from .forms import LoginForm, TokenForm

LOCKED_MESSAGE = "登录失败次数过多，账号已被锁定30分钟。请稍后再试，或联系离退休工作处管理员解锁。"


def _next_url(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return "/"


def login_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect(_next_url(request))
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"].strip()
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            audit(actor=None, action="lockout", result=AuditEntry.Result.DENIED, actor_name=username, note="登录被锁定")
            return locked_out(request)
        if user is None:
            audit(actor=None, action="login_failed", result=AuditEntry.Result.FAILED, actor_name=username, note="用户名或密码错误")
            form.add_error(None, "用户名或密码不正确。连续输错5次，账号将被锁定30分钟。")
        else:
            login(request, user)
            audit(actor=user, action="login")
            if user.needs_second_factor():
                target = "accounts:otp_verify" if otp.has_confirmed_totp(user) else "accounts:otp_enrol"
                return redirect(f"{reverse(target)}?next={_next_url(request)}")
            return redirect(_next_url(request))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request)}, status=400 if form.errors else 200)


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): the login page with the reason."""
    return render(request, "accounts/login.html", {"form": LoginForm(), "locked": True, "lock_message": LOCKED_MESSAGE}, status=429)


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit(actor=request.user, action="logout")
    logout(request)
    messages.info(request, "您已安全退出。")
    return redirect("accounts:login")


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    if not otp.has_confirmed_totp(request.user):
        return redirect("accounts:otp_enrol")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        result = otp.second_factor_verify(request=request, token=form.cleaned_data["token"])
        if result == otp.VERIFIED:
            return redirect(_next_url(request))
        if result == otp.THROTTLED:
            form.add_error("token", "尝试过于频繁，请稍等片刻再输入最新的动态口令。")
        else:
            form.add_error("token", "动态口令不正确或已过期，请输入手机上最新显示的6位数字。")
    return render(request, "accounts/otp_verify.html", {"form": form, "next": _next_url(request)}, status=400 if form.errors else 200)


@login_required
def otp_enrol(request: HttpRequest) -> HttpResponse:
    if otp.has_confirmed_totp(request.user) and not request.user.is_verified():
        return redirect("accounts:otp_verify")
    device = otp.pending_device(request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = otp.totp_enrol_confirm(request=request, device=device, token=form.cleaned_data["token"])
        if codes:
            return render(request, "accounts/otp_codes.html", {"codes": codes, "next": _next_url(request)})
        form.add_error("token", "动态口令不正确，请确认手机时间准确后，输入最新显示的6位数字。")
    context = {
        "form": form,
        "qr": otp.qr_data_uri(device),
        "secret": otp.secret_for_manual_entry(device),
        "next": _next_url(request),
    }
    return render(request, "accounts/otp_enrol.html", context, status=400 if form.errors else 200)
