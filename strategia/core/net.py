"""The address a request came from, the one way every rate limit, lockout and log finds it.

``X-Forwarded-For`` is a header anyone can send, so it is believed only as far
as the operator says proxies of their own stand in front of the app:
``TRUSTED_PROXY_COUNT`` (default 0, no header trusted). With one proxy (nginx)
the address that proxy appended — the last one in the header — is the client;
with two, the second to last; anything further left was written by the client
and is ignored.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _valid(address: str) -> str | None:
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client's IP address as the trusted proxies saw it; ``REMOTE_ADDR`` without proxies."""
    remote = _valid(request.META.get("REMOTE_ADDR", "")) or "0.0.0.0"  # noqa: S104
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies <= 0:
        return remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if len(forwarded) < proxies:
        return remote
    return _valid(forwarded[-proxies]) or remote


def client_address_key(group: str, request: HttpRequest) -> str:
    """A django-ratelimit ``key`` callable: limits per client address."""
    return client_address(request)
