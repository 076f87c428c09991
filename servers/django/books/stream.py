"""/stream: `chunks` newline-delimited JSON chunks, each sent `interval_ms` after the one before.

The handler waits an interval before every chunk, so a stream lasts chunks × interval and its
first chunk leaves one interval after the view started: a later first chunk is time the request
waited before a worker took it (or, for a sync iterator under ASGI, the whole stream: see below).
"""
import asyncio
import json
import os
import time
from typing import AsyncIterator, Iterator

from django.http import StreamingHttpResponse

CONTENT_TYPE = "application/x-ndjson"


def _line(k: int, chunks: int, interval_ms: int, started: float) -> bytes:
    body = {"scenario": "stream", "chunk": k, "chunks": chunks, "interval_ms": interval_ms, "pid": os.getpid()}
    if k == chunks:
        # The whole stream's handler time, so the harness counts streams held at once.
        body["serverMs"] = (time.perf_counter() - started) * 1000
    return (json.dumps(body, separators=(",", ":")) + "\n").encode()


async def async_chunks(chunks: int, interval_ms: int, started: float) -> AsyncIterator[bytes]:
    for k in range(1, chunks + 1):
        await asyncio.sleep(interval_ms / 1000)
        yield _line(k, chunks, interval_ms, started)


def sync_chunks(chunks: int, interval_ms: int, started: float) -> Iterator[bytes]:
    for k in range(1, chunks + 1):
        time.sleep(interval_ms / 1000)
        yield _line(k, chunks, interval_ms, started)


def response(content) -> StreamingHttpResponse:  # noqa: ANN001
    # Under ASGI, Django 5.2 serves a SYNC iterator by `await sync_to_async(list)(iterator)`
    # (StreamingHttpResponse.__aiter__): the whole stream is built on a thread first and sent at
    # once, so nothing streams. The django-asgi-syncstream target measures exactly that.
    r = StreamingHttpResponse(content, content_type=CONTENT_TYPE)
    r["Cache-Control"] = "no-store"
    return r
