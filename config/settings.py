"""Settings for vinhdanh, read from the environment alone.

Defaults suit a laptop demo (SQLite, in-process background work); production sets
DJANGO_DEBUG off, a real DJANGO_SECRET_KEY, DATABASE_URL and REDIS_URL.
"""

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from config.logging import logging_settings

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()

DEBUG = env.bool("DJANGO_DEBUG", default=False)

_INSECURE_KEY_PREFIX = "django-insecure-"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(64))')."
        )
    SECRET_KEY = _INSECURE_KEY_PREFIX + "local-demo-only-not-for-production-use-0123456789"
elif not DEBUG and (SECRET_KEY.startswith(_INSECURE_KEY_PREFIX) or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured("DJANGO_SECRET_KEY is too weak for production: use 50+ random characters.")

# Rotation: the previous key stays here until the sessions and reset links it signed have expired.
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
# The audit chains' HMAC key lives outside the database; old keys stay listed so their entries still verify.
VINHDANH_AUDIT_KEY = env.str("VINHDANH_AUDIT_KEY", default="")
VINHDANH_AUDIT_RETIRED_KEYS = env.list("VINHDANH_AUDIT_RETIRED_KEYS", default=[])
if not VINHDANH_AUDIT_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "VINHDANH_AUDIT_KEY must be set when DJANGO_DEBUG is off: the audit chains are keyed with it "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(48))')."
        )
    import hashlib as _hashlib

    VINHDANH_AUDIT_KEY = _hashlib.sha256(b"vinhdanh-demo-audit-key:" + SECRET_KEY.encode()).hexdigest()
elif not DEBUG and len(VINHDANH_AUDIT_KEY) < 32:
    raise ImproperlyConfigured("VINHDANH_AUDIT_KEY is too weak for production: use 32+ random characters.")
# The chain heads are sealed daily and every chain verified daily (Celery beat); a log left unsealed longer
# than this is reported as broken.
VINHDANH_AUDIT_SEAL_OVERDUE = timedelta(hours=env.int("VINHDANH_AUDIT_SEAL_OVERDUE_HOURS", default=36))

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the site's host names in production.")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
PUBLIC_BASE_URL = env.str("DJANGO_PUBLIC_BASE_URL", default="")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "config.apps.StaticFiles",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "django_filters",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "simple_history",
    "viewflow",
    "viewflow.workflow",
    "core",
    "nominations",
    "workflows",
    "council",
    "awards",
    "scoring",
    "accounts",
    "honour",
    "privacy",
    "reports",
    "notifications",
    "api",
    "web",
    "demo",
]

MIDDLEWARE = [
    "config.metrics.RequestLatencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "core.http.UploadSizeLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # who is changing a catalogue row in the admin, for its history
    "simple_history.middleware.HistoryRequestMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "axes.middleware.AxesMiddleware",
]

# The history of a catalogue row is read, never replayed: an old coefficient or quorum comes back only as an
# ordinary, recorded edit.
SIMPLE_HISTORY_REVERT_DISABLED = True

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # The admin's base template is overridden here: a directory is searched before every app's templates.
        "DIRS": [Path(__file__).resolve().parent / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "web.context_processors.calendar_warning",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DJANGO_CONN_MAX_AGE", default=0))
_LOCK_TIMEOUT_MS = env.int("DJANGO_DB_LOCK_TIMEOUT_MS", default=0)
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and _LOCK_TIMEOUT_MS:
    # A request that waits this long for another writer's row lock answers 409 busy instead of hanging.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c lock_timeout={_LOCK_TIMEOUT_MS}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent demo requests wait for the write lock instead of failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update({"timeout": 20, "transaction_mode": "IMMEDIATE"})

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "nominations.User"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "/accounts/login/"
# A form sent from a stale page shows back what was typed instead of a bare 403.
CSRF_FAILURE_VIEW = "web.csrf.csrf_failure"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/accounts/login/"

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Celery: with a broker, workers deliver; without one, tasks run in-process right after commit.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = 120
CELERY_TASK_SOFT_TIME_LIMIT = 100
CELERY_TASK_DEFAULT_QUEUE = "default"
CELERY_TASK_ROUTES = {"notifications.*": {"queue": "notifications"}}
# Longer than any countdown a task waits (notification retries cap at 10 minutes).
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE: dict[str, dict[str, object]] = {
    "workflows-absences-begin": {"task": "workflows.absences_begin", "schedule": crontab(hour=0, minute=5)},
    "notifications-sweep-outbox": {
        "task": "notifications.sweep_outbox",
        "schedule": timedelta(seconds=env.int("NOTIFICATIONS_SWEEP_SECONDS", default=60)),
    },
    "notifications-deadline-reminders": {
        "task": "notifications.deadline_reminders",
        "schedule": crontab(hour=6, minute=0),
    },
    "notifications-daily-digest": {"task": "notifications.send_digests", "schedule": crontab(hour=7, minute=0)},
    "audit-seal-daily": {"task": "workflows.seal_audit", "schedule": crontab(hour=0, minute=15)},
    # A full check reads every entry (about 9,000 entries/s on 2 busy cores): daily, after the seal.
    "audit-verify": {"task": "workflows.verify_audit", "schedule": crontab(hour=1, minute=0)},
}
# Notifications: outbox events older than the sweep age and still unprocessed are handed over again;
# a sender holds its rows for the lease (longer than the task time limit) before another may take them.
NOTIFICATIONS_SWEEP_AGE_SECONDS = env.int("NOTIFICATIONS_SWEEP_AGE_SECONDS", default=60)
NOTIFICATIONS_SENDING_LEASE_SECONDS = env.int("NOTIFICATIONS_SENDING_LEASE_SECONDS", default=150)
NOTIFICATIONS_COALESCE_SECONDS = env.int("NOTIFICATIONS_COALESCE_SECONDS", default=60)
NOTIFICATIONS_MAX_ATTEMPTS = env.int("NOTIFICATIONS_MAX_ATTEMPTS", default=10)
NOTIFICATIONS_BACKOFF_CAP_SECONDS = env.int("NOTIFICATIONS_BACKOFF_CAP_SECONDS", default=600)

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_RATES": {
        "auth": env.str("VINHDANH_SIGN_IN_RATE", default="20/min"),
        "auth_daily": env.str("VINHDANH_SIGN_IN_DAILY_RATE", default="300/day"),
        "password_reset": env.str("VINHDANH_PASSWORD_RESET_RATE", default="5/hour"),
        "verify": "60/min",
    },
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "vinhdanh API",
    "DESCRIPTION": "Hồ sơ đề nghị thi đua – khen thưởng / nominations and commendations",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["rest_framework.permissions.AllowAny"],
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "NomineeKindEnum": "nominations.models.catalogue.NomineeKind",
        "AttachmentKindEnum": "nominations.models.catalogue.AttachmentKind",
        "RoundKindEnum": "nominations.models.catalogue.RoundKind",
        "UnitKindEnum": "nominations.models.catalogue.UnitKind",
        "NominationStatusEnum": "nominations.states.Status",
        "RevocationGroundEnum": "nominations.models.awards.RevocationGround",
        "AnnualReportStatusEnum": "nominations.models.movement.AnnualReportStatus",
        "CertificateStatusEnum": "nominations.models.awards.CertificateStatus",
    },
}

VIEWFLOW = {}

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://" if DEBUG else "smtp://localhost:25")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="vinhdanh <no-reply@localhost>")

# Attachments: accepted by content, not by name.
VINHDANH_ATTACHMENT_MAX_BYTES = env.int("VINHDANH_ATTACHMENT_MAX_BYTES", default=20 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Key that seals secrets kept in the database (webhook signing keys); defaults to one derived from SECRET_KEY.
VINHDANH_SEALING_KEY = env.str("VINHDANH_SEALING_KEY", default="")
# Plain-http gateways only on a developer's machine: in production the signed, personal payload goes over https.
VINHDANH_WEBHOOK_ALLOW_HTTP = env.bool("VINHDANH_WEBHOOK_ALLOW_HTTP", default=DEBUG)
# Uploads larger than this are refused from their Content-Length, before authentication or parsing.
VINHDANH_UPLOAD_MAX_REQUEST_BYTES = env.int("VINHDANH_UPLOAD_MAX_REQUEST_BYTES", default=25 * 1024 * 1024)
# Breakdowns by ethnicity and other sensitive traits hide any cell counting fewer people than this.
VINHDANH_REPORT_MIN_CELL = env.int("VINHDANH_REPORT_MIN_CELL", default=5)

# Proxies whose X-Forwarded-For is believed (addresses or CIDRs, e.g. "10.0.0.0/8,127.0.0.1"); with none,
# the header is ignored and the peer address is the client.
VINHDANH_TRUSTED_PROXIES = env.list("VINHDANH_TRUSTED_PROXIES", default=[])

# Lockout per username alone: failures from any address or forwarding header add up, so spraying one
# password over many names from many addresses still locks each name; per-address limits are the
# "auth" throttles (accounts.throttling), keyed on the real client address.
AXES_FAILURE_LIMIT = env.int("VINHDANH_LOCKOUT_FAILURES", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("VINHDANH_LOCKOUT_MINUTES", default=15))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_CLIENT_IP_CALLABLE = "core.http.client_ip"
AXES_LOCKOUT_CALLABLE = "api.errors.lockout_response"

# API tokens (django-rest-knox): stored as SHA-512 digests, expiring; clients keep sending "Token <token>".
REST_KNOX = {
    "TOKEN_TTL": timedelta(hours=env.int("VINHDANH_API_TOKEN_TTL_HOURS", default=12)),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}

# Sessions: signed out after SESSION_IDLE_MINUTES without a request (sliding), and after
# SESSION_COOKIE_AGE whatever happens.
VINHDANH_SESSION_IDLE_MINUTES = env.int("VINHDANH_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = env.int("VINHDANH_SESSION_MAX_HOURS", default=12) * 3600
PASSWORD_RESET_TIMEOUT = env.int("VINHDANH_PASSWORD_RESET_SECONDS", default=3600)

# Second factor (TOTP) for administrators and signers.
OTP_TOTP_ISSUER = env.str("VINHDANH_OTP_ISSUER", default="vinhdanh")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    # The reverse proxy in front says the client's scheme in this header (it must overwrite what clients send);
    # set it empty when the server is reached without a proxy.
    _PROXY_SSL_HEADER = env.str("DJANGO_SECURE_PROXY_SSL_HEADER", default="HTTP_X_FORWARDED_PROTO")
    SECURE_PROXY_SSL_HEADER = (_PROXY_SSL_HEADER, "https") if _PROXY_SSL_HEADER else None
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True

LOG_FORMAT = env.str("DJANGO_LOG_FORMAT", default="text")
LOGGING = logging_settings(log_format=LOG_FORMAT, level=env.str("DJANGO_LOG_LEVEL", default="INFO"))
# Workers log through the same configuration instead of Celery's own format.
CELERY_WORKER_HIJACK_ROOT_LOGGER = False
SILENCED_SYSTEM_CHECKS = [
    "models.W047",  # nulls-distinct constraints exist on PostgreSQL; SQLite is the demo only
    # Lockout is per username on purpose (see AXES_LOCKOUT_PARAMETERS); the per-address limit is the
    # "auth" throttles on the real client address, which a rotated User-Agent or cookie does not reset.
    "axes.W006",
]
