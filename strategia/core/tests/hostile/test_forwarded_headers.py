"""Forwarded-header spoofing against each rate limit keyed by the client address.

With the default setting (no trusted proxy) a new ``X-Forwarded-For``,
``X-Real-IP`` or ``Forwarded`` on every request escapes no limit. With
``TRUSTED_PROXY_COUNT=1`` the address the proxy appended (the last hop) is
the client: what the client wrote to the left of it changes nothing, and two
clients behind the proxy are counted apart.
"""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse
from django.utils import translation

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.organisations.tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.1"
_numbers = itertools.count(1)


def url(name: str) -> str:
    with translation.override("fi"):
        return reverse(name)


def _api(client, settings, headers):
    settings.API_ANON_RATE = "3/minute"
    return client.get("/api/v1/measures/", **headers).status_code


def _search(client, settings, headers):
    settings.SEARCH_ANON_RATE = "3/m"
    return client.get("/fi/search/", {"q": "kemi"}, **headers).status_code


def _reset(client, settings, headers):
    settings.PASSWORD_RESET_RATE_CLIENT = "3/h"
    settings.PASSWORD_RESET_RATE_EMAIL = "100/h"
    email = f"person{next(_numbers)}@example.fi"
    return client.post(url("accounts:password_reset"), {"email": email}, **headers).status_code


def _register(client, settings, headers):
    settings.PARTICIPATION_RATE_LIMITS = {**settings.PARTICIPATION_RATE_LIMITS, "register": "3/h"}
    data = {
        "display_name": "Asukas",
        "password": "pitkä-ja-hyvä-salasana-2026",
        "accept": "on",
        "email": f"asukas{next(_numbers)}@example.fi",
    }
    return client.post(url("participation:register"), data, **headers).status_code


def _sign_in(client, settings, headers):
    # Axes locks on the third failure itself (that attempt is still checked:
    # a right password would have let it in), so the third wrong one gets the 429.
    settings.AXES_FAILURE_LIMIT = 3
    # Wrong passwords for one account: the lockout counts per account and address.
    return client.post(
        url("accounts:login"), {"username": "toimisto@example.fi", "password": "väärä"}, **headers
    ).status_code


# The request that first gets a 429 at a limit of 3: the fourth (three are allowed),
# except for the sign-in lockout (see ``_sign_in``).
FIRST_REFUSED = {"sign-in lockout": 2}

LIMITS = {
    "anonymous API": _api,
    "anonymous search": _search,
    "password reset per client": _reset,
    "participation register": _register,
    "sign-in lockout": _sign_in,
}


@pytest.fixture
def world(db, settings):
    settings.STAFF_REQUIRE_2FA = False
    organisation = OrganisationFactory(slug="kemi", name_fi="Kemi")
    user = UserFactory(email="toimisto@example.fi")
    RoleAssignmentFactory(user=user, organisation=organisation, role=Role.STRATEGY_OFFICE)
    return organisation


def _spoofed(n: int) -> dict[str, str]:
    address = f"198.51.100.{n}"
    return {
        "REMOTE_ADDR": PROXY,
        "HTTP_X_FORWARDED_FOR": address,
        "HTTP_X_REAL_IP": address,
        "HTTP_FORWARDED": f"for={address}",
    }


def _assert_boundary(limit: str, statuses: list[int]) -> None:
    """Exactly the allowed number get through, and every one after them is refused."""
    first_refused = FIRST_REFUSED.get(limit, 3)
    assert 429 not in statuses[:first_refused], statuses
    assert set(statuses[first_refused:]) == {429}, statuses


@pytest.mark.parametrize("limit", LIMITS)
def test_new_forwarded_headers_on_each_request_escape_no_limit(client, world, settings, limit):
    settings.TRUSTED_PROXY_COUNT = 0
    statuses = [LIMITS[limit](client, settings, _spoofed(n)) for n in range(5)]
    _assert_boundary(limit, statuses)


@pytest.mark.parametrize("limit", LIMITS)
def test_behind_one_trusted_proxy_the_last_hop_is_the_client(client, world, settings, limit):
    settings.TRUSTED_PROXY_COUNT = 1

    def behind_proxy(written_by_client: str, client_address: str) -> dict[str, str]:
        return {
            "REMOTE_ADDR": PROXY,
            "HTTP_X_FORWARDED_FOR": f"{written_by_client}, {client_address}",
            "HTTP_X_REAL_IP": written_by_client,
        }

    # One client writing a new address left of the proxy's each time: limited.
    statuses = [
        LIMITS[limit](client, settings, behind_proxy(f"198.51.100.{n}", "203.0.113.7"))
        for n in range(5)
    ]
    _assert_boundary(limit, statuses)
    # Another client behind the same proxy is counted apart.
    assert LIMITS[limit](client, settings, behind_proxy("198.51.100.1", "203.0.113.8")) != 429
