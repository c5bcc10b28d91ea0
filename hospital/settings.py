"""Settings for the infection-prevention checklist tracker.

Everything that differs between a laptop, CI and a hospital server comes from
the environment through the small helpers below; the defaults are safe for
local development only.
"""

import os
from datetime import time, timedelta
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_time(name: str, default: str) -> time:
    return time.fromisoformat(os.environ.get(name, default))


DEBUG = env_bool("DEBUG", True)
# The development key is only usable with DEBUG on; production must set SECRET_KEY.
SECRET_KEY = env_str("SECRET_KEY") or (
    "dev-only-insecure-key-do-not-use-in-production" if DEBUG else ""
)
if not SECRET_KEY:
    raise RuntimeError("SECRET_KEY must be set when DEBUG is off")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "checklists",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "checklists.security.IdleSessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Private by default: every view needs a login unless it opts out.
    # A form posted after the idle time-out is kept for the same user (kept_forms).
    "checklists.kept_forms.KeepFormLoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "checklists.security.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out log-in into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "hospital.urls"

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
                "checklists.context_processors.navigation",
                "checklists.context_processors.session",
            ],
        },
    },
]

WSGI_APPLICATION = "hospital.wsgi.application"

# SQLite needs no set-up; DATABASE_URL=postgres://... selects PostgreSQL with
# persistent connections (a new connection per request costs several ms).
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
SQLITE_OPTIONS = {
    "timeout": 20,
    # Every transaction takes the write lock when it starts: a read-then-write
    # transaction that waits for it mid-way fails at once ("database is locked")
    # when two workers save checks together, whatever the timeout.
    "transaction_mode": "IMMEDIATE",
    # Readers do not wait for a writer, nor a writer for readers.
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = SQLITE_OPTIONS
elif DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Server-side parameters, so that psycopg prepares a statement the fifth time it
    # runs on a connection: PostgreSQL then stops planning the same queries (up to a
    # millisecond each for the scoped look-ups) on every request.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True, prepare_threshold=5
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "checklists.User"

AUTHENTICATION_BACKENDS = [
    # First, so that a locked-out username is refused before its password is tried.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    # Verifies (and upgrades on log-in) passwords stored by an older hasher.
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]

# Repeated failed log-ins lock the username, not the address: a ward's computers share
# one address, and one mistyping nurse must not lock out the whole ward.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_VERBOSE = False
# django-axes warns that a username-only lock can be dodged by changing address; here
# locking addresses would lock whole wards, so the username lock is the rule.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "checklists:home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-gb"
USE_I18N = True
USE_TZ = True
# Every clinical "day" is a calendar day in the hospital's own time zone.
TIME_ZONE = env_str("HOSPITAL_TIME_ZONE", "Europe/London")

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# Front-end libraries come from npm (see package.json), never from a CDN.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Manifest storage breaks tests and live_server, so it is opt-in for production.
    "staticfiles": {
        "BACKEND": env_str(
            "STATICFILES_BACKEND", "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# In development WhiteNoise serves straight from the finders; production runs
# collectstatic into STATIC_ROOT first.
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Ward computers are shared: a session ends after this many idle minutes and when
# the browser closes. It is renewed at most once a minute, not written on every
# request (checklists.security.IdleSessionMiddleware).
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 15) * 60
SESSION_RENEW_SECONDS = 60
# The page warns this many seconds before the time-out, with "stay signed in".
SESSION_WARNING_SECONDS = 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True

# Ward boards and the overview keep their rendered part until a write or the clock
# could change it (checklists.page_cache).
PAGE_CACHE = env_bool("PAGE_CACHE", True)

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# No page may be framed (clickjacking); the CSP below says the same to newer browsers.
X_FRAME_OPTIONS = "DENY"
SECURE_REFERRER_POLICY = "same-origin"
# Content Security Policy (checklists/security.py): every script, style, image and font
# from this server, no inline script, no framing, forms post only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
    "form-action 'self'; frame-ancestors 'none'"
)

# Production (HTTPS behind the hospital's proxy): PRODUCTION=true turns on HTTPS-only
# cookies, redirects and HSTS. `make run` serves the demo over plain HTTP on loopback,
# so it leaves this off. `PRODUCTION=true DEBUG=false SECRET_KEY=... manage.py check
# --deploy` reports no warnings (tests/test_deploy_settings.py).
PRODUCTION = env_bool("PRODUCTION", False)
if PRODUCTION:
    if DEBUG:
        raise RuntimeError("PRODUCTION=true needs DEBUG=false")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    # The proxy in front terminates TLS and says so in this header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_HTTPONLY = True

# No patient data in logs: only warnings and errors go out, without request bodies.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}

# --- Hospital rules (see docs and design.md) ---------------------------------
# Printed on every audit report, so a PDF says which release counted its figures.
APP_VERSION = "0.4.0"
HOSPITAL_NAME = env_str("HOSPITAL_NAME", "Demo General Hospital")
# NHSN counts patient and device days once a day at one fixed time.
HOSPITAL_COUNT_TIME = env_time("HOSPITAL_COUNT_TIME", "06:00")
# A due check not recorded by this local time shows as overdue on the board.
CHECK_OVERDUE_TIME = env_time("CHECK_OVERDUE_TIME", "14:00")
# CDC 2011: replace adult peripheral IVs no more often than every 72-96 h; re-site
# when clinically indicated. The board prompts a review after this many hours.
PIV_REVIEW_HOURS = env_int("PIV_REVIEW_HOURS", 72)
# A nurse keeps read access to a patient who left her ward this many days ago,
# so she can still correct her own recent entries.
RECENT_STAY_DAYS = env_int("RECENT_STAY_DAYS", 7)
# A due check not recorded by the end of its day plus this many hours is missed (and
# counts as non-compliant); entries after the end of the day are flagged late.
CHECK_GRACE_HOURS = env_int("CHECK_GRACE_HOURS", 6)
# A sepsis screen whose band or red flag calls for escalation shows it overdue when no
# one has been recorded as told this many minutes after the screen. The RCP chart asks
# for an urgent (5-6, a single 3) or emergency (7+) response without a figure: set it to
# the hospital's escalation policy.
SEPSIS_ESCALATION_MINUTES = env_int("SEPSIS_ESCALATION_MINUTES", 30)
# A check that finds a sign of infection calls for a sepsis screen within this many
# minutes (NICE NG51 asks for an assessment within the hour; the measures count it).
SEPSIS_SCREEN_MINUTES = env_int("SEPSIS_SCREEN_MINUTES", 60)
# The Braden scale's risk bands: (highest total in the band, its words), highest risk
# first (NPIAP/VA bands; some hospitals draw the lines at 13-15 or call <=18 at risk).
BRADEN_BANDS = [
    (9, "very high risk"),
    (12, "high risk"),
    (14, "moderate risk"),
    (18, "mild risk"),
    (23, "no significant risk"),
]
# Dashboards colour compliance against this target (IHI aims for 95%).
COMPLIANCE_TARGET = env_int("COMPLIANCE_TARGET", 95)

# PDF audit reports: a Unicode TrueType family (Debian's fonts-dejavu-core) and fallbacks
# for the scripts it lacks (Chinese: fonts-wqy-microhei; Devanagari: fonts-lohit-deva).
REPORT_FONTS = {
    "regular": env_str("REPORT_FONT", "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"),
    "bold": env_str("REPORT_FONT_BOLD", "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf"),
    "fallbacks": env_list(
        "REPORT_FALLBACK_FONTS",
        "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc,"
        "/usr/share/fonts/truetype/lohit-devanagari/Lohit-Devanagari.ttf",
    ),
}
# The largest PDF the verification page accepts.
REPORT_UPLOAD_MAX_BYTES = env_int("REPORT_UPLOAD_MAX_BYTES", 100 * 1024 * 1024)
