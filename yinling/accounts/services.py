"""The office's own account administration, and each user's own password. Every write is audited.

Each service takes the acting administrator and checks, itself, that the account (and
any node, branch or person it binds a role to) lies within the administrator's scope.
"""
from datetime import date

from django.contrib.auth import password_validation
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from yinling.core.access import ensure_within, get_for_change, grantable_capabilities, rule_for, scope
from yinling.core.audit import audit
from yinling.core.models import OrgUnit
from yinling.core.rules import ORG_VIEW

from .access import ACCOUNTS_MANAGE
from .models import RoleAssignment, User
from .roles import NODE_KINDS, Role
from .selectors import lockout_name, managed_nodes


def _in_scope(actor, record, message: str) -> None:
    """A node, branch or person the administrator binds a role to must lie in the subtree they manage.

    The record must be one they may see, and the node it sits under (a branch's or a person's
    university) must be within an assignment of theirs that holds accounts.manage.
    """
    model = type(record)
    view = ORG_VIEW if model is OrgUnit else rule_for(model).view
    if not scope(actor, model._default_manager.filter(pk=record.pk), view).exists():
        raise ValidationError(message)
    node = record if model is OrgUnit else record.institution
    if not managed_nodes(user=actor).filter(pk=node.pk).exists():
        raise ValidationError(message)


@transaction.atomic
def account_create(*, actor, username: str, display_name: str, phone: str, home: OrgUnit, password: str) -> User:
    """A new account at `home`; its first password is one the user must change at their first login."""
    _in_scope(actor, home, "只能在您管辖的单位下建立账号。")
    username = username.strip()
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": "该用户名已被使用，请换一个。"})
    user = User(username=username, display_name=display_name.strip(), phone=phone.strip(), home=home, must_change_password=True)
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    ensure_within(actor, ACCOUNTS_MANAGE, user)
    audit(actor=actor, action="account_create", obj=user, note=f"所属单位：{home}")
    return user


@transaction.atomic
def account_set_active(*, actor, user_id: int, active: bool) -> User:
    """Deactivating ends nothing and deletes nothing: the account simply cannot sign in until reactivated."""
    user = get_for_change(User.objects.select_for_update(), actor, ACCOUNTS_MANAGE, pk=user_id)
    if user.pk == getattr(actor, "pk", None) and not active:
        raise ValidationError("不能停用您自己的账号。")
    if user.is_active != active:
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit(actor=actor, action="account_activate" if active else "account_deactivate", obj=user)
    return user


@transaction.atomic
def account_unlock(*, actor, user_id: int) -> int:
    """Clear the failed logins that locked the account; returns how many were cleared."""
    from axes.utils import reset

    user = get_for_change(User.objects.all(), actor, ACCOUNTS_MANAGE, pk=user_id)
    cleared = reset(username=lockout_name(user.username))
    audit(actor=actor, action="account_unlock", obj=user, note=f"清除失败登录记录 {cleared} 条")
    return cleared


@transaction.atomic
def account_reset_second_factor(*, actor, user_id: int) -> None:
    """Remove the account's authenticator and recovery codes: it enrols a new phone at its next login."""
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = get_for_change(User.objects.all(), actor, ACCOUNTS_MANAGE, pk=user_id)
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit(actor=actor, action="otp_reset", obj=user, note="重置动态口令，下次登录重新绑定")


@transaction.atomic
def account_force_password_change(*, actor, user_id: int) -> None:
    user = get_for_change(User.objects.select_for_update(), actor, ACCOUNTS_MANAGE, pk=user_id)
    user.must_change_password = True
    user.save(update_fields=["must_change_password"])
    audit(actor=actor, action="password_force", obj=user, note="下次登录须修改密码")


@transaction.atomic
def password_change(*, user: User, old_password: str, new_password: str) -> None:
    """A user changes their own password; the rules' messages are the validators' (Chinese)."""
    if not user.check_password(old_password):
        raise ValidationError({"old_password": "原密码不正确。"})
    if old_password == new_password:
        raise ValidationError({"new_password": "新密码不能与原密码相同。"})
    password_validation.validate_password(new_password, user)
    user.set_password(new_password)
    user.must_change_password = False
    user.save(update_fields=["password", "must_change_password"])
    audit(actor=user, action="password_change", obj=user)


@transaction.atomic
def assignment_create(*, actor, user_id: int, role: str, node=None, branch=None, person=None,
                      starts_on: date | None = None, ends_on: date | None = None,
                      extra_capabilities: list[str] | None = None) -> RoleAssignment:
    """Give an account a role at a node, a branch or a person, from a day (today) until a day (open)."""
    user = get_for_change(User.objects.all(), actor, ACCOUNTS_MANAGE, pk=user_id)
    assignment = RoleAssignment(user=user, role=role, node=node, branch=branch, person=person,
                                starts_on=starts_on or timezone.localdate(), ends_on=ends_on,
                                extra_capabilities=sorted(set(extra_capabilities or [])))
    assignment.clean()  # a known role, bound where that role is bound, ending after it starts
    _in_scope(actor, assignment.bound_to, "只能在您管辖的范围内授予角色。")
    if node is not None and node.kind not in NODE_KINDS.get(role, ()):
        raise ValidationError({"node": f"{Role(role).label}应绑定到{_kinds(NODE_KINDS.get(role, ()))}。"})
    if role == Role.OFFICE_ADMIN and node is not None and not _holds_at(actor, node):
        raise PermissionDenied("只能在您自己的管辖范围内任命管理员。")
    allowed = {c.name for c in grantable_capabilities()}
    unknown = set(assignment.extra_capabilities) - allowed
    if unknown:
        raise ValidationError({"extra_capabilities": "这些权限不能额外授予：" + "、".join(sorted(unknown))})
    assignment.full_clean(exclude=["user", "node", "branch", "person"])
    assignment.save()
    audit(actor=actor, action="role_grant", obj=user, changes={"fields": {"role": ["", str(assignment)]}},
          note=_span(assignment) + (f"；额外授权：{'、'.join(assignment.extra_capabilities)}" if assignment.extra_capabilities else ""))
    return assignment


@transaction.atomic
def assignment_end(*, actor, assignment_id: int, ends_on: date | None = None) -> RoleAssignment:
    """A role ends (from `ends_on`, today by default) instead of being deleted."""
    assignment = get_for_change(RoleAssignment.objects.select_for_update().select_related("user"), actor, ACCOUNTS_MANAGE,
                                pk=assignment_id)
    ends_on = ends_on or timezone.localdate()
    if assignment.ends_on is not None and assignment.ends_on <= ends_on:
        raise ValidationError("该角色已经结束。")
    if ends_on < assignment.starts_on:
        ends_on = assignment.starts_on  # ended before it began: it never applied
    if assignment.user_id == getattr(actor, "pk", None) and assignment.role == Role.OFFICE_ADMIN:
        raise ValidationError("不能结束您自己的管理员角色，请由另一位管理员操作。")
    assignment.ends_on = ends_on
    assignment.save(update_fields=["ends_on"])
    audit(actor=actor, action="role_end", obj=assignment.user, changes={"fields": {"role": [str(assignment), ""]}},
          note=_span(assignment))
    return assignment


def _holds_at(actor, node: OrgUnit) -> bool:
    return any(a.node_id and node.path.startswith(a.node.path) and a.role == Role.OFFICE_ADMIN for a in actor.active_assignments())


def _kinds(kinds) -> str:
    return "、".join(str(OrgUnit.Kind(k).label) for k in kinds) or "组织单位"


def _span(assignment: RoleAssignment) -> str:
    return f"{assignment.starts_on:%Y-%m-%d} 起" + (f"，{assignment.ends_on:%Y-%m-%d} 止" if assignment.ends_on else "")
