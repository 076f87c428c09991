"""Sync views: plain functions that block their worker (or thread) for the whole wait."""
import functools
import time

from . import params, responses
from .longpoll import LongPoll
from .models import Book
from .params import BadRequest
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
