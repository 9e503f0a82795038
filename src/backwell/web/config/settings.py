"""Django settings for backwell, all from environment variables (see README "Configuration")."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from .environment import data_dir, email_settings, env_bool, env_list, secret_key

WEB_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = data_dir()

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = secret_key(DEBUG, DATA_DIR)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Behind TLS in production: secure cookies, HSTS and the HTTPS redirect. `backwell serve` on a
# loopback address turns this off for itself, since nothing terminates TLS in front of it there.
HTTPS = env_bool("BACKWELL_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("BEHIND_PROXY", False) else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django_tasks",
    "django_tasks_db",
    "backwell.web.core",
    "backwell.web.accounts",
    "backwell.web.assessment",
    "backwell.web.programs",
    "backwell.web.tracking",
    "backwell.web.photos",
    "backwell.web.content",
    "backwell.web.comments",
    "backwell.web.newsletter",
    "backwell.web.clinic",
    # The REST API (/api/v1/) and the OAuth 2 provider apps sign in through (web/api/).
    # Before oauth2_provider, so its authorisation page is drawn in the site's own template.
    "backwell.web.api",
    "ninja",
    "oauth2_provider",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "backwell.web.core.middleware.ContentSecurityPolicyMiddleware",
    # Outside the session middleware, so it sees the Vary: Cookie that one adds.
    "backwell.web.core.middleware.PrivatePagesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The person and the page's stamp in one query on the busiest pages (PERSON_COMPANIONS below).
    "backwell.web.core.middleware.PersonCompanionMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "backwell.web.config.urls"
WSGI_APPLICATION = "backwell.web.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [WEB_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "backwell.web.core.navigation.main_nav",
            ],
        },
    },
]

_SQLITE_PATH = DATA_DIR / "backwell.sqlite3"
DATABASES = {"default": dj_database_url.parse(os.environ.get("DATABASE_URL") or f"sqlite:///{_SQLITE_PATH}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE transactions and a busy timeout make
    # concurrent writers wait their turn instead of failing with "database is locked", and the
    # write gate makes that turn come as soon as the writer before finishes (core/sqlite/base.py).
    DATABASES["default"]["ENGINE"] = "backwell.web.core.sqlite"
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Its health check reads the socket instead of sending `SELECT 1` on every request (core/postgresql/).
    DATABASES["default"]["ENGINE"] = "backwell.web.core.postgresql"
    # The hot statements are prepared (core/prepared.py); DATABASE_PREPARE=0 turns that off, for a
    # pooler that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode).
    if os.environ.get("DATABASE_PREPARE", "1").strip() == "0":
        DATABASES["default"].setdefault("OPTIONS", {})["prepare_threshold"] = None
# Reusing connections saves a connect (and SQLite's PRAGMAs) on every request.
DATABASES["default"]["CONN_MAX_AGE"] = 60
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["backwell.web.accounts.backends.AccountBackend"]

REDIS_URL = os.environ.get("REDIS_URL", "")
CACHES: dict[str, dict[str, Any]]
if REDIS_URL:
    # Django's Redis backend with its client reused between calls (core/cache.py).
    CACHES = {"default": {"BACKEND": "backwell.web.core.cache.RedisCache", "LOCATION": REDIS_URL}}
else:
    # A disk cache (SQLite files) is shared by every gunicorn worker on the machine, so rate limits
    # and sessions hold across them; unlike Django's file cache, reads take microseconds, `add` is
    # atomic and storing does not list every entry first.
    CACHES = {
        "default": {
            "BACKEND": "backwell.web.core.cache.DiskCache",
            "LOCATION": str(DATA_DIR / "diskcache"),
            # secure_delete: removed entries (a deleted person's pages) are zeroed, not left in the files.
            "OPTIONS": {"size_limit": 2**30, "sqlite_secure_delete": 1},
        }
    }

# With Redis each process also keeps the stored pages it served last in memory (core/local_copies.py),
# saving a round trip per visit: PERSONAL_CACHE_LOCAL_MB per process (default 32; 0 turns it off).
# The disk cache is local already, so there it is off.
_local_mb = os.environ.get("PERSONAL_CACHE_LOCAL_MB", "32" if REDIS_URL else "0").strip()
if not _local_mb.isdigit():
    raise ImproperlyConfigured(
        f"PERSONAL_CACHE_LOCAL_MB must be a whole number of megabytes, not {_local_mb!r}"
    )
PERSONAL_CACHE_LOCAL_BYTES = int(_local_mb) * 2**20

# Pages whose stamp query runs in the same round trip as loading the signed-in person: URL name ->
# what builds that query from the URL's arguments (core.middleware.PersonCompanionMiddleware).
PERSON_COMPANIONS = {
    "programs:session": "backwell.web.programs.selectors.session_page_companion",
    "api:day_get": "backwell.web.programs.selectors.session_page_companion",
    "tracking:progress": "backwell.web.tracking.selectors.person_stamp_companion",
    "programs:overview": "backwell.web.tracking.selectors.person_stamp_companion",
    "clinic:worklist": "backwell.web.clinic.worklist.worklist_companion",
}

# Sessions are written through the cache to the database, which stays the record; logging out removes
# both copies. With Redis, a session this process has seen is read from the database in the same
# statement as its person (accounts/sessions.py), saving the Redis round trip; the disk cache is read
# in-process for less than that statement's extra cost (measured), so there sessions come from it.
SESSION_ENGINE = "backwell.web.accounts.sessions"
SESSION_READ_WITH_PERSON = bool(REDIS_URL)

# --- Background tasks (core) ---------------------------------------------------------------
# The database queue by default (`backwell db_worker` runs it; `backwell serve` starts one);
# TASKS_BACKEND=rq puts tasks on RQ in Redis (REDIS_URL) for `rq worker` processes on any machine.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "database").strip().lower()
if TASKS_BACKEND == "rq":
    if not REDIS_URL:
        raise ImproperlyConfigured("TASKS_BACKEND=rq needs REDIS_URL, e.g. redis://127.0.0.1:6379/0")
    TASKS = {
        "default": {"BACKEND": "backwell.web.core.tasks_rq.RQBackend", "OPTIONS": {"REDIS_URL": REDIS_URL}}
    }
elif TASKS_BACKEND == "database":
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
else:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database or rq, not {TASKS_BACKEND!r}")

# --- Curated content (core): loaders `backwell load_content` and `backwell serve` run ---------
CURATED_CONTENT_LOADERS = ["backwell.web.content.curated.load"]

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
# One way of writing dates on every page (core/formats/en): "7 December 2026".
FORMAT_MODULE_PATH = ["backwell.web.core.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
WHITENOISE_USE_FINDERS = True
# The live coach's in-page pose model: npm's @mediapipe/pose (scripts/setup runs `npm ci`), served
# from /static/mediapipe/pose/ by the same static files machinery (and copied by collectstatic).
# Left out when npm has not run, so the site still starts; the coach then says it is unavailable.
NODE_MODULES = Path(os.environ.get("BACKWELL_NODE_MODULES") or WEB_DIR.parent.parent.parent / "node_modules")
MEDIAPIPE_POSE_DIR = NODE_MODULES / "@mediapipe" / "pose"
STATICFILES_DIRS = [("mediapipe/pose", MEDIAPIPE_POSE_DIR)] if MEDIAPIPE_POSE_DIR.is_dir() else []
MEDIA_ROOT = DATA_DIR / "media"
# Photos and other private files: outside MEDIA_ROOT and never served without an access check.
PRIVATE_ROOT = DATA_DIR / "private"

for _key, _value in email_settings(os.environ.get("EMAIL_URL")).items():
    globals()[_key] = _value
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "backwell <no-reply@localhost>")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# --- The API (web/api): OAuth 2 for apps and clinic systems, and per-token rate limits ---------------
# Authorization code with PKCE only (no implicit or password grants); refresh tokens rotate, so a
# stolen one stops working when its owner's app next refreshes.
OAUTH2_PROVIDER = {
    "SCOPES": {
        "person:read": "Read your assessments, program, sessions, check-ins and progress",
        "person:write": "Log sessions and pain, check in, and change your answers and settings",
        "clinic:read": "Read the data of people who share it with you (clinicians)",
        "clinic:write": "Write overrides and notes for people who share their data with you (clinicians)",
        "fhir:export": "Export shared data as FHIR resources (clinicians)",
    },
    "DEFAULT_SCOPES": ["person:read"],
    "PKCE_REQUIRED": True,
    "ACCESS_TOKEN_EXPIRE_SECONDS": 60 * 60,
    "REFRESH_TOKEN_EXPIRE_SECONDS": 60 * 24 * 3600,
    "ROTATE_REFRESH_TOKEN": True,
    # The OAuth 2.0 Security BCP (RFC 9700) in full: no implicit or password grants, S256 PKCE only,
    # tokens only in the Authorization header, `iss` in the authorization response, tokens stored
    # hashed, a replayed refresh token revokes its family, and https redirect URIs only.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
    "ALLOWED_REDIRECT_URI_SCHEMES": ["https"],
}
# Requests per token per minute, counted in the shared cache (a browser's session calls are not: api/security.py).
API_RATE_LIMIT = (int(os.environ.get("API_RATE_PER_MINUTE", "300")), 60)
NINJA_PAGINATION_MAX_LIMIT = 100

# STarT Back is © Keele University: free for non-commercial use only. A commercial deployer
# turns it off here (BACKWELL_STARTBACK=0) until they have Keele's permission.
STARTBACK_ENABLED = env_bool("BACKWELL_STARTBACK", True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
