"""Login security: lockout, session limits, the second factor, password rules."""
import re
import time
from datetime import timedelta

import pytest
from axes.models import AccessAttempt, AccessAttemptExpiration
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD, login
from yinling.accounts.models import User
from yinling.core.models import AuditEntry

LOGIN = "/accounts/login/"


def _post_login(client, username, password, ip="127.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_it_logs_in_with_the_right_password_and_audits_it(world):
    client = Client()
    response = _post_login(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEntry.objects.filter(action="login", actor=world.users["office_staff"]).exists()


def test_it_locks_the_account_after_five_failures_even_for_the_right_password(world):
    client = Client()
    for _ in range(4):
        response = _post_login(client, "staff", "wrong-Password1")
        assert response.status_code == 400
        assert "用户名或密码不正确" in response.content.decode()
    response = _post_login(client, "staff", "wrong-Password1")
    assert response.status_code == 429
    response = _post_login(Client(), "staff", PASSWORD, ip="127.0.0.2")
    assert response.status_code == 429
    page = response.content.decode()
    until = timezone.localtime(AccessAttempt.objects.latest("attempt_time").attempt_time + timedelta(minutes=30))
    assert "锁定30分钟" in page and f"{until:%H:%M} 之后再试" in page and "系统管理员" in page
    assert AuditEntry.objects.filter(action="login_failed", actor_name="staff").count() == 4
    assert AuditEntry.objects.filter(action="lockout", actor_name="staff").exists()


def test_it_unlocks_after_thirty_minutes(world):
    client = Client()
    for _ in range(5):
        _post_login(client, "staff", "wrong-Password1")
    past = timezone.now() - timedelta(minutes=31)
    AccessAttempt.objects.update(attempt_time=past)
    AccessAttemptExpiration.objects.update(expires_at=past)
    assert _post_login(Client(), "staff", PASSWORD).status_code == 302


def test_a_good_login_of_another_account_does_not_clear_an_accounts_failures(world):
    """Four guesses, the attacker's own login from the same address, one more guess: locked."""
    for _ in range(4):
        _post_login(Client(), "staff", "wrong-Password1", ip="10.0.0.5")
    assert _post_login(Client(), "unit", PASSWORD, ip="10.0.0.5").status_code == 302
    assert _post_login(Client(), "staff", "wrong-Password1", ip="10.0.0.5").status_code == 429
    assert _post_login(Client(), "staff", PASSWORD, ip="10.0.0.6").status_code == 429


def test_failures_from_many_addresses_lock_the_account(world):
    for n in range(5):
        _post_login(Client(), "staff", "wrong-Password1", ip=f"10.0.1.{n}")
    assert _post_login(Client(), "staff", PASSWORD, ip="10.0.1.99").status_code == 429


def test_an_office_behind_one_address_is_not_locked_out_by_each_others_typos(world):
    for username in ("staff", "unit", "liaison", "auditor", "volunteer", "secretary"):
        _post_login(Client(), username, "wrong-Password1", ip="10.0.2.1")
    assert _post_login(Client(), "secretary", PASSWORD, ip="10.0.2.1").status_code == 302
    assert _post_login(Client(), "staff", PASSWORD, ip="10.0.2.1").status_code == 302  # its own failure cleared by its success


def test_it_limits_a_source_address_that_tries_many_accounts(world, settings):
    settings.ADDRESS_FAILURE_LIMIT = 8
    for n in range(8):
        _post_login(Client(), f"guess{n}", "wrong-Password1", ip="10.0.3.1")
    response = _post_login(Client(), "secretary", PASSWORD, ip="10.0.3.1")
    assert response.status_code == 429 and "暂停登录" in response.content.decode()
    assert AuditEntry.objects.filter(action="lockout", ip="10.0.3.1").exists()
    assert _post_login(Client(), "secretary", PASSWORD, ip="10.0.3.2").status_code == 302


def test_behind_the_proxy_the_address_comes_from_its_header(world, settings):
    settings.CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    for n in range(5):  # five guessers behind the proxy, one connection address
        Client().post(LOGIN, {"username": f"guess{n}", "password": "x-Password1"}, REMOTE_ADDR="127.0.0.1",
                      HTTP_X_REAL_IP=f"203.0.113.{n}")
    assert set(AuditEntry.objects.filter(action="login_failed").values_list("ip", flat=True)) == {f"203.0.113.{n}" for n in range(5)}
    response = Client().post(LOGIN, {"username": "staff", "password": PASSWORD}, REMOTE_ADDR="127.0.0.1",
                             HTTP_X_REAL_IP="not an address")
    assert response.status_code == 302  # a broken header falls back to the connection's address
    assert AuditEntry.objects.filter(action="login", ip="127.0.0.1").exists()


@pytest.mark.parametrize("key, age, reason", [("last_seen", 31 * 60, "长时间未操作"), ("started_at", 12 * 3600 + 60, "超过12小时")])
def test_it_ends_idle_and_overlong_sessions(world, key, age, reason):
    client = login(world.users["office_staff"])
    assert client.get("/").status_code == 200
    session = client.session
    session[key] = time.time() - age
    session.save()
    response = client.get("/roster/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert client.get("/roster/").status_code == 302  # really logged out
    assert AuditEntry.objects.filter(action="session_expired").exists()


def _token(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + offset
    return f"{totp.token():0{device.digits}d}"


def test_it_makes_an_administrator_enrol_a_second_factor_before_anything_else(world):
    client = Client()
    response = _post_login(client, "admin", PASSWORD)
    assert response["Location"].startswith(reverse("accounts:otp_enrol"))
    response = client.get("/roster/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:otp_enrol"))
    page = client.get(reverse("accounts:otp_enrol"))
    assert 'src="data:image/svg+xml' in page.content.decode()
    device = TOTPDevice.objects.get(user=world.users["office_admin"], confirmed=False)
    wrong = client.post(reverse("accounts:otp_enrol"), {"token": "000000" if _token(device) != "000000" else "111111"})
    assert "动态口令不正确" in wrong.content.decode()
    device.refresh_from_db()
    device.throttle_reset()  # django-otp delays the next try after a failure
    codes_page = client.post(reverse("accounts:otp_enrol"), {"token": _token(device)})
    assert codes_page.status_code == 200 and "恢复码" in codes_page.content.decode()
    assert client.get("/roster/").status_code == 200
    assert AuditEntry.objects.filter(action="otp_enrolled").exists()


def test_it_asks_an_enrolled_administrator_for_the_code_and_accepts_a_recovery_code_once(world):
    admin = world.users["office_admin"]
    device = TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    from django_otp.plugins.otp_static.models import StaticDevice

    static = StaticDevice.objects.create(user=admin, name="恢复码")
    static.token_set.create(token="recover1")

    client = Client()
    response = _post_login(client, "admin", PASSWORD)
    assert response["Location"].startswith(reverse("accounts:otp_verify"))
    bad = client.post(reverse("accounts:otp_verify"), {"token": "000000" if _token(device) != "000000" else "111111"})
    assert bad.status_code == 400 and client.get("/roster/").status_code == 302
    too_soon = client.post(reverse("accounts:otp_verify"), {"token": _token(device)})
    assert "稍等片刻" in too_soon.content.decode()  # django-otp throttles after a failure
    device.refresh_from_db()
    device.throttle_reset()
    assert client.post(reverse("accounts:otp_verify"), {"token": _token(device)}).status_code == 302
    assert client.get("/roster/").status_code == 200

    second = Client()
    _post_login(second, "admin", PASSWORD)
    assert second.post(reverse("accounts:otp_verify"), {"token": "recover1"}).status_code == 302
    assert second.get("/roster/").status_code == 200
    third = Client()
    _post_login(third, "admin", PASSWORD)
    assert third.post(reverse("accounts:otp_verify"), {"token": "recover1"}).status_code == 400


def test_it_does_not_ask_staff_for_a_second_factor(world):
    client = Client()
    assert _post_login(client, "staff", PASSWORD)["Location"] == "/"


@pytest.mark.parametrize(
    "password, ok",
    [("short1A", False), ("alllowercase", False), ("lowerand123", False), ("Password1", False),
     ("Yinling#2026", True), ("Tz7!qmvx", True), ("tz7qmvxrw!", True), ("TZ7QMVXRW", False)],
)
def test_it_requires_passwords_of_eight_characters_and_three_classes_not_common(db, password, ok):
    if ok:
        validate_password(password)
    else:
        with pytest.raises(ValidationError):
            validate_password(password)


def test_it_hashes_passwords_with_argon2():
    from yinling import settings as project_settings

    assert project_settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_it_has_no_default_account(db):
    assert not User.objects.exists()


def test_it_sets_security_headers_without_inline_script(world):
    response = Client().get(LOGIN)
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert "<script>" not in response.content.decode()
    assert 'name="csrfmiddlewaretoken"' in response.content.decode()


def test_failed_logins_are_seen_by_the_office_and_auditor_the_account_belongs_to(world):
    from tests.conftest import make_user
    from yinling.accounts.roles import Role

    _post_login(Client(), "staff", "wrong-Password1")  # an account of 江海大学
    _post_login(Client(), "no-such-user", "wrong-Password1")
    own = login(world.users["auditor"]).get("/audit/").content.decode()
    assert "staff" in own and "no-such-user" not in own
    other = login(make_user("auditor_b", Role.AUDITOR, node=world.uni_b)).get("/audit/").content.decode()
    assert "用户名或密码错误" not in other
    root = login(make_user("auditor_root", Role.AUDITOR, node=world.root)).get("/audit/").content.decode()
    assert "no-such-user" in root


def test_enrolment_shows_the_secret_in_groups_and_no_menu_before_the_second_factor(world):
    from yinling.accounts.models import User

    admin = User.objects.get(username="admin")
    client = Client()
    client.force_login(admin)
    page = client.get(reverse("accounts:otp_enrol")).content.decode()
    secret = re.search(r'<code class="otp-secret">([^<]+)</code>', page).group(1)
    assert all(len(group) <= 4 for group in secret.split()) and len(secret.split()) > 3
    assert 'id="sidebar"' not in page and "身份验证器上显示的6位数字" in page
