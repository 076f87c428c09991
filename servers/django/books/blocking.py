"""/sync-to-async: a sync-only library call (it blocks its thread for `ms`) made `calls` times per
request, the three ways an async view can make it:

- native: there is an async equivalent, awaited (asyncio.sleep): no thread at all;
- sensitive: `await sync_to_async(call)()` (thread_sensitive=True, the default). Under Django's
  ASGIHandler each request runs in its own ThreadSensitiveContext, so each request gets ONE thread
  and its calls run on it one after another, even when gathered: they serialise per request
  (not per process, as they would outside a request, e.g. in a management command or a task);
- insensitive: `sync_to_async(call, thread_sensitive=False)`: the event loop's default executor,
  a ThreadPoolExecutor of min(32, os.cpu_count() + 4) threads per process, shared by every
  request: the calls of one request overlap, but the whole process runs at most that many at once.

The sync view makes the calls one after another on its worker (the mode does not apply).
"""
import asyncio
import os
import threading
import time

from asgiref.sync import sync_to_async


def blocking_call(ms: int) -> int:
    """Stands in for a sync-only library call: blocks this thread; returns the thread that ran it."""
    time.sleep(ms / 1000)
    return threading.get_ident()


def default_executor_threads() -> int:
    # concurrent.futures.ThreadPoolExecutor's default, which asyncio's default executor uses.
    return min(32, (os.cpu_count() or 1) + 4)


async def run_async(mode: str, ms: int, calls: int) -> dict:
    if mode == "native":
        await asyncio.gather(*(asyncio.sleep(ms / 1000) for _ in range(calls)))
        threads: set[int] = set()
    else:
        call = sync_to_async(blocking_call, thread_sensitive=(mode == "sensitive"))
        threads = set(await asyncio.gather(*(call(ms) for _ in range(calls))))
    return {"threadsUsed": len(threads), "concurrent": True}


def run_sync(ms: int, calls: int) -> dict:
    threads = {blocking_call(ms) for _ in range(calls)}
    return {"threadsUsed": len(threads), "concurrent": False}


def body(mode: str, ms: int, calls: int, ran: dict) -> dict:
    return {"scenario": "sync-to-async", "mode": mode, "ms": ms, "calls": calls, **ran}
