"""fetch_indicators against recorded answers through httpx.MockTransport: never the network."""

import datetime
import json
from io import StringIO
from pathlib import Path

import httpx
import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from strategia.indicators import fetch
from strategia.indicators.models import ImportRun, Observation, Source

from .factories import IndicatorFactory

DATA = Path(__file__).parent / "data" / "fetch"
NOW = timezone.make_aware(datetime.datetime(2026, 11, 29, 3, 0))


@pytest.fixture(autouse=True)
def var_dir(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    return tmp_path


class Recorder:
    """A mock transport that answers from a table and remembers every request."""

    def __init__(self, answers):
        self.answers = answers  # path → list of responses (or exceptions), consumed in order
        self.requests: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if request.url.path not in self.answers:
            return httpx.Response(404, text="Not found")
        queue = self.answers[request.url.path]
        answer = queue.pop(0) if len(queue) > 1 else queue[0]
        if isinstance(answer, Exception):
            raise answer
        return answer

    def client(self):
        return fetch.make_client(transport=httpx.MockTransport(self))


def ok(name):
    return httpx.Response(200, content=(DATA / name).read_bytes())


@pytest.fixture
def sotkanet_indicator(organisation):
    return IndicatorFactory(
        organisation=organisation,
        slug="koulutustasomittain",
        source=Source.SOTKANET,
        source_reference={"indicator": 180},
    )


def test_sotkanet_fetch_archives_and_imports(sotkanet_indicator, var_dir):
    recorder = Recorder(
        {
            "/rest/1.1/regions": [ok("sotkanet_regions.json")],
            "/rest/1.1/json": [ok("sotkanet_180.json")],
        }
    )
    with recorder.client() as client:
        outcome = fetch.Fetcher(client=client, now=NOW, sleep=lambda s: None).fetch(
            sotkanet_indicator
        )
    assert outcome.ok, outcome.error
    # Kemi total 2021–2022, women and men 2022, Finland 2022, and Tornio for comparison.
    assert outcome.result.created == 6
    values = {
        (o.area, o.period, o.dimensions_key): o.value
        for o in Observation.objects.filter(indicator=sotkanet_indicator)
    }
    assert values[("240", "2022", "")] == 333.0
    assert values[("SSS", "2022", "")] == 400.0
    assert values[("851", "2022", "")] == 310.0
    assert len([k for k in values if k[0] == "240" and k[1] == "2022"]) == 3

    data_request = recorder.requests[-1]
    assert data_request.headers["User-Agent"].startswith("Strategia/")
    params = data_request.url.params
    assert params["indicator"] == "180"
    assert "2026" in params.get_list("years") and "1990" in params.get_list("years")
    assert set(params.get_list("genders")) == {"male", "female", "total"}

    archived = outcome.archived
    assert archived.parent == var_dir / "imports" / "2026-11-29"
    assert archived.read_bytes() == (DATA / "sotkanet_180.json").read_bytes()
    assert (var_dir / "imports" / "2026-11-29").glob("shared-sotkanet-regions-*.json")
    run = ImportRun.objects.get()
    assert run.trigger == ImportRun.Trigger.FETCH
    assert run.file_name == str(archived)


def test_refetch_is_idempotent(sotkanet_indicator):
    answers = {
        "/rest/1.1/regions": [ok("sotkanet_regions.json")],
        "/rest/1.1/json": [ok("sotkanet_180.json")],
    }
    for _round in range(2):
        with Recorder(dict(answers)).client() as client:
            outcome = fetch.Fetcher(client=client, now=NOW, sleep=lambda s: None).fetch(
                sotkanet_indicator
            )
    assert outcome.result.created == 0
    assert outcome.result.unchanged == 6
    assert Observation.objects.count() == 6


def test_server_errors_and_timeouts_are_retried_with_backoff(sotkanet_indicator):
    slept = []
    recorder = Recorder(
        {
            "/rest/1.1/regions": [ok("sotkanet_regions.json")],
            "/rest/1.1/json": [
                httpx.Response(503),
                httpx.ReadTimeout("slow"),
                ok("sotkanet_180.json"),
            ],
        }
    )
    with recorder.client() as client:
        outcome = fetch.Fetcher(client=client, now=NOW, sleep=slept.append).fetch(
            sotkanet_indicator
        )
    assert outcome.ok
    assert slept == [2.0, 4.0]
    assert len([r for r in recorder.requests if r.url.path.endswith("/json")]) == 3


def test_giving_up_after_the_retries_writes_nothing(sotkanet_indicator):
    slept = []
    recorder = Recorder(
        {
            "/rest/1.1/regions": [ok("sotkanet_regions.json")],
            "/rest/1.1/json": [httpx.Response(502)],
        }
    )
    with recorder.client() as client:
        outcome = fetch.Fetcher(client=client, now=NOW, sleep=slept.append).fetch(
            sotkanet_indicator
        )
    assert not outcome.ok
    assert "after 4 attempts" in outcome.error and "HTTP 502" in outcome.error
    assert slept == [2.0, 4.0, 8.0]
    assert Observation.objects.count() == 0


def test_client_errors_are_not_retried(sotkanet_indicator):
    recorder = Recorder(
        {
            "/rest/1.1/regions": [ok("sotkanet_regions.json")],
            "/rest/1.1/json": [httpx.Response(404)],
        }
    )
    with recorder.client() as client:
        outcome = fetch.Fetcher(client=client, now=NOW, sleep=lambda s: None).fetch(
            sotkanet_indicator
        )
    assert "HTTP 404" in outcome.error
    assert len([r for r in recorder.requests if r.url.path.endswith("/json")]) == 1


def test_a_malformed_answer_fails_cleanly(sotkanet_indicator):
    recorder = Recorder(
        {
            "/rest/1.1/regions": [ok("sotkanet_regions.json")],
            "/rest/1.1/json": [httpx.Response(200, content=b'[{"indicator": 180, "reg')],
        }
    )
    with recorder.client() as client:
        outcome = fetch.Fetcher(client=client, now=NOW, sleep=lambda s: None).fetch(
            sotkanet_indicator
        )
    assert outcome.error
    assert outcome.archived.exists()  # the bad answer is kept for inspection
    assert Observation.objects.count() == 0


def test_pxweb_posts_the_stored_query_asking_for_jsonstat2(organisation):
    indicator = IndicatorFactory(
        organisation=organisation,
        slug="vaestonmuutos",
        source=Source.PXWEB,
        source_reference={
            "table": "StatFin/vaerak/statfin_vaerak_pxt_11ra.px",
            "query": {
                "query": [{"code": "Alue", "selection": {"filter": "item", "values": ["KU240"]}}],
                "response": {"format": "csv"},
            },
            "area_dimension": "Alue",
            "period_dimension": "Vuosi",
            "indicator_dimension": "Tiedot",
            "indicator_code": "kokmuutos",
            "area_prefix": "KU",
        },
    )
    recorder = Recorder(
        {
            "/PxWeb/api/v1/fi/StatFin/vaerak/statfin_vaerak_pxt_11ra.px": [
                ok("pxweb_population.json")
            ]
        }
    )
    with recorder.client() as client:
        outcome = fetch.Fetcher(client=client, now=NOW, sleep=lambda s: None).fetch(indicator)
    assert outcome.ok, outcome.error
    # The service's limits first (a 404 here: the defaults), then the stored query.
    assert recorder.requests[0].url.query == b"config"
    request = recorder.requests[-1]
    assert request.method == "POST"
    body = json.loads(request.content)
    assert body["response"] == {"format": "json-stat2"}
    assert body["query"][0]["code"] == "Alue"
    assert sorted(Observation.objects.values_list("period", "value")) == [
        ("2022", -250.0),
        ("2023", -180.0),
    ]


def test_syke_gets_the_municipality_file(organisation):
    indicator = IndicatorFactory(
        organisation=organisation,
        slug="paastot",
        source=Source.SYKE,
        source_reference={"method": "hinku", "sector_level": 1},
    )
    recorder = Recorder({"/Tulokset_taso_5/kunta_240.csv": [ok("syke_kunta_240.csv")]})
    with recorder.client() as client:
        outcome = fetch.Fetcher(client=client, now=NOW, sleep=lambda s: None).fetch(indicator)
    assert outcome.ok, outcome.error
    assert str(recorder.requests[0].url) == (
        "https://paastot.hiilineutraalisuomi.fi/Tulokset_taso_5/kunta_240.csv"
    )
    total = Observation.objects.get(indicator=indicator, period="2022", dimensions_key="")
    assert total.value == pytest.approx(113.5)


def test_incomplete_reference_is_skipped_without_a_request(organisation):
    indicator = IndicatorFactory(
        organisation=organisation,
        slug="ei-hakua",
        source=Source.PXWEB,
        source_reference={"table": "StatFin/vaerak/statfin_vaerak_pxt_11ra.px"},
    )
    recorder = Recorder({})
    with recorder.client() as client:
        outcome = fetch.Fetcher(client=client, now=NOW).fetch(indicator)
    assert outcome.skipped
    assert recorder.requests == []


def test_command_fetches_and_reports(sotkanet_indicator, monkeypatch):
    recorder = Recorder(
        {
            "/rest/1.1/regions": [ok("sotkanet_regions.json")],
            "/rest/1.1/json": [ok("sotkanet_180.json")],
        }
    )
    monkeypatch.setattr(
        "strategia.indicators.management.commands.fetch_indicators.make_client", recorder.client
    )
    out = StringIO()
    call_command("fetch_indicators", "--organisation", "kemi", stdout=out)
    assert "kemi/koulutustasomittain: 6 rows, 6 created" in out.getvalue()
    assert Observation.objects.count() == 6


def test_command_fails_when_a_source_fails(sotkanet_indicator, monkeypatch):
    recorder = Recorder(
        {
            "/rest/1.1/regions": [ok("sotkanet_regions.json")],
            "/rest/1.1/json": [httpx.Response(404)],
        }
    )
    monkeypatch.setattr(
        "strategia.indicators.management.commands.fetch_indicators.make_client", recorder.client
    )
    with pytest.raises(CommandError, match="1 indicator"):
        call_command("fetch_indicators", stdout=StringIO(), stderr=StringIO())


def test_command_rejects_unknown_slug(db):
    with pytest.raises(CommandError, match="nope"):
        call_command("fetch_indicators", "--indicator", "nope")
