"""The no-signals variant (target django-asgi-nosignals): async views with no thread hop per request.

MEASUREMENT ONLY, not a recommended production setting. Under ASGI, Django 5.2's ASGIHandler
(django/core/handlers/asgi.py) runs every request in its own ThreadSensitiveContext and
- sends request_started with `asend`: its receivers reset_queries and close_old_connections are
  sync, so they run through sync_to_async, on the request's own new thread;
- ends with `await sync_to_async(response.close)()`, which sends request_finished (sync receiver
  close_old_connections) on that thread again.
So every request costs a thread and two hops even when the view never touches one. This variant
disconnects those receivers and runs response.close inline. It is only correct for views that need
no per-request database connection management: close_old_connections is what closes a connection
past CONN_MAX_AGE or broken by an error, and reset_queries bounds the query log under DEBUG. The
/db view here (async ORM, on its own thread, CONN_MAX_AGE=0) would keep a connection per thread
open without them, so the variant is measured on sleep, stream, upstream and sync-to-async.
"""
from asgiref.sync import sync_to_async


def remove_thread_hops() -> None:
    from django.core import signals
    from django.core.handlers import asgi
    from django.db import close_old_connections, reset_queries
    from django.http.response import HttpResponseBase

    signals.request_started.disconnect(reset_queries)
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)

    def hopless_sync_to_async(func, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        # response.close with no sync receivers left only closes the content iterator: no I/O.
        if getattr(func, "__name__", "") == "close" and isinstance(getattr(func, "__self__", None), HttpResponseBase):
            async def close_inline():  # noqa: ANN202
                return func()

            return close_inline
        return sync_to_async(func, *args, **kwargs)

    # ASGIHandler looks sync_to_async up in its module's globals on every request.
    asgi.sync_to_async = hopless_sync_to_async
