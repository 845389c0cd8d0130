"""ClaimDesk settings: one module, read from the environment, failing loudly.

CLAIMDESK_ENV chooses the posture:
- ``production`` (the default): TLS-only cookies, HSTS, and every secret must come from the environment.
- ``development``: the local demo served over plain HTTP on 127.0.0.1 (``make run``).
- ``test``: set by ``config.test_settings``.

Secrets can be given directly or as a path in ``<NAME>_FILE`` (Docker/systemd credentials style).
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from lib.env import env_bool, env_int, env_list, env_secret, env_str
from lib.files import private_dir, private_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CLAIMDESK_VAR_DIR", str(BASE_DIR / "var")))

CLAIMDESK_ENV = env_str("CLAIMDESK_ENV", "production")
if CLAIMDESK_ENV not in {"production", "development", "test"}:
    raise ImproperlyConfigured(
        f"CLAIMDESK_ENV must be production, development or test, not {CLAIMDESK_ENV!r}"
    )
PRODUCTION = CLAIMDESK_ENV == "production"

DEBUG = env_bool("DJANGO_DEBUG", False)
SECRET_KEY = env_secret("DJANGO_SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])
# Where users reach ClaimDesk: links in notification emails start with it.
CLAIMDESK_BASE_URL = env_str("CLAIMDESK_BASE_URL", "http://127.0.0.1:8000")

# Data-encryption keys for fields and portal secrets: "kid:base64key,kid2:base64key" (first encrypts).
# Deliberately separate from SECRET_KEY so rotating one never touches the other.
CLAIMDESK_ENCRYPTION_KEYS = env_secret("CLAIMDESK_ENCRYPTION_KEYS", required=True)

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks_db",
    "lib",
    "accounts",
    "lookups",
    "clients",
    "cases",
    "documents",
    "worklist",
    "portal",
    "valuation",
    "supervision",
    "demo",
]

MIDDLEWARE = [
    "lib.middleware.PermissionsPolicyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Before any process_view (CsrfViewMiddleware's reads the body): refuses bodies it must not read.
    "accounts.middleware.RequestBodyLimitMiddleware",
    "accounts.middleware.SessionLimitsMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "lib.middleware.NoStoreMiddleware",
]

ROOT_URLCONF = "config.urls"
FORM_RENDERER = "lib.forms.FormRenderer"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "accounts.context_processors.roles",
                "worklist.context_processors.task_badge",
            ],
        },
    },
]

# SQLite by default (zero set-up); PostgreSQL when DATABASE_URL is set.
DATABASE_URL = env_str("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            # Created readable by this user only (SQLite gives its -wal and -shm files the same mode).
            "NAME": private_file(VAR_DIR / "claimdesk.sqlite3"),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so the web process and the worker queue up
                # instead of failing with "database is locked" half-way through a transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "cases:list"
LOGOUT_REDIRECT_URL = "accounts:login"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploaded and portal documents live outside the web root and are only served through an access check.
DOCUMENT_ROOT = Path(env_str("CLAIMDESK_DOCUMENT_ROOT", str(VAR_DIR / "documents")))
# Files and folders ClaimDesk writes are its own user's only (documents.storage writes documents
# itself, as private files in private folders; these cover anything saved through a Django storage).
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
DOCUMENT_MAX_BYTES = env_int("CLAIMDESK_DOCUMENT_MAX_MB", 20) * 1024 * 1024
# Request bodies (accounts.middleware.RequestBodyLimitMiddleware, before anything reads them): a
# signed-in user's largest is a document upload plus its form; a signed-out visitor only signs in.
REQUEST_BODY_MAX_BYTES = DOCUMENT_MAX_BYTES + 1024 * 1024
ANONYMOUS_REQUEST_BODY_MAX_BYTES = 16 * 1024
# Form fields other than files (the longest form, 30 injuries with descriptions, is far below this).
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FILES = 5
# Uploads above this spool to a temporary file: in VAR_DIR (private), not the machine's shared /tmp.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_TEMP_DIR = private_dir(env_str("CLAIMDESK_UPLOAD_TEMP_DIR", str(VAR_DIR / "uploads")))

# Sessions: 30 minutes idle (the cookie is renewed on every request), 12 hours absolute.
SESSION_COOKIE_AGE = 30 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_ABSOLUTE_SECONDS = 12 * 60 * 60
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_HTTPONLY = True

# Login throttling: at most 10 failures per 5 minutes per account and per address, then a cool-off.
LOGIN_FAILURE_LIMIT = env_int("CLAIMDESK_LOGIN_FAILURE_LIMIT", 10)
LOGIN_FAILURE_WINDOW_SECONDS = 5 * 60
# Removing or replacing a second factor, changing a password or the portal credentials needs the
# password (and code) proved this recently ("Confirm it's you", accounts.reauth).
REAUTHENTICATION_SECONDS = 5 * 60
# Administrators must use two-factor authentication when this is on.
CLAIMDESK_ENFORCE_ADMIN_2FA = env_bool("CLAIMDESK_ENFORCE_ADMIN_2FA", PRODUCTION)
OTP_TOTP_ISSUER = "ClaimDesk"

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Browser features no page may use (the Permissions-Policy header, lib.middleware).
PERMISSIONS_POLICY_DENY = [
    "accelerometer",
    "autoplay",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

if PRODUCTION:
    SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY") else None
    SECURE_HSTS_SECONDS = 31_536_000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    # __Host- cookies are Secure, host-only and path=/ by browser rule.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must list the host names ClaimDesk is served on.")

# Portal calls: the read timeout in seconds (documents allow longer, see portal.oic.client).
PORTAL_TIMEOUT_SECONDS = env_int("CLAIMDESK_PORTAL_TIMEOUT_SECONDS", 10)
# The nightly sync: requests per second to each portal (keep below its limit), threads per worker,
# and how many worker processes share a run (each drains due claims; 1 = the run drains itself).
PORTAL_MAX_REQUESTS_PER_SECOND = float(env_str("CLAIMDESK_PORTAL_MAX_RPS", "5"))
PORTAL_SYNC_THREADS = env_int("CLAIMDESK_PORTAL_SYNC_THREADS", 4)
PORTAL_SYNC_WORKERS = env_int("CLAIMDESK_PORTAL_SYNC_WORKERS", 1)
# When the daily sync runs (Europe/London), for the worker's own schedule.
PORTAL_SYNC_AT = env_str("CLAIMDESK_PORTAL_SYNC_AT", "02:00")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS_URL = env_str("REDIS_URL", "")

# Background work through the Django Tasks API: the database backend by default, RQ on Redis to scale out.
TASKS_BACKEND = env_str("CLAIMDESK_TASKS_BACKEND", "database")
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("CLAIMDESK_TASKS_BACKEND=rq needs REDIS_URL.")
    INSTALLED_APPS += ["django_rq", "django_tasks_rq"]
    RQ_QUEUES = {"default": {"URL": REDIS_URL, "DEFAULT_TIMEOUT": 3600}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND == "immediate":
    TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
else:
    raise ImproperlyConfigured("CLAIMDESK_TASKS_BACKEND must be database, rq or immediate.")

# Email (task notifications to fee earners): SMTP in production, the console in the demo.
EMAIL_BACKEND_PATH = env_str("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH, "OPTIONS": {}}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env_str("DJANGO_EMAIL_HOST", "localhost"),
        "port": env_int("DJANGO_EMAIL_PORT", 25),
        "username": env_str("DJANGO_EMAIL_HOST_USER", ""),
        "password": env_secret("DJANGO_EMAIL_HOST_PASSWORD", required=False) or "",
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", False),
        "timeout": 10,
    }
DEFAULT_FROM_EMAIL = env_str("DJANGO_DEFAULT_FROM_EMAIL", "ClaimDesk <claimdesk@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"redact": {"()": "lib.logging.RedactSecretsFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]},
    },
    "root": {"handlers": ["console"], "level": env_str("CLAIMDESK_LOG_LEVEL", "INFO")},
    # httpx logs every request at INFO: the portal client's own errors say what matters.
    "loggers": {"django.db.backends": {"level": "WARNING"}, "httpx": {"level": "WARNING"}},
}
