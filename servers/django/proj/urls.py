"""Root URLconf: ASYNCBENCH_VIEWS (async|sync) picks which of the two view sets serves the same paths."""
from django.conf import settings

if settings.ASYNCBENCH_VIEWS == "async":
    from books.urls_async import handler404, urlpatterns  # noqa: F401
else:
    from books.urls_sync import handler404, urlpatterns  # noqa: F401
