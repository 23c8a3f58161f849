"""The anonymous rate limit of the open API: one counter for cached and rendered answers.

A fixed window per client address (``core.net.client_address``): the first
request of a window creates its counter, each request adds one, and past
``API_ANON_RATE`` (e.g. ``120/minute``) the client gets a 429 with
``Retry-After`` until the window ends. Two cache operations per request,
against Django REST framework's throttle, which reads, trims and rewrites a
list of timestamps: cheap enough for the public cache to count every answer
it serves without running the API's view machinery (``core.public_cache``).

``AnonAddressThrottle`` is the same counter as a REST framework throttle
class, so an answer rendered by the API and one served from the cache count
in the same window.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from rest_framework.exceptions import Throttled
from rest_framework.throttling import BaseThrottle

from .net import client_address

_PERIODS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def _rate() -> tuple[int, int] | None:
    rate = settings.API_ANON_RATE
    if not rate:
        return None
    number, period = rate.split("/")
    return int(number), _PERIODS[period.strip()[0]]


def anon_api_allowed(request: HttpRequest) -> int | None:
    """Count this request; ``None`` when allowed, else the seconds until the window ends."""
    rate = _rate()
    if rate is None:
        return None
    limit, period = rate
    now = int(time.time())
    window = now - now % period
    key = f"api-anon:{client_address(request)}:{window}"
    if cache.add(key, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, timeout=period + 1)
            count = 1
    if count <= limit:
        return None
    return max(1, window + period - now)


def throttled_response(wait: int) -> JsonResponse:
    """The 429 the API itself answers, in REST framework's words (and translations)."""
    response = JsonResponse({"detail": str(Throttled(wait=wait).detail)}, status=429)
    response["Retry-After"] = str(wait)
    return response


class AnonAddressThrottle(BaseThrottle):
    """The API's throttle class for anonymous clients (signed-in users are not limited)."""

    def allow_request(self, request, view) -> bool:
        if request.user and request.user.is_authenticated:
            return True
        self._wait = anon_api_allowed(request._request)
        return self._wait is None

    def wait(self) -> float | None:
        return self._wait


ANON_API_THROTTLE = AnonAddressThrottle
