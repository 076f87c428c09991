"""The one slow query of /db, and the sleep() that SQLite runs inside it.

The wait happens inside the database engine, once per query: both engines evaluate an
uncorrelated scalar subquery once (PostgreSQL as a one-time InitPlan). Not EXISTS: PostgreSQL
drops an EXISTS subquery's select list, so `EXISTS (SELECT pg_sleep(x))` never sleeps.

Both engines count the calls they really made (issue 16: PostgreSQL used to report a hard-coded
1, so the check that it is 1 could not fail). On PostgreSQL the wait is asyncbench_sleep()
(migration 0002): pg_sleep plus one NOTICE per call, counted by the connection's notice handler.
"""
import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from django.db import connection

SQLITE_SQL = "SELECT id, title, author, year FROM books WHERE (SELECT sleep(%s)) = 0 ORDER BY id LIMIT %s"
POSTGRES_SQL = "SELECT id, title, author, year FROM books WHERE (SELECT asyncbench_sleep(%s)) = 1 ORDER BY id LIMIT %s"
SLEEP_NOTICE = "asyncbench_sleep"

# The calls of the query being run. A context variable, not a per-process or per-connection total:
# sync_to_async runs the query in a copy of the request's context, so the count belongs to this
# request's query even if another request's query shares the thread or the connection.
_calls: ContextVar[list[int] | None] = ContextVar("asyncbench_sleep_calls", default=None)


def _count_call() -> None:
    calls = _calls.get()
    if calls is not None:
        calls[0] += 1


def sqlite_sleep(ms: int) -> int:
    _count_call()
    if ms and ms > 0:
        # time.sleep releases the GIL, so other threads run while this query waits.
        time.sleep(ms / 1000)
    return 0


def _on_notice(diag) -> None:  # noqa: ANN001 (psycopg.errors.Diagnostic)
    # psycopg calls this on the thread running the query, in its context: the request's counter.
    if diag.message_primary == SLEEP_NOTICE:
        _count_call()


def register_sleep(sender, connection, **kwargs) -> None:  # noqa: ANN001 (signal receiver)
    """connection_created receiver: SQLite gets sleep(ms); PostgreSQL, a counter of asyncbench_sleep() calls."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("sleep", 1, sqlite_sleep)
    elif connection.vendor == "postgresql":
        raw = connection.connection
        # A pooled connection is handed out again and again: one handler each, or calls count twice.
        if not getattr(raw, "_asyncbench_counts_sleep", False):
            raw.add_notice_handler(_on_notice)
            raw._asyncbench_counts_sleep = True


def slow_query(rows: int, delay_ms: int) -> tuple[str, list]:
    """SQL and params for the configured engine."""
    if connection.vendor == "sqlite":
        return SQLITE_SQL, [delay_ms, rows]
    return POSTGRES_SQL, [delay_ms / 1000, rows]


class SleepCalls:
    def __init__(self) -> None:
        self._box = [0]

    @property
    def count(self) -> int:
        return self._box[0]


@contextmanager
def counting_sleep_calls() -> Iterator[SleepCalls]:
    """Counts sleep() calls made by queries run inside the block (in this context)."""
    calls = SleepCalls()
    token = _calls.set(calls._box)
    try:
        yield calls
    finally:
        _calls.reset(token)
