# asyncbench's settings for this stock `wagtail start` project: production settings, PostgreSQL
# on the cluster the bench config's setup starts, the v2 API, errors logged to stderr.
import os

from .production import *  # noqa: F401,F403

SECRET_KEY = "bench-only-not-secret"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS += ["wagtail.api.v2", "rest_framework"]  # noqa: F405
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "wagtail",
        "USER": "postgres",
        "HOST": "127.0.0.1",
        "PORT": os.environ.get("WAGTAIL_PG_PORT", "55433"),
        # 0 under ASGI: a connection per request (see asyncbench's servers/django/README.md pitfall).
        "CONN_MAX_AGE": 0,
    }
}
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["stderr"], "level": "WARNING"},
    "loggers": {"django.request": {"level": "ERROR"}},
}
