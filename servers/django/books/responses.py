"""JSON responses of the contract, the same for both view styles."""
import logging
import os
import time

from django.http import JsonResponse

from .params import BadRequest


def json(body: dict, status: int = 200) -> JsonResponse:
    response = JsonResponse(body, status=status)
    # Without CommonMiddleware nothing sets Content-Length, and servers fall back to chunked
    # transfer encoding; every server in the comparison sends a plain length-delimited body.
    response["Content-Length"] = str(len(response.content))
    return response


def health(views: str) -> JsonResponse:
    return json({"status": "ok", "server": "django", "views": views, "pid": os.getpid()})


def finished(body: dict, started: float) -> JsonResponse:
    """Adds pid and serverMs (handler entry to just before the response is written)."""
    return json({**body, "pid": os.getpid(), "serverMs": (time.perf_counter() - started) * 1000})


def bad_request(error: BadRequest) -> JsonResponse:
    return json({"error": str(error)}, status=400)


def not_allowed(method: str) -> JsonResponse:
    return json({"error": f"{method} is not allowed; every endpoint is GET"}, status=405)


def not_found(request, exception=None) -> JsonResponse:  # noqa: ANN001 (Django handler signature)
    return json({"error": f"no route for {request.path}"}, status=404)


def service_error(error) -> JsonResponse:  # noqa: ANN001 (params.ServiceError)
    return json({"error": str(error)}, status=error.status)


# The fix for exceptions a reader is likely to meet, shown with the error (verification prints it).
FIXES = {
    "SynchronousOnlyOperation": (
        "an async view ran the ORM synchronously. Iterate with `async for book in Book.objects.all()` "
        "(or use the a-methods: aget, acount, ...), or move the sync code into a function called with "
        "`await sync_to_async(fn)()`. Not DJANGO_ALLOW_ASYNC_UNSAFE: Django says it is for development "
        "only and risks data corruption"
    ),
}


def server_error(error: Exception) -> JsonResponse:
    """500 that names the exception (and its fix when known), so a failed check says what broke."""
    name = type(error).__name__
    logging.getLogger("books").error("%s in a view", name, exc_info=error)
    body = {"error": f"{name}: {error}", "exception": name}
    if name in FIXES:
        body["fix"] = FIXES[name]
    return json(body, status=500)
