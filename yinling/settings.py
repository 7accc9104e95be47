"""Yinling settings: one file, driven by the environment.

DJANGO_ENV=production switches on the hardened profile (HTTPS-only cookies, HSTS,
no debug); anything else is the development profile used by `make run` and tests.
Secrets come from the environment; in development they are generated once into the
data folder (which git ignores) by `manage.py ensure_keys`.
"""
import os
from datetime import timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(os.environ.get("YINLING_DATA_DIR", BASE_DIR / "data"))
ENV = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENV == "production"


def _secret(env_name: str, file_name: str) -> str:
    value = os.environ.get(env_name, "")
    if value:
        return value
    path = DATA_DIR / file_name
    if path.exists():
        return path.read_text().strip()
    if PRODUCTION:
        raise RuntimeError(f"{env_name} must be set in production")
    # Development without `make run` (e.g. a bare manage.py call): a throwaway
    # value is fine because nothing encrypted with it is meant to survive.
    return "dev-only-" + env_name


SECRET_KEY = _secret("DJANGO_SECRET_KEY", "secret_key")
# Key material for national ID numbers at rest (core/crypto.py derives the AES-GCM and HMAC keys from it).
FIELD_ENCRYPTION_KEY = _secret("YINLING_FIELD_KEY", "field.key")


def _is_random_key(key: str) -> bool:
    """At least 32 random bytes, as `secrets.token_urlsafe(32)` (or 64 hex digits) gives them."""
    import base64
    import binascii
    import string

    if len(set(key)) < 16:  # "x", "aaaa…", "123456…": not random whatever their length
        return False
    if len(key) >= 64 and all(c in string.hexdigits for c in key):
        return True
    try:
        return len(base64.urlsafe_b64decode(key + "=" * (-len(key) % 4))) >= 32
    except (binascii.Error, ValueError):
        return False


if PRODUCTION and not _is_random_key(FIELD_ENCRYPTION_KEY):
    raise RuntimeError("YINLING_FIELD_KEY must be a random key of at least 32 bytes: "
                       "python -c 'import secrets; print(secrets.token_urlsafe(32))'")

# Files this process creates (the database, keys, uploads, exports, error sheets) are its
# owner's alone: 0600, folders 0700. Static files are served by the app itself (whitenoise).
os.umask(0o077)

# Off unless a developer asks (DJANGO_DEBUG=1): `make run` shows users the product's own
# Chinese 403/404/500 pages, never Django's debug pages with their list of every URL.
DEBUG = not PRODUCTION and os.environ.get("DJANGO_DEBUG", "0") == "1"
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in os.environ.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_htmx",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_tasks",
    "django_tasks_db",
    "yinling.core",
    "yinling.accounts",
    "yinling.roster",
    "yinling.party",
    "yinling.care",
    "yinling.health",
    "yinling.volunteers",
    "yinling.pensions",
    "yinling.remote",
    "yinling.travel",
    "yinling.transfer",
    "yinling.reports",
    "yinling.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "yinling.core.context.RequestContextMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "yinling.accounts.middleware.SessionTimeoutMiddleware",
    "yinling.accounts.middleware.SecondFactorRequiredMiddleware",
    "yinling.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "yinling.core.context.LandingMiddleware",
    # Last, as django-axes asks: it turns a lockout into the locked-out response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "yinling.urls"
WSGI_APPLICATION = "yinling.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "yinling" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "yinling.core.context_processors.menu",
            ],
        },
    },
]

# SQLite (WAL, in the data folder) unless DATABASE_URL names another database.
DATA_DIR.mkdir(parents=True, exist_ok=True, mode=0o700)
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'yinling.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets the web server read while the task worker writes. (A 20 MB page cache made
        # a 100,000-row import 10% faster, but every other figure of `make bench` worse.)
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
        "transaction_mode": "IMMEDIATE",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "yinling.accounts.validators.CharacterClassValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "reports:home"

# Lockout (django-axes): 5 failures lock the account for 30 minutes, from whatever
# addresses they came; a successful login clears that account's failures only. A source
# address has its own, much higher limit (accounts.views.login_view), so one address
# cannot walk through every account, yet an office behind one NAT address is not locked
# out by a colleague's typos.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = timedelta(minutes=30)
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "yinling.accounts.views.locked_out"
AXES_VERBOSE = False
AXES_CLIENT_IP_CALLABLE = "yinling.core.context.client_ip"
AXES_USERNAME_CALLABLE = "yinling.accounts.selectors.axes_username"
# axes warns that locking by user name alone lets a client rotate browsers to dodge an
# address limit: failures are summed per user name across every address and browser
# (accounts.selectors.locked_until), and the per-address limit is ours, so it does not apply.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
ADDRESS_FAILURE_LIMIT = int(os.environ.get("YINLING_ADDRESS_FAILURE_LIMIT", "50"))
# The client's address: REMOTE_ADDR, or in production the header the reverse proxy sets
# (nginx: proxy_set_header X-Real-IP $remote_addr). Trust the header only when the
# application is reachable through the proxy alone (bound to 127.0.0.1).
CLIENT_IP_HEADER = os.environ.get("YINLING_CLIENT_IP_HEADER", "HTTP_X_REAL_IP" if PRODUCTION else "")

# Sessions: idle sessions end after 30 minutes, any session after 12 hours
# (enforced by accounts.middleware.SessionTimeoutMiddleware).
SESSION_IDLE_SECONDS = 30 * 60
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_SECONDS
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

OTP_TOTP_ISSUER = "银龄 Yinling"

# Audit rows are kept at least this long; the purge command refuses less.
AUDIT_MIN_RETENTION_DAYS = 180
AUDIT_RETENTION_DAYS = max(AUDIT_MIN_RETENTION_DAYS, int(os.environ.get("AUDIT_RETENTION_DAYS", "365")))

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
# Front-end libraries come from npm (package.json, pinned) and are served by the
# app itself: campus intranets are often offline, so no CDN.
STATICFILES_DIRS = [
    BASE_DIR / "yinling" / "static",
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/echarts", NODE_MODULES / "echarts" / "dist"),
]
if not PRODUCTION:
    # Development and tests serve straight from the finders (node_modules included).
    WHITENOISE_USE_FINDERS = True
    WHITENOISE_AUTOREFRESH = True
    STATIC_ROOT.mkdir(exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# Content-Security-Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = True

if PRODUCTION:
    SECURE_SSL_REDIRECT = os.environ.get("DJANGO_SSL_REDIRECT", "1") == "1"
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Every handler masks ID and mobile numbers (core.logging); django.server (runserver's
# request lines) is redefined here so that its handler carries the filter too.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_numbers": {"()": "yinling.core.logging.MaskNumbersFilter"}},
    "formatters": {"django.server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["mask_numbers"]},
        "django.server": {"class": "logging.StreamHandler", "formatter": "django.server", "filters": ["mask_numbers"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "django": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        "django.server": {"handlers": ["django.server"], "level": "INFO", "propagate": False},
    },
}

# Imports: limits that keep a hostile or broken file from exhausting the server.
IMPORT_MAX_BYTES = int(os.environ.get("IMPORT_MAX_BYTES", 20 * 1024 * 1024))
IMPORT_MAX_ROWS = int(os.environ.get("IMPORT_MAX_ROWS", 200_000))
IMPORT_MAX_ZIP_ENTRIES = 2000
IMPORT_MAX_UNCOMPRESSED_BYTES = int(os.environ.get("IMPORT_MAX_UNCOMPRESSED_BYTES", 400 * 1024 * 1024))
# What an upload is checked against before a reader loads it (transfer.safety): a roster has
# a few dozen columns; a sheet part inflates to about 750 bytes a row; the grid a reader
# allocates is rows × columns; the trial read runs with this much memory and time.
IMPORT_MAX_COLUMNS = int(os.environ.get("IMPORT_MAX_COLUMNS", 200))
IMPORT_MAX_CELLS = int(os.environ.get("IMPORT_MAX_CELLS", 6_000_000))
IMPORT_MAX_PART_BYTES = int(os.environ.get("IMPORT_MAX_PART_BYTES", max(64 * 1024 * 1024, IMPORT_MAX_ROWS * 1536)))
IMPORT_READ_MEMORY_MB = int(os.environ.get("IMPORT_READ_MEMORY_MB", 1024))
IMPORT_READ_SECONDS = int(os.environ.get("IMPORT_READ_SECONDS", 120))
TRANSFER_DIR = DATA_DIR / "transfer"
# Uploaded rosters, exports and error sheets are deleted this many days after their job ends.
# Whom people call (the login page's "forgot the password", the lockout page).
OFFICE_PHONE = os.environ.get("YINLING_OFFICE_PHONE", "0513-85012345")
OFFICE_HOURS = os.environ.get("YINLING_OFFICE_HOURS", "工作日 8:00–17:30")
TRANSFER_RETENTION_DAYS = int(os.environ.get("TRANSFER_RETENTION_DAYS", 7))
TRANSFER_STALL_MINUTES = int(os.environ.get("TRANSFER_STALL_MINUTES", 10))  # a started job silent this long has lost its worker
