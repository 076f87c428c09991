"""Query-string parsing per servers/CONTRACT.md: decimal integers, ranges enforced, 400 otherwise."""
import re

from django.http import QueryDict

MAX_SAFE_INTEGER = 2**53 - 1
_DECIMAL = re.compile(r"[0-9]+")


class BadRequest(Exception):
    pass


def int_param(q: QueryDict, name: str, default: int, lo: int, hi: int) -> int:
    """A missing parameter takes its default; a present one must be a decimal integer in lo..hi."""
    raw = q.get(name)
    if raw is None:
        return default
    if not _DECIMAL.fullmatch(raw):
        raise BadRequest(f'{name} must be a decimal integer in {lo}..{hi}, got "{raw}"')
    n = int(raw)
    if n < lo or n > hi:
        raise BadRequest(f"{name} must be between {lo} and {hi}, got {n}")
    return n


def sleep_ms(q: QueryDict) -> int:
    return int_param(q, "ms", 100, 0, 60_000)


def db_params(q: QueryDict) -> tuple[int, int]:
    return int_param(q, "rows", 20, 1, 500), int_param(q, "delay_ms", 50, 0, 60_000)


class ServiceError(Exception):
    """A request the view cannot serve for a reason other than its parameters (an upstream failed)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


def stream_params(q: QueryDict) -> tuple[int, int]:
    return int_param(q, "chunks", 10, 1, 1000), int_param(q, "interval_ms", 100, 0, 60_000)


UPSTREAM_CLIENTS = ("aiohttp", "httpx")


def upstream_params(q: QueryDict) -> tuple[int, int, str]:
    """fanout, ms, and the async views' HTTP client (sync views always use httpx.Client)."""
    client = q.get("client", UPSTREAM_CLIENTS[0])
    if client not in UPSTREAM_CLIENTS:
        raise BadRequest(f'client must be one of {", ".join(UPSTREAM_CLIENTS)}, got "{client}"')
    return int_param(q, "fanout", 3, 1, 20), int_param(q, "ms", 100, 0, 60_000), client


BLOCKING_MODES = ("native", "sensitive", "insensitive")


def blocking_params(q: QueryDict) -> tuple[str, int, int]:
    mode = q.get("mode", "sensitive")
    if mode not in BLOCKING_MODES:
        raise BadRequest(f'mode must be one of {", ".join(BLOCKING_MODES)}, got "{mode}"')
    return mode, int_param(q, "ms", 100, 0, 60_000), int_param(q, "calls", 2, 1, 20)
