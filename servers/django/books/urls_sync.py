from django.urls import path

from . import views_sync as v
from .responses import not_found

urlpatterns = [
    path("health", v.health),
    path("sleep", v.sleep),
    path("db", v.db),
    path("longpoll", v.longpoll),
]
handler404 = not_found
