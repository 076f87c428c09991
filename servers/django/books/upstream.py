"""/upstream: the view calls an upstream HTTP service `fanout` times (its /sleep?ms=M).

ASYNCBENCH_UPSTREAM_URL names the upstream (the harness starts one on loopback). The async view
uses one httpx.AsyncClient per process and event loop, and awaits the calls together
(asyncio.gather); the sync view uses one httpx.Client per process (thread-safe) and makes them one
after another. Neither pool limits connections: the calls a request makes are never queued in the
client, so the floor is M (async) or fanout × M (sync), as scenarios/upstream.ts says.

Measured cost of the client itself (one process, calls to the Node upstream's /sleep?ms=100 on this
2-core machine): 30 gathered calls took about 0.1 CPU-seconds, 300 gathered calls 2-5 CPU-seconds
(with max_connections=100: about 3.9 s), i.e. httpx.AsyncClient's per-call CPU grows with the calls
in flight (encode/httpx#3215). At 100 connections × fanout 3 one worker is CPU-bound on the client.
"""
import asyncio
import os
import time

import httpx

from .params import ServiceError

_LIMITS = httpx.Limits(max_connections=None, max_keepalive_connections=None, keepalive_expiry=65)
_sync_client: httpx.Client | None = None
_async_clients: dict[int, httpx.AsyncClient] = {}


def base_url() -> str:
    url = os.environ.get("ASYNCBENCH_UPSTREAM_URL", "").strip().rstrip("/")
    if not url:
        raise ServiceError(503, "ASYNCBENCH_UPSTREAM_URL is not set: the harness starts an upstream server for the upstream scenario and passes its URL")
    return url


def _timeout(ms: int) -> httpx.Timeout:
    return httpx.Timeout(ms / 1000 + 30)


def sync_client() -> httpx.Client:
    global _sync_client
    if _sync_client is None:
        _sync_client = httpx.Client(limits=_LIMITS)
    return _sync_client


def async_client() -> httpx.AsyncClient:
    # An AsyncClient belongs to the loop it first ran on: one per loop (one per process in a server).
    loop = asyncio.get_running_loop()
    client = _async_clients.get(id(loop))
    if client is None:
        client = _async_clients[id(loop)] = httpx.AsyncClient(limits=_LIMITS)
    return client


def _call_result(r: httpx.Response, ms: int, started: float) -> dict:
    elapsed = (time.perf_counter() - started) * 1000
    if r.status_code != 200:
        raise ServiceError(502, f"upstream answered {r.status_code}: {r.text[:200]}")
    body = r.json()
    if body.get("scenario") != "sleep" or body.get("ms") != ms:
        raise ServiceError(502, f"upstream answered an unexpected body: {r.text[:200]}")
    return {"ms": ms, "pid": body.get("pid"), "callMs": elapsed}


async def call_async(fanout: int, ms: int) -> list[dict]:
    url, client = base_url(), async_client()

    async def one() -> dict:
        started = time.perf_counter()
        try:
            r = await client.get(f"{url}/sleep", params={"ms": ms}, timeout=_timeout(ms))
        except httpx.HTTPError as e:
            raise ServiceError(502, f"upstream call failed: {type(e).__name__}: {e}") from e
        return _call_result(r, ms, started)

    return list(await asyncio.gather(*(one() for _ in range(fanout))))


def call_sync(fanout: int, ms: int) -> list[dict]:
    url, client = base_url(), sync_client()
    out = []
    for _ in range(fanout):
        started = time.perf_counter()
        try:
            r = client.get(f"{url}/sleep", params={"ms": ms}, timeout=_timeout(ms))
        except httpx.HTTPError as e:
            raise ServiceError(502, f"upstream call failed: {type(e).__name__}: {e}") from e
        out.append(_call_result(r, ms, started))
    return out


def body(fanout: int, ms: int, calls: list[dict], concurrent: bool) -> dict:
    return {"scenario": "upstream", "fanout": fanout, "ms": ms, "concurrent": concurrent, "calls": calls}
