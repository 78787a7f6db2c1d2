"""Settings for the EGED portal, read from the environment.

With the `.env` that `make setup` writes, the defaults run on a bare machine: SQLite
under ``var/``, e-mail to files, Celery on kombu's filesystem transport. Production sets
``DEBUG=false`` and must then give a real ``SECRET_KEY`` and ``ALLOWED_HOSTS``, or the
portal refuses to start.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from dotenv import load_dotenv

from core import config, startup

BASE_DIR = Path(__file__).resolve().parent.parent
# A local `.env` (made from `.env.example` by `make setup`) fills in what the environment
# does not say; real environment variables always win.
load_dotenv(BASE_DIR / ".env", override=False)
VAR_DIR = Path(os.environ.get("VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite, mail files and the local queue live here


def env(name: str, default: str = "") -> str:
    """The variable's value; an empty value counts as unset."""
    return os.environ.get(name) or default


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default=False)
# `load_demo` (demo logins with the README's password) runs only on a DEBUG process; a test
# run keeps this although pytest-django turns DEBUG off.
DEMO_ALLOWED = DEBUG
INSECURE_DEV_KEY = "django-insecure-eged-portal-development-only-key"
SECRET_KEY = env("SECRET_KEY", INSECURE_DEV_KEY if DEBUG else "")
# The portal's host name in production (docker-compose.yml's proxy answers for it): an
# allowed host, a trusted form origin and the address in e-mails. Wrong → one-line refusal.
DOMAIN = startup.check_domain(env("DOMAIN")) if env("DOMAIN") else ""
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
ALLOWED_HOSTS += [DOMAIN] if DOMAIN and DOMAIN not in ALLOWED_HOSTS else []
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS") + ([f"https://{DOMAIN}"] if DOMAIN else [])
SITE_URL = env("SITE_URL", f"https://{DOMAIN}" if DOMAIN else "http://127.0.0.1:8000").rstrip("/")
if not DEBUG:
    startup.check_production(
        secret_key=SECRET_KEY, insecure_key=INSECURE_DEV_KEY, allowed_hosts=ALLOWED_HOSTS
    )

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "import_export",
    "simple_history",
    "eged_portal",
    "core",
    "accounts",
    "notifications",
    "calls",
    "coalitions",
    "reviews",
    "applications",
    "workshops",
    "grants",
    "reports",
    "privacy",
]

MIDDLEWARE = [
    "core.proxy.TrustedProxyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.security.SecurityHeadersMiddleware",
    "eged_portal.views.HealthzMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.PreferredLanguageMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "core.security.AdminGuardMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "eged_portal.urls"
WSGI_APPLICATION = "eged_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eged_portal.context_processors.portal",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------
DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{VAR_DIR / 'eged.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles any query its planner thinks costly; the correlated
    # subqueries of the score columns look costly, and compiling them took 3.7 s of a
    # 4.6 s query on the review-progress page (docs/benchmarks.md). Portal queries are
    # short: JIT never pays back.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server, the Celery worker and beat share the file (`make run`). WAL lets
    # them read while one writes; every transaction takes the write lock when it begins
    # (IMMEDIATE), so a transaction that read first never fails to upgrade to a write
    # with «database is locked» after its work is done (a mail handed over, then not
    # recorded as sent, was sent again by the sweep); busy_timeout makes them queue.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # A file, not memory, so the worker processes some tests start can share it.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-eged.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts -------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "portal:dashboard"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_REDIRECT_URL = "portal:home"
ACCOUNT_ADAPTER = "notifications.adapter.AccountAdapter"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "EGED · "
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "confirm_email": "1/3m/key",
    "reset_password": "20/m/ip,5/m/key",
}
# A session lasts at most this long (seconds) from sign-in, whatever the activity.
SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(60 * 60 * 12)))
# Staff, finance and reviewers are signed out of the admin after this long (seconds) without
# a request there.
ADMIN_IDLE_TIMEOUT = int(env("ADMIN_IDLE_TIMEOUT", str(60 * 30)))
# Two-factor authentication (TOTP) for everyone who works in the admin. On in production
# unless switched off; the demo's `.env` switches it off so the demo logins work at once.
ADMIN_2FA_REQUIRED = env_bool("ADMIN_2FA_REQUIRED", default=not DEBUG)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "EGED · ИПР"
# TOTP secrets and recovery codes are stored encrypted (accounts/mfa_adapter.py) with this key
# (any long random string; several, comma-separated, while changing keys: the first
# encrypts). Required in production; locally derived from SECRET_KEY.
MFA_ADAPTER = "accounts.mfa_adapter.MFAAdapter"
MFA_ENCRYPTION_KEYS = env_list("MFA_ENCRYPTION_KEY") or (
    [f"derived-from-secret-key:{SECRET_KEY}"] if DEBUG else []
)
if not DEBUG and any(len(key) < 32 for key in MFA_ENCRYPTION_KEYS or [""]):
    startup.refuse(
        "MFA_ENCRYPTION_KEY is missing or shorter than 32 characters: set MFA_ENCRYPTION_KEY "
        "in .env to a random string (openssl rand -base64 48); it encrypts the staff's "
        "two-factor secrets."
    )

# --- Languages and time ---------------------------------------------------------------
LANGUAGE_CODE = "ru"
LANGUAGES = [
    ("ru", _("Русский")),
    ("ky", _("Кыргызча")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Asia/Bishkek"
USE_I18N = True
USE_TZ = True

# --- Static and uploaded files --------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Uploaded files are private: they live outside the static tree and are served only by
# permission-checked views, never from a public URL.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media-not-served/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Uploads on S3-compatible storage (django-storages) when a bucket is named, for more than
# one machine (docs/deploy.md); MEDIA_ROOT otherwise. Private either way: no public ACL,
# links signed for a few minutes, files never overwritten.
AWS_STORAGE_BUCKET_NAME = env("AWS_STORAGE_BUCKET_NAME")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = config.s3_storage(env)
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 15 * 1024 * 1024

# --- E-mail ---------------------------------------------------------------------------
EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_TIMEOUT = int(env("EMAIL_TIMEOUT", "20"))
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "EGED · ИПР <no-reply@eged.dpi.kg>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
if not DEBUG:  # a user name without its password, or half a key pair, is a missing secret
    startup.check_pairs(
        ("EMAIL_HOST_USER", EMAIL_HOST_USER, "EMAIL_HOST_PASSWORD", EMAIL_HOST_PASSWORD),
        ("AWS_ACCESS_KEY_ID", env("AWS_ACCESS_KEY_ID"), "AWS_SECRET_ACCESS_KEY",
         env("AWS_SECRET_ACCESS_KEY")),
    )  # fmt: skip

# --- Celery and cache -----------------------------------------------------------------
REDIS_URL = env("REDIS_URL")
BROKER_REDIS_OPTIONS = config.BROKER_REDIS_OPTIONS
CELERY_BROKER_URL = env("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_BROKER_TRANSPORT_OPTIONS = config.broker_transport_options(CELERY_BROKER_URL, VAR_DIR)
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER")
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celerybeat-schedule")
# How often beat hands queued or failed e-mail back to the worker (seconds).
MAIL_SWEEP_INTERVAL = float(env("MAIL_SWEEP_INTERVAL", "60"))
MAIL_MAX_ATTEMPTS = int(env("MAIL_MAX_ATTEMPTS", "6"))
# A queued message older than this (seconds) lost its task: the sweep hands it over again.
MAIL_REQUEUE_AFTER = float(env("MAIL_REQUEUE_AFTER", "300"))
# Staff are told in the admin when background work is delayed: the broker cannot be
# reached (checked with this timeout, at most once per interval per process), or an e-mail
# has been waiting longer than MAIL_DELAY_WARNING (seconds; the worker or beat is down).
BACKGROUND_CHECK_INTERVAL = float(env("BACKGROUND_CHECK_INTERVAL", "30"))
BACKGROUND_BROKER_TIMEOUT = float(env("BACKGROUND_BROKER_TIMEOUT", "1"))
MAIL_DELAY_WARNING = float(env("MAIL_DELAY_WARNING", "900"))
# A programme report queued, or building without a sign of life, for this long (seconds)
# lost its task or its worker: the sweep hands it to a worker again.
REPORT_REQUEUE_AFTER = float(env("REPORT_REQUEUE_AFTER", "600"))
# How often beat runs the reminder job (seconds), and how many people one batch records.
REMINDER_INTERVAL = float(env("REMINDER_INTERVAL", "900"))
REMINDER_BATCH_SIZE = int(env("REMINDER_BATCH_SIZE", "500"))

# The cache holds allauth's sign-in rate limits, shared by every process: Django's database
# cache (its table is made by migrate, eged_portal/migrations), so that signing in needs
# no Redis — with a Redis cache that cannot be reached, allauth refuses every sign-in.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "portal_cache",
    }
}

# --- Forms ----------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security -------------------------------------------------------------------------
# Behind the reverse proxy (core/proxy.py): forwarded headers are believed only from
# TRUSTED_PROXIES (addresses or networks); the header saying https, and how many proxies
# append to X-Forwarded-For (allauth's sign-in limit then counts each real client).
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")
SECURE_PROXY_SSL_HEADER = startup.proxy_ssl_header(env("SECURE_PROXY_SSL_HEADER"))
ALLAUTH_TRUSTED_PROXY_COUNT = startup.whole_number(
    "ALLAUTH_TRUSTED_PROXY_COUNT", env("ALLAUTH_TRUSTED_PROXY_COUNT", "0")
)
startup.check_proxy(
    trusted_proxies=TRUSTED_PROXIES,
    ssl_header=env("SECURE_PROXY_SSL_HEADER"),
    proxy_count=ALLAUTH_TRUSTED_PROXY_COUNT,
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# Scripts and styles only from the portal's own origin or with the response's nonce
# (core/config.py); features it never uses switched off.
CONTENT_SECURITY_POLICY = config.content_security_policy(https=not DEBUG)
PERMISSIONS_POLICY = config.PERMISSIONS_POLICY
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=True)

# --- Error reports and logs -----------------------------------------------------------
# SENTRY_DSN: errors of web, worker and beat go to Sentry. Otherwise the people in ADMINS
# ("Name <address>, …") get each error by mail (through EMAIL_*, not the outbox: the
# database may be what failed). LOG_FORMAT=json: one JSON object a line. Times in every
# process's log are in TIME_ZONE with their offset.
from core.logs import logging_config, parse_admins, start_sentry  # noqa: E402

ADMINS = parse_admins(env("ADMINS"))
SENTRY_DSN = env("SENTRY_DSN")
if SENTRY_DSN:
    start_sentry(
        SENTRY_DSN,
        environment=env("SENTRY_ENVIRONMENT", "production"),
        traces_sample_rate=float(env("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
LOG_FORMAT = "json" if env("LOG_FORMAT", "plain") == "json" else "plain"
LOGGING = logging_config(
    log_format=LOG_FORMAT,
    level=env("LOG_LEVEL", "INFO"),
    mail_admins=bool(ADMINS) and not SENTRY_DSN,
)

# --- Backups (make backup / make restore, and beat's nightly copy) ----------------------
# Archives are written here (compose mounts the `backups` volume on it), mode 0600.
BACKUP_DIR = Path(env("BACKUP_DIR", str(VAR_DIR / "backups")))
# Beat makes a backup every night at this local hour (TIME_ZONE) and deletes archives older
# than BACKUP_KEEP_DAYS from BACKUP_DIR (the newest one is always kept).
BACKUP_HOUR = int(env("BACKUP_HOUR", "3"))
BACKUP_KEEP_DAYS = float(env("BACKUP_KEEP_DAYS", "14"))

# --- Application attachments ----------------------------------------------------------
APPLICATION_ATTACHMENT_MAX_BYTES = int(
    env("APPLICATION_ATTACHMENT_MAX_BYTES", str(10 * 1024 * 1024))
)
APPLICATION_ATTACHMENT_MAX_COUNT = int(env("APPLICATION_ATTACHMENT_MAX_COUNT", "10"))
