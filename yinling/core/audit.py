"""Writing the audit log. Every service calls `audit()` inside its transaction."""
from typing import Any

from django.db import models

from .context import current_ip
from .models import AuditEntry

ACTION_LABELS = {
    "login": "登录",
    "login_failed": "登录失败",
    "lockout": "账号锁定",
    "logout": "退出登录",
    "session_expired": "会话超时",
    "otp_enrolled": "绑定动态口令",
    "otp_failed": "动态口令错误",
    "otp_verified": "动态口令验证",
    "recovery_code_used": "使用恢复码",
    "view": "查看详情",
    "unmask": "查看完整证件号",
    "create": "新增",
    "update": "修改",
    "archive": "归档",
    "stale_edit": "拒绝过期修改",
    "export": "导出",
    "purge": "清理过期日志",
    "demo_load": "载入演示数据",
    "password_change": "修改密码",
}


def audit(
    *,
    actor,
    action: str,
    obj: models.Model | None = None,
    result: str = AuditEntry.Result.OK,
    changes: dict[str, Any] | None = None,
    note: str = "",
    scope_path: str = "",
    actor_name: str = "",
) -> AuditEntry:
    object_type = object_id = object_repr = ""
    if obj is not None:
        object_type = obj._meta.label_lower
        object_id = str(obj.pk)
        object_repr = str(obj)[:200]
        if not scope_path:
            scope_path = getattr(obj, "audit_scope_path", "") or ""
    if actor is not None and getattr(actor, "is_authenticated", False):
        actor_name = actor_name or actor.display_name_or_username
        if not scope_path:
            scope_path = actor.primary_scope_path()
    else:
        actor = None
    return AuditEntry.objects.create(
        actor=actor,
        actor_name=actor_name[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_repr=object_repr,
        result=result,
        ip=current_ip.get(),
        changes=changes or {},
        note=note[:500],
        scope_path=scope_path,
    )
