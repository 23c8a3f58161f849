"""Rate limits of residents' writes, per client address and per account (django-ratelimit).

The rates are in settings (``PARTICIPATION_RATE_LIMITS``); the address is
found the one way every limit finds it (``strategia.core.net``). A request
over either limit is refused with a message and status 429 before anything
is written.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from strategia.core.net import client_address_key


def _account_key(group: str, request: HttpRequest) -> str:
    return f"user:{request.user.pk}"


def over_limit(request: HttpRequest, action: str) -> bool:
    """Count this attempt; True if the address or the account has used up the action's rate."""
    rate = settings.PARTICIPATION_RATE_LIMITS[action]
    group = f"participation.{action}"
    limited = is_ratelimited(
        request, group=group, key=client_address_key, rate=rate, increment=True
    )
    if request.user.is_authenticated:
        limited = (
            is_ratelimited(
                request,
                group=f"{group}.account",
                key=_account_key,
                rate=rate,
                increment=True,
            )
            or limited
        )
    return limited
