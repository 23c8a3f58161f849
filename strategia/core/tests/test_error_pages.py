"""Error pages in the site's look and the request's language; JSON under /api/."""

import json

import pytest
from django.test import RequestFactory
from django.utils import translation

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.core import errors
from strategia.organisations.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TITLES = {
    404: {"fi": "Sivua ei löytynyt", "sv": "Sidan hittades inte", "en": "Page not found"},
    403: {
        "fi": "Sinulla ei ole pääsyä tälle sivulle",
        "sv": "Du har inte åtkomst till den här sidan",
        "en": "You do not have access to this page",
    },
}


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_missing_page_is_translated_and_in_the_sites_look(client, organisation, language):
    response = client.get(f"/{language}/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert TITLES[404][language] in html
    assert f'<html lang="{language}">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_a_refused_user_gets_a_translated_403_not_djangos_bare_page(
    client, organisation, language, settings
):
    settings.STAFF_REQUIRE_2FA = False
    reader = UserFactory(email="lukija@example.fi")
    RoleAssignmentFactory(user=reader, organisation=organisation, role=Role.READER)
    client.force_login(reader)
    response = client.get(f"/{language}/kayttajat/")
    assert response.status_code == 403
    html = response.content.decode()
    assert TITLES[403][language] in html
    assert "403 Forbidden" not in html
    assert 'class="site-header"' in html


@pytest.mark.parametrize(
    ("status", "handler"),
    [(400, errors.bad_request), (403, errors.permission_denied), (404, errors.page_not_found)],
)
def test_every_handler_renders_its_page(organisation, status, handler):
    request = RequestFactory().get("/sv/jotain/")
    request.organisation = organisation
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    with translation.override("sv"):
        response = handler(request, Exception())
    assert response.status_code == status
    assert "Felkod" in response.content.decode()


def test_the_500_page_needs_neither_request_nor_database(organisation):
    request = RequestFactory().get("/fi/jotain/")
    with translation.override("fi"):
        response = errors.server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "Jokin meni vikaan" in html
    assert "Traceback" not in html


def test_api_errors_are_json(organisation):
    request = RequestFactory().get("/api/v1/jotain/")
    with translation.override("sv"):
        response = errors.server_error(request)
    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content) == {"detail": "Något gick fel"}


def test_a_forged_host_gets_the_minimal_400_page(client, organisation):
    response = client.get("/fi/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert "Pyyntöä ei voitu käsitellä" in response.content.decode()
