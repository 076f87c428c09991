from django.urls import path

from . import views_sync as v
from .responses import not_found

urlpatterns = [
    path("health", v.health),
    path("sleep", v.sleep),
    path("db", v.db),
    path("longpoll", v.longpoll),
    path("stream", v.stream_view),
    path("upstream", v.upstream_view),
    path("sync-to-async", v.sync_to_async_view),
]
handler404 = not_found
