"""Reads for the account administration, each from core.access.scope()."""
from django.conf import settings
from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone

from yinling.core.access import get_scoped_or_404, scope
from yinling.core.models import OrgUnit
from yinling.lib.mask import mask_numbers_in

from .access import ACCOUNTS_MANAGE
from .models import RoleAssignment, User


def managed_nodes(*, user) -> QuerySet[OrgUnit]:
    """The org nodes whose accounts and roles `user` administers: the subtrees of their accounts.manage assignments."""
    condition = Q(pk__in=[])
    for assignment in user.active_assignments():
        if assignment.node_id and assignment.grants(ACCOUNTS_MANAGE):
            condition |= Q(path__startswith=assignment.node.path)
    return OrgUnit.objects.filter(condition).order_by("path")


def account_list(*, user, q: str = "") -> QuerySet[User]:
    accounts = scope(user, User.objects.select_related("home"), ACCOUNTS_MANAGE)
    q = (q or "").strip()
    if q:
        accounts = accounts.filter(Q(username__icontains=q) | Q(display_name__contains=q))
    return accounts.order_by("-is_active", "username")


def account_detail(*, user, pk: int) -> User:
    return get_scoped_or_404(User.objects.select_related("home"), user, ACCOUNTS_MANAGE, pk=pk)


def assignments_of(*, account: User) -> list[RoleAssignment]:
    """Every role the account holds or held, current ones first (the caller has scoped the account)."""
    today = timezone.localdate()
    rows = list(account.assignments.select_related("node", "branch", "person").order_by("-starts_on", "-id"))
    return sorted(rows, key=lambda a: not a.is_current(today))


def login_scope_path(username: str) -> str:
    """Where a login attempt's audit entry belongs: the account's own university (its office and
    auditor see it), or for a user name no account has, the top of the org tree (the root office)."""
    account = User.objects.filter(username=username).select_related("home").first()
    if account is not None:
        return account.audit_scope_path or account.primary_scope_path()
    root = OrgUnit.objects.filter(parent=None).order_by("path").values_list("path", flat=True).first()
    return root or ""


def _recent_failures(**lookup):
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(attempt_time__gte=since, **lookup).aggregate(
        failures=Sum("failures_since_start"), last=Max("attempt_time"))


def lockout_name(username: str) -> str:
    """The name django-axes counts failures under (AXES_USERNAME_CALLABLE's answer, and every lookup's).

    What was typed, with any ID or mobile number masked: an elder who types their ID number
    as the user name must not leave it in the failure table. No account's name holds one.
    """
    return mask_numbers_in((username or "").strip())


def axes_username(request, credentials: dict | None = None) -> str:
    """AXES_USERNAME_CALLABLE."""
    typed = (credentials or {}).get("username") or (request.POST.get("username", "") if request is not None else "")
    return lockout_name(typed)


def locked_until(username: str):
    """When the account's lockout ends, or None when it is not locked.

    The failures of every address count (django-axes keeps one row per address and browser).
    """
    found = _recent_failures(username=lockout_name(username))
    if (found["failures"] or 0) < settings.AXES_FAILURE_LIMIT:
        return None
    return found["last"] + settings.AXES_COOLOFF_TIME


def is_locked(account: User) -> bool:
    """Locked by too many failed logins (django-axes), within the cool-off time."""
    return locked_until(account.username) is not None


def address_blocked_until(ip: str | None):
    """When a source address that failed too often (on any accounts) may try again, or None."""
    if not ip:
        return None
    found = _recent_failures(ip_address=ip)
    if (found["failures"] or 0) < settings.ADDRESS_FAILURE_LIMIT:
        return None
    return found["last"] + settings.AXES_COOLOFF_TIME


def has_second_factor(account: User) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=account, confirmed=True).exists()
