"""Both view styles against servers/CONTRACT.md: `.venv/bin/python manage.py test`.

TransactionTestCase, not TestCase: the async views query on another thread (sync_to_async), which
has its own connection and would not see rows inside the test's open transaction.
"""
import asyncio
import json
import os
import time
from unittest import mock

from asgiref.sync import sync_to_async
from django.core.management import call_command
from django.db import connections
from django.test import AsyncClient, Client, TransactionTestCase, override_settings

from . import queries
from .models import SEED_COUNT, Book, seed_row

BAD_PARAMS = [
    "/sleep?ms=-1",
    "/sleep?ms=abc",
    "/sleep?ms=60001",
    "/sleep?ms=",
    "/sleep?ms=1.5",
    "/db?rows=0",
    "/db?rows=501",
    "/db?delay_ms=60001",
    "/db?delay_ms=x",
    "/longpoll?period_ms=9",
    "/longpoll?timeout_ms=0",
    "/longpoll?timeout_ms=120001",
    "/longpoll?after=-1",
]


def expected_books(n: int) -> list[dict]:
    return [dict(zip(("id", "title", "author", "year"), seed_row(i))) for i in range(1, n + 1)]


class ContractChecks:
    """Shared assertions; each concrete class supplies `get(path) -> (status, headers, json)`."""

    views: str

    def setUp(self) -> None:  # noqa: D102
        call_command("seed", stdout=open(os.devnull, "w"))

    def get(self, path: str):  # noqa: ANN201
        raise NotImplementedError

    def assert_server_fields(self, body: dict) -> None:
        self.assertEqual(body["pid"], os.getpid())
        self.assertIsInstance(body["serverMs"], float)

    def test_seed_is_idempotent_and_exact(self) -> None:
        call_command("seed", stdout=open(os.devnull, "w"))
        self.assertEqual(Book.objects.count(), SEED_COUNT)
        self.assertEqual(list(Book.objects.order_by("id").values_list("id", "title", "author", "year")), [seed_row(i) for i in range(1, 501)])
        self.assertEqual(Book._meta.db_table, "books")

    def test_health(self) -> None:
        status, headers, body = self.get("/health")
        self.assertEqual(status, 200)
        self.assertEqual(headers["Content-Type"], "application/json")
        self.assertEqual(body, {"status": "ok", "server": "django", "views": self.views, "pid": os.getpid()})

    def test_sleep(self) -> None:
        status, headers, body = self.get("/sleep?ms=30")
        self.assertEqual(status, 200)
        self.assertEqual(int(headers["Content-Length"]), len(json.dumps(body)))
        self.assertEqual(set(body), {"scenario", "ms", "pid", "serverMs"})
        self.assertEqual((body["scenario"], body["ms"]), ("sleep", 30))
        self.assert_server_fields(body)
        self.assertGreaterEqual(body["serverMs"], 30)

    def test_sleep_default(self) -> None:
        self.assertEqual(self.get("/sleep?ms=0")[2]["ms"], 0)
        self.assertEqual(self.get("/sleep")[2]["ms"], 100)

    def test_db_rows_20_and_500_call_sleep_once(self) -> None:
        for rows, delay in ((20, 30), (500, 10), (1, 0)):
            with self.subTest(rows=rows):
                status, _, body = self.get(f"/db?rows={rows}&delay_ms={delay}")
                self.assertEqual(status, 200)
                self.assertEqual(set(body), {"scenario", "rows", "delay_ms", "sleepCalls", "books", "pid", "serverMs"})
                self.assertEqual((body["scenario"], body["rows"], body["delay_ms"]), ("db", rows, delay))
                self.assertEqual(body["sleepCalls"], 1)
                self.assertEqual(body["books"], expected_books(rows))
                self.assert_server_fields(body)
                self.assertGreaterEqual(body["serverMs"], delay)

    def test_sleep_calls_are_counted_so_a_per_row_sleep_is_caught(self) -> None:
        # The contract's "sleepCalls is 1" must be able to fail: a query that sleeps once per row
        # reports a call per row it filtered (issue 16: PostgreSQL used to report a fixed 1).
        per_row = {
            "SQLITE_SQL": queries.SQLITE_SQL.replace("(SELECT sleep(%s)) = 0", "sleep(%s) = 0"),
            "POSTGRES_SQL": queries.POSTGRES_SQL.replace("(SELECT asyncbench_sleep(%s)) = 1", "asyncbench_sleep(%s) = 1"),
        }
        for name, sql in per_row.items():
            self.assertNotEqual(sql, getattr(queries, name), name)
        with mock.patch.multiple(queries, **per_row):
            status, _, body = self.get("/db?rows=5&delay_ms=0")
        self.assertEqual(status, 200)
        self.assertEqual(body["books"], expected_books(5))
        self.assertGreaterEqual(body["sleepCalls"], 5)

    def test_db_defaults(self) -> None:
        body = self.get("/db")[2]
        self.assertEqual((body["rows"], body["delay_ms"], len(body["books"])), (20, 50, 20))

    def test_longpoll_delivers_the_next_event(self) -> None:
        latest = int(time.time() * 1000 // 40)
        status, _, body = self.get(f"/longpoll?after={latest}&period_ms=40&timeout_ms=5000")
        self.assertEqual(status, 200)
        self.assertFalse(body["timedOut"])
        self.assertEqual((body["scenario"], body["after"], body["period_ms"], body["timeout_ms"]), ("longpoll", latest, 40, 5000))
        self.assertEqual(body["firedAtMs"], body["event"] * 40)
        self.assertGreater(body["event"], latest)
        self.assertEqual(body["missed"], max(0, body["event"] - latest - 1))
        self.assert_server_fields(body)
        self.assertLessEqual(body["serverMs"], 40 + 25)

    def test_longpoll_after_zero_misses_nothing(self) -> None:
        body = self.get("/longpoll?period_ms=20")[2]
        self.assertEqual((body["after"], body["missed"], body["timeout_ms"]), (0, 0, 30000))
        # after=0 has seen no event, so it is behind: answered at once with the latest one.
        self.assertLessEqual(body["firedAtMs"], time.time() * 1000)

    def test_longpoll_answers_a_client_that_is_behind_at_once(self) -> None:
        latest = int(time.time() * 1000 // 60000)
        body = self.get(f"/longpoll?after={latest - 3}&period_ms=60000&timeout_ms=5000")[2]
        if body["event"] == latest:  # unless a minute boundary passed between the two clock reads
            self.assertEqual((body["timedOut"], body["firedAtMs"], body["missed"]), (False, latest * 60000, 2))
            self.assertLess(body["serverMs"], 1000)

    def test_longpoll_times_out(self) -> None:
        # Up to date (the cursor is the latest event), so the request is held rather than answered at once.
        # Kept a second clear of the next whole minute, so the event cannot come before the timeout.
        if 60000 - time.time() * 1000 % 60000 < 1000:
            time.sleep(1.1)
        latest = int(time.time() * 1000 // 60000)
        t0 = time.monotonic()
        body = self.get(f"/longpoll?after={latest}&period_ms=60000&timeout_ms=20")[2]
        # Always asserted (issue 16): a server that ignores timeout_ms holds until the event and fails here.
        self.assertTrue(body["timedOut"], body)
        self.assertEqual((body["event"], body["firedAtMs"], body["missed"]), (None, None, 0))
        self.assertGreaterEqual(body["serverMs"], 20)
        self.assertLess(time.monotonic() - t0, 0.9)

    def test_bad_params_are_400_with_error(self) -> None:
        for path in BAD_PARAMS:
            with self.subTest(path=path):
                status, headers, body = self.get(path)
                self.assertEqual(status, 400)
                self.assertEqual(headers["Content-Type"], "application/json")
                self.assertIsInstance(body["error"], str)

    def test_unknown_path_is_404_json(self) -> None:
        status, _, body = self.get("/nope")
        self.assertEqual(status, 404)
        self.assertIn("error", body)


@override_settings(ROOT_URLCONF="books.urls_sync")
class SyncViewsTests(ContractChecks, TransactionTestCase):
    views = "sync"

    def get(self, path: str):  # noqa: ANN201
        r = Client().get(path)
        return r.status_code, r.headers, json.loads(r.content)

    def test_post_is_405(self) -> None:
        self.assertEqual(Client().post("/sleep").status_code, 405)


@override_settings(ROOT_URLCONF="books.urls_async")
class AsyncViewsTests(ContractChecks, TransactionTestCase):
    views = "async"

    def get(self, path: str):  # noqa: ANN201
        async def fetch():  # noqa: ANN202
            return await AsyncClient().get(path)

        r = asyncio.run(fetch())
        return r.status_code, r.headers, json.loads(r.content)

    @classmethod
    def tearDownClass(cls) -> None:
        # get() ran its queries on asgiref's shared thread-sensitive thread, whose connection the
        # test client never closes; close it there, or PostgreSQL refuses to drop the test database.
        asyncio.run(sync_to_async(connections.close_all)())
        super().tearDownClass()

    def test_views_are_coroutines(self) -> None:
        from django.urls import resolve

        for path in ("/health", "/sleep", "/db", "/longpoll"):
            self.assertTrue(asyncio.iscoroutinefunction(resolve(path).func), path)

    async def test_concurrent_sleeps_overlap(self) -> None:
        client = AsyncClient()
        loop = asyncio.get_running_loop()
        t0 = loop.time()
        results = await asyncio.gather(*(client.get("/sleep?ms=200") for _ in range(5)))
        self.assertTrue(all(r.status_code == 200 for r in results))
        self.assertLess(loop.time() - t0, 0.8)  # five 200 ms waits, awaited together

    async def test_concurrent_queries_each_count_one_sleep(self) -> None:
        client = AsyncClient()
        results = await asyncio.gather(*(client.get("/db?rows=20&delay_ms=20") for _ in range(6)))
        self.assertEqual([json.loads(r.content)["sleepCalls"] for r in results], [1] * 6)

    async def test_post_is_405(self) -> None:
        self.assertEqual((await AsyncClient().post("/sleep")).status_code, 405)
