"""The audit trail: one function writes it, and where the request came from.

``record`` is called explicitly by the services (roles, invitations,
deactivation), by the two-factor setup and by the sign-in hooks. The client
address comes from ``strategia.core.net`` through a context variable that
``AuditContextMiddleware`` sets for the length of a request, so services keep
their signatures and a management command simply records no address.

Sign-in success, failure and lockout happen inside Django's and django-axes'
code, whose only hook is their signals (``user_logged_in``,
``user_login_failed``, ``user_locked_out``); ``connect_sign_in_hooks``
connects three receivers that write one row each and do nothing else. They
cover every door — the sign-in page and the admin's — which a hook in one
view would not.
"""

from __future__ import annotations

import contextvars
import datetime
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from strategia.core.net import client_address

from .models import AuditEvent, User

_client_address: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "strategia_audit_client_address", default=None
)


class AuditContextMiddleware:
    """Remembers the request's client address for the audit rows written during it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _client_address.set(client_address(request))
        try:
            return self.get_response(request)
        finally:
            _client_address.reset(token)


def record(
    kind: str,
    *,
    actor: User | None = None,
    subject: User | None = None,
    email: str = "",
    organisation=None,
    details: dict | None = None,
) -> AuditEvent:
    """Write one audit row. ``details`` must hold names and ids, never secrets."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEvent.objects.create(
        kind=kind,
        actor=actor,
        subject=subject,
        email=(email or (subject.email if subject is not None else ""))[:254],
        organisation=organisation,
        client_address=_client_address.get(),
        details=details or {},
    )


def purge_expired(*, now: datetime.datetime | None = None, dry_run: bool = False) -> int:
    """Delete the rows older than ``AUDIT_RETENTION_DAYS``; how many there were."""
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    expired = AuditEvent.objects.filter(occurred_at__lt=cutoff)
    count = expired.count()
    if not dry_run and count:
        expired.delete()
    return count


# --- Sign-in hooks -------------------------------------------------------------------


def _on_signed_in(sender, request, user, **kwargs) -> None:
    record(AuditEvent.Kind.SIGN_IN, actor=user, subject=user)


def _on_sign_in_failed(sender, credentials, request=None, **kwargs) -> None:
    # Django has already masked the password in ``credentials``; only the
    # address typed is kept.
    typed = str(credentials.get("username") or credentials.get("email") or "").strip().lower()
    subject = User.objects.filter(email__iexact=typed).first() if typed else None
    record(AuditEvent.Kind.SIGN_IN_FAILED, subject=subject, email=typed)


def _on_locked_out(sender, request, username, ip_address, **kwargs) -> None:
    typed = str(username or "").strip().lower()
    subject = User.objects.filter(email__iexact=typed).first() if typed else None
    record(AuditEvent.Kind.LOCKED_OUT, subject=subject, email=typed)


def connect_sign_in_hooks() -> None:
    from axes.signals import user_locked_out
    from django.contrib.auth.signals import user_logged_in, user_login_failed

    user_logged_in.connect(_on_signed_in, dispatch_uid="strategia_audit_signed_in")
    user_login_failed.connect(_on_sign_in_failed, dispatch_uid="strategia_audit_failed")
    user_locked_out.connect(_on_locked_out, dispatch_uid="strategia_audit_locked_out")
