"""Settings for `make bench`: the project's own, plus the peers it is measured against.

Django's admin (the changelist peer) and django-import-export (the import peer) are
installed here only; the product itself has neither. The benchmark database is its
own SQLite file unless DATABASE_URL points at a PostgreSQL database set aside for it.
"""
import os

from .settings import *  # noqa: F401,F403
from .settings import DATA_DIR, DATABASES, INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "django.contrib.admin", "import_export", "yinling.bench"]
ROOT_URLCONF = "yinling.bench.urls"
DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
if not os.environ.get("DATABASE_URL"):
    DATABASES["default"]["NAME"] = str(DATA_DIR / "bench.sqlite3")
IMPORT_MAX_BYTES = 200 * 1024 * 1024
IMPORT_MAX_ROWS = 2_000_000
IMPORT_MAX_UNCOMPRESSED_BYTES = 2 * 1024 * 1024 * 1024
IMPORT_MAX_PART_BYTES = 2 * 1024 * 1024 * 1024
IMPORT_MAX_CELLS = 60_000_000
