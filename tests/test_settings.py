"""The production profile passes Django's deployment checks; secrets never default."""
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _manage(*args, env_extra: dict[str, str]) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}}
    env.update(env_extra)
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "k" * 10 + "Zx9!vQ2#mP7@tR4$wY6%uI8^oL1&aS3*dF5(gH0)jK" + "q" * 10,
    "YINLING_FIELD_KEY": "Jx3vQ9mT2pL8wR5nK7cY1aF4hD6gS0eB-u_ZqXoVtWi",
    "DJANGO_ALLOWED_HOSTS": "yinling.example.edu.cn",
}


def test_it_passes_check_deploy_in_production():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env_extra=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_production_without_its_secrets(tmp_path):
    env = dict(PRODUCTION, YINLING_DATA_DIR=str(tmp_path))
    env.pop("YINLING_FIELD_KEY")
    result = _manage("check", env_extra={**env, "YINLING_FIELD_KEY": ""})
    assert result.returncode != 0 and "YINLING_FIELD_KEY must be set" in result.stderr


def test_production_refuses_a_field_key_that_is_not_random(tmp_path):
    for weak in ("x", "test-field-key", "a" * 64, "1234567890" * 5):
        result = _manage("check", env_extra=dict(PRODUCTION, YINLING_DATA_DIR=str(tmp_path), YINLING_FIELD_KEY=weak))
        assert result.returncode != 0 and "must be a random key" in result.stderr, weak


def test_the_development_profile_shows_no_debug_pages(tmp_path):
    """`make run` serves users: Django's debug pages (with every URL pattern) only when a developer asks."""
    code = "import django, os; django.setup(); from django.conf import settings; print(settings.DEBUG)"
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_DEBUG", "DJANGO_ENV", "DATABASE_URL"}}
    env.update(DJANGO_SETTINGS_MODULE="yinling.settings", YINLING_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert done.stdout.strip() == "False", done.stderr
