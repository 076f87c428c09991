"""DATABASES from the environment: SQLite by default, PostgreSQL when DATABASE_URL is set.

Never print DATABASE_URL: it may carry a password.
"""
import os
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_SQLITE = BASE_DIR / "data" / "books.sqlite3"


def _pool_size() -> int:
    raw = os.environ.get("ASYNCBENCH_DB_POOL", "").strip()
    if not raw or raw == "0":
        return 0
    if not raw.isdigit():
        raise ValueError(f"ASYNCBENCH_DB_POOL must be a whole number of connections, got {raw!r}")
    return int(raw)


def _conn_max_age():
    """CONN_MAX_AGE: 0 (a connection per request) unless ASYNCBENCH_CONN_MAX_AGE says seconds or "none" (forever).

    The persistent setting exists for the documented pitfall (target django-asgi-persistentdb): under
    ASGI each request runs its ORM work on a thread of its own, and a persistent connection belongs to
    the thread that opened it, so connections pile up until PostgreSQL refuses more.
    """
    raw = os.environ.get("ASYNCBENCH_CONN_MAX_AGE", "").strip().lower()
    if not raw:
        return 0
    if raw == "none":
        return None
    if not raw.isdigit():
        raise ValueError(f"ASYNCBENCH_CONN_MAX_AGE must be seconds or 'none', got {raw!r}")
    return int(raw)


def postgres(url: str) -> dict:
    parts = urlsplit(url)
    if parts.scheme not in ("postgres", "postgresql"):
        raise ValueError("DATABASE_URL must start with postgres:// or postgresql://")
    query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    options: dict = {}
    if "sslmode" in query:
        options["sslmode"] = query["sslmode"]
    pool = _pool_size()
    if pool:
        # Django 5.1+ psycopg_pool: one pool per worker process, shared by its threads. A request
        # waits up to `timeout` seconds for a free connection, longer than any db request we send.
        options["pool"] = {"min_size": pool, "max_size": pool, "timeout": 120}
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        # ?host=/path/to/socket-dir selects a Unix socket, as libpq does.
        "HOST": query.get("host") or parts.hostname or "",
        "PORT": str(parts.port or ""),
        # A new connection per request (0): comparable across servers; the pool, when on, reuses them.
        "CONN_MAX_AGE": _conn_max_age(),
        "OPTIONS": options,
    }


def sqlite(path: str) -> dict:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": path,
        "CONN_MAX_AGE": 0,
        # WAL lets concurrent readers proceed; the mode is stored in the file, so this is a no-op
        # after the first connection (seed sets it too).
        "OPTIONS": {"init_command": "PRAGMA journal_mode=WAL;", "timeout": 30},
    }


def databases() -> dict:
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return {"default": postgres(url)}
    return {"default": sqlite(os.environ.get("ASYNCBENCH_SQLITE_PATH") or str(DEFAULT_SQLITE))}
