"""CSRF: every address refuses a form without its token, with a forged one, or from a
foreign origin — with the site's own translated page.

The addresses come from the URL resolver; a POST is sent to each, whatever
methods its view accepts, since the refusal must come before any view runs.
"""

import pytest
from django.test import Client

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.organisations.tests.factories import UserFactory

from .addresses import site_addresses

pytestmark = pytest.mark.django_db

# Any value fits a placeholder: the refusal comes before the view looks the object up.
PLACEHOLDER_VALUES = {
    "pk": 1,
    "key": "x",
    "kind": "x",
    "slug": "x",
    "plan_slug": "x",
    "format": "csv",
    "file_format": "csv",
    "image_format": "png",
    "token": "x",
    "uidb64": "x",
    "object_id": "1",
}
REFUSAL = {
    "fi": "Lomaketta ei voitu ottaa vastaan",
    "sv": "Formuläret kunde inte tas emot",
    "en": "The form could not be accepted",
}


def _values(address) -> dict:
    return {name: PLACEHOLDER_VALUES.get(name, 1) for name in address.arguments}


@pytest.fixture
def signed_in(organisation, settings):
    settings.STAFF_REQUIRE_2FA = False
    user = UserFactory(email="paakayttaja@example.fi", is_staff=True)
    RoleAssignmentFactory(user=user, organisation=organisation, role=Role.ADMINISTRATOR)
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def test_every_address_refuses_a_post_without_a_token(signed_in):
    refused = []
    for address in site_addresses():
        path = address.path(_values(address))
        response = signed_in.post(path, {"x": "1"})
        assert response.status_code == 403, (address.name, path, response.status_code)
        refused.append(address.name)
    assert len(refused) > 100
    assert REFUSAL["fi"] in response.content.decode()


def test_every_address_refuses_a_forged_token(signed_in):
    # A well-formed secret in the cookie, and a token in the form made for another one.
    signed_in.cookies["csrftoken"] = "B" * 32
    for address in site_addresses():
        path = address.path(_values(address))
        response = signed_in.post(path, {"csrfmiddlewaretoken": "A" * 64})
        assert response.status_code == 403, (address.name, path, response.status_code)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_the_refusal_is_translated_and_in_the_sites_look(organisation, language):
    client = Client(enforce_csrf_checks=True)
    response = client.post(f"/{language}/kirjaudu/", {"username": "a@example.fi"})
    assert response.status_code == 403
    html = response.content.decode()
    assert REFUSAL[language] in html
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html
    assert "CSRF" not in html


def test_a_foreign_origin_over_https_is_refused_even_with_a_valid_token(organisation, settings):
    settings.ALLOWED_HOSTS = ["strategia.kemi.fi"]
    client = Client(enforce_csrf_checks=True, HTTP_HOST="strategia.kemi.fi")
    token = client.get("/fi/kirjaudu/", secure=True).cookies["csrftoken"].value
    data = {"username": "a@example.fi", "password": "x", "csrfmiddlewaretoken": token}
    refused = client.post("/fi/kirjaudu/", data, secure=True, HTTP_ORIGIN="https://evil.example")
    assert refused.status_code == 403
    assert REFUSAL["fi"] in refused.content.decode()
    # A foreign Referer without an Origin is refused too (Django checks it over HTTPS).
    by_referer = client.post(
        "/fi/kirjaudu/", data, secure=True, HTTP_REFERER="https://evil.example/form"
    )
    assert by_referer.status_code == 403
    # The same form from the site itself is accepted: the wrong password's form again.
    accepted = client.post(
        "/fi/kirjaudu/", data, secure=True, HTTP_ORIGIN="https://strategia.kemi.fi"
    )
    assert accepted.status_code == 200
