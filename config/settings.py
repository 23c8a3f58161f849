"""Strategia settings.

Every setting that differs between a laptop and production comes from the
environment, read here and nowhere else. Development defaults are safe on a
laptop; with ``DEBUG`` off the app refuses to start without a real
``SECRET_KEY`` and ``ALLOWED_HOSTS``.
"""

from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()

VAR_DIR = Path(env.str("STRATEGIA_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)

_DEVELOPMENT_SECRET_KEY = "django-insecure-strategia-development-only"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DEBUG is off. "
            "Generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))'"
        )
    SECRET_KEY = _DEVELOPMENT_SECRET_KEY
elif not DEBUG and (SECRET_KEY == _DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 40):
    raise ImproperlyConfigured("SECRET_KEY is too weak for production: use 50 random characters.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    if not DEBUG:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
    ALLOWED_HOSTS = ["localhost", "127.0.0.1", "[::1]"]
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "rules.apps.AutodiscoverRulesConfig",
    # The sign-in libraries under translated admin titles (accounts/library_apps.py).
    "strategia.accounts.library_apps.AxesConfig",
    "django_otp",
    "strategia.accounts.library_apps.TOTPConfig",
    "django_filters",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "strategia.core",
    "strategia.accounts",
    "strategia.organisations",
    "strategia.strategy",
    "strategia.monitoring",
    "strategia.indicators",
    "strategia.content",
    "strategia.public",
    "strategia.api",
    "strategia.reports",
    "strategia.assessments",
    "strategia.ems",
    "strategia.budget",
    "strategia.participation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous visitors' public pages from the cache, before sessions and views run.
    "strategia.core.public_cache.PublicCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Staff who have not passed the second factor go to set it up or enter a code.
    "strategia.accounts.middleware.TwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "strategia.core.middleware.OrganisationMiddleware",
    # The client address of the request for the audit trail's rows.
    "strategia.accounts.audit.AuditContextMiddleware",
    # A NUL character in the path or query string is a 400, not a database error.
    "strategia.core.middleware.NulCharacterMiddleware",
    # An <int:…> in a path that no row can have is a 404, not a database overflow.
    "strategia.core.middleware.PathIntegerRangeMiddleware",
    # axes must be last: it turns lockouts into responses.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "strategia.core.context_processors.site",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'strategia.sqlite3'}")
}
DATABASES["default"].setdefault("ATOMIC_REQUESTS", False)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers go on while an import writes; a busy timeout instead of
    # "database is locked" when two requests write at once.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=60))
    DATABASES["default"].setdefault("CONN_HEALTH_CHECKS", True)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = env.str("CACHE_URL", default="") or env.str("REDIS_URL", default="")
if _cache_url:
    CACHES = {"default": env.cache_url_config(_cache_url)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

if _cache_url.startswith(("redis://", "rediss://")):
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Anonymous visitors' public pages and API answers from the cache (core/public_cache.py).
# Invalidation raises version counters in the cache, so every process must share it:
# on by default with a shared cache (Redis) or on a laptop (one process), off with a
# per-process local-memory cache in production, where workers would not see each
# other's invalidations.
PUBLIC_CACHE = env.bool("PUBLIC_CACHE", default=bool(_cache_url) or DEBUG)
# How long an entry lives at most; a change of content replaces it at once anyway.
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=24 * 60 * 60)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "monitoring:my_work"

LANGUAGE_CODE = "fi"
LANGUAGES = [
    ("fi", _("Finnish")),
    ("sv", _("Swedish")),
    ("en", _("English")),
]
# Each app keeps its own catalogue in <app>/locale/; Django finds them there.
LOCALE_PATHS: list[Path] = []
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Helsinki")
# Swedish and English dates as written in Finland (Django's own fi formats serve Finnish).
FORMAT_MODULE_PATH = ["strategia.core.formats"]
USE_I18N = True
USE_TZ = True

# Content fields are stored once per language; Finnish is required and is
# what Swedish and English fall back to when a translation is missing.
MODELTRANSLATION_DEFAULT_LANGUAGE = "fi"
MODELTRANSLATION_LANGUAGES = ("fi", "sv", "en")
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("fi",)}

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
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
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "/media/"
WHITENOISE_USE_FINDERS = DEBUG

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="strategia@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# The organisation whose site is served when the request's host names none.
DEFAULT_ORGANISATION_SLUG = env.str("DEFAULT_ORGANISATION_SLUG", default="kemi")
SITE_BASE_URL = env.str("SITE_BASE_URL", default="http://127.0.0.1:8000")

# --- Security -------------------------------------------------------------
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 60 * 60)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
# A refused form gets the site's translated 403 page, not Django's bare English one.
CSRF_FAILURE_VIEW = "strategia.core.errors.csrf_failure"
SESSION_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # /healthz is probed over plain HTTP by load balancers.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_FORM_FIELD = "username"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
# "Anna@Kemi.fi" and "anna@kemi.fi" are one account, and one count of failures.
AXES_USERNAME_CALLABLE = "strategia.accounts.lockout.lockout_username"
# The lockout counts per client address as the trusted proxies saw it (strategia/core/net.py),
# never per an X-Forwarded-For that the client wrote itself.
AXES_CLIENT_IP_CALLABLE = "strategia.core.net.client_address"

# Staff must use two-factor authentication when this is on (production).
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Strategia")

# How many proxies of our own stand in front of the app (nginx: 1). Only that many
# X-Forwarded-For entries are believed; 0 trusts none. See strategia/core/net.py.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Limits on what sends mail (django-ratelimit; see strategia/accounts/limits.py).
PASSWORD_RESET_RATE_CLIENT = env.str("PASSWORD_RESET_RATE_CLIENT", default="10/h")
PASSWORD_RESET_RATE_EMAIL = env.str("PASSWORD_RESET_RATE_EMAIL", default="5/h")
PASSWORD_RESET_RATE_ACCOUNT = env.str("PASSWORD_RESET_RATE_ACCOUNT", default="3/h")
INVITATION_RATE = env.str("INVITATION_RATE", default="30/h")
# Staff actions that mail other people: corrections, idea assignments and answers.
STAFF_NOTICE_RATE = env.str("STAFF_NOTICE_RATE", default="60/h")
# How long the audit trail (sign-ins, roles, invitations…) is kept: manage.py purge_audit_events.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)
# django-ratelimit's own "ip" key, should anything use it, finds the address the same way.
RATELIMIT_IP_META_KEY = "strategia.core.net.client_address"

# --- Participation (residents' ideas; see docs/participation.md) -------------
# Reports that hide a contribution pending a moderator's review.
PARTICIPATION_AUTO_HIDE_REPORTS = env.int("PARTICIPATION_AUTO_HIDE_REPORTS", default=3)
# Web addresses allowed in one idea or comment (spam carries many).
PARTICIPATION_MAX_LINKS = env.int("PARTICIPATION_MAX_LINKS", default=3)
# Hours the e-mailed verification link works; unverified accounts are removed
# after PARTICIPATION_UNVERIFIED_DAYS by remove_unverified_participants.
PARTICIPATION_VERIFY_LINK_HOURS = env.int("PARTICIPATION_VERIFY_LINK_HOURS", default=72)
PARTICIPATION_UNVERIFIED_DAYS = env.int("PARTICIPATION_UNVERIFIED_DAYS", default=7)
# django-ratelimit rates, each applied per client address and per account.
PARTICIPATION_RATE_LIMITS = {
    "register": env.str("PARTICIPATION_RATE_REGISTER", default="5/h"),
    "submit": env.str("PARTICIPATION_RATE_SUBMIT", default="10/h"),
    "comment": env.str("PARTICIPATION_RATE_COMMENT", default="30/h"),
    "support": env.str("PARTICIPATION_RATE_SUPPORT", default="60/h"),
    "report": env.str("PARTICIPATION_RATE_REPORT", default="20/h"),
}
# Registrations per e-mail address (each one mails that address), whoever sends them.
PARTICIPATION_RATE_REGISTER_EMAIL = env.str("PARTICIPATION_RATE_REGISTER_EMAIL", default="3/h")

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "strategia.api.schema.AutoSchema",
    # Sessions only: no Basic auth that would let passwords be guessed past axes.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "strategia.api.errors.exception_handler",
}
# A trivial page at /bench/trivial/ for the load benchmark's comparison (bench/load.py).
BENCH_TRIVIAL_PAGE = env.bool("BENCH_TRIVIAL_PAGE", default=False)

# The open API is read-only; anonymous clients are rate limited per address
# (core/throttle.py), whether the answer is rendered or comes from the cache.
API_ANON_RATE = env.str("API_ANON_RATE", default="120/minute")
# The public site's search is not cached; anonymous searches per client address
# (django-ratelimit, strategia/public/search.py). Empty: no limit.
SEARCH_ANON_RATE = env.str("SEARCH_ANON_RATE", default="30/m")
SPECTACULAR_SETTINGS = {
    "TITLE": "Strategia API",
    "DESCRIPTION": (
        "Open data of the city's strategy: plans, goals, measures, their published "
        "status updates and the units responsible for them."
    ),
    "VERSION": "1",
    # The schema itself (/api/v1/schema/) is not an operation of the open data.
    "SERVE_INCLUDE_SCHEMA": False,
    # Several models have a "status" or "kind"; each choice set gets its own name.
    "ENUM_NAME_OVERRIDES": {
        "MeasureStatusEnum": "strategia.strategy.models.MeasureStatus",
        "IdeaStateEnum": "strategia.participation.models.IdeaState",
        "AnswerKindEnum": "strategia.participation.models.AnswerKind",
        "InitiativeStatusEnum": "strategia.participation.models.Initiative.Status",
        "InitiativeChannelEnum": "strategia.participation.models.Initiative.Channel",
    },
}

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # axes logs every start and every sign-in at INFO; keep warnings only.
        "axes": {"level": "WARNING"},
    },
}
