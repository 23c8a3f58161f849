import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from strategia.accounts.models import Role
from strategia.organisations.tests.factories import OrganisationFactory, UserFactory

from .factories import RoleAssignmentFactory

PASSWORD = "correct-horse-battery-staple"


@pytest.fixture
def organisation(db):
    return OrganisationFactory(slug="kemi", name_fi="Kemi")


@pytest.fixture
def staff(organisation):
    user = UserFactory(email="toimisto@example.fi", is_staff=True)
    RoleAssignmentFactory(user=user, organisation=organisation, role=Role.STRATEGY_OFFICE)
    return user


def url(name: str, language: str = "fi", **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def current_code(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def test_sign_in_page_is_finnish_and_has_no_inline_script(client, organisation):
    response = client.get(url("accounts:login"))
    assert response.status_code == 200
    html = response.content.decode()
    assert url("accounts:login") == "/fi/kirjaudu/"
    assert "Kirjaudu" in html
    assert "<script>" not in html and " on" + "click=" not in html
    assert 'autocomplete="email"' in html


def test_sign_in_with_email_and_password(client, staff):
    response = client.post(url("accounts:login"), {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.wsgi_request.user.is_authenticated
    assert response["Location"] == url("monitoring:my_work")


def test_wrong_password_names_the_problem(client, staff):
    response = client.post(url("accounts:login"), {"username": staff.email, "password": "nope"})
    assert response.status_code == 200
    assert "sähköpostiosoite tai salasana on väärin" in response.content.decode().lower()


@pytest.mark.parametrize("login_url", ["accounts:login", "admin:login"])
def test_lockout_after_the_failure_limit(client, staff, settings, login_url):
    settings.AXES_FAILURE_LIMIT = 3
    path = url(login_url)
    for _attempt in range(2):
        response = client.post(path, {"username": staff.email, "password": "wrong"})
        assert response.status_code == 200
    response = client.post(path, {"username": staff.email, "password": "wrong"})
    assert response.status_code == 429
    assert "lukittu" in response.content.decode()
    # Even the right password is refused while locked.
    response = client.post(path, {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 429
    assert not response.wsgi_request.user.is_authenticated


def test_sign_out_is_post_only(client, staff):
    client.force_login(staff)
    assert client.get(url("accounts:logout")).status_code == 405
    response = client.post(url("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_deactivated_user_cannot_sign_in(client, staff):
    staff.is_active = False
    staff.save()
    response = client.post(url("accounts:login"), {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 200
    assert not response.wsgi_request.user.is_authenticated


def test_staff_must_set_up_two_factor_when_required(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = True
    # A wrong code throttles the device for a second; the test doesn't wait.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client.post(url("accounts:login"), {"username": staff.email, "password": PASSWORD})
    admin_index = url("admin:index")
    response = client.get(admin_index)
    assert response.status_code == 302
    assert response["Location"].startswith(url("accounts:two_factor_setup"))
    # The workspace and the public site are closed too until the device is set up.
    assert client.get(url("monitoring:my_work")).status_code == 302

    setup = client.get(response["Location"])
    assert setup.status_code == 200
    html = setup.content.decode()
    assert "otpauth://totp/" in html
    assert 'src="data:image/svg+xml' in html
    device = TOTPDevice.objects.get(user=staff, confirmed=False)

    wrong = client.post(setup.request["PATH_INFO"], {"token": "000000", "next": admin_index})
    assert wrong.status_code == 200
    device.refresh_from_db()
    assert not device.confirmed

    response = client.post(
        setup.request["PATH_INFO"], {"token": current_code(device), "next": admin_index}
    )
    assert response.status_code == 302
    assert response["Location"] == admin_index
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(admin_index).status_code == 200


def test_signing_in_again_asks_for_the_code(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = True
    device = TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    client.post(url("accounts:login"), {"username": staff.email, "password": PASSWORD})
    response = client.get(url("admin:index"))
    assert response["Location"].startswith(url("accounts:two_factor_verify"))
    # The setup page can't be used to replace the device without the code.
    assert client.get(url("accounts:two_factor_setup"))["Location"].startswith(
        url("accounts:two_factor_verify")
    )
    response = client.post(
        url("accounts:two_factor_verify"),
        {"token": current_code(device), "next": url("admin:index")},
    )
    assert response["Location"] == url("admin:index")
    assert client.get(url("admin:index")).status_code == 200


def test_a_confirmed_device_is_asked_for_even_when_not_required(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = False
    TOTPDevice.objects.create(user=staff, name="phone", confirmed=True)
    client.force_login(staff)
    response = client.get(url("monitoring:my_work"))
    assert response["Location"].startswith(url("accounts:two_factor_verify"))


def test_two_factor_not_forced_when_setting_is_off(client, staff, settings):
    settings.STAFF_REQUIRE_2FA = False
    client.force_login(staff)
    assert client.get(url("admin:index")).status_code == 200


def test_password_reset_mail_is_in_the_users_language(client, staff):
    staff.preferred_language = "sv"
    staff.save()
    response = client.post(url("accounts:password_reset"), {"email": staff.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [staff.email]
    assert "lösenord" in message.subject.lower()
    link = re.search(r"https?://\S+", message.body).group(0)
    assert "/sv/salasana/" in link
    assert message.alternatives, "an HTML part is sent too"

    # The link works: choose a new password, then sign in with it.
    path = "/" + link.split("/", 3)[3]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    new_password = "ett helt nytt lösenord 2026"
    done = client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.status_code == 302
    staff.refresh_from_db()
    assert staff.check_password(new_password)


def test_password_reset_reveals_nothing_about_unknown_addresses(client, organisation):
    response = client.post(url("accounts:password_reset"), {"email": "nobody@example.fi"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_session_ends_with_the_browser_and_after_a_working_day(settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE <= 8 * 60 * 60


def test_an_invited_user_without_a_password_can_ask_for_a_new_link(client, organisation):
    invited = UserFactory(email="kutsuttu@example.fi", password=None)
    invited.set_unusable_password()
    invited.save()
    client.post(url("accounts:password_reset"), {"email": "KUTSUTTU@example.fi"})
    assert [message.to for message in mail.outbox] == [["kutsuttu@example.fi"]]


def test_account_page_shows_roles_and_two_factor_status(client, staff):
    client.force_login(staff)
    response = client.get(url("accounts:account"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "strategiatoimisto" in html.lower()
    assert url("accounts:two_factor_setup") in html
    assert url("accounts:user_list") not in html  # the strategy office doesn't manage users


def test_a_deactivated_users_open_session_ends(client, staff):
    client.force_login(staff)
    assert client.get(url("accounts:account")).status_code == 200
    staff.is_active = False
    staff.save()
    response = client.get(url("accounts:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(url("accounts:login"))


def test_lockout_cannot_be_dodged_by_changing_the_case_of_the_address(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 3
    spellings = ["toimisto@example.fi", "Toimisto@example.fi", "TOIMISTO@EXAMPLE.FI"]
    statuses = [
        client.post(url("accounts:login"), {"username": spelling, "password": "wrong"}).status_code
        for spelling in spellings
    ]
    assert statuses == [200, 200, 429]
    response = client.post(url("accounts:login"), {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 429
