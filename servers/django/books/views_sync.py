"""Sync views: plain functions that block their worker (or thread) for the whole wait."""
import functools
import time

from . import blocking, params, responses, stream, upstream
from .longpoll import LongPoll
from .models import Book
from .params import BadRequest, ServiceError
from .queries import counting_sleep_calls, slow_query


def get_only(view):  # noqa: ANN001, ANN201
    @functools.wraps(view)
    def guarded(request):  # noqa: ANN001, ANN202
        if request.method not in ("GET", "HEAD"):
            return responses.not_allowed(request.method)
        return view(request)

    return guarded


def contract_view(respond):  # noqa: ANN001, ANN201
    """GET handler shell: times the handler, maps a bad parameter to 400."""

    @get_only
    @functools.wraps(respond)
    def view(request):  # noqa: ANN001, ANN202
        started = time.perf_counter()
        try:
            body = respond(request.GET)
        except BadRequest as e:
            return responses.bad_request(e)
        except ServiceError as e:
            return responses.service_error(e)
        except Exception as e:  # noqa: BLE001 (named in the body, so verification shows it)
            return responses.server_error(e)
        return responses.finished(body, started)

    return view


@get_only
def health(request):  # noqa: ANN001, ANN201
    return responses.health("sync")


@contract_view
def sleep(q) -> dict:  # noqa: ANN001
    ms = params.sleep_ms(q)
    time.sleep(ms / 1000)
    return {"scenario": "sleep", "ms": ms}


@contract_view
def db(q) -> dict:  # noqa: ANN001
    rows, delay_ms = params.db_params(q)
    sql, args = slow_query(rows, delay_ms)
    with counting_sleep_calls() as calls:
        books = [b.as_json() for b in Book.objects.raw(sql, args)]
    return {"scenario": "db", "rows": rows, "delay_ms": delay_ms, "sleepCalls": calls.count, "books": books}


@contract_view
def longpoll(q) -> dict:  # noqa: ANN001
    lp = LongPoll.parse(q)
    while (left := lp.wait_s()) > 0:
        time.sleep(left)
    return lp.body()


@get_only
def stream_view(request):  # noqa: ANN001, ANN201
    """A sync generator: under WSGI the worker is held for the whole stream, one chunk per interval."""
    started = time.perf_counter()
    try:
        chunks, interval_ms = params.stream_params(request.GET)
    except BadRequest as e:
        return responses.bad_request(e)
    return stream.response(stream.sync_chunks(chunks, interval_ms, started))


@contract_view
def upstream_view(q) -> dict:  # noqa: ANN001
    fanout, ms, _client = params.upstream_params(q)  # `client` chooses the async views' client; sync views use httpx.Client
    return upstream.body(fanout, ms, upstream.call_sync(fanout, ms), concurrent=False, client="httpx.Client")


@contract_view
def sync_to_async_view(q) -> dict:  # noqa: ANN001
    mode, ms, calls = params.blocking_params(q)
    return blocking.body(mode, ms, calls, blocking.run_sync(ms, calls))
