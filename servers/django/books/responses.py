"""JSON responses of the contract, the same for both view styles."""
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
