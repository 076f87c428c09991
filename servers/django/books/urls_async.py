from django.conf import settings
from django.urls import path

from . import views_async as v
from .responses import not_found

# Target variants (ASYNCBENCH_VARIANT, servers/targets/django.ts): the pitfall and the mismatched stream.
db_view = v.NaiveDbView if settings.ASYNCBENCH_VARIANT == "naive-db" else v.DbView
stream_view = v.SyncStreamView if settings.ASYNCBENCH_VARIANT == "sync-stream" else v.StreamView

urlpatterns = [
    path("health", v.HealthView.as_view()),
    path("sleep", v.SleepView.as_view()),
    path("db", db_view.as_view()),
    path("longpoll", v.LongPollView.as_view()),
    path("stream", stream_view.as_view()),
    path("upstream", v.UpstreamView.as_view()),
    path("sync-to-async", v.SyncToAsyncView.as_view()),
]
handler404 = not_found
