"""What accounts adds: the administration menu, the audit labels of its actions, its pages for the URL sweep."""
from yinling.core.plugins import audit_labels, menu_item, sweep_sample

from .access import ACCOUNTS_MANAGE

menu_item(label="账号管理", url_name="accounts:account_list", icon="person-gear", capability=ACCOUNTS_MANAGE, order=80,
          pages=("accounts:account_create", "accounts:account_detail", "accounts:assignment_create"))

menu_item(label="修改密码", url_name="accounts:password_change", icon="key", capability=None, order=99)

audit_labels({
    "login": "登录",
    "login_failed": "登录失败",
    "lockout": "账号锁定",
    "logout": "退出登录",
    "session_expired": "会话超时",
    "otp_enrolled": "绑定动态口令",
    "otp_failed": "动态口令错误",
    "otp_verified": "动态口令验证",
    "otp_reset": "重置动态口令",
    "recovery_code_used": "使用恢复码",
    "password_change": "修改密码",
    "password_force": "要求修改密码",
    "account_create": "建立账号",
    "account_activate": "启用账号",
    "account_deactivate": "停用账号",
    "account_unlock": "解除锁定",
    "role_grant": "授予角色",
    "role_end": "结束角色",
})


@sweep_sample("accounts:account_detail", "accounts:assignment_create")
def _stranger(ctx) -> list[dict]:
    return [{"pk": ctx.stranger.pk}]


@sweep_sample("accounts:account_action")
def _stranger_actions(ctx) -> list[dict]:
    return [{"pk": ctx.stranger.pk, "action": action} for action in ("deactivate", "unlock", "reset_otp", "force_password")]


@sweep_sample("accounts:assignment_end")
def _strangers_role(ctx) -> list[dict]:
    return [{"pk": a.pk} for a in ctx.stranger.assignments.all()]
