"""The issue-11 endpoints on both view styles (stream, upstream without an upstream, sync-to-async)
and the naive view's failure: `.venv/bin/python manage.py test`. Load, timing per chunk and the
upstream's real calls are tested through the harness (servers/django/issue11.test.ts)."""
import asyncio
import json
import os
import time

from django.test import AsyncClient, Client, RequestFactory, SimpleTestCase, TestCase, override_settings

from . import blocking

BAD = ["/stream?chunks=0", "/stream?interval_ms=60001", "/upstream?fanout=0", "/upstream?ms=x", "/upstream?client=requests", "/sync-to-async?mode=fast", "/sync-to-async?calls=0"]


def lines(content: bytes) -> list[dict]:
    assert content.endswith(b"\n")
    return [json.loads(x) for x in content.decode().splitlines()]


@override_settings(ROOT_URLCONF="books.urls_sync")
class SyncViewsIssue11Tests(SimpleTestCase):
    def test_stream_is_a_sync_generator_of_ordered_chunks(self) -> None:
        started = time.perf_counter()
        r = Client().get("/stream?chunks=3&interval_ms=20")
        self.assertTrue(r.streaming)
        self.assertEqual(r["Content-Type"], "application/x-ndjson")
        got = lines(b"".join(r.streaming_content))
        self.assertGreaterEqual(time.perf_counter() - started, 0.06)
        self.assertEqual([c["chunk"] for c in got], [1, 2, 3])
        self.assertEqual({c["pid"] for c in got}, {os.getpid()})
        self.assertGreaterEqual(got[-1]["serverMs"], 60)
        self.assertNotIn("serverMs", got[0])

    def test_sync_to_async_runs_the_calls_one_after_another(self) -> None:
        j = Client().get("/sync-to-async?mode=insensitive&ms=30&calls=3").json()
        self.assertEqual({k: j[k] for k in ("scenario", "mode", "ms", "calls", "threadsUsed", "concurrent")}, {"scenario": "sync-to-async", "mode": "insensitive", "ms": 30, "calls": 3, "threadsUsed": 1, "concurrent": False})
        self.assertGreaterEqual(j["serverMs"], 90)

    def test_upstream_without_an_upstream_is_503_naming_the_variable(self) -> None:
        os.environ.pop("ASYNCBENCH_UPSTREAM_URL", None)
        r = Client().get("/upstream")
        self.assertEqual(r.status_code, 503)
        self.assertIn("ASYNCBENCH_UPSTREAM_URL", r.json()["error"])

    def test_bad_params_are_400(self) -> None:
        for path in BAD:
            r = Client().get(path)
            self.assertEqual(r.status_code, 400, path)
            self.assertIn("error", r.json())


@override_settings(ROOT_URLCONF="books.urls_async")
class AsyncViewsIssue11Tests(SimpleTestCase):
    async def test_stream_is_an_async_iterator_of_ordered_chunks(self) -> None:
        r = await AsyncClient().get("/stream?chunks=3&interval_ms=20")
        self.assertTrue(r.is_async)
        got = lines(b"".join([part async for part in r.streaming_content]))
        self.assertEqual([c["chunk"] for c in got], [1, 2, 3])
        self.assertGreaterEqual(got[-1]["serverMs"], 60)

    async def test_sync_to_async_modes(self) -> None:
        c = AsyncClient()
        sensitive = (await c.get("/sync-to-async?mode=sensitive&ms=40&calls=3")).json()
        insensitive = (await c.get("/sync-to-async?mode=insensitive&ms=40&calls=3")).json()
        native = (await c.get("/sync-to-async?mode=native&ms=40&calls=3")).json()
        # Thread-sensitive: the request's own thread, its calls one after another.
        self.assertEqual(sensitive["threadsUsed"], 1)
        self.assertGreaterEqual(sensitive["serverMs"], 120)
        # Thread-insensitive: the default executor, the calls overlap.
        self.assertEqual(insensitive["threadsUsed"], 3)
        self.assertLess(insensitive["serverMs"], 120)
        self.assertEqual(native["threadsUsed"], 0)
        self.assertLess(native["serverMs"], 120)

    async def test_bad_params_are_400(self) -> None:
        for path in BAD:
            r = await AsyncClient().get(path)
            self.assertEqual(r.status_code, 400, path)

    def test_default_executor_threads_is_pythons(self) -> None:
        from concurrent.futures import ThreadPoolExecutor

        self.assertEqual(ThreadPoolExecutor()._max_workers, blocking.default_executor_threads())


class NaiveDbTests(TestCase):
    """The pitfall: a plain `for` over a queryset in `async def` raises SynchronousOnlyOperation."""

    def test_naive_view_answers_500_naming_the_exception_and_the_fix(self) -> None:
        from .views_async import NaiveDbView

        request = RequestFactory().get("/db?rows=3")
        response = asyncio.run(NaiveDbView.as_view()(request))
        self.assertEqual(response.status_code, 500)
        body = json.loads(response.content)
        self.assertEqual(body["exception"], "SynchronousOnlyOperation")
        self.assertIn("SynchronousOnlyOperation", body["error"])
        self.assertIn("async for", body["fix"])
        self.assertIn("sync_to_async", body["fix"])
        self.assertIn("DJANGO_ALLOW_ASYNC_UNSAFE", body["fix"])
