"""Statistics Finland PxWeb in its June 2026 form, v1 and PxWebApi 2.0, from recorded answers.

Short table ids, variables by code, prefixed value codes, the service's limits
(cells per request, calls per time window) and 429 with Retry-After. Never the network.
"""

import datetime
import json
import urllib.parse

import httpx
import pytest

from strategia.indicators import fetch
from strategia.indicators.defaults import load_default_indicators
from strategia.indicators.models import Indicator, Observation, ObservationStatus, Source

from .factories import IndicatorFactory
from .test_fetch import DATA, NOW, Recorder, ok

pytestmark = pytest.mark.django_db

V1 = "/PxWeb/api/v1/fi"
TABLE = f"{V1}/StatFin/vaerak/11ra.px"
V2 = "/api/v2"


class Clock:
    """A monotonic clock that sleeping moves forward."""

    def __init__(self):
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.slept.append(round(seconds, 3))
        self.now += seconds


def reference(**changes):
    value = {
        "table": "StatFin/vaerak/11ra.px",
        "selection": {
            "alue_23_20260101": ["KU240", "SSS"],
            "timeperiod_y": ["*"],
            "contentscode": ["kokmuutos"],
        },
        "area_dimension": "alue_23_20260101",
        "period_dimension": "timeperiod_y",
        "indicator_dimension": "contentscode",
        "indicator_code": "kokmuutos",
    }
    value.update(changes)
    return value


@pytest.fixture
def change(organisation):
    return IndicatorFactory(
        organisation=organisation,
        slug="vaestonmuutos",
        source=Source.PXWEB,
        source_reference=reference(),
    )


def v1_answers(**overrides):
    answers = {
        f"{V1}/": [ok("pxweb_v1_config.json")],
        TABLE: [ok("pxweb_11ra_metadata.json")],
    }
    answers.update(overrides)
    return answers


class V1Recorder(Recorder):
    """GET of the table is its metadata, POST its data."""

    def __init__(self, answers, data):
        super().__init__(answers)
        self.data = data

    def __call__(self, request):
        if request.method == "POST" and request.url.path == TABLE:
            self.requests.append(request)
            answer = self.data.pop(0) if len(self.data) > 1 else self.data[0]
            return answer
        return super().__call__(request)


def run(recorder, indicator, clock=None):
    clock = clock or Clock()
    with recorder.client() as client:
        fetcher = fetch.Fetcher(client=client, now=NOW, sleep=clock.sleep, clock=clock)
        return fetcher.fetch(indicator), clock


def test_v1_checks_metadata_then_posts_the_selection_by_variable_code(change):
    recorder = V1Recorder(v1_answers(), [ok("pxweb_11ra_kemi.json")])
    outcome, _clock = run(recorder, change)

    assert outcome.ok, outcome.error
    config, metadata, data = recorder.requests
    assert str(config.url) == "https://pxdata.stat.fi/PxWeb/api/v1/fi/?config"
    assert (metadata.method, metadata.url.path) == ("GET", TABLE)
    body = json.loads(data.content)
    assert body["response"] == {"format": "json-stat2"}
    assert body["query"] == [
        {"code": "alue_23_20260101", "selection": {"filter": "item", "values": ["KU240", "SSS"]}},
        {"code": "timeperiod_y", "selection": {"filter": "all", "values": ["*"]}},
        {"code": "contentscode", "selection": {"filter": "item", "values": ["kokmuutos"]}},
    ]
    got = {(o.area, o.period): (o.value, o.status) for o in Observation.objects.all()}
    assert got == {
        ("SSS", "2023"): (28412.0, ""),
        ("SSS", "2024"): (15213.0, ""),
        ("SSS", "2025"): (None, ObservationStatus.MISSING),
        ("240", "2023"): (-211.0, ""),
        ("240", "2024"): (-175.0, ""),
        ("240", "2025"): (-160.0, ObservationStatus.PRELIMINARY),
    }


def test_refetch_changes_nothing(change):
    for _round in range(2):
        outcome, _clock = run(V1Recorder(v1_answers(), [ok("pxweb_11ra_kemi.json")]), change)
    assert (outcome.result.created, outcome.result.updated, outcome.result.unchanged) == (0, 0, 6)


def test_a_value_code_found_only_prefixed_is_used_prefixed(organisation):
    population = IndicatorFactory(
        organisation=organisation,
        slug="vakiluku-px",
        source=Source.PXWEB,
        source_reference=reference(
            selection={"alue_23_20260101": ["KU240"], "contentscode": ["vaesto"]},
            indicator_code="vaesto",
        ),
    )
    answer = json.loads((DATA / "pxweb_11ra_kemi.json").read_text(encoding="utf-8"))
    answer["dimension"]["contentscode"]["category"] = {"index": {"vaerak-vaesto": 0}}
    recorder = V1Recorder(v1_answers(), [httpx.Response(200, json=answer)])
    outcome, _clock = run(recorder, population)

    assert outcome.ok, outcome.error
    query = json.loads(recorder.requests[-1].content)["query"]
    assert query[1] == {
        "code": "contentscode",
        "selection": {"filter": "item", "values": ["vaerak-vaesto"]},
    }


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        (
            {"Alue": ["KU240"]},
            "table StatFin/vaerak/11ra.px has no variable Alue "
            "(it has alue_23_20260101, timeperiod_y, contentscode)",
        ),
        (
            {"contentscode": ["vm01"]},
            "variable contentscode of table StatFin/vaerak/11ra.px has no value vm01",
        ),
    ],
)
def test_renamed_variables_and_values_fail_before_the_data_request(change, selection, message):
    change.source_reference = reference(selection=selection)
    change.save()
    recorder = V1Recorder(v1_answers(), [ok("pxweb_11ra_kemi.json")])
    outcome, _clock = run(recorder, change)

    assert message in outcome.error
    assert [r.method for r in recorder.requests] == ["GET", "GET"]
    assert not Observation.objects.exists()


def test_a_selection_beyond_the_cell_limit_is_refused(change):
    small = httpx.Response(200, json={"maxCells": 50, "maxCalls": 40, "timeWindow": 60})
    recorder = V1Recorder(v1_answers(**{f"{V1}/": [small]}), [ok("pxweb_11ra_kemi.json")])
    outcome, _clock = run(recorder, change)
    # 2 areas × 36 years × 1 figure = 72 cells.
    assert "is 72 cells, more than the 50" in outcome.error
    assert not any(r.method == "POST" for r in recorder.requests)


def test_429_waits_what_retry_after_asks(change):
    busy = httpx.Response(429, headers={"Retry-After": "7"}, text="Too Many Requests")
    recorder = V1Recorder(v1_answers(), [busy, ok("pxweb_11ra_kemi.json")])
    outcome, clock = run(recorder, change)

    assert outcome.ok, outcome.error
    assert clock.slept == [7.0]
    assert [r.method for r in recorder.requests] == ["GET", "GET", "POST", "POST"]


def test_429_asking_for_too_long_a_wait_fails_this_indicator_only(change):
    busy = httpx.Response(429, headers={"Retry-After": "3600"})
    outcome, clock = run(V1Recorder(v1_answers(), [busy]), change)
    assert "HTTP 429" in outcome.error and "3600" in outcome.error
    assert clock.slept == []


def test_retry_after_as_an_http_date():
    now = datetime.datetime(2026, 12, 2, 8, 0, tzinfo=datetime.UTC)
    assert fetch.retry_after_seconds("Wed, 02 Dec 2026 08:00:30 GMT", now=now) == 30.0
    assert fetch.retry_after_seconds("12", now=now) == 12.0
    assert fetch.retry_after_seconds("soon", now=now) is None
    assert fetch.retry_after_seconds(None) is None


def test_calls_are_spaced_to_the_services_limit(organisation, change):
    other = IndicatorFactory(
        organisation=organisation, slug="toinen", source=Source.PXWEB, source_reference=reference()
    )
    two_per_minute = httpx.Response(200, json={"maxCells": 1000, "maxCalls": 2, "timeWindow": 60})
    recorder = V1Recorder(v1_answers(**{f"{V1}/": [two_per_minute]}), [ok("pxweb_11ra_kemi.json")])
    clock = Clock()
    with recorder.client() as client:
        fetcher = fetch.Fetcher(client=client, now=NOW, sleep=clock.sleep, clock=clock)
        assert fetcher.fetch(change).ok
        assert fetcher.fetch(other).ok
    # config, metadata, data, then metadata and data for the second indicator (the
    # config is asked once per run): five calls at most two a minute, two waits.
    assert len(recorder.requests) == 5
    assert clock.slept == [60.0, 60.0]


def test_limits_default_when_the_service_does_not_say():
    assert fetch.PxWebLimits.from_config("v2", {"maxDataCells": 0, "maxCallsPerTimeWindow": 0}) == (
        fetch.PxWebLimits()
    )
    limits = fetch.PxWebLimits.from_config(
        "v2", json.loads((DATA / "pxweb_v2_config.json").read_text())
    )
    assert (limits.max_cells, limits.max_calls, limits.time_window) == (150000, 30, 10.0)


def test_pxwebapi_2_metadata_and_get_with_valuecodes(organisation):
    indicator = IndicatorFactory(
        organisation=organisation,
        slug="vaestonmuutos",
        source=Source.PXWEB,
        source_reference=reference(api="v2", table_id="11ra"),
    )
    recorder = Recorder(
        {
            f"{V2}/config": [ok("pxweb_v2_config.json")],
            f"{V2}/tables/11ra/metadata": [ok("pxweb_v2_11ra_metadata.json")],
            f"{V2}/tables/11ra/data": [ok("pxweb_11ra_kemi.json")],
        }
    )
    outcome, _clock = run(recorder, indicator)

    assert outcome.ok, outcome.error
    data = recorder.requests[-1]
    assert data.method == "GET"
    params = urllib.parse.parse_qs(data.url.query.decode())
    assert params["valuecodes[alue_23_20260101]"] == ["KU240,SSS"]
    assert params["valuecodes[timeperiod_y]"] == ["*"]
    assert params["valuecodes[contentscode]"] == ["kokmuutos"]
    assert params["outputFormat"] == ["json-stat2"]
    assert Observation.objects.filter(indicator=indicator).count() == 6


def test_kemis_default_population_change_is_fetched_in_the_new_form(organisation):
    load_default_indicators(organisation=organisation)
    indicator = Indicator.objects.get(organisation=organisation, slug="vaestonmuutos")
    assert indicator.source_reference["table"] == "StatFin/vaerak/11ra.px"
    recorder = V1Recorder(v1_answers(), [ok("pxweb_11ra_kemi.json")])
    outcome, _clock = run(recorder, indicator)
    assert outcome.ok, outcome.error
    assert Observation.objects.get(indicator=indicator, area="240", period="2024").value == -175
