"""Settings for every environment, read from the environment.

Development defaults are safe to run on a laptop (SQLite, DEBUG on, loopback
only). Production sets ``DJANGO_ENV=production``, which requires a real
``SECRET_KEY`` and turns on the secure-cookie and HSTS settings.
"""

from __future__ import annotations

import os
from importlib.util import find_spec
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

# One OpenBLAS thread per process. The effect model's matrices are tall and
# thin (days x 10): spread over several threads, they mostly wait for each
# other, the more so when both web workers are busy. OpenBLAS reads this when
# numpy first loads it, which in a worker or a management command comes after
# the settings; an operator's own value wins. campaigns/effect.py sets the same
# at run time for processes that imported numpy first.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


ENVIRONMENT = os.environ.get("DJANGO_ENV", "development")
PRODUCTION = ENVIRONMENT == "production"

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when DJANGO_ENV=production")
    # Development only: a fixed key keeps sessions valid across restarts.
    SECRET_KEY = "dev-only-not-secret-" + "x" * 40

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")
    if h.strip()
]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "simple_history",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "axes",
    "django_tasks",
    # django-rq (the [redis] extra) only where it is installed: it gives the
    # worker command and the admin's queue dashboard (intake/admin.py).
    *(["django_rq"] if find_spec("django_rq") else []),
    "trafficking.core",
    "trafficking.audit",
    "trafficking.geography",
    "trafficking.directory",
    "trafficking.pages",
    "trafficking.reports",
    "trafficking.intake",
    "trafficking.linking",
    "trafficking.campaigns",
    "trafficking.surveys",
    "trafficking.insights",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Referrer-Policy per part of the site: no-referrer on public pages,
    # same-origin in /intake/ and /beheer/ (their forms need the CSRF Origin check).
    "trafficking.core.middleware.ReferrerPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # Before anything reads a request body (CSRF, views), with the page's
    # language active for the message.
    "trafficking.core.request_guards.BodyLimitMiddleware",
    "trafficking.core.request_guards.JsonApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so a locked-out login attempt is answered before any view runs.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "trafficking" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "trafficking.core.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
# DATABASE_URL selects PostgreSQL in production and CI; the embedded default is
# SQLite in WAL mode, so readers never wait for the single writer.
VAR_DIR.mkdir(parents=True, exist_ok=True)
# FULL: an acknowledged report survives a power cut, not only a crash (ADR 8).
# NORMAL is faster and loses at most the last commits on power loss; only for
# benchmarks or an operator who accepts that.
SQLITE_SYNCHRONOUS = os.environ.get("SQLITE_SYNCHRONOUS", "FULL").upper()
if SQLITE_SYNCHRONOUS not in {"FULL", "NORMAL", "EXTRA"}:
    raise ImproperlyConfigured("SQLITE_SYNCHRONOUS must be FULL, NORMAL or EXTRA")
if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=60)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(VAR_DIR / "db.sqlite3")),
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    f"PRAGMA synchronous={SQLITE_SYNCHRONOUS};"
                    "PRAGMA busy_timeout=5000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
            # A file, not memory, so tests can read the raw database file and
            # prove no report text is in it; one per process, so parallel runs
            # never share it.
            "TEST": {"NAME": str(VAR_DIR / f"test-db-{os.getpid()}.sqlite3")},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Language -------------------------------------------------------------
LANGUAGE_CODE = "nl"
# Dutch first, English always; the public site, and above all the reporting
# path, also speaks Polish, Romanian, Bulgarian, Ukrainian and Arabic. Reference
# data: routing reasons in every language; organisation roles in Dutch or English.
LANGUAGES = [
    ("nl", "Nederlands"),
    ("en", "English"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("bg", "Български"),
    ("uk", "Українська"),
    ("ar", "العربية"),
]
LOCALE_PATHS = [BASE_DIR / "trafficking" / "locale"]
LANGUAGE_COOKIE_NAME = "lang"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

# --- Static files ---------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
# WhiteNoise warns about a missing folder before collectstatic has run.
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "trafficking" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# --- Security headers -----------------------------------------------------
# No page may load anything from a third party: everything is 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'none'"],
        "object-src": ["'none'"],
    }
}
SECURE_CONTENT_TYPE_NOSNIFF = True
# The fallback only: core.middleware.ReferrerPolicyMiddleware sends
# no-referrer on public pages and same-origin in the console and admin, where
# browsers would otherwise send "Origin: null" on form posts, which Django's
# CSRF check (rightly) refuses.
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True

# --- Logging --------------------------------------------------------------
# Request logs never carry query strings: wizard answers travel in them and
# may describe someone's situation. See trafficking.core.logging.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"strip_query": {"()": "trafficking.core.logging.StripQueryStringFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["strip_query"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.request": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # django-axes logs every successful login at INFO, with the path.
        "axes": {"handlers": ["console"], "level": "WARNING", "propagate": False},
        # qpdf's messages (pikepdf announces itself at INFO on import).
        "pikepdf": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# How often a worker re-checks whether the directory changed (seconds).
DIRECTORY_SNAPSHOT_TTL = float(os.environ.get("DIRECTORY_SNAPSHOT_TTL", "5"))
# How long a worker trusts its data version for the campaign coverage and
# calendar pages it keeps (campaigns/page_cache.py): an edit shows within this.
CAMPAIGN_PAGE_CHECK_SECONDS = float(os.environ.get("CAMPAIGN_PAGE_CHECK_SECONDS", "2"))
# Routing answers kept per directory snapshot and worker (0 turns the memo off).
ROUTE_ANSWER_CACHE_SIZE = int(os.environ.get("ROUTE_ANSWER_CACHE_SIZE", "4096"))
# The neutral site the quick-exit button leaves to.
QUICK_EXIT_URL = os.environ.get("QUICK_EXIT_URL", "https://www.buienradar.nl/")

# --- The reporting point ---------------------------------------------------
# Master keys for envelope encryption (id:base64key, comma-separated, first is
# active); without them a development key is generated under VAR_DIR/keys.
REPORT_MASTER_KEYS = os.environ.get("REPORT_MASTER_KEYS", "")
if PRODUCTION and not REPORT_MASTER_KEYS:
    raise ImproperlyConfigured("REPORT_MASTER_KEYS must be set when DJANGO_ENV=production")
# Pepper of the receipt-code hash, and the key of the linking index (HMAC of
# normalised identifiers). Each stands alone: derived from SECRET_KEY, anyone
# holding that key (it sits in every web server's environment) could test
# every Dutch mobile number against the index in minutes. Production refuses
# to start unless both are set, long, and different from each other and from
# SECRET_KEY. Rotation: docs/threat-model.md ("Secrets and their rotation").
RECEIPT_PEPPER = os.environ.get("RECEIPT_PEPPER", "")
LINK_SECRET = os.environ.get("LINK_SECRET", "")
# Former peppers, comma-separated: receipts hashed with them still open their
# report and are re-hashed with the current pepper on first use.
RECEIPT_PEPPERS_OLD = [
    p.strip() for p in os.environ.get("RECEIPT_PEPPERS_OLD", "").split(",") if p.strip()
]
# Until 2026-11 the pepper was derived from SECRET_KEY; receipts handed out
# then keep working (and move to the new pepper on first use) for one
# retention period. Set RECEIPT_ACCEPT_LEGACY_PEPPER=false after that.
if env_bool("RECEIPT_ACCEPT_LEGACY_PEPPER", True):
    RECEIPT_PEPPERS_OLD.append("receipt-pepper:" + SECRET_KEY)
MIN_SECRET_LENGTH = 32
if PRODUCTION:
    for _name, _value in (("RECEIPT_PEPPER", RECEIPT_PEPPER), ("LINK_SECRET", LINK_SECRET)):
        if len(_value) < MIN_SECRET_LENGTH:
            raise ImproperlyConfigured(
                f"{_name} must be set to a random value of at least {MIN_SECRET_LENGTH} "
                "characters when DJANGO_ENV=production (e.g. python -c 'import secrets; "
                "print(secrets.token_urlsafe(48))')"
            )
    if len({SECRET_KEY, RECEIPT_PEPPER, LINK_SECRET}) != 3:
        raise ImproperlyConfigured(
            "SECRET_KEY, RECEIPT_PEPPER and LINK_SECRET must be three different values"
        )
else:
    # Development and tests: stable values of their own, never SECRET_KEY.
    RECEIPT_PEPPER = RECEIPT_PEPPER or "dev-only-receipt-pepper-" + "p" * 24
    LINK_SECRET = LINK_SECRET or "dev-only-link-secret-" + "l" * 24
# An identifier in more reports than this, which have nothing else in common,
# stops linking and becomes a hub alert (see linking/engine.py).
LINK_HUB_THRESHOLD = int(os.environ.get("LINK_HUB_THRESHOLD", "10"))
# Reports holding one identifier that arrive this close together (seconds,
# chained), or from one client network on one day, count as one source of
# evidence for hub detection, so a flood cannot silence an identifier (ADR 7).
LINK_SOURCE_WINDOW = int(os.environ.get("LINK_SOURCE_WINDOW", "1800"))
# Seconds after which a report still waiting to be linked is taken by the
# catch-up sweep (the queue was down when it was stored).
LINK_CATCH_UP_AFTER = float(os.environ.get("LINK_CATCH_UP_AFTER", "60"))
# Reports are deleted this many days after their last activity.
REPORT_RETENTION_DAYS = int(os.environ.get("REPORT_RETENTION_DAYS", "365"))
ATTACHMENT_DIR = Path(os.environ.get("ATTACHMENT_DIR", VAR_DIR / "attachments"))
# Files of the campaign materials library: public once published, stored
# under random names (campaigns/material_files.py).
MATERIAL_DIR = Path(os.environ.get("MATERIAL_DIR", VAR_DIR / "materials"))
# Receipt checks per client per window before it must wait (no lockout of the
# receipt itself: other people on a shared device are not punished).
RECEIPT_CHECK_LIMIT = int(os.environ.get("RECEIPT_CHECK_LIMIT", "30"))
RECEIPT_CHECK_WINDOW = int(os.environ.get("RECEIPT_CHECK_WINDOW", "600"))
# Request bodies: the JSON API and every non-file part of a form at most
# 2.5 MiB; a form with its files (5 x 10 MiB) at most MAX_REQUEST_BODY, checked
# on Content-Length before the body is read (core/request_guards.py) and at the
# proxy (client_max_body_size 55m). Uploaded files are held in memory only,
# never spooled to disk as originals (reports/uploads.py).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
MAX_REQUEST_BODY = 55 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 20  # the view explains the real limit (5) itself
FILE_UPLOAD_HANDLERS = ["trafficking.reports.uploads.BoundedMemoryUploadHandler"]
# Behind a reverse proxy: the header it sets with the client's address (its
# right-most entry is used, e.g. X-Forwarded-For); unset, the header is
# ignored and REMOTE_ADDR counts (core/clients.py).
CLIENT_IP_HEADER = os.environ.get("CLIENT_IP_HEADER", "")
# Reports and advice questions per client network per window (web form, API
# and advice path together); generous for people, a wall for floods.
SUBMIT_LIMIT = int(os.environ.get("SUBMIT_LIMIT", "20"))
SUBMIT_WINDOW = int(os.environ.get("SUBMIT_WINDOW", "3600"))
# Effect-model fits (the "Effect meten" page and the effect API together) and
# poster PDFs per client network per window: far above what a person asks,
# far below keeping both workers busy (figures in campaigns/throttle.py).
EFFECT_LIMIT = int(os.environ.get("EFFECT_LIMIT", "60"))
EFFECT_WINDOW = int(os.environ.get("EFFECT_WINDOW", "600"))
POSTER_LIMIT = int(os.environ.get("POSTER_LIMIT", "120"))
POSTER_WINDOW = int(os.environ.get("POSTER_WINDOW", "600"))
# Monthly factsheets (insights make_factsheet), and factsheet renders per client
# network per window (a cached factsheet is served without counting).
FACTSHEET_DIR = Path(os.environ.get("FACTSHEET_DIR", VAR_DIR / "factsheets"))
FACTSHEET_LIMIT = int(os.environ.get("FACTSHEET_LIMIT", "30"))
FACTSHEET_WINDOW = int(os.environ.get("FACTSHEET_WINDOW", "600"))

# --- The inventory survey (issue 13) -----------------------------------------
# Invitations and reminders go out by e-mail: a real SMTP server in production
# (EMAIL_HOST ...); without one, development prints e-mails to the console.
# Tests use Django's in-memory backend.
if os.environ.get("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = os.environ["EMAIL_HOST"]
    EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "587"))
    EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
    EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "true").lower() != "false"
    EMAIL_TIMEOUT = 20
elif PRODUCTION:
    # Never print e-mails (they hold invitation links) into a production log;
    # without SMTP, staff hand the link shown once on the invitation page.
    EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
# The public address of the site, for links in e-mails sent by commands
# (reminders); staff pages use the request's own host.
SITE_URL = os.environ.get("SITE_URL", "")
SURVEY_FILE_DIR = Path(os.environ.get("SURVEY_FILE_DIR", VAR_DIR / "survey_files"))
SURVEY_TOKEN_MISS_LIMIT = int(os.environ.get("SURVEY_TOKEN_MISS_LIMIT", "20"))
SURVEY_TOKEN_MISS_WINDOW = int(os.environ.get("SURVEY_TOKEN_MISS_WINDOW", "600"))
SURVEY_REMINDER_AFTER_DAYS = int(os.environ.get("SURVEY_REMINDER_AFTER_DAYS", "7"))
SURVEY_REMINDER_MAX = int(os.environ.get("SURVEY_REMINDER_MAX", "2"))

# A cache shared by all workers (rate limits must not reset per process).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "cache_entries",
    }
}

# --- Staff accounts ----------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
LOGIN_URL = "intake:login"
# Five wrong passwords lock the username (not the whole IP: staff share an office).
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
AXES_VERBOSE = False
AXES_LOCKOUT_CALLABLE = "trafficking.intake.lockout.lockout_response"  # says how long to wait
SILENCED_SYSTEM_CHECKS = [
    # Lockout is per username on purpose: staff share an office IP address,
    # and one person's typos must not lock out the whole night shift.
    "axes.W006",
]
OTP_TOTP_ISSUER = "Meldpunt mensenhandel"
SESSION_COOKIE_AGE = 8 * 3600

# --- Background work -------------------------------------------------------
# The task API (django_tasks) runs work inline by default. With REDIS_URL set,
# tasks go to an RQ queue on Redis and
# `manage.py rqworker --job-class django_tasks_rq.Job default` runs them.
# The RQ backend is the optional [redis] extra (docs/adr/0010-optional-extras.md).
REDIS_URL = os.environ.get("REDIS_URL", "")
TASKS: dict[str, dict[str, Any]]
if REDIS_URL:
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
else:
    TASKS = {
        "default": {
            "BACKEND": os.environ.get(
                "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
            )
        }
    }
if TASKS["default"]["BACKEND"].startswith("django_tasks_rq.") and not find_spec("django_tasks_rq"):
    # Otherwise the first report would fail deep inside django_tasks with an import error.
    raise ImproperlyConfigured(
        "REDIS_URL (or TASKS_BACKEND) selects the RQ task backend, but django-tasks-rq is "
        "not installed: install the [redis] extra (pip install --require-hashes -r "
        "requirements-redis.lock, make install-redis, or pip install -e .[redis])."
    )


def _with_connect_timeout(url: str) -> str:
    # Without a connect timeout, enqueueing to an unreachable Redis host
    # hangs the request that has just stored a report.
    if "socket_connect_timeout" in url:
        return url
    return url + ("&" if "?" in url else "?") + "socket_connect_timeout=2"


RQ_QUEUES = {
    "default": {
        "URL": _with_connect_timeout(REDIS_URL or "redis://127.0.0.1:6379/0"),
        "DEFAULT_TIMEOUT": 600,
    }
}
