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
    "YINLING_FIELD_KEY": "test-field-key",
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
