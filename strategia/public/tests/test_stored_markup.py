"""Stored markup: script and HTML payloads in every text field of the strategy's rows are inert
on every public page that shows them, and the API hands them out only as JSON.

The payloads are written straight into the rows (what any door — editor, admin, import —
could store), into every text column of the plans, goals, measures, units, persons and
published updates of the fixture, so a field added later is covered too. A page passes when
no element or attribute that a payload could add is there beyond what the page has without
the payloads.
"""

from collections import Counter
from html.parser import HTMLParser

import pytest
from django.db import models
from django.utils import translation

from strategia.monitoring.models import StatusUpdate
from strategia.organisations.models import Person, Unit
from strategia.strategy.models import Goal, Measure, Plan

from .conftest import page_urls

PAYLOADS = [
    "<script>alert('xss')</script>",
    '"><img src=x onerror="alert(1)">',
    "[klik](javascript:alert(1))",
    '<a href="javascript:alert(1)">a</a>',
    "<svg onload=alert(1)>",
    '\'><iframe src="https://evil.example"></iframe>',
]
API_URLS = ("/api/v1/measures/", "/api/v1/status-updates/", "/api/v1/plans/")
# Columns that are not free text (codes the page builds addresses or classes from).
NOT_FREE_TEXT = {"slug", "identifier", "status", "state", "kind", "visibility", "email"}


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: Counter[str] = Counter()
        self.dangerous: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags[tag] += 1
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.dangerous.append(f"{name} on <{tag}>")
            if name in ("href", "src", "action", "formaction") and (
                (value or "").strip().lower().startswith("javascript:")
            ):
                self.dangerous.append(f"{name}={value!r} on <{tag}>")


def _elements(html: str) -> _Elements:
    parser = _Elements()
    parser.feed(html)
    return parser


def _text_columns(model) -> list[str]:
    return [
        field.attname
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.name not in NOT_FREE_TEXT
        and not field.name.startswith(("slug", "identifier", "email"))
        and not isinstance(field, models.URLField)
    ]


def _store(rows, payload: str) -> int:
    stored = 0
    for row in rows:
        columns = _text_columns(type(row))
        values = {}
        for column in columns:
            limit = type(row)._meta.get_field(column).max_length
            values[column] = f"{column} {payload}"[: limit or None]
        type(row).objects.filter(pk=row.pk).update(**values)
        stored += len(values)
    return stored


def _visit(client, urls) -> dict[str, str]:
    pages = {}
    for name, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        pages[name] = response.content.decode()
    return pages


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_in_every_text_field_are_inert_on_every_public_page(client, strategy, payload):
    with translation.override("fi"):
        urls = page_urls(strategy)
    urls["search"] = "/fi/search/?q=script"
    before = {name: _elements(html) for name, html in _visit(client, urls).items()}
    before_api = {
        url: _elements(client.get(url, HTTP_ACCEPT="text/html").content.decode()).tags["script"]
        for url in API_URLS
    }

    rows = [
        strategy.plan,
        strategy.programme,
        *Goal.objects.filter(plan__organisation=strategy.organisation),
        *Measure.objects.filter(organisation=strategy.organisation),
        *Unit.objects.filter(organisation=strategy.organisation),
        *Person.objects.filter(organisation=strategy.organisation),
        *StatusUpdate.objects.filter(measure__organisation=strategy.organisation),
    ]
    assert _store(rows, payload) > 40  # every row has several text columns
    assert payload in Plan.objects.get(pk=strategy.plan.pk).name_fi

    after = _visit(client, urls)
    shown = 0
    for name, html in after.items():
        elements = _elements(html)
        assert not elements.dangerous, (name, elements.dangerous)
        for tag in ("script", "iframe", "img", "svg", "style", "object", "embed", "form"):
            grown = elements.tags[tag] - before[name].tags[tag]
            assert grown <= 0, (name, tag, grown)
        shown += "name_fi " in html  # a stored value, shown as text
    assert shown >= len(after) // 2  # the payloads are on the pages, as text
    # The API gives the text as it was written, as JSON that no browser runs as a page.
    for url in API_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"].startswith("application/json"), url
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert payload in str(response.json()), url
        # In a browser the API's own HTML view escapes it like every page.
        browsable = _elements(client.get(url, HTTP_ACCEPT="text/html").content.decode())
        assert not browsable.dangerous, url
        assert browsable.tags["script"] == before_api[url], url
