"""Rate limits on the actions that send mail or try credentials.

Each limit is a django-ratelimit counter in the default cache (Redis in
production, so every app server counts together), keyed by the client
address from ``strategia.core.net`` — never by a header the client wrote —
or by the e-mail address, the account or the acting user. The rates are
settings (see the README).

A password reset limited by client or e-mail address answers 429; one
limited by account is dropped silently, so the answer never tells whether an
address has an account.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from strategia.core.net import client_address_key


def _limited(request: HttpRequest, *, group: str, key: Callable, rate: str) -> bool:
    return is_ratelimited(request, group=group, key=key, rate=rate, method=ALL, increment=True)


def _constant(value: str) -> Callable[[str, HttpRequest], str]:
    return lambda _group, _request: value


def password_reset_limited(request: HttpRequest, email: str) -> bool:
    """Too many reset requests from this client, or for this e-mail address."""
    # Both counters move on every request, so a burst is refused from both sides.
    by_client = _limited(
        request,
        group="password-reset-client",
        key=client_address_key,
        rate=settings.PASSWORD_RESET_RATE_CLIENT,
    )
    by_email = _limited(
        request,
        group="password-reset-email",
        key=_constant(email.strip().lower()),
        rate=settings.PASSWORD_RESET_RATE_EMAIL,
    )
    return by_client or by_email


def password_reset_account_limited(request: HttpRequest, user_pk: int) -> bool:
    """Too many reset mails to this account (however its address was spelt)."""
    return _limited(
        request,
        group="password-reset-account",
        key=_constant(str(user_pk)),
        rate=settings.PASSWORD_RESET_RATE_ACCOUNT,
    )


def invitation_limited(request: HttpRequest) -> bool:
    """Too many invitations by this user or from this client."""
    by_user = _limited(
        request,
        group="invitation-user",
        key=_constant(str(request.user.pk)),
        rate=settings.INVITATION_RATE,
    )
    by_client = _limited(
        request, group="invitation-client", key=client_address_key, rate=settings.INVITATION_RATE
    )
    return by_user or by_client


# Shown on the form, which keeps what was typed, when a staff notice is refused.
STAFF_NOTICE_REFUSED = _(
    "You have sent many notices to other people in a short time. "
    "Wait a while and send again; what you wrote is kept below."
)


def staff_notice_limited(request: HttpRequest) -> bool:
    """Too many actions by this user that mail other people (status corrections,
    idea assignments, answers and publications)."""
    return _limited(
        request,
        group="staff-notice",
        key=_constant(str(request.user.pk)),
        rate=settings.STAFF_NOTICE_RATE,
    )
