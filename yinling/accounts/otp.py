"""Two-factor login through django-otp: TOTP devices and one-time recovery codes."""
import base64

import segno
from django.db import transaction
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from yinling.core.audit import audit
from yinling.core.models import AuditEntry

RECOVERY_CODE_COUNT = 10
VERIFIED, REFUSED, THROTTLED = "verified", "refused", "throttled"


def has_confirmed_totp(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being enrolled (one per user, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="手机动态口令", confirmed=False)
    return device


def qr_data_uri(device: TOTPDevice) -> str:
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, dark="#000", light="#fff", border=2)


def secret_for_manual_entry(device: TOTPDevice) -> str:
    return base64.b32encode(device.bin_key).decode().rstrip("=")


@transaction.atomic
def totp_enrol_confirm(*, request, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the device with a first code; returns the recovery codes, shown once."""
    if not device.verify_token("".join(token.split())):
        audit(actor=request.user, action="otp_failed", result=AuditEntry.Result.FAILED, note="绑定时口令错误")
        return None
    device.confirmed = True
    device.save()
    TOTPDevice.objects.filter(user=request.user, confirmed=True).exclude(pk=device.pk).delete()
    static, _ = StaticDevice.objects.get_or_create(user=request.user, name="恢复码")
    static.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        static.token_set.create(token=code)
    otp_login(request, device)
    audit(actor=request.user, action="otp_enrolled")
    return codes


@transaction.atomic
def second_factor_verify(*, request, token: str) -> str:
    """VERIFIED, REFUSED, or THROTTLED (django-otp delays retries after each failure)."""
    token = "".join(token.split())
    throttled = False
    # Six digits are a TOTP code; anything else is a recovery code. Trying each kind
    # only on its own devices keeps one kind's throttling from blocking the other.
    is_totp = token.isdigit() and len(token) == 6
    for device in TOTPDevice.objects.filter(user=request.user, confirmed=True) if is_totp else []:
        allowed, _ = device.verify_is_allowed()
        throttled = throttled or not allowed
        if device.verify_token(token):
            otp_login(request, device)
            audit(actor=request.user, action="otp_verified")
            return VERIFIED
    for device in [] if is_totp else StaticDevice.objects.filter(user=request.user, confirmed=True):
        allowed, _ = device.verify_is_allowed()
        throttled = throttled or not allowed
        if device.verify_token(token):  # a recovery code works once
            otp_login(request, device)
            audit(actor=request.user, action="recovery_code_used", note=f"剩余恢复码 {device.token_set.count()} 个")
            return VERIFIED
    audit(actor=request.user, action="otp_failed", result=AuditEntry.Result.FAILED)
    return THROTTLED if throttled else REFUSED
