"""Indicator page details found by the accessibility and usability review."""

import re
import xml.etree.ElementTree as ET

from .test_views import education, goal, plan, url  # noqa: F401 - fixtures


def _width_in_points(svg: bytes) -> float:
    return float(ET.fromstring(svg).get("width").removesuffix("pt"))  # noqa: S314 - our own


def test_phones_get_a_narrow_chart_through_picture(client, education):  # noqa: F811
    html = client.get(url("detail", education.slug)).content.decode()
    chart = "/fi/indicators/koulutustasomittain/chart.svg"
    assert re.search(
        rf'<picture>\s*<source media="\(max-width: 40em\)" srcset="{chart}\?size=narrow">\s*'
        rf'<img src="{chart}" alt="',
        html,
    )
    wide = client.get(chart)
    narrow = client.get(chart, {"size": "narrow"})
    assert narrow.status_code == 200
    assert narrow["Content-Type"] == "image/svg+xml"
    assert b'<title id="chart-title">' in narrow.content
    assert _width_in_points(narrow.content) < _width_in_points(wide.content)


def test_download_links_have_no_space_before_the_list_commas(client, education):  # noqa: F811
    # The list puts ", " between items with CSS; whitespace between the <li>s showed as
    # "CSV , XLSX , JSON-stat2".
    html = client.get(url("detail", education.slug)).content.decode()
    downloads = re.search(r'<ul class="inline-list downloads">(.*?)</ul>', html, re.S).group(1)
    assert downloads.count("<li>") == 3
    assert re.search(r"</li>\s+<li>", downloads) is None


def test_value_table_headers_start_with_a_capital(client, education):  # noqa: F811
    html = client.get(url("detail", education.slug)).content.decode()
    headers = re.findall(r'<th scope="col">([^<]+)</th>', html)
    assert headers[0] == "Jakso"
    assert "Yhteensä" in " ".join(headers)
    assert all(h[0].isupper() or not h[0].isalpha() for h in headers), headers


def test_chart_figure_keeps_its_own_role_and_is_named_by_its_caption(client, education):  # noqa: F811
    html = client.get(url("detail", education.slug)).content.decode()
    figure = re.search(r"<figure[^>]*>", html).group(0)
    # A <figure> is already a figure; role="group" overrode that (axe: aria-allowed-role).
    assert "role=" not in figure
    assert 'aria-labelledby="chart-caption"' in figure
    assert '<figcaption id="chart-caption">' in html


def test_finnish_fallbacks_are_marked_as_finnish_on_swedish_and_english_pages(
    client,
    organisation,
    goal,  # noqa: F811
):
    # WCAG 3.1.2: a screen reader must read an untranslated Finnish name as Finnish.
    from .factories import IndicatorFactory

    only_finnish = IndicatorFactory(
        organisation=organisation,
        slug="vain-suomeksi",
        name_fi="Vain suomeksi nimetty mittari",
        name_sv="",
        name_en="",
        description_fi="Kuvaus suomeksi.",
        description_sv="",
        description_en="",
    )
    only_finnish.goal_links.create(goal=goal)
    for language in ("sv", "en"):
        page = client.get(url("detail", only_finnish.slug, language=language)).content.decode()
        assert '<h1 lang="fi">Vain suomeksi nimetty mittari</h1>' in page, language
        assert '<div class="prose" lang="fi">' in page, language
        listing = client.get(url("list", language=language)).content.decode()
        assert 'lang="fi">Vain suomeksi nimetty mittari</a>' in listing, language
    finnish = client.get(url("detail", only_finnish.slug, language="fi")).content.decode()
    assert "<h1>Vain suomeksi nimetty mittari</h1>" in finnish


def test_translated_names_carry_no_language_attribute(client, education):  # noqa: F811
    page = client.get(url("detail", education.slug, language="en")).content.decode()
    assert "<h1>Education level index</h1>" in page


def test_filter_errors_are_tied_to_their_field(client, education):  # noqa: F811
    page = client.get(url("list"), {"status": "bogus"}).content.decode()
    assert 'aria-describedby="id_status_error"' in page
    assert '<p class="field__error" id="id_status_error">' in page


def test_source_categories_in_finnish_are_marked_as_finnish_in_the_value_table(
    client,
    organisation,
):
    from strategia.indicators.models import Source

    from .factories import IndicatorFactory
    from .test_views import add_series

    emissions = IndicatorFactory(
        organisation=organisation,
        slug="paastot",
        name_fi="Kasvihuonekaasupäästöt",
        name_en="Greenhouse-gas emissions",
        source=Source.SYKE,
    )
    add_series(emissions, [100, 98], first_year=2022)
    add_series(emissions, [40, 39], first_year=2022, dimensions={"sector": "Energia"})
    # A category of an archived file that the sector taxonomy does not know.
    add_series(emissions, [5, 4], first_year=2022, dimensions={"sector": "Turpeen nosto"})
    add_series(emissions, [10, 9], first_year=2022, dimensions={"sex": "female"})

    html = client.get(url("detail", emissions.slug, language="en")).content.decode()
    headers = re.findall(r'<th scope="col"( lang="fi")?>([^<]+)</th>', html)

    assert ("", "Total") in headers
    assert ("", "Women") in headers
    assert ("", "Energy") in headers
    assert (' lang="fi"', "Turpeen nosto") in headers
