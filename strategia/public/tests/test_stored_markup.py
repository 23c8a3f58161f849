"""Stored markup: script and HTML payloads in every text field of the strategy's rows are inert
on every public page that shows them, and the API hands them out only as JSON.

The payloads are written straight into the rows (what any door — editor, admin, import —
could store), into every text column of the plans, goals, measures, units, persons and
published updates of the fixture, so a field added later is covered too. A page passes when
no element or attribute that a payload could add is there beyond what the page has without
the payloads.
"""

import pytest
from django.utils import translation

from strategia.core.tests.hostile.markup import PAYLOADS, elements, findings, store
from strategia.monitoring.models import StatusUpdate
from strategia.organisations.models import Person, Unit
from strategia.strategy.models import Goal, Measure, Plan

from .conftest import page_urls

API_URLS = ("/api/v1/measures/", "/api/v1/status-updates/", "/api/v1/plans/")


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
    before = {name: elements(html) for name, html in _visit(client, urls).items()}
    before_api = {
        url: elements(client.get(url, HTTP_ACCEPT="text/html").content.decode()).tags["script"]
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
    assert store(rows, [payload]) > 40  # every row has several text columns
    assert payload in Plan.objects.get(pk=strategy.plan.pk).name_fi

    after = _visit(client, urls)
    shown = 0
    for name, html in after.items():
        assert findings(before[name], html) == [], name
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
        browsable = elements(client.get(url, HTTP_ACCEPT="text/html").content.decode())
        assert not browsable.dangerous, url
        assert browsable.tags["script"] == before_api[url], url
