"""Rate limits of residents' writes, per client address and per account (django-ratelimit).

The rates are in settings (``PARTICIPATION_RATE_LIMITS``); the address is
found the one way every limit finds it (``strategia.core.net``). A request
over either limit is refused with a message and status 429 before anything
is written.

Registration is also limited per e-mail address
(``PARTICIPATION_RATE_REGISTER_EMAIL``), each attempt counted whether or not
the address has an account, so the refusal is the same for both and tells
nothing about who is registered.
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


def register_over_limit(request: HttpRequest, email: str) -> bool:
    """Count a registration; True if the client address or the e-mail address is over its rate.

    Both counters move on every attempt (as for password reset), before the
    service looks the address up.
    """
    by_client = over_limit(request, "register")
    by_email = is_ratelimited(
        request,
        group="participation.register.email",
        key=lambda _group, _request: (email or "").strip().lower(),
        rate=settings.PARTICIPATION_RATE_REGISTER_EMAIL,
        increment=True,
    )
    return by_client or by_email
