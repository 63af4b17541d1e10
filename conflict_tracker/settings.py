"""Settings for the conflict tracker: one module, every value from the environment.

Defaults give the embedded mode (SQLite, Celery eager, DEBUG on); production sets
DATABASE_URL, CELERY_BROKER_URL, SECRET_KEY, DEBUG=0 and ALLOWED_HOSTS.
"""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
logger = logging.getLogger(__name__)


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), got {raw!r}")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be an integer, got {raw!r}") from exc


def env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, got {raw!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env_str(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
    # A fresh key per process is fine for the embedded mode; sessions just don't survive restarts.
    SECRET_KEY = "dev-insecure-" + secrets.token_urlsafe(40)

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "corsheaders",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "events",
    "ingest",
    "alerts",
]

MIDDLEWARE = [
    # First: connections opened while serving a request get the web's time limits (dblimits.py).
    "conflict_tracker.middleware.DatabaseLimitsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything that can answer on its own, so those answers carry the CORS headers too.
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # PUBLIC_READ=0: pages need a signed-in user or a token (the API checks it in ReadAccess).
    "conflict_tracker.middleware.PrivateReadMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, so its process_exception sees a view's database error first: 503 page, not 500.
    "conflict_tracker.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "conflict_tracker.urls"
WSGI_APPLICATION = "conflict_tracker.wsgi.application"
ASGI_APPLICATION = "conflict_tracker.asgi.application"

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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several writers (dev server + eager tasks) share the file: wait instead of failing.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 30
    DATABASES["default"]["CONN_MAX_AGE"] = 0

# --- Database time limits (issue 17: fail fast; docs/operations.md "A frozen database") ---------
# Seconds. A new connection gives up after DB_CONNECT_TIMEOUT. A connection opened by a web request
# asks the server to cancel any statement after DB_STATEMENT_TIMEOUT, one opened by a Celery
# worker's task after DB_WORKER_STATEMENT_TIMEOUT (0 = no limit); management commands (migrate,
# load_gazetteer, ...) get none. A server that cannot even cancel (frozen) is cut off by the client
# one second later (conflict_tracker/dblimits.py), so the request answers 503 instead of hanging.
DB_CONNECT_TIMEOUT = env_int("DB_CONNECT_TIMEOUT", 3)
DB_STATEMENT_TIMEOUT = env_float("DB_STATEMENT_TIMEOUT", 3.0)
DB_WORKER_STATEMENT_TIMEOUT = env_float("DB_WORKER_STATEMENT_TIMEOUT", 60.0)
if DB_CONNECT_TIMEOUT < 2:
    raise ImproperlyConfigured(f"DB_CONNECT_TIMEOUT must be at least 2 (libpq's minimum), got {DB_CONNECT_TIMEOUT}")
if DB_STATEMENT_TIMEOUT < 0 or DB_WORKER_STATEMENT_TIMEOUT < 0:
    raise ImproperlyConfigured("DB_STATEMENT_TIMEOUT and DB_WORKER_STATEMENT_TIMEOUT must be 0 (none) or more")
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    from conflict_tracker.dblimits import connection_options

    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options.setdefault("connect_timeout", DB_CONNECT_TIMEOUT)
    for _key, _value in connection_options().items():
        _db_options.setdefault(_key, _value)
# How long /health/ waits for each of the database, the broker and the workers (checked at once).
HEALTH_CHECK_TIMEOUT = env_float("HEALTH_CHECK_TIMEOUT", 2.0)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Under DEBUG, WhiteNoise serves straight from the finders; a collected tree is for production.
STATIC_ROOT = env_str("STATIC_ROOT") or (None if DEBUG else str(BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = DEBUG

# Analysts sign in here (the admin's own login page takes staff only).
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"

# Base-map tiles for the pages' maps, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png. Empty
# means no tiles: the maps draw the bundled country outlines, which needs no network.
MAP_TILE_URL = env_str("MAP_TILE_URL")

# --- Cache ------------------------------------------------------------------------------------
# Per-process memory by default; CACHE_URL=redis://host:6379/1 shares one cache between the web
# processes (and machines). Whole-table aggregates (dashboard, stats) are kept this many seconds.
CACHE_URL = env_str("CACHE_URL")
CACHES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
    if CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
AGGREGATE_CACHE_SECONDS = env_int("AGGREGATE_CACHE_SECONDS", 60)

# --- Throttle state (issue 17.7; docs/operations.md "Rate limits") -----------------------------
# The API's rate limits count each client once for all processes and machines, in Redis:
# THROTTLE_CACHE_URL, else CACHE_URL, else the broker's Redis (its keys are prefixed, nothing else
# is touched). Only with none of them (the embedded default), or THROTTLE_CACHE_URL=locmem://, is
# the count per process. A Redis that does not answer within THROTTLE_CACHE_TIMEOUT seconds lets
# the request through (events/api/throttling.py). CACHE_KEY_PREFIX separates deployments sharing
# one Redis.
CACHE_KEY_PREFIX = env_str("CACHE_KEY_PREFIX")
_broker_redis = (
    env_str("CELERY_BROKER_URL") if env_str("CELERY_BROKER_URL").startswith(("redis://", "rediss://")) else ""
)
THROTTLE_CACHE_URL = env_str("THROTTLE_CACHE_URL") or CACHE_URL or _broker_redis
THROTTLE_CACHE_TIMEOUT = env_float("THROTTLE_CACHE_TIMEOUT", 0.5)
CACHES["throttle"] = (
    {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": THROTTLE_CACHE_URL,
        "KEY_PREFIX": f"{CACHE_KEY_PREFIX}ct-throttle",
        "OPTIONS": {"socket_connect_timeout": THROTTLE_CACHE_TIMEOUT, "socket_timeout": THROTTLE_CACHE_TIMEOUT},
    }
    if THROTTLE_CACHE_URL and THROTTLE_CACHE_URL != "locmem://"
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "throttle"}
)
CACHES["default"]["KEY_PREFIX"] = CACHE_KEY_PREFIX
# How often Celery beat recounts the denormalised event counts of actors and places.
EVENT_COUNTS_REFRESH_SECONDS = env_int("EVENT_COUNTS_REFRESH_SECONDS", 60)

# --- Celery -----------------------------------------------------------------------------------
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND") or None
# No broker configured: run tasks in-process (the embedded default).
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", not CELERY_BROKER_URL)
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 120)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 180)
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message whose worker died unacknowledged goes back on its queue once it is older than the
# visibility timeout, at the next sweep of the unacked index. kombu 5.7 sweeps every
# `unacked_restore_interval` × `unacked_restore_throttle` seconds (10 × 10 by default); one
# sweep per interval keeps recovery within visibility timeout + interval, for one cheap ZRANGE.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600),
    "unacked_restore_interval": env_int("CELERY_UNACKED_RESTORE_INTERVAL", 10),
    "unacked_restore_throttle": 1,
}
# Extraction (CPU) and fetching (network waits) get their own queues, so a burst of slow feed
# polls cannot hold every worker while articles wait. A single worker can consume all of them
# (`-Q extract,fetch,celery`); docs/scaling.md shows the split. Eager mode ignores routes.
CELERY_TASK_ROUTES = {
    "ingest.tasks.process_article": {"queue": "extract"},
    "ingest.tasks.poll_*": {"queue": "fetch"},
    "ingest.tasks.fetch_*": {"queue": "fetch"},
}
# --- Ingest leases and the delivery sweep (issue 17; docs/operations.md "Lost messages") -------
# A worker's claim on an article is a lease of INGEST_LEASE_SECONDS, renewed while the pipeline
# runs; once it runs out (the worker died) a redelivered task or the sweep takes the article over.
# Beat's sweep runs every INGEST_SWEEP_SECONDS: it resends articles `queued` for at least
# INGEST_SWEEP_GRACE_SECONDS whose message is not in the broker, and those whose lease ran out.
# A task that meets a database/broker error retries INGEST_TASK_RETRIES times, then leaves the
# article to the sweep (or records the failure, when the database answers).
INGEST_LEASE_SECONDS = env_int("INGEST_LEASE_SECONDS", 60)
INGEST_SWEEP_SECONDS = env_int("INGEST_SWEEP_SECONDS", env_int("REQUEUE_STALE_EVERY_SECONDS", 20))
INGEST_SWEEP_GRACE_SECONDS = env_int("INGEST_SWEEP_GRACE_SECONDS", 10)
INGEST_TASK_RETRIES = env_int("INGEST_TASK_RETRIES", 5)

CELERY_BEAT_SCHEDULE = {
    # Each run polls only the feeds whose next_poll_at has passed (their own interval, back-off).
    "poll-due-feeds": {
        "task": "ingest.tasks.poll_due_feeds_task",
        "schedule": float(env_int("FEED_POLL_EVERY_SECONDS", 60)),
    },
    # Articles whose message never reached a worker (broker down at submission) or whose worker
    # died mid-task get their task sent again; see ingest.lifecycle.articles_requeue_stale.
    "requeue-stale-articles": {
        "task": "ingest.tasks.requeue_stale_articles_task",
        "schedule": float(INGEST_SWEEP_SECONDS),
    },
    # Recounts Actor/Location.event_count; the write paths recount what they touch, this catches
    # the rest (admin deletes, bulk changes) within a minute. See events/services/counts.py.
    # Alerts: the daily e-mail digests (issue 19).
    "alerts-daily-digests": {
        "task": "alerts.tasks.send_daily_digests_task",
        "schedule": float(env_int("ALERTS_DIGEST_EVERY_SECONDS", 86_400)),
    },
    "refresh-event-counts": {
        "task": "events.tasks.refresh_event_counts_task",
        "schedule": float(EVENT_COUNTS_REFRESH_SECONDS),
    },
}


# --- Who may read (issue 17.6: private deployments; docs/operations.md "Private deployments") ---
# PUBLIC_READ=0: every page, export, the map data, autocomplete, the API and its schema need a
# signed-in user (or an API token). API_PUBLIC_READ is its older name and keeps working; set both
# and they must agree. Read per request (events.permissions.read_is_public).
def _public_read() -> bool:
    given = {name: env_bool(name, True) for name in ("PUBLIC_READ", "API_PUBLIC_READ") if os.environ.get(name)}
    if len(set(given.values())) > 1:
        raise ImproperlyConfigured("PUBLIC_READ and API_PUBLIC_READ (its older name) disagree; set one of them")
    return next(iter(given.values()), True)


PUBLIC_READ = _public_read()
API_PUBLIC_READ = PUBLIC_READ

# --- REST framework ---------------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["events.api.permissions.ReadAccess"],
    # Bodies over the size an article can take, or JSON nested too deep, are a 400 before parsing.
    "DEFAULT_PARSER_CLASSES": [
        "events.api.parsers.BoundedJSONParser",
        "events.api.parsers.BoundedFormParser",
        "events.api.parsers.BoundedMultiPartParser",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.CursorPagination",
    "PAGE_SIZE": env_int("API_PAGE_SIZE", 50),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "events.api.exceptions.exception_handler",
    # Counted in the shared "throttle" cache, atomically (events/api/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": [
        "events.api.throttling.AnonRateThrottle",
        "events.api.throttling.UserRateThrottle",
    ],
    # Anonymous clients are told apart by address: REMOTE_ADDR, or with N reverse proxies in front
    # the Nth address from the end of X-Forwarded-For. 0 ignores the header, which a client could
    # otherwise set to anything to get a fresh budget per request.
    "NUM_PROXIES": env_int("API_NUM_PROXIES", 0),
    "DEFAULT_THROTTLE_RATES": {
        "anon": env_str("API_THROTTLE_ANON", "600/minute"),
        "user": env_str("API_THROTTLE_USER", "6000/minute"),
    },
}
# Browsers on these origins (scheme://host[:port], comma-separated) may call the API from scripts.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS")
CORS_ALLOW_ALL_ORIGINS = env_bool("CORS_ALLOW_ALL_ORIGINS", False)
CORS_URLS_REGEX = r"^/api/.*$"
CORS_EXPOSE_HEADERS = ["Content-Disposition", "Retry-After"]
SPECTACULAR_SETTINGS = {
    "TITLE": "Conflict event tracker API",
    "DESCRIPTION": "Events, actors, locations, quotes and articles extracted from news reports.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SERVE_PERMISSIONS": ["events.api.permissions.ReadAccess"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "events.api.schema.add_error_responses",
        "events.api.schema.add_filter_constraints",
        "events.api.schema.mark_anonymous_reads",
        "events.api.schema.describe_submission",
    ],
}

# --- Ingest -----------------------------------------------------------------------------------
# --- The largest article (issue 17: one size limit; docs/operations.md "Article size") ----------
# UTF-8 bytes of an article's text or HTML, checked with one message by the API, `manage.py ingest`,
# the fetcher (ingest_url, feeds) and the pipeline (ingest/extraction/normalize.py gets it from
# ingest/apps.py). The default is events.documents.DEFAULT_MAX_ARTICLE_BYTES.
INGEST_MAX_BYTES = env_int("INGEST_MAX_BYTES", 2_000_000)
if INGEST_MAX_BYTES < 1000:
    raise ImproperlyConfigured(f"INGEST_MAX_BYTES must be at least 1000, got {INGEST_MAX_BYTES}")
# An admin form holding an article of that size, percent-encoded (3 bytes a byte), must still fit.
DATA_UPLOAD_MAX_MEMORY_SIZE = 3 * INGEST_MAX_BYTES + 64 * 1024
INGEST_MIN_WORDS = env_int("INGEST_MIN_WORDS", 20)
INGEST_ALLOWED_NETWORKS = env_list("INGEST_ALLOWED_NETWORKS")
INGEST_FETCH_TIMEOUT = env_int("INGEST_FETCH_TIMEOUT", 15)
INGEST_CONTACT_URL = env_str("INGEST_CONTACT_URL", "https://example.org/conflict-tracker/bot")
INGEST_NEAR_DUPLICATE_THRESHOLD = float(env_str("INGEST_NEAR_DUPLICATE_THRESHOLD", "0.8"))
# A `queued` article older than this is assumed to have lost its message and is sent again.
INGEST_REQUEUE_AFTER_MINUTES = env_int("INGEST_REQUEUE_AFTER_MINUTES", 10)

# --- Alerts (issue 19; docs/alerts.md) ----------------------------------------------------------
# Webhook attempts per notification, the first retry's delay (doubling each time), the request
# timeout, and how many failed notifications in a row pause a subscription.
ALERTS_WEBHOOK_MAX_ATTEMPTS = env_int("ALERTS_WEBHOOK_MAX_ATTEMPTS", 6)
ALERTS_WEBHOOK_BACKOFF_SECONDS = env_float("ALERTS_WEBHOOK_BACKOFF_SECONDS", 30.0)
ALERTS_WEBHOOK_TIMEOUT = env_float("ALERTS_WEBHOOK_TIMEOUT", 10.0)
ALERTS_MAX_CONSECUTIVE_FAILURES = env_int("ALERTS_MAX_CONSECUTIVE_FAILURES", 5)
# Absolute links in e-mails (event pages, the unsubscribe link).
ALERTS_SITE_URL = env_str("ALERTS_SITE_URL", "http://127.0.0.1:8000")
# E-mail: the console in the embedded mode; SMTP once EMAIL_HOST is set.
EMAIL_HOST = env_str("EMAIL_HOST")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "alerts@localhost")
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)

# --- Production hardening ---------------------------------------------------------------------
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_CONTENT_TYPE_NOSNIFF = True
    X_FRAME_OPTIONS = "DENY"

LOG_FORMAT = env_str("LOG_FORMAT", "plain")
if LOG_FORMAT not in ("plain", "json"):
    raise ImproperlyConfigured(f"LOG_FORMAT must be plain or json, got {LOG_FORMAT!r}")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        # One JSON object a line, for log shippers (LOG_FORMAT=json).
        "json": {"()": "conflict_tracker.logging.JsonFormatter"},
    },
    "handlers": {"stderr": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["stderr"], "level": env_str("LOG_LEVEL", "INFO")},
}
