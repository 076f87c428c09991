"""/upstream: the view calls an upstream HTTP service `fanout` times (its /sleep?ms=M).

ASYNCBENCH_UPSTREAM_URL names the upstream (the harness starts one on loopback). The async view
awaits the calls together (asyncio.gather) on one client per process and event loop: aiohttp's
ClientSession by default, or httpx.AsyncClient with `client=httpx`. The sync view makes them one
after another on one httpx.Client per process (thread-safe). No pool limits connections: the calls a
request makes are never queued in the client, so the floor is M (async) or fanout x M (sync), as
scenarios/upstream.ts says.

Why aiohttp by default: the client's own CPU decides whether async views win here, and httpx 0.28.1
on httpcore 1.0.9 (the newest release of both) spends it in the pool's bookkeeping, which walks every
pooled connection for every idle one on each request (httpcore/_async/connection_pool.py,
_assign_requests_to_connections; encode/httpx#3215, fixed in pydantic/httpx2 #974 and #1075, not in
httpcore). Measured in one process on this 2-core machine, 300 gathered calls to the Node upstream's
/sleep?ms=100, on a warm pool: httpx.AsyncClient 25 CPU-seconds (83 ms per call), httpx2 2.16.2
0.86 s, aiohttp 3.14.5 0.06 s (0.2 ms per call); 30 calls: 0.10 s, 0.03 s and 0.005 s. At 100
connections x fanout 3, one worker holds 300 calls, so with httpx it is CPU-bound on the client.
"""
import asyncio
import json
import os
import time

import aiohttp
import httpx

from .params import ServiceError

_LIMITS = httpx.Limits(max_connections=None, max_keepalive_connections=None, keepalive_expiry=65)
_sync_client: httpx.Client | None = None
_async_clients: dict[tuple[str, int], "httpx.AsyncClient | aiohttp.ClientSession"] = {}


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


def async_client(name: str) -> "httpx.AsyncClient | aiohttp.ClientSession":
    # A client belongs to the loop it first ran on: one per loop (one per process in a server).
    loop = asyncio.get_running_loop()
    key = (name, id(loop))
    client = _async_clients.get(key)
    if client is None:
        if name == "httpx":
            client = httpx.AsyncClient(limits=_LIMITS)
        else:
            client = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0, keepalive_timeout=65))
        _async_clients[key] = client
    return client


def _call_result(status: int, text: str, ms: int, started: float) -> dict:
    elapsed = (time.perf_counter() - started) * 1000
    if status != 200:
        raise ServiceError(502, f"upstream answered {status}: {text[:200]}")
    try:
        body = json.loads(text)
    except ValueError as e:
        raise ServiceError(502, f"upstream answered a body that is not JSON: {text[:200]}") from e
    if body.get("scenario") != "sleep" or body.get("ms") != ms:
        raise ServiceError(502, f"upstream answered an unexpected body: {text[:200]}")
    return {"ms": ms, "pid": body.get("pid"), "callMs": elapsed}


async def _call_httpx(client: httpx.AsyncClient, url: str, ms: int) -> dict:
    started = time.perf_counter()
    try:
        r = await client.get(url, params={"ms": ms}, timeout=_timeout(ms))
    except httpx.HTTPError as e:
        raise ServiceError(502, f"upstream call failed: {type(e).__name__}: {e}") from e
    return _call_result(r.status_code, r.text, ms, started)


async def _call_aiohttp(session: aiohttp.ClientSession, url: str, ms: int) -> dict:
    started = time.perf_counter()
    try:
        async with session.get(url, params={"ms": ms}, timeout=aiohttp.ClientTimeout(total=ms / 1000 + 30)) as r:
            return _call_result(r.status, await r.text(), ms, started)
    except (aiohttp.ClientError, asyncio.TimeoutError) as e:
        raise ServiceError(502, f"upstream call failed: {type(e).__name__}: {e}") from e


async def call_async(fanout: int, ms: int, client_name: str) -> list[dict]:
    url, client = f"{base_url()}/sleep", async_client(client_name)
    one = _call_httpx if client_name == "httpx" else _call_aiohttp
    return list(await asyncio.gather(*(one(client, url, ms) for _ in range(fanout))))  # type: ignore[arg-type]


def call_sync(fanout: int, ms: int) -> list[dict]:
    url, client = base_url(), sync_client()
    out = []
    for _ in range(fanout):
        started = time.perf_counter()
        try:
            r = client.get(f"{url}/sleep", params={"ms": ms}, timeout=_timeout(ms))
        except httpx.HTTPError as e:
            raise ServiceError(502, f"upstream call failed: {type(e).__name__}: {e}") from e
        out.append(_call_result(r.status_code, r.text, ms, started))
    return out


def body(fanout: int, ms: int, calls: list[dict], concurrent: bool, client: str) -> dict:
    return {"scenario": "upstream", "fanout": fanout, "ms": ms, "concurrent": concurrent, "client": client, "calls": calls}
