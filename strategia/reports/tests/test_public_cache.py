"""The public cache of the council reports: which writes change which pages.

The list of published reports shows the ``reports`` kind and the plans' names;
a published file is not kept in the public cache but answers conditional GETs
with its SHA-256 as the ETag.
"""

from __future__ import annotations

import pytest

from strategia.core.tests.public_cache_visits import (
    STRATEGY_PAGES,
    build_strategy,
    public_cache,  # noqa: F401 (a fixture)
    rendered_again,
)
from strategia.reports import services
from strategia.reports.models import Report
from strategia.strategy.services import plan_save

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("public_cache")]

PAGES = {**STRATEGY_PAGES, "reports": "/fi/reports/"}


def _final(strategy, year: int) -> Report:
    """A final report with one stored PDF (made final without rendering, for speed)."""
    report = services.report_create(
        user=strategy.office,
        organisation=strategy.organisation,
        kind="annual",
        plan=strategy.plan,
        year=year,
        language="fi",
    )
    Report.objects.filter(pk=report.pk).update(
        state=Report.State.FINAL,
        snapshot={"title": "x", "language": "fi"},
        title=f"Vuosiraportti {year}",
    )
    report.refresh_from_db()
    report.files.create(format="pdf", content=b"%PDF-1.7 " + bytes(year), sha256="a" * 64, size=9)
    return report


@pytest.fixture
def site(organisation):
    strategy = build_strategy(organisation)
    published = _final(strategy, 2025)
    services.report_publish(user=strategy.office, report=published)
    return {"strategy": strategy, "published": published, "final": _final(strategy, 2026)}


def test_a_published_report_renders_again_the_reports_list_only(
    client, site, django_capture_on_commit_callbacks
):
    def publish():
        with django_capture_on_commit_callbacks(execute=True):
            services.report_publish(user=site["strategy"].office, report=site["final"])

    assert rendered_again(client, PAGES, publish) == {"reports"}
    assert "Vuosiraportti 2026" in client.get("/fi/reports/").text


def test_an_unpublished_report_leaves_the_list_and_its_file_at_once(
    client, site, django_capture_on_commit_callbacks
):
    download = f"/fi/reports/{site['published'].pk}/report.pdf"
    assert client.get(download).status_code == 200

    def unpublish():
        with django_capture_on_commit_callbacks(execute=True):
            services.report_unpublish(user=site["strategy"].office, report=site["published"])

    assert rendered_again(client, PAGES, unpublish) == {"reports"}
    assert "Vuosiraportti 2025" not in client.get("/fi/reports/").text
    assert client.get(download).status_code == 404


def test_a_renamed_plan_renders_again_the_reports_list_with_the_strategy_pages(
    client, site, django_capture_on_commit_callbacks
):
    strategy = site["strategy"]

    def rename():
        plan = strategy.plan
        plan.name_fi = "Kaupunkistrategia 2030"
        with django_capture_on_commit_callbacks(execute=True):
            plan_save(user=strategy.office, plan=plan, version=plan.version, reason="nimi")

    assert rendered_again(client, PAGES, rename) == set(PAGES)
    assert "Kaupunkistrategia 2030" in client.get("/fi/reports/").text


def test_staff_never_get_a_cached_reports_list(client, site):
    client.force_login(site["strategy"].office)
    for _ in range(2):
        assert "X-Public-Cache" not in client.get("/fi/reports/")
    client.logout()
    client.cookies.clear()

    assert client.get("/fi/reports/")["X-Public-Cache"] == "miss"


def test_a_conditional_get_of_a_published_file_is_answered_304(client, site):
    download = f"/fi/reports/{site['published'].pk}/report.pdf"
    first = client.get(download)
    assert first["ETag"] == '"' + "a" * 64 + '"'
    assert first["Last-Modified"]

    assert client.get(download, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(download, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(download, HTTP_IF_NONE_MATCH='"other"').content == first.content


def test_the_reports_list_answers_a_conditional_get_with_304(client, site):
    first = client.get("/fi/reports/")

    assert client.get("/fi/reports/", HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
