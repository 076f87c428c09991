"""Async views: class-based, `async def get`. Waits are awaited, so one process holds many requests.

The ORM is sync-only underneath: `async for` over a RawQuerySet runs the query through
sync_to_async (thread_sensitive=True). Under Django's ASGIHandler every request runs inside its
own ThreadSensitiveContext, so that means one thread per request, not one per process
(see README.md, "thread_sensitive").
"""
import asyncio
import time

from django.views import View

from . import blocking, params, responses, stream, upstream
from .longpoll import LongPoll
from .models import Book
from .params import BadRequest, ServiceError
from .queries import counting_sleep_calls, slow_query


class GetOnlyView(View):
    http_method_names = ["get", "head"]

    def http_method_not_allowed(self, request, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN201
        response = responses.not_allowed(request.method)

        async def func():  # noqa: ANN202 (Django awaits this when the view is async)
            return response

        return func()


class ContractView(GetOnlyView):
    """GET handler shell: times the handler, maps a bad parameter to 400."""

    async def get(self, request):  # noqa: ANN001, ANN201
        started = time.perf_counter()
        try:
            body = await self.respond(request.GET)
        except BadRequest as e:
            return responses.bad_request(e)
        except ServiceError as e:
            return responses.service_error(e)
        except Exception as e:  # noqa: BLE001 (named in the body, so verification shows it)
            return responses.server_error(e)
        return responses.finished(body, started)

    async def respond(self, q) -> dict:  # noqa: ANN001
        raise NotImplementedError


class HealthView(GetOnlyView):
    async def get(self, request):  # noqa: ANN001, ANN201
        return responses.health("async")


class SleepView(ContractView):
    async def respond(self, q) -> dict:  # noqa: ANN001
        ms = params.sleep_ms(q)
        await asyncio.sleep(ms / 1000)
        return {"scenario": "sleep", "ms": ms}


class DbView(ContractView):
    async def respond(self, q) -> dict:  # noqa: ANN001
        rows, delay_ms = params.db_params(q)
        sql, args = slow_query(rows, delay_ms)
        with counting_sleep_calls() as calls:
            # RawQuerySet.__aiter__ runs the query via sync_to_async (thread_sensitive=True).
            books = [b.as_json() async for b in Book.objects.raw(sql, args)]
        return {"scenario": "db", "rows": rows, "delay_ms": delay_ms, "sleepCalls": calls.count, "books": books}


class LongPollView(ContractView):
    async def respond(self, q) -> dict:  # noqa: ANN001
        lp = LongPoll.parse(q)
        while (left := lp.wait_s()) > 0:
            await asyncio.sleep(left)
        return lp.body()


class NaiveDbView(ContractView):
    """The pitfall (target django-asgi-naive): the ORM iterated with a plain `for` inside `async def`.

    Django raises SynchronousOnlyOperation before any query runs; ContractView answers 500 with the
    exception's name and the fix, which verification shows before any load starts.
    """

    async def respond(self, q) -> dict:  # noqa: ANN001
        rows, delay_ms = params.db_params(q)
        books = [b.as_json() for b in Book.objects.all().order_by("id")[:rows]]
        return {"scenario": "db", "rows": rows, "delay_ms": delay_ms, "sleepCalls": 0, "books": books}


class StreamView(GetOnlyView):
    """An async iterator: each chunk is awaited on the event loop, no thread."""

    chunks = staticmethod(stream.async_chunks)

    async def get(self, request):  # noqa: ANN001, ANN201
        started = time.perf_counter()
        try:
            chunks, interval_ms = params.stream_params(request.GET)
        except BadRequest as e:
            return responses.bad_request(e)
        return stream.response(self.chunks(chunks, interval_ms, started))


class SyncStreamView(StreamView):
    """The mismatched pairing (target django-asgi-syncstream): an async view returning a sync generator."""

    chunks = staticmethod(stream.sync_chunks)


class UpstreamView(ContractView):
    async def respond(self, q) -> dict:  # noqa: ANN001
        fanout, ms, client = params.upstream_params(q)
        return upstream.body(fanout, ms, await upstream.call_async(fanout, ms, client), concurrent=True, client=client)


class SyncToAsyncView(ContractView):
    async def respond(self, q) -> dict:  # noqa: ANN001
        mode, ms, calls = params.blocking_params(q)
        return blocking.body(mode, ms, calls, await blocking.run_async(mode, ms, calls))
