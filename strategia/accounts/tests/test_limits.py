"""Rate limits on what sends mail or tries credentials, and where reset links point."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone, translation
from django_otp.plugins.otp_totp.models import TOTPDevice

from strategia.accounts.models import Role
from strategia.organisations.tests.factories import OrganisationFactory, UserFactory

from .factories import RoleAssignmentFactory

PASSWORD = "correct-horse-battery-staple"
pytestmark = pytest.mark.django_db


def url(name: str, language: str = "fi", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(slug="kemi", name_fi="Kemi")


@pytest.fixture
def staff(organisation):
    user = UserFactory(email="toimisto@example.fi", is_staff=True)
    RoleAssignmentFactory(user=user, organisation=organisation, role=Role.STRATEGY_OFFICE)
    return user


def ask_reset(client, email: str, forwarded: str = "", **extra):
    if forwarded:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client.post(url("accounts:password_reset"), {"email": email}, **extra)


def test_ten_reset_requests_do_not_send_ten_mails(client, staff, settings):
    settings.PASSWORD_RESET_RATE_EMAIL = "100/h"
    settings.PASSWORD_RESET_RATE_CLIENT = "100/h"
    settings.PASSWORD_RESET_RATE_ACCOUNT = "3/h"
    statuses = [ask_reset(client, staff.email).status_code for _n in range(10)]
    # The per-account limit is silent: the answer is the same, the mail is not sent.
    assert set(statuses) == {302}
    assert len(mail.outbox) == 3


def test_the_account_limit_counts_every_spelling_of_the_address(client, staff, settings):
    settings.PASSWORD_RESET_RATE_EMAIL = "100/h"
    settings.PASSWORD_RESET_RATE_CLIENT = "100/h"
    settings.PASSWORD_RESET_RATE_ACCOUNT = "2/h"
    for spelling in ("toimisto@example.fi", "Toimisto@Example.fi", "TOIMISTO@EXAMPLE.FI"):
        ask_reset(client, spelling)
    assert len(mail.outbox) == 2


def test_reset_requests_per_address_are_refused_with_a_429(client, staff, settings):
    settings.PASSWORD_RESET_RATE_EMAIL = "3/h"
    settings.PASSWORD_RESET_RATE_CLIENT = "100/h"
    settings.PASSWORD_RESET_RATE_ACCOUNT = "100/h"
    statuses = [ask_reset(client, "nobody@example.fi").status_code for _n in range(5)]
    assert statuses == [302, 302, 302, 429, 429]
    refused = ask_reset(client, "nobody@example.fi")
    html = refused.content.decode()
    assert "Liian monta pyyntöä" in html
    assert 'class="site-header"' in html  # the site's own look


def test_reset_requests_per_client_cannot_be_dodged_with_forwarded_headers(
    client, organisation, settings
):
    settings.PASSWORD_RESET_RATE_EMAIL = "100/h"
    settings.PASSWORD_RESET_RATE_CLIENT = "3/h"
    statuses = [
        ask_reset(client, f"person{n}@example.fi", forwarded=f"198.51.100.{n}").status_code
        for n in range(5)
    ]
    assert statuses == [302, 302, 302, 429, 429]


def test_the_reset_link_is_built_from_site_base_url_not_the_host_header(client, staff, settings):
    settings.SITE_BASE_URL = "https://strategia.kemi.fi"
    settings.ALLOWED_HOSTS = ["*"]
    response = ask_reset(client, staff.email, HTTP_HOST="attacker.example")
    assert response.status_code == 302
    (message,) = mail.outbox
    links = re.findall(r"https?://[^\s\"<]+", message.body + message.alternatives[0][0])
    assert links
    assert all(link.startswith("https://strategia.kemi.fi/fi/salasana/") for link in links)
    assert "attacker" not in message.body + message.alternatives[0][0]


def test_invitations_are_limited_per_user(client, organisation, settings):
    settings.INVITATION_RATE = "2/h"
    admin = UserFactory(email="admin@example.fi")
    RoleAssignmentFactory(user=admin, organisation=organisation, role=Role.ADMINISTRATOR)
    client.force_login(admin)
    statuses = [
        client.post(
            url("accounts:user_invite"),
            {
                "email": f"uusi{n}@example.fi",
                "full_name": "Uusi",
                "preferred_language": "fi",
                "role": Role.READER,
            },
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        ).status_code
        for n in range(4)
    ]
    assert statuses == [302, 302, 429, 429]
    assert len(mail.outbox) == 2


def test_the_sign_in_lockout_cannot_be_dodged_with_forwarded_headers(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for n in range(3):
        client.post(
            url("accounts:login"),
            {"username": staff.email, "password": "wrong"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}",
        )
    response = client.post(
        url("accounts:login"),
        {"username": staff.email, "password": PASSWORD},
        HTTP_X_FORWARDED_FOR="203.0.113.99",
    )
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


@pytest.mark.parametrize(
    "name", ["accounts:two_factor_setup", "accounts:account", "accounts:user_list"]
)
def test_pages_with_secrets_or_personal_data_are_not_stored(client, organisation, name):
    admin = UserFactory(email="admin@example.fi")
    RoleAssignmentFactory(user=admin, organisation=organisation, role=Role.ADMINISTRATOR)
    client.force_login(admin)
    response = client.get(url(name))
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_during_the_two_factor_back_off_the_page_says_to_wait(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    device.throttling_failure_count = 3
    device.throttling_failure_timestamp = timezone.now()
    device.save()
    client.post(url("accounts:login"), {"username": staff.email, "password": PASSWORD})
    from django_otp.oath import TOTP

    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    response = client.post(url("accounts:two_factor_verify"), {"token": f"{totp.token():06d}"})
    assert response.status_code == 200
    error = " ".join(response.context["form"].errors["token"])
    assert "Odota" in error
    assert "väärin" not in error
