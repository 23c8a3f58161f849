"""Indicator list and page, chart images, visibility, and constant query counts."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from strategia.indicators import selectors
from strategia.indicators.models import Observation, Polarity, Source
from strategia.strategy.models import Visibility
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory, PlanFactory

from .factories import IndicatorFactory, TargetFactory


def add_series(indicator, values, *, first_year=2015, area="240", dimensions=None):
    dimensions = dimensions or {}
    key = "|".join(f"{k}={dimensions[k]}" for k in sorted(dimensions))
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            area=area,
            period=str(first_year + i),
            period_start=datetime.date(first_year + i, 1, 1),
            dimensions=dimensions,
            dimensions_key=key,
            value=value,
            fetched_at=timezone.now(),
        )
        for i, value in enumerate(values)
    )


def url(name, *args, language="fi"):
    with translation.override(language):
        return reverse(f"indicators:{name}", args=args)


@pytest.fixture
def plan(organisation):
    return PlanFactory(organisation=organisation, slug="kaupunkistrategia")


@pytest.fixture
def goal(plan):
    return GoalFactory(plan=plan, slug="viisas-kemi", name_fi="Viisas Kemi")


@pytest.fixture
def education(organisation, goal):
    indicator = IndicatorFactory(
        organisation=organisation,
        slug="koulutustasomittain",
        name_fi="Koulutustasomittain",
        name_en="Education level index",
        unit_fi="indeksi",
        decimals=0,
        source=Source.SOTKANET,
        source_reference={"indicator": 180, "producer": "Tilastokeskus"},
        polarity=Polarity.HIGHER_IS_BETTER,
    )
    indicator.goal_links.create(goal=goal, expected_effect="increases")
    add_series(indicator, [300, 302, 304, 306, 308, 310])  # 2015–2020, +2 a year
    add_series(indicator, [312, 314], first_year=2019, dimensions={"sex": "female"})
    add_series(indicator, [400, 401], first_year=2019, area="SSS")
    TargetFactory(indicator=indicator, year=2025, value=320)
    return indicator


@pytest.fixture
def internal(organisation):
    indicator = IndicatorFactory(
        organisation=organisation,
        slug="sisainen",
        name_fi="Sisäinen mittari",
        visibility=Visibility.INTERNAL,
    )
    add_series(indicator, [1, 2, 3])
    return indicator


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_list_and_page_answer_in_every_language(client, education, language):
    response = client.get(url("list", language=language))
    assert response.status_code == 200
    expected = "Education level index" if language == "en" else "Koulutustasomittain"
    assert expected.encode() in response.content
    response = client.get(url("detail", education.slug, language=language))
    assert response.status_code == 200


def test_page_shows_judgement_table_citation_and_accessible_chart(client, education):
    response = client.get(url("detail", education.slug, language="fi"))
    html = response.content.decode()
    # +2 a year from 310 in 2020 reaches 320 in 2025, the target year.
    assert "Nykyvauhdilla tavoite saavutettaisiin vuonna 2025" in html
    assert "term--judgement-on_track tone-positive" not in html
    assert 'class="term tone-positive term--judgement-on_track"' in html
    assert "Tilasto- ja indikaattoripankki Sotkanet. Tilastokeskus. Koulutustasomittain" in html
    assert "(ind. 180). Viitattu" in html
    assert 'src="/fi/indicators/koulutustasomittain/chart.svg"' in html
    assert 'aria-labelledby="chart-caption"' in html
    assert "<table" in html and "<caption" in html
    assert ">2020</th>" in html  # a row per period
    assert "Koko maa" in html  # the Finland column
    assert "/fi/plans/kaupunkistrategia/goals/viisas-kemi/" in html
    # CSP: no inline styles or scripts on the page (the site's own script files are fine).
    assert "style=" not in html
    assert not re.search(r"<script(?![^>]*\ssrc=)", html)


def test_chart_images(client, education):
    response = client.get(url("chart", education.slug, "svg"))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert b'<title id="chart-title">Koulutustasomittain</title>' in response.content
    assert "default-src 'none'" in response["Content-Security-Policy"]
    png = client.get(url("chart", education.slug, "png"))
    assert png["Content-Type"] == "image/png"
    assert png.content.startswith(b"\x89PNG")
    assert client.get(url("chart", education.slug, "gif")).status_code == 404


def test_internal_indicator_hidden_from_anonymous(client, education, internal):
    listing = client.get(url("list")).content.decode()
    assert "Sisäinen mittari" not in listing
    assert client.get(url("detail", internal.slug)).status_code == 404
    assert client.get(url("chart", internal.slug, "svg")).status_code == 404
    counts = selectors.status_summary(user=_anonymous(), organisation=education.organisation)
    assert sum(counts.values()) == 1


def test_internal_indicator_shown_to_those_who_may_see_it(client, admin_user, education, internal):
    client.force_login(admin_user)
    assert "Sisäinen mittari" in client.get(url("list")).content.decode()
    assert client.get(url("detail", internal.slug)).status_code == 200


def test_list_filters(client, organisation, education, goal):
    other = IndicatorFactory(
        organisation=organisation, name_fi="Päästöt", source=Source.SYKE, polarity="lower_is_better"
    )
    add_series(other, [10, 11, 12])
    TargetFactory(indicator=other, year=2030, value=5)

    def names(**params):
        html = client.get(url("list"), params).content.decode()
        return {n for n in ("Koulutustasomittain", "Päästöt") if n in html}

    assert names() == {"Koulutustasomittain", "Päästöt"}
    assert names(source="syke") == {"Päästöt"}
    assert names(goal=goal.pk) == {"Koulutustasomittain"}
    assert names(plan="kaupunkistrategia") == {"Koulutustasomittain"}
    assert names(status="off_track") == {"Päästöt"}
    assert names(status="on_track") == {"Koulutustasomittain"}


def _count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def test_page_query_count_does_not_grow_with_observations(client, organisation, goal):
    few = IndicatorFactory(organisation=organisation, slug="few")
    add_series(few, [1, 2, 3])
    TargetFactory(indicator=few, year=2030, value=10)
    few.goal_links.create(goal=goal)
    many = IndicatorFactory(organisation=organisation, slug="many")
    add_series(many, [float(i) for i in range(300)], first_year=1700)
    add_series(many, [float(i) for i in range(300)], first_year=1700, dimensions={"sex": "male"})
    TargetFactory(indicator=many, year=2030, value=10)
    many.goal_links.create(goal=goal)
    MeasureFactory(organisation=organisation).indicator_links.create(indicator=many)
    assert _count_queries(client, url("detail", "few")) == _count_queries(
        client, url("detail", "many")
    )
    assert _count_queries(client, url("chart", "few", "svg")) == _count_queries(
        client, url("chart", "many", "svg")
    )


def test_list_query_count_does_not_grow_with_indicators(client, organisation, goal):
    def make(n):
        for i in range(n):
            indicator = IndicatorFactory(organisation=organisation)
            indicator.goal_links.create(goal=goal)
            add_series(indicator, [1, 2, 3 + i])
            TargetFactory(indicator=indicator, year=2030, value=10)

    make(2)
    small = _count_queries(client, url("list"))
    make(20)
    assert _count_queries(client, url("list")) == small


def test_status_summary_by_goal(organisation, education, goal, internal):
    internal.goal_links.create(goal=goal)
    summary = selectors.status_summary_by_goal(
        user=_anonymous(), organisation=organisation, goals=[goal]
    )
    assert summary[goal.pk]["on_track"] == 1
    assert sum(summary[goal.pk].values()) == 1  # the internal one is not counted


def _anonymous():
    from django.contrib.auth.models import AnonymousUser

    return AnonymousUser()


def test_goal_indicator_rows_and_include(
    organisation, education, goal, internal, django_assert_max_num_queries
):
    from django.template.loader import render_to_string

    internal.goal_links.create(goal=goal)
    with django_assert_max_num_queries(4):
        rows = selectors.goal_indicator_rows(
            user=_anonymous(), organisation=organisation, goal=goal
        )
    assert [row.indicator.slug for row in rows] == ["koulutustasomittain"]
    assert rows[0].judgement.status.value == "on_track"
    with translation.override("fi"):
        html = render_to_string("indicators/goal_indicators.html", {"rows": rows})
    assert "/fi/indicators/koulutustasomittain/" in html
    assert "Etenee suunnitellusti" in html
    assert "320\xa0indeksi (2025)" in html


@pytest.mark.parametrize(
    ("file_format", "content_type", "start"),
    [
        ("csv", "text/csv; charset=utf-8", "\ufeff".encode()),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", b"PK"),
        ("jsonstat2", "application/json", b"{"),
    ],
)
def test_downloads(client, education, file_format, content_type, start):
    education.licence = "CC BY 4.0"
    education.save()
    response = client.get(url("download", education.slug, file_format))
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.content.startswith(start)
    assert "attachment" in response["Content-Disposition"]
    if file_format == "csv":
        text = response.content.decode("utf-8-sig")
        header, first = text.splitlines()[:2]
        # For people: headings in the page's language, the area by name and code, and the
        # unit, source and licence on every row.
        assert header.startswith("Mittari;Alue;")
        assert ";Sukupuoli;Arvo;Yksikkö;" in header
        assert header.endswith(";Lähde;Lisenssi")
        assert ";Kemi (240);2015;;300;indeksi;" in first
        assert "Koko maa (SSS)" in text
        assert all(row.endswith(";CC BY 4.0") for row in text.splitlines()[1:])


def test_downloads_follow_the_page_language(client, education):
    english = client.get(url("download", education.slug, "csv", language="en"))
    header = english.content.decode("utf-8-sig").splitlines()[0]
    assert header.startswith("Indicator;Area;Period;Sex;Value;Unit;")
    xlsx = client.get(url("download", education.slug, "xlsx", language="sv"))
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    values, about = workbook.worksheets
    assert [cell.value for cell in values[1]][:3] == ["Indikator", "Område", "Period"]
    assert any(row[0].value == "Licens" for row in about.iter_rows())
    stat = client.get(url("download", education.slug, "jsonstat2")).json()
    assert stat["extension"]["licence"] == education.licence
    assert stat["dimension"]["area"]["category"]["label"]["240"] == "Kemi (240)"


def test_downloads_respect_visibility(client, internal):
    assert client.get(url("download", internal.slug, "csv")).status_code == 404
    assert client.get(url("download", "koulutustasomittain", "pdf")).status_code == 404


def test_import_template_is_for_staff_only(client, education):
    assert client.get(url("import_template", "csv")).status_code == 403
    assert (
        client.get(url("import_template", "xlsx"), {"indicator": education.slug}).status_code == 403
    )
    page = client.get(url("detail", education.slug)).content.decode()
    assert "template.xlsx" not in page
    assert "template.xlsx" not in client.get(url("list")).content.decode()


def test_import_template(client, education):
    from strategia.accounts.models import Role
    from strategia.accounts.tests.factories import RoleAssignmentFactory
    from strategia.organisations.tests.factories import UserFactory

    user = UserFactory()
    RoleAssignmentFactory(user=user, organisation=education.organisation, role=Role.STRATEGY_OFFICE)
    client.force_login(user)
    assert "template.xlsx" in client.get(url("detail", education.slug)).content.decode()
    response = client.get(url("import_template", "csv"))
    assert response.status_code == 200
    assert response.content.decode("utf-8-sig").lower().startswith("indicator;area;period")
    xlsx = client.get(url("import_template", "xlsx"), {"indicator": education.slug})
    assert xlsx.content.startswith(b"PK")
    assert client.get(url("import_template", "xlsx"), {"indicator": "nope"}).status_code == 404


def test_quarterly_indicator_shows_its_periods(client, organisation):
    indicator = IndicatorFactory(
        organisation=organisation, slug="neljannes", time_resolution="quarter", unit_fi=""
    )
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            area="240",
            period=f"2024Q{q}",
            period_start=datetime.date(2024, 3 * q - 2, 1),
            value=float(q),
            fetched_at=timezone.now(),
        )
        for q in (1, 2, 3)
    )
    TargetFactory(indicator=indicator, year=2025, value=7)
    html = client.get(url("detail", "neljannes")).content.decode()
    assert "3,0 (2024Q3)" in html
    # +1 a quarter from 3 in 2024Q3 reaches 7 in 2025Q3, before 2025Q4: on track.
    assert "term--judgement-on_track tone-positive" not in html
    assert 'class="term tone-positive term--judgement-on_track"' in html
    assert "(2024Q3)" in client.get(url("list")).content.decode()


def test_the_chart_calls_the_trend_a_trend_in_plain_words(client, education):
    svg = client.get(url("chart", education.slug, "svg")).content.decode()
    assert "kehityssuunta" in svg
    assert "pienimmän" not in svg and "least squares" not in svg


def test_an_indicator_without_values_has_no_chart(client, organisation):
    IndicatorFactory(organisation=organisation, slug="arvoton")
    assert client.get(url("chart", "arvoton", "svg")).status_code == 404
