"""What accounts adds: the audit labels of signing in and out, the administration menu, sweep samples."""
from yinling.core.plugins import audit_labels

audit_labels({
    "login": "登录",
    "login_failed": "登录失败",
    "lockout": "账号锁定",
    "logout": "退出登录",
    "session_expired": "会话超时",
    "otp_enrolled": "绑定动态口令",
    "otp_failed": "动态口令错误",
    "otp_verified": "动态口令验证",
    "recovery_code_used": "使用恢复码",
    "password_change": "修改密码",
})
