"""Hostile requests: oversized and malformed bodies, forged CSRF, foreign Origin,
path traversal in file names, and junk in every query parameter the pages read."""

import io

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.organisations.tests.factories import UserFactory

from .addresses import fill, site_addresses

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def admin_user(organisation, settings):
    settings.STAFF_REQUIRE_2FA = False
    user = UserFactory(email="paakayttaja@example.fi", is_staff=True)
    RoleAssignmentFactory(user=user, organisation=organisation, role=Role.ADMINISTRATOR)
    return user


# --- Bodies --------------------------------------------------------------------------


def test_an_oversized_body_is_a_400_not_a_500(client, organisation, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post(
        url("accounts:login"), {"username": "a@example.fi", "password": "x" * 20_000}
    )
    assert response.status_code == 400
    assert "Pyyntöä ei voitu käsitellä" in response.content.decode()


def test_too_many_fields_is_a_400(client, organisation, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 100
    response = client.post(url("accounts:login"), {f"f{n}": "x" for n in range(200)})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "body",
    [b"username=%ff%fe&password=%c3%28", b"\xff\xfe\x00\x00username=\xc3\x28", b"%%%&&&==="],
)
def test_malformed_utf8_in_a_form_is_not_a_500(client, organisation, body):
    response = client.generic(
        "POST", url("accounts:login"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code in (200, 400, 403)


@pytest.mark.parametrize(
    "query", ["q=%ff%fe", "goal=%c3%28", "page=%ff", "status=%00%ff", "plan=\udcff"]
)
def test_malformed_utf8_in_a_query_is_not_a_500(client, organisation, query):
    for path in ("/api/v1/measures/", url("public:measure_list"), url("indicators:list")):
        response = client.get(f"{path}?{query}")
        assert response.status_code in (200, 400, 404), (path, query)


def test_a_broken_multipart_body_is_a_400(client, organisation, admin_user):
    client.force_login(admin_user)
    response = client.generic(
        "POST",
        url("budget:import"),
        b'--xx\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\n\r\nabc',
        content_type="multipart/form-data; boundary=xx",
    )
    assert response.status_code in (200, 400)


# --- CSRF and Origin --------------------------------------------------------------------


def test_every_address_refuses_a_post_without_a_csrf_token(organisation, admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    checked = 0
    for address in site_addresses():
        if address.name.startswith(("api:", "healthz")):
            continue
        for path in fill(address, [1], {}):
            response = client.post(path, {"x": "1"})
            assert response.status_code == 403, (address.name, path, response.status_code)
            checked += 1
            break
    assert checked > 80
    # The refusal is the site's own translated page, not Django's bare one.
    assert "Sinulla ei ole pääsyä" in response.content.decode()


def test_the_api_is_read_only_for_a_signed_in_user_too(organisation, admin_user):
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    for path in ("/api/v1/measures/", "/api/v1/plans/", "/api/v1/status-updates/"):
        assert client.post(path, {}).status_code in (403, 405)
        assert client.delete(path).status_code in (403, 405)


def _token_and_cookie(client) -> str:
    page = client.get(url("accounts:login"))
    return page.context["csrf_token"]


def test_a_forged_csrf_token_is_refused(organisation, admin_user):
    client = Client(enforce_csrf_checks=True)
    _token_and_cookie(client)
    response = client.post(
        url("accounts:login"),
        {"username": admin_user.email, "password": "x", "csrfmiddlewaretoken": "A" * 64},
    )
    assert response.status_code == 403


def test_a_foreign_origin_is_refused_even_with_a_valid_token(organisation, admin_user):
    client = Client(enforce_csrf_checks=True)
    token = _token_and_cookie(client)
    data = {"username": admin_user.email, "password": "x", "csrfmiddlewaretoken": token}
    refused = client.post(url("accounts:login"), data, HTTP_ORIGIN="https://evil.example")
    assert refused.status_code == 403
    accepted = client.post(url("accounts:login"), data, HTTP_ORIGIN="http://testserver")
    assert accepted.status_code == 200  # the form again: wrong password, but not refused


# --- File names -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name", ["../../../../tmp/strategia-evil.csv", "..\\..\\evil.csv", "/etc/passwd", "a\x00.csv"]
)
def test_a_traversing_upload_name_writes_nothing_anywhere(
    client, organisation, admin_user, name, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(admin_user)
    upload = io.BytesIO(b"not,a,budget\n1,2,3\n")
    upload.name = name
    for path in (url("budget:import"), url("assessments:import")):
        response = client.post(path, {"file": upload, "kind": "csv", "body": "x"})
        assert response.status_code in (200, 302, 400), path
        upload.seek(0)
    assert not any(tmp_path.rglob("*"))
    import pathlib

    assert not pathlib.Path("/tmp/strategia-evil.csv").exists()


@pytest.mark.parametrize(
    "suffix", ["..%2F..%2Fsettings.py", "%2e%2e%2f%2e%2e%2fetc%2fpasswd", "csv%00.py", "csv/../x"]
)
def test_a_traversing_download_name_is_a_404(client, organisation, admin_user, suffix):
    client.force_login(admin_user)
    for prefix in (
        "/fi/indicators/template.",
        "/fi/tyotila/talous/pohja.",
        "/fi/reports/1/report.",
    ):
        response = client.get(prefix + suffix)
        assert response.status_code == 404, prefix + suffix


# --- Junk in query parameters ------------------------------------------------------------

JUNK = ["9999999999999999999999999", "-1", "0", "1e400", "nan", "%00", "0000-00-00", "ä" * 500]
PARAMETERS = [
    "page",
    "year",
    "q",
    "goal",
    "plan",
    "status",
    "unit",
    "kind",
    "size",
    "format",
    "indicator",
    "lang",
    "period",
    "responsible_unit",
    "measure",
    "next",
]


def test_junk_in_every_query_parameter_of_every_page_is_never_a_500(organisation, admin_user):
    client = Client()
    client.force_login(admin_user)
    checked = 0
    for address in site_addresses():
        if address.converters or address.name.startswith(("admin:", "accounts:logout")):
            continue
        path = fill(address, [], {})
        for concrete in path:
            for value in JUNK:
                query = "&".join(f"{name}={value}" for name in PARAMETERS)
                response = client.get(f"{concrete}?{query}")
                assert response.status_code < 500, (concrete, value, response.status_code)
                checked += 1
    assert checked > 100


# --- Junk in every form field --------------------------------------------------------------

FORM_JUNK = ["9999999999999999999999999", "0000", "-1", "\x00", "2026-13-45", "ä" * 300]


def _forms_in(response) -> list:
    from django import forms

    found = []
    for context in response.context or []:
        for value in context.flatten().values():
            if isinstance(value, forms.BaseForm | forms.BaseFormSet) and value not in found:
                found.append(value)
    return found


def _junk_data(form, junk: str) -> dict:
    from django import forms

    forms_ = form.forms if isinstance(form, forms.BaseFormSet) else [form]
    data = {}
    if isinstance(form, forms.BaseFormSet):
        management = form.management_form
        data.update({management.add_prefix(n): "1" for n in ("TOTAL_FORMS", "INITIAL_FORMS")})
    for each in forms_[:1]:
        for name in each.fields:
            data[each.add_prefix(name)] = junk
    return data


def test_junk_in_every_form_field_of_every_page_is_never_a_500(db, settings):
    from strategia.accounts.tests.scenario import build_scenario
    from strategia.indicators.tests.factories import IndicatorFactory
    from strategia.monitoring.tests.factories import ReportingPeriodFactory

    settings.STAFF_REQUIRE_2FA = False
    s = build_scenario()
    period = ReportingPeriodFactory(plan=s.plans["own"], state="open")
    indicator = IndicatorFactory(
        organisation=s.organisation, source="manual", responsible_unit=s.units["own"]
    )
    ids = [
        s.measures["own"].pk,
        period.pk,
        indicator.pk,
        s.updates["own"].pk,
        s.plans["own"].pk,
        s.units["own"].pk,
        s.users["contact"].pk,
    ]
    client = Client()
    client.force_login(s.users["admin"])
    posted = 0
    for address in site_addresses():
        if address.name.startswith(("admin:", "api:", "accounts:logout", "set_language")):
            continue
        for path in fill(address, ids, {"key": ["nakokohdat"], "kind": ["measures"]}):
            response = client.get(path)
            if response.status_code != 200 or not _forms_in(response):
                continue
            for form in _forms_in(response):
                for junk in FORM_JUNK:
                    answer = client.post(path, _junk_data(form, junk))
                    assert answer.status_code < 500, (address.name, path, junk)
                    posted += 1
            break
    assert posted > 50
