"""The anonymous API limit counts per client address, whatever X-Forwarded-For says."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_limit(settings):
    settings.API_ANON_RATE = "3/minute"


def test_a_new_forwarded_address_per_request_does_not_pass_the_limit(
    client, organisation, low_limit
):
    statuses = [
        client.get("/api/v1/plans/", HTTP_X_FORWARDED_FOR=f"198.51.100.{n}").status_code
        for n in range(10)
    ]
    assert statuses[:3] == [200, 200, 200]
    assert set(statuses[3:]) == {429}


def test_behind_a_trusted_proxy_the_proxys_entry_is_the_client(
    client, organisation, low_limit, settings
):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client writes its own entries first; the proxy appends the real address.
    statuses = [
        client.get("/api/v1/plans/", HTTP_X_FORWARDED_FOR=f"6.6.6.{n}, 198.51.100.7").status_code
        for n in range(5)
    ]
    assert statuses == [200, 200, 200, 429, 429]
    # Another real client behind the same proxy has its own allowance.
    other = client.get("/api/v1/plans/", HTTP_X_FORWARDED_FOR="198.51.100.8")
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("language", "expected", "foreign"),
    [
        ("fi", "Liian monta pyyntöä", ("Expected", "Request", "seconds")),
        ("sv", "För många förfrågningar", ("Expected", "Request", "Liian")),
        ("en", "Too many requests", ("Expected", "Liian", "Pyyntö")),
    ],
)
def test_the_429_text_is_in_one_language(
    client, organisation, low_limit, language, expected, foreign
):
    for _n in range(3):
        client.get("/api/v1/plans/", HTTP_ACCEPT_LANGUAGE=language)
    response = client.get("/api/v1/plans/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 429
    detail = response.json()["detail"]
    assert detail.startswith(expected), detail
    assert not any(word in detail for word in foreign), detail
    assert int(response["Retry-After"]) > 0
