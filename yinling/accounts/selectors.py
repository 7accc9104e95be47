"""Reads for the account administration, each from core.access.scope()."""
from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from yinling.core.access import get_scoped_or_404, scope
from yinling.core.models import OrgUnit

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


def is_locked(account: User) -> bool:
    """Locked by too many failed logins (django-axes), within the cool-off time."""
    from axes.models import AccessAttempt

    since = timezone.now() - settings.AXES_COOLOFF_TIME
    return AccessAttempt.objects.filter(username=account.username, failures_since_start__gte=settings.AXES_FAILURE_LIMIT,
                                        attempt_time__gte=since).exists()


def has_second_factor(account: User) -> bool:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    return TOTPDevice.objects.filter(user=account, confirmed=True).exists()
