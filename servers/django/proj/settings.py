"""Settings for measuring, not for production: no middleware, no sessions/auth/admin, quiet logs."""
import os

from .database import BASE_DIR, databases

# A fixed, public default: these servers only ever listen on loopback for benchmarks.
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "asyncbench-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "::1"]

ASYNCBENCH_VIEWS = os.environ.get("ASYNCBENCH_VIEWS", "async").strip() or "async"
if ASYNCBENCH_VIEWS not in ("async", "sync"):
    raise ValueError(f"ASYNCBENCH_VIEWS must be async or sync, got {ASYNCBENCH_VIEWS!r}")

# Target variants for measurement (servers/targets/django.ts), never production settings:
#   naive-db: the async /db iterates the ORM with a plain `for` (raises SynchronousOnlyOperation);
#   sync-stream: the async /stream returns a sync generator (the mismatched pairing under ASGI);
#   no-signals: the sync request_started/request_finished receivers are disconnected and
#     response.close runs inline, so an async view makes no thread hop (books/nosignals.py).
ASYNCBENCH_VARIANT = os.environ.get("ASYNCBENCH_VARIANT", "").strip()
if ASYNCBENCH_VARIANT not in ("", "naive-db", "sync-stream", "no-signals"):
    raise ValueError(f"ASYNCBENCH_VARIANT must be naive-db, sync-stream or no-signals, got {ASYNCBENCH_VARIANT!r}")

INSTALLED_APPS = ["books"]
# No middleware at all: every request goes straight to its view, in both handler styles.
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "proj.urls"
TEMPLATES: list[dict] = []
WSGI_APPLICATION = "proj.wsgi.application"
ASGI_APPLICATION = "proj.asgi.application"

DATABASES = databases()
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False

# Warnings and errors only, to stderr; no per-request lines (django.request logs every 4xx).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"django.request": {"level": "ERROR"}, "django.server": {"level": "ERROR"}},
}

BASE_DIR = BASE_DIR
