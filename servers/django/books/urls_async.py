from django.urls import path

from . import views_async as v
from .responses import not_found

urlpatterns = [
    path("health", v.HealthView.as_view()),
    path("sleep", v.SleepView.as_view()),
    path("db", v.DbView.as_view()),
    path("longpoll", v.LongPollView.as_view()),
]
handler404 = not_found
