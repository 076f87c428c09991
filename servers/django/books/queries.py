"""The one slow query of /db, and the sleep() that SQLite runs inside it.

The wait happens inside the database engine, once per query: both engines evaluate an
uncorrelated scalar subquery once (PostgreSQL as a one-time InitPlan). Not EXISTS: PostgreSQL
drops an EXISTS subquery's select list, so `EXISTS (SELECT pg_sleep(x))` never sleeps.
"""
import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

from django.db import connection

SQLITE_SQL = "SELECT id, title, author, year FROM books WHERE (SELECT sleep(%s)) = 0 ORDER BY id LIMIT %s"
POSTGRES_SQL = "SELECT id, title, author, year FROM books WHERE (SELECT 1 FROM pg_sleep(%s)) = 1 ORDER BY id LIMIT %s"

# The calls of the query being run. A context variable, not a per-process or per-connection total:
# sync_to_async runs the query in a copy of the request's context, so the count belongs to this
# request's query even if another request's query shares the thread or the connection.
_calls: ContextVar[list[int] | None] = ContextVar("asyncbench_sleep_calls", default=None)


def sqlite_sleep(ms: int) -> int:
    calls = _calls.get()
    if calls is not None:
        calls[0] += 1
    if ms and ms > 0:
        # time.sleep releases the GIL, so other threads run while this query waits.
        time.sleep(ms / 1000)
    return 0


def register_sleep(sender, connection, **kwargs) -> None:  # noqa: ANN001 (signal receiver)
    """connection_created receiver: every new SQLite connection gets sleep(ms)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("sleep", 1, sqlite_sleep)


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
        # pg_sleep runs once per query by construction; the contract has PostgreSQL report 1.
        return self._box[0] if connection.vendor == "sqlite" else 1


@contextmanager
def counting_sleep_calls() -> Iterator[SleepCalls]:
    """Counts sleep() calls made by queries run inside the block (in this context)."""
    calls = SleepCalls()
    token = _calls.set(calls._box)
    try:
        yield calls
    finally:
        _calls.reset(token)
