"""Hostile requests to every address: malformed UTF-8, junk in query parameters,
oversized and broken bodies, traversing upload names. Never a 500, nothing written."""

import io

import pytest
from django.test import Client

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.organisations.tests.factories import UserFactory

from .addresses import site_addresses
from .test_csrf import PLACEHOLDER_VALUES

pytestmark = pytest.mark.django_db

# Every parameter name a view of the site reads from a query string (grep for
# request.GET) would go stale; instead the same junk goes under the names filters use
# and under a name no view knows.
PARAMETERS = [
    "page", "year", "q", "goal", "plan", "status", "unit", "kind", "size", "format",
    "indicator", "lang", "period", "responsible_unit", "measure", "next", "sort",
    "order", "state", "theme", "category", "from", "to", "date", "language", "tag",
    "zzz",
]  # fmt: skip
JUNK = ["9999999999999999999999999", "-1", "0000", "99999", "1e400", "2026-13-45", "%00²"]
LONG = "ä" * 2000
MALFORMED_UTF8 = ["%ff%fe", "%c3%28", "%ed%a0%80", "%f0%28%8c%bc"]


@pytest.fixture
def signed_in(organisation, settings):
    settings.STAFF_REQUIRE_2FA = False
    # A superuser too: the upload forms (budget, decisions) are behind their own permissions.
    user = UserFactory(email="paakayttaja@example.fi", is_staff=True, is_superuser=True)
    RoleAssignmentFactory(user=user, organisation=organisation, role=Role.ADMINISTRATOR)
    client = Client()
    client.force_login(user)
    return client


def _paths() -> list[str]:
    return [
        address.path({name: PLACEHOLDER_VALUES.get(name, 1) for name in address.arguments})
        for address in site_addresses()
        if address.name not in ("accounts:logout", "set_language")
    ]


def _rotated(values: list[str], shift: int) -> str:
    """A query with each parameter given one of ``values``, a different one per shift."""
    return "&".join(
        f"{name}={values[(n + shift) % len(values)]}" for n, name in enumerate(PARAMETERS)
    )


def test_malformed_utf8_in_every_query_is_not_a_500(signed_in):
    for path in _paths():
        for shift, junk in enumerate(MALFORMED_UTF8[:2]):
            response = signed_in.get(f"{path}?{_rotated(MALFORMED_UTF8, shift)}&{junk}={junk}")
            assert response.status_code < 500, (path, junk, response.status_code)


def test_a_nul_character_in_a_query_is_the_translated_400_and_in_a_path_a_404(signed_in, client):
    for path, status, text in (
        ("/fi/ideas/?q=a%00b", 400, "Pyyntöä ei voitu käsitellä"),
        ("/fi/search/?q=%00", 400, "Pyyntöä ei voitu käsitellä"),
        ("/fi/indicators/x%00/", 404, "Sivua ei löytynyt"),
        ("/api/v1/plans/%00/", 404, ""),
    ):
        for who in (signed_in, client):
            response = who.get(path)
            assert response.status_code == status, (path, response.status_code)
            assert text in response.content.decode()


def test_malformed_utf8_in_a_path_is_a_404(signed_in, client):
    for prefix in ("/fi/measures/", "/fi/plans/", "/fi/indicators/", "/fi/tyotila/sisalto/"):
        for junk in MALFORMED_UTF8:
            for who in (signed_in, client):
                response = who.get(f"{prefix}{junk}/")
                assert response.status_code == 404, (prefix, junk, response.status_code)


def test_junk_in_every_query_parameter_of_every_page_is_never_a_500(signed_in, client):
    for path in _paths():
        # Every junk value is in every request (under ~4 parameters each); three
        # shifts give each parameter three of them, within the suite's time budget.
        for shift in (0, 2, 4):
            response = signed_in.get(f"{path}?{_rotated(JUNK, shift)}")
            assert response.status_code < 500, (path, shift, response.status_code)
        # Arrays where a scalar is expected, very long strings, and an anonymous visitor.
        arrays = "&".join(f"{name}=1&{name}=x&{name}[]=2" for name in PARAMETERS)
        response = signed_in.get(f"{path}?{arrays}")
        assert response.status_code < 500, (path, "array", response.status_code)
        long = "&".join(f"{name}={LONG}" for name in PARAMETERS[:5])
        response = client.get(f"{path}?{long}&page={JUNK[0]}&year=0000")
        assert response.status_code < 500, (path, "anonymous", response.status_code)


@pytest.mark.parametrize(
    "body",
    [b"username=%ff%fe&password=%c3%28", b"\xff\xfe\x00\x00username=\xc3\x28", b"%%%&&&==="],
)
def test_malformed_utf8_in_every_form_body_is_not_a_500(signed_in, body):
    for path in _paths():
        response = signed_in.generic(
            "POST", path, body, content_type="application/x-www-form-urlencoded"
        )
        assert response.status_code < 500, (path, response.status_code)


def test_an_oversized_body_is_a_400_and_changes_nothing(signed_in, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    from strategia.strategy.models import Measure

    before = Measure.objects.count()
    for path in _paths():
        response = signed_in.post(path, {"name_fi": "x" * 20_000, "text_fi": "y"})
        assert response.status_code < 500, (path, response.status_code)
    assert Measure.objects.count() == before
    # A view that reads its form answers with the translated 400 page.
    response = Client().post("/fi/kirjaudu/", {"username": "a@example.fi", "x": "x" * 20_000})
    assert response.status_code == 400
    assert "Pyyntöä ei voitu käsitellä" in response.content.decode()


def test_too_many_fields_is_a_400(signed_in, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    response = Client().post("/fi/kirjaudu/", {f"f{n}": "x" for n in range(200)})
    assert response.status_code == 400


BROKEN_MULTIPART = [
    # Truncated: no closing boundary.
    (b'--xx\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc', "xx"),
    # The body's boundary is not the header's.
    (b'--yy\r\nContent-Disposition: form-data; name="file"\r\n\r\nabc\r\n--yy--\r\n', "xx"),
    # No boundary at all.
    (b"--xx\r\n\r\nabc", ""),
    # A part with no headers and a garbage disposition.
    (b"--xx\r\nContent-Disposition: ;;;;\r\n\r\nabc\r\n--xx--\r\n", "xx"),
]


@pytest.fixture
def budget_unit(organisation):
    # The budget pages answer only when the organisation has a unit to budget for.
    from strategia.organisations.tests.factories import UnitFactory

    return UnitFactory(organisation=organisation)


def test_a_broken_multipart_body_is_a_400_on_the_upload_forms(signed_in, budget_unit):
    for path in UPLOAD_FORMS:
        for body, boundary in BROKEN_MULTIPART:
            content_type = "multipart/form-data" + (f"; boundary={boundary}" if boundary else "")
            response = signed_in.generic("POST", path, body, content_type=content_type)
            assert response.status_code in (200, 400), (path, boundary, response.status_code)


def test_a_broken_multipart_body_on_every_address_is_never_a_500(signed_in):
    for path in _paths():
        for body, boundary in BROKEN_MULTIPART[:2]:
            content_type = "multipart/form-data" + (f"; boundary={boundary}" if boundary else "")
            response = signed_in.generic("POST", path, body, content_type=content_type)
            assert response.status_code < 500, (path, boundary, response.status_code)


UPLOAD_FORMS = ["/fi/tyotila/talous/tuonti/", "/fi/tyotila/paatokset/tuonti/"]


@pytest.mark.parametrize(
    "name",
    [
        "../../../../tmp/strategia-evil.xlsx",
        "..\\..\\evil.csv",
        "/etc/passwd.xlsx",
        "a\x00.csv",
        "%2e%2e%2fevil.csv",
        '"><img src=x onerror=alert(7331)>.csv',
    ],
)
def test_a_traversing_upload_name_writes_nothing_anywhere(
    signed_in, budget_unit, name, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.FILE_UPLOAD_TEMP_DIR = tmp_path / "uploads"
    (tmp_path / "uploads").mkdir()
    for path in UPLOAD_FORMS:
        upload = io.BytesIO(b"not,a,template\n1,2,3\n")
        upload.name = name
        response = signed_in.post(path, {"file": upload, "kind": "csv", "body": "x"})
        assert response.status_code in (200, 302, 400), (path, response.status_code)
        assert "onerror=alert(7331)" not in response.content.decode()
    assert not (tmp_path / "media").exists()
    assert not any((tmp_path / "uploads").iterdir())
    assert not (tmp_path.parent / "strategia-evil.xlsx").exists()
