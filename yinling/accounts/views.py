"""Login, logout, the second factor, each user's password, and the office's account administration."""
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from yinling.core import search
from yinling.core.access import get_scoped_or_404, require_any, rule_for, scope
from yinling.core.audit import audit
from yinling.core.context import current_ip
from yinling.core.forms import apply_errors
from yinling.core.models import AuditEntry
from yinling.core.pagination import FastPaginator

from . import otp, selectors, services
from .access import ACCOUNTS_MANAGE
from .admin_forms import AccountForm, AssignmentForm, PasswordChangeForm
from .forms import LoginForm, TokenForm
from .models import RoleAssignment

ASK_THE_OFFICE = "如急需使用，请联系离退休工作处的系统管理员在“账号管理”中解锁。"


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
        scope_path = selectors.login_scope_path(username)
        blocked = selectors.address_blocked_until(current_ip.get())
        if blocked:  # one address trying many accounts: refused before any password is checked
            audit(actor=None, action="lockout", result=AuditEntry.Result.DENIED, actor_name=username,
                  note="来源地址登录失败次数过多，暂停登录", scope_path=scope_path)
            return _locked_page(request, f"从您所在网络发出的登录失败次数过多，已暂停登录。请于 {_clock(blocked)} 之后再试。{ASK_THE_OFFICE}")
        user = authenticate(request, username=username, password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            audit(actor=None, action="lockout", result=AuditEntry.Result.DENIED, actor_name=username, note="登录被锁定",
                  scope_path=scope_path)
            return locked_out(request)
        if user is None:
            audit(actor=None, action="login_failed", result=AuditEntry.Result.FAILED, actor_name=username, note="用户名或密码错误",
                  scope_path=scope_path)
            form.add_error(None, "用户名或密码不正确。连续输错5次，账号将被锁定30分钟。")
        else:
            login(request, user)
            audit(actor=user, action="login")
            if user.needs_second_factor():
                target = "accounts:otp_verify" if otp.has_confirmed_totp(user) else "accounts:otp_enrol"
                return redirect(f"{reverse(target)}?next={_next_url(request)}")
            return redirect(_next_url(request))
    return render(request, "accounts/login.html", {"form": form, "next": _next_url(request), **_office()},
                  status=400 if form.errors else 200)


def _clock(moment) -> str:
    """A time as the lockout page says it: 15:42, or 明天 00:12 when it falls on the next day."""
    local = timezone.localtime(moment)
    prefix = "" if local.date() == timezone.localdate() else "明天 "
    return prefix + local.strftime("%H:%M")


def _office() -> dict:
    return {"office_phone": settings.OFFICE_PHONE, "office_hours": settings.OFFICE_HOURS}


def _locked_page(request: HttpRequest, message: str) -> HttpResponse:
    return render(request, "accounts/login.html", {"form": LoginForm(), "locked": True, "lock_message": message, **_office()},
                  status=429)


def locked_out(request: HttpRequest, credentials=None, *args, **kwargs) -> HttpResponse:
    """django-axes' lockout response (AXES_LOCKOUT_CALLABLE): the login page saying until when, and whom to ask."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    until = selectors.locked_until(username.strip()) or timezone.now() + settings.AXES_COOLOFF_TIME
    return _locked_page(request, f"该账号连续登录失败次数过多，已被锁定30分钟，请于 {_clock(until)} 之后再试。{ASK_THE_OFFICE}")


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
    form.fields["token"].label = "身份验证器上显示的6位数字"  # enrolling: no recovery codes yet
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


# --- each user's own password ---------------------------------------------------------------

@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(user=request.user, old_password=form.cleaned_data["old_password"],
                                     new_password=form.cleaned_data["new_password"])
        except ValidationError as error:
            apply_errors(form, error, default="new_password")
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, "密码已修改。")
            return redirect("reports:home")
    forced = request.user.must_change_password
    return render(request, "accounts/password_change.html", {"form": form, "forced": forced}, status=400 if form.errors else 200)


# --- the office's account administration ----------------------------------------------------

@login_required
def account_list(request: HttpRequest) -> HttpResponse:
    require_any(request.user, ACCOUNTS_MANAGE, "只有离退休工作处管理员可以管理账号。")
    if request.method == "POST":  # a user name may be a phone number: it stays out of the URL (core.search)
        query = search.url_query(request, request.POST, ["q"])
        return redirect(f"{reverse('accounts:account_list')}?{query.urlencode()}" if query else reverse("accounts:account_list"))
    q = search.resolve(request, request.GET).get("q", "")
    page = FastPaginator(selectors.account_list(user=request.user, q=q), 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/account_list.html", {"page": page, "q": q, "querystring": query.urlencode()})


@login_required
def account_create(request: HttpRequest) -> HttpResponse:
    require_any(request.user, ACCOUNTS_MANAGE, "只有离退休工作处管理员可以建立账号。")
    form = AccountForm(request.POST or None, nodes=selectors.managed_nodes(user=request.user))
    if request.method == "POST" and form.is_valid():
        try:
            account = services.account_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_errors(form, error, default="password")
        else:
            messages.success(request, f"已建立账号 {account.username}。请为其授予角色。")
            return redirect("accounts:account_detail", pk=account.pk)
    return render(request, "accounts/account_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.account_detail(user=request.user, pk=pk)
    context = {
        "account": account,
        "assignments": selectors.assignments_of(account=account),
        "locked": selectors.is_locked(account),
        "second_factor": selectors.has_second_factor(account),
        "today": timezone.localdate(),
    }
    return render(request, "accounts/account_detail.html", context)


_ACTIONS = {
    "deactivate": (lambda actor, pk: services.account_set_active(actor=actor, user_id=pk, active=False), "账号已停用，不能再登录。"),
    "activate": (lambda actor, pk: services.account_set_active(actor=actor, user_id=pk, active=True), "账号已启用。"),
    "unlock": (lambda actor, pk: services.account_unlock(actor=actor, user_id=pk), "已解除锁定，可以重新登录。"),
    "reset_otp": (lambda actor, pk: services.account_reset_second_factor(actor=actor, user_id=pk), "动态口令已重置，对方下次登录时重新绑定手机。"),
    "force_password": (lambda actor, pk: services.account_force_password_change(actor=actor, user_id=pk), "对方下次登录时必须修改密码。"),
}


@login_required
def account_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    account = selectors.account_detail(user=request.user, pk=pk)
    if action not in _ACTIONS:
        raise Http404("未找到该操作。")
    if request.method != "POST":
        return redirect("accounts:account_detail", pk=account.pk)
    run, done = _ACTIONS[action]
    try:
        run(request.user, account.pk)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, done)
    return redirect("accounts:account_detail", pk=account.pk)


def _find_person(user, text: str):
    """The one person a name (plus, for namesakes, the ID number's last four) names, among those the user may see.

    People are the roster's: reached through the assignment's field and their registered rule, not imported.
    """
    person_model = RoleAssignment._meta.get_field("person").related_model
    parts = text.split()
    if not parts:
        raise ValidationError({"person": "请填写姓名。"})
    people = scope(user, person_model.objects.filter(status="active", name=parts[0]), rule_for(person_model).view)
    if len(parts) > 1:
        people = people.filter(id_number_tail=parts[1].upper())
    found = list(people[:2])
    if not found:
        raise ValidationError({"person": "在您管辖的范围内没有找到这位同志。"})
    if len(found) > 1:
        raise ValidationError({"person": "有重名，请在姓名后加空格和身份证号后四位。"})
    return found[0]


@login_required
def assignment_create(request: HttpRequest, pk: int) -> HttpResponse:
    account = selectors.account_detail(user=request.user, pk=pk)
    branch_model = RoleAssignment._meta.get_field("branch").related_model
    branches = scope(request.user, branch_model.objects.all(), rule_for(branch_model).view)
    form = AssignmentForm(request.POST or None, nodes=selectors.managed_nodes(user=request.user), branches=branches,
                          initial={"starts_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            person = _find_person(request.user, data["person"]) if data["person"] else None
            services.assignment_create(actor=request.user, user_id=account.pk, role=data["role"], node=data["node"],
                                       branch=data["branch"], person=person, starts_on=data["starts_on"],
                                       ends_on=data["ends_on"], extra_capabilities=data["extra_capabilities"])
        except ValidationError as error:
            apply_errors(form, error)
        else:
            messages.success(request, f"已为 {account} 授予角色。")
            return redirect("accounts:account_detail", pk=account.pk)
    return render(request, "accounts/assignment_form.html", {"form": form, "account": account}, status=400 if form.errors else 200)


@login_required
def assignment_end(request: HttpRequest, pk: int) -> HttpResponse:
    assignment = get_scoped_or_404(RoleAssignment.objects.select_related("user"), request.user, ACCOUNTS_MANAGE, pk=pk)
    if request.method == "POST":
        try:
            services.assignment_end(actor=request.user, assignment_id=assignment.pk)
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, f"“{assignment}”已于今日结束。记录保留，可在历史角色中查看。")
    return redirect("accounts:account_detail", pk=assignment.user_id)
