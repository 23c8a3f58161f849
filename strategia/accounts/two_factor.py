"""TOTP two-factor authentication on top of django-otp.

django-otp keeps the devices and marks a session as verified
(``request.user.is_verified()``); this module decides who must use it and
makes the QR code for the setup page, drawn locally as SVG (no outside
service ever sees the secret).
"""

from __future__ import annotations

import segno
from django.conf import settings
from django_otp import user_has_device
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import access_of
from .models import User


def two_factor_required(user: User) -> bool:
    """Staff (admin users and anyone holding a role) must use 2FA when the setting is on."""
    if not getattr(settings, "STAFF_REQUIRE_2FA", False):
        return False
    if user.is_staff or user.is_superuser:
        return True
    access = access_of(user)
    return bool(access.organisation_ids)


def has_confirmed_device(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def pending_device(user: User) -> TOTPDevice:
    """The unconfirmed device being set up, made on first visit and kept until confirmed."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False)
    return device


def qr_code_data_uri(config_url: str) -> str:
    """The otpauth:// URI as an SVG QR code in a data: URI (allowed by the CSP's img-src)."""
    return segno.make(config_url, error="m").svg_data_uri(scale=5, border=2)


def seconds_until_next_try(user: User) -> int:
    """How long django-otp's back-off still refuses every code, 0 when it does not.

    After wrong codes each new try must wait twice as long as the previous
    one; during that wait even the right code is refused, so the page says
    to wait instead of calling the code wrong.
    """
    from django.utils import timezone

    waits = []
    for device in TOTPDevice.objects.filter(user=user, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if not allowed and data and data.get("locked_until"):
            waits.append((data["locked_until"] - timezone.now()).total_seconds())
    return max(0, int(max(waits, default=0)) + (1 if waits else 0))


def confirm_device(device: TOTPDevice) -> None:
    """Confirm the paired device, drop unfinished pairings, and record it."""
    from django.db import transaction

    from . import audit
    from .models import AuditEvent

    with transaction.atomic():
        had_device = (
            TOTPDevice.objects.filter(user=device.user, confirmed=True)
            .exclude(pk=device.pk)
            .exists()
        )
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
        audit.record(
            AuditEvent.Kind.TWO_FACTOR_ENABLED,
            actor=device.user,
            subject=device.user,
            details={"had_a_device": had_device},
        )
