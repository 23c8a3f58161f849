from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when the database answers, 503 when it does not."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


@require_GET
def bench_trivial(request: HttpRequest) -> HttpResponse:
    """The load benchmark's ceiling: "ok" through the whole middleware stack, nothing else.

    Routed only when ``BENCH_TRIVIAL_PAGE`` is on (``bench/load.py`` turns it on).
    """
    return HttpResponse("ok", content_type="text/plain")
