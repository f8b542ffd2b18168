"""Settings for Uppföljning, all driven by environment variables.

Two modes (APP_ENV):
- development (default): embedded SQLite and a filesystem Celery broker under
  var/, demo users allowed. This is what `make run` starts.
- production: refuses to start without SECRET_KEY, ALLOWED_HOSTS and a real
  database; demo users can never be created.
See .env.example for every variable.
"""

import datetime
from pathlib import Path

import dj_database_url
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured

from uppfoljning.env import env_bool, env_choice, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR", str(BASE_DIR / "var")))

APP_ENV = env_choice("APP_ENV", ("development", "production"), "development")
PRODUCTION = APP_ENV == "production"

if PRODUCTION:
    SECRET_KEY = env_str("SECRET_KEY", required=True)
    if len(SECRET_KEY) < 50:
        raise ImproperlyConfigured("SECRET_KEY must be at least 50 characters in production.")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set in production.")
else:
    SECRET_KEY = env_str("SECRET_KEY", "development-only-key-never-use-in-production-0123456789")
    ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

DEBUG = env_bool("DEBUG", default=not PRODUCTION)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production.")

# Demo users with known passwords exist only here.
DEMO_MODE = env_bool("DEMO_MODE", default=not PRODUCTION)
if PRODUCTION and DEMO_MODE:
    raise ImproperlyConfigured("DEMO_MODE cannot be enabled in production.")
DEMO_PASSWORD = env_str("DEMO_PASSWORD", "uppfoljning-demo") if DEMO_MODE else None

# The one-time page creating the first Administratör while no user exists
# (/forsta-start/). Shut in production unless asked for: there the first
# administrator is made with `manage.py skapa_administrator`.
SETUP_PAGE = env_bool("SETUP_PAGE", default=not PRODUCTION)

MUNICIPALITY_NAME = env_str("MUNICIPALITY_NAME", "Exempelkommunen")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "simple_history",
    "csp",
    # Login throttling (its AccessAttempt table) and single sign-on (no models).
    "axes",
    "mozilla_django_oidc",
    "uppfoljning",
    # Bottom layer with uppfoljning: users, roles and the municipality's settings.
    "administration",
    "ramavtal",
    "leverantorer",
    "arenden",
    # Questionnaires and requirements: above the follow-up, below the reports.
    "enkater",
    "rapporter",
    # Top layer: pages that gather from every app, and the demo data.
    "oversikt",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "uppfoljning.resilience.DatabaseRetryMiddleware",  # wraps every database read; see module
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Turns a throttled login into the lockout page (AXES_LOCKOUT_CALLABLE).
    "axes.middleware.AxesMiddleware",
    # Logs out after SESSION_IDLE_MINUTES without a request.
    "uppfoljning.sessions.IdleTimeoutMiddleware",
    # Every view requires login unless decorated with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Innermost: sees every response a view made (WhiteNoise answers static files before).
    "uppfoljning.middleware.ResponsePolicyMiddleware",
]

ROOT_URLCONF = "oversikt.urls"
WSGI_APPLICATION = "uppfoljning.wsgi.application"

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
                "oversikt.navigation.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------
SQLITE_PATH = VAR_DIR / "uppfoljning.sqlite3"
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    # Health checks: a connection PostgreSQL dropped (restart, failover) is
    # replaced before the request uses it instead of failing the request.
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=env_int("DB_CONN_MAX_AGE", 60, minimum=0),
            conn_health_checks=True,
        )
    }
elif PRODUCTION:
    raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL in production.")
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": SQLITE_PATH}}

if PRODUCTION and "postgresql" not in DATABASES["default"]["ENGINE"]:
    raise ImproperlyConfigured("Production runs on PostgreSQL: DATABASE_URL=postgres://…")
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The web server and the Celery worker write at once: WAL lets readers
    # proceed during a write, IMMEDIATE takes the write lock at BEGIN (no
    # deadlocking lock upgrades) and the timeout waits instead of failing.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Authentication -------------------------------------------------------
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# Axes first: it refuses a locked-out login before any password is checked.
# The SSO backend answers only the OIDC callback (and only when OIDC_ENABLED).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    "administration.sso.KommunkontoBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Seasons, months, our names and keyboard walks, however dressed up (finding 6).
    {"NAME": "uppfoljning.passwords.GuessablePasswordValidator"},
]
# A working day; the session also ends when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_COOKIE_AGE", 8 * 60 * 60, minimum=300)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# ... and after this many minutes without a request (uppfoljning.sessions).
SESSION_IDLE_MINUTES = env_int("SESSION_IDLE_MINUTES", 30, minimum=1)

# Login throttling (django-axes). The database handler keeps the attempts in
# the shared database, so every web process sees the same count. A failure
# counts against the username *from* one address: an attacker elsewhere
# cannot lock a colleague out, and one address cannot try many passwords.
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_MINUTES = env_int("AXES_COOLOFF_MINUTES", 15, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "uppfoljning.throttling.lockout_response"
AXES_CLIENT_IP_CALLABLE = "uppfoljning.throttling.client_ip"
AXES_WHITELIST_CALLABLE = "uppfoljning.throttling.sso_not_counted"
# Behind the TLS proxy the client's address is the one the nearest trusted
# proxies appended to X-Forwarded-For; without a proxy (development) the
# header is the client's own claim and is ignored. (django-ipware is not
# installed, so axes' AXES_IPWARE_* settings would have no effect.)
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 1 if PRODUCTION else 0, minimum=0)
# No personal data in logs: axes masks these in its own log lines, and it
# keeps no table of successful logins (the attempts table is emptied on
# success and after the cool-off).
AXES_SENSITIVE_PARAMETERS = ["username", "ip_address"]
AXES_VERBOSE = False
AXES_DISABLE_ACCESS_LOG = True

# Single sign-on with the municipality's accounts (OpenID Connect, e.g. Entra
# ID; see docs/sso.md). Off unless OIDC_ENABLED; local accounts keep working.
OIDC_ENABLED = env_bool("OIDC_ENABLED", default=False)
OIDC_RP_CLIENT_ID = env_str("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = env_str("OIDC_RP_CLIENT_SECRET", "")
OIDC_OP_ISSUER = env_str("OIDC_OP_ISSUER", "")
OIDC_OP_AUTHORIZATION_ENDPOINT = env_str("OIDC_OP_AUTHORIZATION_ENDPOINT", "")
OIDC_OP_TOKEN_ENDPOINT = env_str("OIDC_OP_TOKEN_ENDPOINT", "")
OIDC_OP_USER_ENDPOINT = env_str("OIDC_OP_USER_ENDPOINT", "")
OIDC_OP_JWKS_ENDPOINT = env_str("OIDC_OP_JWKS_ENDPOINT", "")
OIDC_RP_SIGN_ALGO = env_choice("OIDC_RP_SIGN_ALGO", ("RS256", "ES256"), "RS256")
OIDC_RP_SCOPES = env_str("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT", 10, minimum=1)
# The claim that names the person for good: "oid" in Entra ID, else "sub".
OIDC_USER_CLAIM = env_str("OIDC_USER_CLAIM", "sub")
# The claim carrying roles ("roles": Entra ID app roles) and, in
# OIDC_ROLE_MAP, which value means which of our roles:
# "Strateg=Strateg,Administratör=Administrator", or group object ids with
# OIDC_ROLE_CLAIM=groups. Unset: each role's own name (Administratör as
# "Administrator").
OIDC_ROLE_CLAIM = env_str("OIDC_ROLE_CLAIM", "roles")
# Our five roles (uppfoljning.roles.ROLES; tests/uppfoljning/test_sso.py keeps them equal).
_SSO_ROLES = ("Strateg", "Placeringssamordnare", "Chef", "Socialsekreterare", "Administratör")


def _role_map(name):
    """{claim value: role} from "Role=value,Role=value" (a role may be named twice)."""
    mapping = {}
    for item in env_list(name):
        role, sep, value = (part.strip() for part in item.partition("="))
        if not sep or not value or role not in _SSO_ROLES:
            raise ImproperlyConfigured(
                f"{name}: {item!r} must be Role=value with Role one of {', '.join(_SSO_ROLES)}."
            )
        mapping[value] = role
    return mapping


OIDC_ROLE_VALUES = _role_map("OIDC_ROLE_MAP") or {
    "Strateg": "Strateg",
    "Placeringssamordnare": "Placeringssamordnare",
    "Chef": "Chef",
    "Socialsekreterare": "Socialsekreterare",
    # Entra ID's app role values are ASCII.
    "Administrator": "Administratör",
}
if OIDC_ENABLED:
    _missing = [
        name
        for name in (
            "OIDC_RP_CLIENT_ID",
            "OIDC_RP_CLIENT_SECRET",
            "OIDC_OP_ISSUER",
            "OIDC_OP_AUTHORIZATION_ENDPOINT",
            "OIDC_OP_TOKEN_ENDPOINT",
            "OIDC_OP_USER_ENDPOINT",
            "OIDC_OP_JWKS_ENDPOINT",
        )
        if not globals()[name]
    ]
    if _missing:
        raise ImproperlyConfigured(f"OIDC_ENABLED needs {', '.join(_missing)}.")

# --- Language and formats -------------------------------------------------
LANGUAGE_CODE = "sv"
LANGUAGES = [("sv", "Svenska")]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True
# Our own sv formats restrict date input to ISO (Django's sv locale would
# also read 05/03/2026 as an American date).
FORMAT_MODULE_PATH = ["uppfoljning.formats"]

# --- Static files ---------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
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
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))

# --- Security -------------------------------------------------------------
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
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365, minimum=0)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
    # gunicorn sits behind a TLS-terminating proxy.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")
    if not SECURE_HSTS_PRELOAD:
        SILENCED_SYSTEM_CHECKS = ["security.W021"]

# --- E-mail ---------------------------------------------------------------
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD", "")
# STARTTLS on the submission port (587) or implicit TLS (465); never both.
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL", default=False)
if EMAIL_USE_TLS and EMAIL_USE_SSL:
    raise ImproperlyConfigured("Set EMAIL_USE_TLS or EMAIL_USE_SSL, not both.")
# Seconds; without it a hung mail server would hold a worker forever.
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30, minimum=1)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "uppfoljning@localhost")

# --- Celery ---------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or env_str("REDIS_URL")
if CELERY_BROKER_URL is None:
    if PRODUCTION:
        raise ImproperlyConfigured("CELERY_BROKER_URL (or REDIS_URL) must be set in production.")
    # Embedded default: no Redis needed. A task whose worker is killed
    # mid-run is lost with this transport; production uses Redis.
    CELERY_BROKER_URL = "filesystem://"
    _queue_dir = VAR_DIR / "celery" / "queue"
    # The transport lists this folder on start and dies if it is missing.
    _queue_dir.mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_queue_dir),
        "data_folder_out": str(_queue_dir),
        "processed_folder": str(VAR_DIR / "celery" / "processed"),
        # Broadcast (control) messages; the default is ./control in the cwd.
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
else:
    # Unacknowledged tasks re-run after this long, so tasks are idempotent.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 60 * 60}
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(VAR_DIR / "celery" / "beat-schedule")
HEARTBEAT_INTERVAL_SECONDS = env_int("HEARTBEAT_INTERVAL_SECONDS", 60, minimum=5)
# The one place the schedule lives; the beat process reads it.
CELERY_BEAT_SCHEDULE = {
    "heartbeat": {
        "task": "uppfoljning.tasks.record_heartbeat",
        "schedule": HEARTBEAT_INTERVAL_SECONDS,
    },
}

# --- Påminnelser (reminders) ---------------------------------------------
# Absolute links in e-mails. Production defaults to https:// and the first
# ALLOWED_HOSTS name (the proxy terminates TLS).
SITE_URL = env_str(
    "SITE_URL", f"https://{ALLOWED_HOSTS[0]}" if PRODUCTION else "http://127.0.0.1:8000"
).rstrip("/")
if not SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"SITE_URL={SITE_URL!r} must start with http:// or https://.")


def _env_clock(name, default):
    value = env_str(name, default)
    try:
        moment = datetime.datetime.strptime(value, "%H:%M")
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a time of day (HH:MM).") from None
    return moment.hour, moment.minute


def _env_month_day(name, default):
    value = env_str(name, default)
    try:
        moment = datetime.datetime.strptime(f"2000-{value}", "%Y-%m-%d")  # a leap year
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a date in the year (MM-DD).") from None
    return moment.month, moment.day


# Daily at this local time (Europe/Stockholm) the strategists get their digest.
PAMINNELSE_TID = _env_clock("PAMINNELSE_TID", "06:30")
# From this day of the year an unstarted special follow-up is reminded of.
PAMINNELSE_SARSKILD_FRAN = _env_month_day("PAMINNELSE_SARSKILD_FRAN", "05-01")
# A claimed digest not marked sent after this long is sent again (worker killed).
PAMINNELSE_ANSPRAK_MINUTER = env_int("PAMINNELSE_ANSPRAK_MINUTER", 60, minimum=1)
# Questionnaires (enkater): an anonymous survey shows a supplier's figures only
# from this many submitted answers on ("för få svar" below it).
ENKAT_MINSTA_ANTAL_SVAR = env_int("ENKAT_MINSTA_ANTAL_SVAR", 3, minimum=1)
CELERY_BEAT_SCHEDULE["paminnelser"] = {
    "task": "arenden.tasks.paminnelser_skicka_task",
    "schedule": crontab(hour=PAMINNELSE_TID[0], minute=PAMINNELSE_TID[1]),
}
# Questionnaire reminders: daily at the same time, this many days before the deadline.
ENKAT_PAMINNELSE_DAGAR_FORE = env_int("ENKAT_PAMINNELSE_DAGAR_FORE", 3, minimum=1)
CELERY_BEAT_SCHEDULE["enkatpaminnelser"] = {
    "task": "enkater.tasks.paminna_enkater_task",
    "schedule": crontab(hour=PAMINNELSE_TID[0], minute=PAMINNELSE_TID[1]),
}

# --- IVO and credit checks (arenden.kontroller) ----------------------------
# Which source answers is configuration: http (a JSON service, see
# docs/kontroller-api.md), fil (the newest uploaded export) or demo (the stub
# adapter, arenden/kontroller/stub.py: deterministic made-up answers, the
# development default; "demo" is also the value stored on its checks).
_KONTROLL_ADAPTERS = ("http", "fil", "demo")
KONTROLL_IVO_ADAPTER = env_choice(
    "KONTROLL_IVO_ADAPTER", _KONTROLL_ADAPTERS, "fil" if PRODUCTION else "demo"
)
KONTROLL_KREDIT_ADAPTER = env_choice(
    "KONTROLL_KREDIT_ADAPTER", _KONTROLL_ADAPTERS, "fil" if PRODUCTION else "demo"
)
if PRODUCTION and "demo" in (KONTROLL_IVO_ADAPTER, KONTROLL_KREDIT_ADAPTER):
    raise ImproperlyConfigured("The demo check adapters cannot be used in production.")
# Per source: base URL and either a static token or OAuth2 client credentials.
KONTROLL_HTTP = {}
for _kind in ("IVO", "KREDIT"):
    KONTROLL_HTTP[_kind.lower()] = {
        "url": env_str(f"KONTROLL_{_kind}_URL", ""),
        "token": env_str(f"KONTROLL_{_kind}_TOKEN", ""),
        "token_url": env_str(f"KONTROLL_{_kind}_TOKEN_URL", ""),
        "client_id": env_str(f"KONTROLL_{_kind}_CLIENT_ID", ""),
        "client_secret": env_str(f"KONTROLL_{_kind}_CLIENT_SECRET", ""),
        "scope": env_str(f"KONTROLL_{_kind}_SCOPE", ""),
    }
    if globals()[f"KONTROLL_{_kind}_ADAPTER"] == "http":
        _conf = KONTROLL_HTTP[_kind.lower()]
        if not _conf["url"]:
            raise ImproperlyConfigured(f"KONTROLL_{_kind}_URL must be set for the http adapter.")
        if _conf["client_id"] and not (_conf["client_secret"] and _conf["token_url"]):
            raise ImproperlyConfigured(
                f"KONTROLL_{_kind}_CLIENT_ID needs KONTROLL_{_kind}_CLIENT_SECRET and "
                f"KONTROLL_{_kind}_TOKEN_URL (OAuth2 client credentials)."
            )
# Per request; network errors, timeouts, 429 and 5xx are retried with
# exponential backoff (doubling from BACKOFF up to BACKOFF_MAX), never 401/403.
KONTROLL_TIMEOUT_MS = env_int("KONTROLL_TIMEOUT_MS", 10_000, minimum=1)
KONTROLL_RETRIES = env_int("KONTROLL_RETRIES", 3, minimum=0)
KONTROLL_BACKOFF_MS = env_int("KONTROLL_BACKOFF_MS", 500, minimum=0)
KONTROLL_BACKOFF_MAX_MS = env_int("KONTROLL_BACKOFF_MAX_MS", 8_000, minimum=0)
# Politeness: at most this many requests in flight at once during a sweep.
KONTROLL_MAX_SAMTIDIGA = env_int("KONTROLL_MAX_SAMTIDIGA", 8, minimum=1)
# Units or suppliers per chunk (one task, one transaction each).
KONTROLL_CHUNK = env_int("KONTROLL_CHUNK", 100, minimum=1)
# A worker's hold on a sweep; when it runs out the worker is presumed dead.
KONTROLL_LAS_SEKUNDER = env_int("KONTROLL_LAS_SEKUNDER", 600, minimum=10)
# Schedule: beat wakes the claim task this often; the due times live in the DB.
KONTROLL_SCHEMA_MINUTER = env_int("KONTROLL_SCHEMA_MINUTER", 15, minimum=1)
# IVO sweep twice a year: these months, this day of month, this hour (local time).
_months = env_list("KONTROLL_IVO_MANADER", ["3", "9"])
if not _months or not all(m.isdigit() and 1 <= int(m) <= 12 for m in _months):
    raise ImproperlyConfigured("KONTROLL_IVO_MANADER must list months 1-12, e.g. 3,9.")
KONTROLL_IVO_MANADER = sorted({int(m) for m in _months})
KONTROLL_IVO_DAG = env_int("KONTROLL_IVO_DAG", 1, minimum=1)
if KONTROLL_IVO_DAG > 28:
    raise ImproperlyConfigured("KONTROLL_IVO_DAG must be 1-28 (every month has it).")
KONTROLL_IVO_TIMME = env_int("KONTROLL_IVO_TIMME", 2, minimum=0)
# Credit monitoring: dag (daily) or vecka (weekly, on KONTROLL_KREDIT_VECKODAG, 1 = Monday).
KONTROLL_KREDIT_INTERVALL = env_choice("KONTROLL_KREDIT_INTERVALL", ("dag", "vecka"), "vecka")
KONTROLL_KREDIT_VECKODAG = env_int("KONTROLL_KREDIT_VECKODAG", 1, minimum=1)
KONTROLL_KREDIT_TIMME = env_int("KONTROLL_KREDIT_TIMME", 3, minimum=0)
if KONTROLL_IVO_TIMME > 23 or KONTROLL_KREDIT_TIMME > 23 or KONTROLL_KREDIT_VECKODAG > 7:
    raise ImproperlyConfigured("Check hours must be 0-23 and KONTROLL_KREDIT_VECKODAG 1-7.")
# The task lives in arenden.tasks under the name it was first registered with.
CELERY_BEAT_SCHEDULE["kontroller-schema"] = {
    "task": "leverantorer.tasks.kontroller_schemalagda",
    "schedule": KONTROLL_SCHEMA_MINUTER * 60,
}

# --- Avropskontroll ------------------------------------------------------
# Older IVO and credit checks than this are shown as a warning, never as fine.
AVROP_MAX_IVO_AGE_DAYS = env_int("AVROP_MAX_IVO_AGE_DAYS", 30, minimum=1)
AVROP_MAX_KREDIT_AGE_DAYS = env_int("AVROP_MAX_KREDIT_AGE_DAYS", 35, minimum=1)

# --- Logging --------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    # WeasyPrint logs every layout step (and its stylesheets on import) at INFO.
    "loggers": {
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# --- Rapporter (annual report and plan) -----------------------------------
# Shown in the cover memo and the header of every page.
REPORT_FORVALTNING = env_str("REPORT_FORVALTNING", "Socialförvaltningen")
REPORT_NAMND = env_str("REPORT_NAMND", "socialnämnden")
# Optional logo: a path under static/ (e.g. img/logo.png); WeasyPrint reads
# only static files (and the logo uploaded on the page Kommunen), so a logo
# anywhere else is never embedded. All of these are defaults under the
# settings page: read them through administration.kommun.aktuell().
REPORT_LOGO = env_str("REPORT_LOGO", "")
# A PDF job still waiting or running after this many seconds is marked failed
# (a worker killed mid-render, or a message the filesystem broker lost), so the
# job page never says "Pågår" for ever. The task's own time limit is below it.
REPORT_JOB_TIMEOUT = env_int("REPORT_JOB_TIMEOUT", 30 * 60, minimum=120)
# A running job's worker touches its pulse this often (seconds); three missed
# pulses mark the job failed, so a killed worker blocks Fastställ for about
# half a minute, not REPORT_JOB_TIMEOUT.
REPORT_JOB_PULS_SEKUNDER = env_int("REPORT_JOB_PULS_SEKUNDER", 10, minimum=1)

# --- Access log, no-store and Permissions-Policy (uppfoljning.atkomst, .middleware)
# Days an access log row is kept; a daily task purges older rows. Two years
# by default: long enough to answer a complaint or a supervisory question.
ATKOMSTLOGG_DAGAR = env_int("ATKOMSTLOGG_DAGAR", 730, minimum=1)
ATKOMSTLOGG_GALLRING_TID = _env_clock("ATKOMSTLOGG_GALLRING_TID", "04:15")
CELERY_BEAT_SCHEDULE["atkomstlogg-gallring"] = {
    "task": "uppfoljning.tasks.atkomst_gallra_task",
    "schedule": crontab(hour=ATKOMSTLOGG_GALLRING_TID[0], minute=ATKOMSTLOGG_GALLRING_TID[1]),
}
# Browser features no page here uses, switched off for the page and any frame.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "idle-detection",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)
# Refused requests are logged by the middleware without personal data; Django's
# own 4xx warnings would repeat the raw path (which may hold what a visitor
# typed), so django.request keeps only its 5xx errors.
LOGGING["loggers"]["django.request"] = {"level": "ERROR"}
LOGGING["loggers"]["uppfoljning.atkomst"] = {"level": "INFO"}
