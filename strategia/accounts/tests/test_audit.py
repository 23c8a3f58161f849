"""The audit trail: sign-ins, two-factor, roles, invitations and deactivations —
who, when, from where, what — read-only for administrators, purged after the
retention time, and never holding a password, token or cookie."""

import datetime
import json
import re
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from strategia.accounts.models import AuditEvent, Role, RoleAssignment

from .scenario import PASSWORD, build_scenario

pytestmark = pytest.mark.django_db
Kind = AuditEvent.Kind


def url(name: str, **kwargs) -> str:
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def s(settings):
    settings.STAFF_REQUIRE_2FA = False
    return build_scenario()


def _everything_stored() -> str:
    return json.dumps(list(AuditEvent.objects.values()), default=str)


def test_a_sign_in_is_recorded_with_the_client_address(client, s):
    client.post(
        url("accounts:login"),
        {"username": s.users["office"].email, "password": PASSWORD},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="203.0.113.66",  # not trusted: no proxy configured
    )
    event = AuditEvent.objects.get(kind=Kind.SIGN_IN)
    assert event.subject == s.users["office"]
    assert event.client_address == "192.0.2.10"


def test_behind_a_trusted_proxy_the_proxys_entry_is_recorded(client, s, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    client.post(
        url("accounts:login"),
        {"username": s.users["office"].email, "password": PASSWORD},
        REMOTE_ADDR="10.0.0.2",
        HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.4",
    )
    assert AuditEvent.objects.get(kind=Kind.SIGN_IN).client_address == "198.51.100.4"


def test_failures_and_the_lockout_are_recorded_without_the_password(client, s, settings):
    settings.AXES_FAILURE_LIMIT = 2
    secret = "Salasana-JOTA-EI-SAA-TALLENTAA-9"
    for _n in range(2):
        client.post(url("accounts:login"), {"username": "Office@Example.fi", "password": secret})
    kinds = list(AuditEvent.objects.order_by("pk").values_list("kind", flat=True))
    assert kinds.count(Kind.SIGN_IN_FAILED) == 2
    assert Kind.LOCKED_OUT in kinds
    failed = AuditEvent.objects.filter(kind=Kind.SIGN_IN_FAILED).first()
    assert failed.email == "office@example.fi"
    assert failed.subject == s.users["office"]
    assert secret not in _everything_stored()


def test_a_failed_sign_in_of_an_unknown_address_is_kept_for_superusers(client, s):
    client.post(url("accounts:login"), {"username": "nobody@example.fi", "password": "x"})
    event = AuditEvent.objects.get(kind=Kind.SIGN_IN_FAILED)
    assert event.subject is None and event.email == "nobody@example.fi"


def test_two_factor_setup_is_recorded(client, s):
    client.force_login(s.users["office"])
    client.get(url("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=s.users["office"], confirmed=False)
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    client.post(url("accounts:two_factor_setup"), {"token": f"{totp.token():06d}"})
    event = AuditEvent.objects.get(kind=Kind.TWO_FACTOR_ENABLED)
    assert event.subject == s.users["office"] and event.actor == s.users["office"]
    assert device.bin_key.hex() not in _everything_stored()


def test_invitation_grant_revocation_and_deactivation_are_recorded(client, s):
    client.force_login(s.users["admin"])
    client.post(
        url("accounts:user_invite"),
        {
            "email": "uusi@example.fi",
            "full_name": "Uusi",
            "preferred_language": "fi",
            "role": Role.CONTACT_PERSON,
            "unit": s.units["own"].pk,
        },
        REMOTE_ADDR="192.0.2.20",
    )
    invited = RoleAssignment.objects.get(user__email="uusi@example.fi").user
    granted = AuditEvent.objects.get(kind=Kind.ROLE_GRANTED, subject=invited)
    assert granted.actor == s.users["admin"]
    assert granted.organisation == s.organisation
    assert granted.client_address == "192.0.2.20"
    assert granted.details["role"] == Role.CONTACT_PERSON
    assert granted.details["unit_id"] == s.units["own"].pk
    invitation = AuditEvent.objects.get(kind=Kind.USER_INVITED)
    assert invitation.details["new_account"] is True

    assignment = invited.role_assignments.get()
    client.post(url("accounts:role_revoke", pk=assignment.pk))
    assert AuditEvent.objects.filter(kind=Kind.ROLE_REVOKED, subject=invited).exists()
    RoleAssignment.objects.create(user=invited, organisation=s.organisation, role=Role.READER)
    client.post(url("accounts:user_deactivate", pk=invited.pk))
    assert AuditEvent.objects.filter(kind=Kind.USER_DEACTIVATED, subject=invited).exists()

    # The set-password link's token is in the mail, never in the trail.
    token = re.search(r"/salasana/[^/]+/([^/\s]+)/", mail.outbox[0].body).group(1)
    assert token not in _everything_stored()


def test_administrators_read_the_trail_of_their_own_organisation_only(client, s):
    from strategia.accounts import audit

    audit.record(
        Kind.ROLE_GRANTED,
        actor=s.users["admin"],
        organisation=s.organisation,
        subject=s.users["reader"],
        details={"role": "reader"},
    )
    audit.record(
        Kind.ROLE_GRANTED,
        actor=s.users["outsider"],
        organisation=s.other_organisation,
        email="muu@muukunta.fi",
        details={"role": "reader"},
    )
    audit.record(Kind.SIGN_IN, subject=s.users["reader"])
    changelist = url("admin:accounts_auditevent_changelist")

    client.force_login(s.users["admin"])
    html = client.get(changelist).content.decode()
    assert "reader@example.fi" in html and "muu@muukunta.fi" not in html
    event = AuditEvent.objects.filter(organisation=s.organisation).first()
    page = client.get(url("admin:accounts_auditevent_change", object_id=event.pk))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.get(url("admin:accounts_auditevent_add")).status_code == 403

    client.force_login(s.users["office"])  # the strategy office administers no users
    assert client.get(changelist).status_code == 403

    client.force_login(s.users["super"])
    assert "muu@muukunta.fi" in client.get(changelist).content.decode()


def test_the_purge_keeps_the_retention_time(s, settings):
    from strategia.accounts import audit

    settings.AUDIT_RETENTION_DAYS = 30
    old = audit.record(Kind.SIGN_IN, subject=s.users["reader"])
    AuditEvent.objects.filter(pk=old.pk).update(
        occurred_at=timezone.now() - datetime.timedelta(days=31)
    )
    recent = audit.record(Kind.SIGN_IN, subject=s.users["reader"])

    out = StringIO()
    call_command("purge_audit_events", "--dry-run", stdout=out)
    assert "1" in out.getvalue()
    assert AuditEvent.objects.count() == 2
    call_command("purge_audit_events", stdout=StringIO())
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [recent.pk]
    call_command("purge_audit_events", stdout=StringIO())  # a rerun does nothing
    assert AuditEvent.objects.count() == 1
