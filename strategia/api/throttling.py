"""The anonymous rate limit of the open API, per client address.

DRF's ``AnonRateThrottle`` would identify a client by ``X-Forwarded-For``
when the header is present, which anyone can set: a new value per request
would pass any limit. The address comes from ``strategia.core.net`` instead,
which believes only the entries of the proxies the operator trusts.
"""

from __future__ import annotations

import math

from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from rest_framework.exceptions import Throttled
from rest_framework.throttling import AnonRateThrottle

from strategia.core.net import client_address


class ClientAddressAnonThrottle(AnonRateThrottle):
    def get_ident(self, request) -> str:
        return client_address(request)


def throttled(wait: float | None) -> Throttled:
    """A 429 whose whole text is in the request's language (DRF's formats the
    number into the string before translating it, so half of it stays English)."""
    if wait is None:
        return Throttled(detail=_("Too many requests. Try again later."))
    seconds = max(1, math.ceil(wait))
    detail = ngettext(
        "Too many requests. Try again in %(seconds)d second.",
        "Too many requests. Try again in %(seconds)d seconds.",
        seconds,
    ) % {"seconds": seconds}
    exception = Throttled(detail=detail)
    exception.wait = seconds  # DRF's handler turns it into Retry-After
    return exception
