"""Fetching indicators from their live sources over HTTP.

Sotkanet REST and SYKE's per-municipality CSV take one request per
indicator; Statistics Finland's PxWeb takes three (its limits, the table's
metadata, the data). Polite and patient: a User-Agent naming Strategia,
timeouts, retries with exponential back-off on timeouts, connection errors
and 5xx answers, and on 429 the wait its ``Retry-After`` asks for. The raw
answer is kept under ``var/imports/<date>/`` for audit and then imported
through ``services.observations_import`` — the same code path as a saved
file — so a fetched file can be re-imported by hand with ``import_observations``.

Sources, as far as they were checked (see ``data/kemi-indicators.yaml`` and
``docs/indicator-sources.md``):

* Sotkanet: ``GET https://sotkanet.fi/rest/1.1/json?indicator=ID&years=Y…&genders=G…``
  (``years`` and ``genders`` repeated, never comma lists) and ``GET …/regions``
  for the region id → municipality code map.
* PxWeb, in the form Statistics Finland uses since 8 June 2026: short table
  ids (``StatFin/vaerak/11ra.px``), variables by *code* (``timeperiod_y``,
  ``alue_23_20260101``, ``contentscode``), value codes sometimes prefixed
  (``vaerak-vaesto``). The indicator's ``selection`` (variable code → value
  codes, ``*`` for all) is checked against the table's metadata first — a
  renamed variable or value fails with the codes the table has, and a value
  code found only with a prefix is used in its prefixed form — and the cell
  count against the service's limit. Two dialects:

  - PxWeb API v1 (``api: v1``, the default; what pxdata.stat.fi answers):
    limits from ``GET <base>?config`` (``maxCells``, ``maxCalls``,
    ``timeWindow``), metadata ``GET <base>/<table>``, data ``POST`` of a
    ``query`` asking for ``json-stat2``.
  - PxWebApi 2.0 (``api: v2`` with ``table_id``): limits from ``GET <base>/config``
    (``maxDataCells``, ``maxCallsPerTimeWindow``, ``timeWindow``), metadata
    ``GET <base>/tables/<id>/metadata``, data ``GET <base>/tables/<id>/data``
    with ``valuecodes[VAR]=…`` and ``outputFormat=json-stat2``.

  Calls to one service are spaced so that no more than its limit fall in
  one time window. An indicator with only a stored v1 ``query`` (the old
  form) is posted as it is.
* SYKE: ``GET https://paastot.hiilineutraalisuomi.fi/Tulokset_taso_5/kunta_<code>.csv``.
"""

from __future__ import annotations

import collections
import datetime
import email.utils
import io
import json
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings
from django.utils import timezone

from .importers.core import ImportFileError
from .importers.jsonstat2 import code_in_table
from .importers.sotkanet import read_regions
from .models import ImportRun, Indicator, Source
from .services import ImportResult, observations_import

SOTKANET_BASE_URL = "https://sotkanet.fi/rest/1.1"
PXWEB_BASE_URL = "https://pxdata.stat.fi/PxWeb/api/v1/fi/"
PXWEB_V2_BASE_URL = "https://pxdata.stat.fi/api/v2/"
# Used when a PxWeb service does not say its limits (Statistics Finland's v1
# config said 120,000 cells and 40 calls per 60 s when last seen).
DEFAULT_MAX_CELLS = 100_000
DEFAULT_MAX_CALLS = 10
DEFAULT_TIME_WINDOW = 10.0
# The longest Retry-After honoured; a longer wait fails this indicator, not the run.
MAX_RETRY_AFTER = 300.0
SYKE_URL = "https://paastot.hiilineutraalisuomi.fi/Tulokset_taso_5/kunta_{code}.csv"
FIRST_YEAR = 1990
TIMEOUT = httpx.Timeout(60.0, connect=10.0)
ATTEMPTS = 4
BACKOFF_SECONDS = 2.0
LIVE_SOURCES = (Source.SOTKANET, Source.PXWEB, Source.SYKE)
IMPORT_FORMATS = {Source.SOTKANET: "sotkanet", Source.PXWEB: "jsonstat2", Source.SYKE: "syke"}
EXTENSIONS = {"sotkanet": "json", "jsonstat2": "json", "syke": "csv"}


class FetchError(Exception):
    """The source could not be reached or answered with an error, after the retries."""


class NotFetchable(Exception):
    """The indicator's source reference does not say enough to fetch it."""


def user_agent() -> str:
    return f"Strategia/1.0 (indicator import; {settings.SITE_BASE_URL})"


def make_client(transport: httpx.BaseTransport | None = None) -> httpx.Client:
    return httpx.Client(
        headers={"User-Agent": user_agent()},
        timeout=TIMEOUT,
        transport=transport,
        follow_redirects=True,
    )


@dataclass(frozen=True)
class SourceRequest:
    method: str
    url: str
    params: list[tuple[str, str]] | None = None
    json: dict | None = None


@dataclass(frozen=True)
class PxWebTable:
    """Where a PxWeb indicator's table is and what to select from it."""

    api: str  # "v1" or "v2"
    base: str
    table: str  # v1: the path under the base; v2: the table id
    selection: dict[str, list[str]]
    legacy_query: dict | None = None

    @property
    def config_request(self) -> SourceRequest:
        if self.api == "v2":
            return SourceRequest("GET", f"{self.base}/config")
        return SourceRequest("GET", f"{self.base}/?config")

    @property
    def metadata_request(self) -> SourceRequest:
        if self.api == "v2":
            return SourceRequest(
                "GET", f"{self.base}/tables/{self.table}/metadata", params=[("lang", "fi")]
            )
        return SourceRequest("GET", f"{self.base}/{self.table}")

    def data_request(self, selection: dict[str, list[str]]) -> SourceRequest:
        if self.api == "v2":
            params = [("lang", "fi"), ("outputFormat", "json-stat2")]
            params += [
                (f"valuecodes[{code}]", ",".join(values)) for code, values in selection.items()
            ]
            return SourceRequest("GET", f"{self.base}/tables/{self.table}/data", params=params)
        query = [
            {
                "code": code,
                "selection": (
                    {"filter": "all", "values": ["*"]}
                    if values == ["*"]
                    else {"filter": "item", "values": values}
                ),
            }
            for code, values in selection.items()
        ]
        return SourceRequest(
            "POST",
            f"{self.base}/{self.table}",
            json={"query": query, "response": {"format": "json-stat2"}},
        )


def pxweb_table(indicator: Indicator) -> PxWebTable:
    """The PxWeb table of an indicator's source reference; ``NotFetchable`` when incomplete."""
    reference = indicator.source_reference or {}
    api = str(reference.get("api") or "v1")
    if api not in ("v1", "v2"):
        raise NotFetchable(f"unknown PxWeb api {api!r} (use v1 or v2)")
    selection = reference.get("selection") or {}
    if not isinstance(selection, dict) or not all(
        isinstance(values, list) and values for values in selection.values()
    ):
        raise NotFetchable("the PxWeb selection must map variable codes to lists of value codes")
    selection = {str(code): [str(v) for v in values] for code, values in selection.items()}
    if api == "v2":
        table = str(reference.get("table_id") or "").strip("/")
        base = str(reference.get("base_url") or PXWEB_V2_BASE_URL).rstrip("/")
        if not table or not selection:
            raise NotFetchable("no PxWebApi 2.0 table_id and selection in the source reference")
        return PxWebTable("v2", base, table, selection)
    table = str(reference.get("table", "")).strip("/")
    base = str(reference.get("base_url") or PXWEB_BASE_URL).rstrip("/")
    legacy = reference.get("query") if not selection else None
    if not table or not (selection or legacy):
        raise NotFetchable("no PxWeb table and selection in the source reference")
    return PxWebTable("v1", base, table, selection, legacy)


def source_request(indicator: Indicator, *, today: datetime.date) -> SourceRequest:
    """What to ask the indicator's source; ``NotFetchable`` when the reference is incomplete.

    For PxWeb this is the data request of the selection as written; ``Fetcher``
    checks it against the table's metadata and limits first.
    """
    reference = indicator.source_reference or {}
    if indicator.source == Source.SOTKANET:
        if not reference.get("indicator"):
            raise NotFetchable("no Sotkanet indicator id in the source reference")
        params = [("indicator", str(int(reference["indicator"])))]
        params += [("years", str(year)) for year in range(FIRST_YEAR, today.year + 1)]
        genders = [reference["gender"]] if reference.get("gender") else ["male", "female", "total"]
        params += [("genders", gender) for gender in genders]
        return SourceRequest("GET", f"{SOTKANET_BASE_URL}/json", params=params)
    if indicator.source == Source.PXWEB:
        table = pxweb_table(indicator)
        if table.legacy_query is not None:
            query = dict(table.legacy_query)
            query["response"] = {"format": "json-stat2"}
            return SourceRequest("POST", f"{table.base}/{table.table}", json=query)
        return table.data_request(table.selection)
    if indicator.source == Source.SYKE:
        code = indicator.organisation.municipality_code
        if not code or not code.isdigit():
            raise NotFetchable("the organisation has no municipality code")
        return SourceRequest("GET", SYKE_URL.format(code=int(code)))
    raise NotFetchable("the source is not a live source")


def retry_after_seconds(value: str | None, *, now: datetime.datetime | None = None) -> float | None:
    """A ``Retry-After`` header in seconds: delta-seconds or an HTTP date; ``None`` if absent."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=datetime.UTC)
    return max(0.0, (when - (now or datetime.datetime.now(datetime.UTC))).total_seconds())


def download(
    client: httpx.Client,
    request: SourceRequest,
    *,
    attempts: int = ATTEMPTS,
    backoff: float = BACKOFF_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
    before_call: Callable[[], None] | None = None,
) -> bytes:
    """The answer's body; retries timeouts, connection errors, 429 and 5xx with back-off.

    A 429 (too many requests) waits what its ``Retry-After`` says, when it
    says it, instead of the back-off; ``before_call`` runs before every
    attempt (the PxWeb rate limiter).
    """
    last_error = ""
    wait: float | None = None
    for attempt in range(attempts):
        if attempt:
            sleep(wait if wait is not None else backoff * 2 ** (attempt - 1))
        wait = None
        if before_call is not None:
            before_call()
        try:
            response = client.request(
                request.method, request.url, params=request.params, json=request.json
            )
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            last_error = f"{type(exc).__name__}: {exc}"
            continue
        if response.status_code == 429:
            wait = retry_after_seconds(response.headers.get("Retry-After"))
            last_error = "HTTP 429" + (f" (Retry-After {wait:g} s)" if wait is not None else "")
            if wait is not None and wait > MAX_RETRY_AFTER:
                raise FetchError(
                    f"{request.url} answered HTTP 429 asking to wait {wait:g} s; "
                    f"longer than {MAX_RETRY_AFTER:g} s, so not now"
                )
            continue
        if response.status_code >= 500:
            last_error = f"HTTP {response.status_code}"
            continue
        if response.status_code >= 400:
            raise FetchError(f"{request.url} answered HTTP {response.status_code}")
        return response.content
    raise FetchError(f"{request.url} failed after {attempts} attempts ({last_error})")


def archive_path(
    *, indicator: Indicator | None, name: str, extension: str, now: datetime.datetime
) -> Path:
    """``var/imports/<date>/<organisation>-<name>-<time>.<ext>``, a new file each time."""
    local = timezone.localtime(now)
    folder = Path(settings.VAR_DIR) / "imports" / local.strftime("%Y-%m-%d")
    folder.mkdir(parents=True, exist_ok=True)
    prefix = indicator.organisation.slug if indicator is not None else "shared"
    safe = re.sub(r"[^a-zA-Z0-9_.-]+", "-", name)
    path = folder / f"{prefix}-{safe}-{local.strftime('%H%M%S')}.{extension}"
    counter = 1
    while path.exists():
        counter += 1
        path = folder / f"{prefix}-{safe}-{local.strftime('%H%M%S')}-{counter}.{extension}"
    return path


@dataclass
class FetchOutcome:
    indicator: Indicator
    result: ImportResult | None = None
    archived: Path | None = None
    skipped: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.result is not None


@dataclass(frozen=True)
class PxWebLimits:
    """What a PxWeb service allows: cells per request, calls per time window (seconds)."""

    max_cells: int = DEFAULT_MAX_CELLS
    max_calls: int = DEFAULT_MAX_CALLS
    time_window: float = DEFAULT_TIME_WINDOW

    @classmethod
    def from_config(cls, api: str, config: Any) -> PxWebLimits:
        """From ``/config`` (v2) or ``?config`` (v1); a missing or zero figure keeps the default.

        Zero is not "no limit": a service that moved its rate limit into
        response headers reports 0 here.
        """
        if not isinstance(config, dict):
            return cls()
        names = (
            ("maxDataCells", "maxCallsPerTimeWindow", "timeWindow")
            if api == "v2"
            else ("maxCells", "maxCalls", "timeWindow")
        )
        figures = []
        for name, default in zip(
            names, (DEFAULT_MAX_CELLS, DEFAULT_MAX_CALLS, DEFAULT_TIME_WINDOW), strict=True
        ):
            value = config.get(name)
            ok = isinstance(value, int | float) and not isinstance(value, bool) and value > 0
            figures.append(value if ok else default)
        return cls(int(figures[0]), int(figures[1]), float(figures[2]))


@dataclass
class RateLimiter:
    """At most ``max_calls`` calls in any ``window`` seconds: waits before one more would be."""

    max_calls: int
    window: float
    sleep: Callable[[float], None]
    clock: Callable[[], float]
    calls: collections.deque = field(default_factory=collections.deque)

    def wait(self) -> None:
        now = self.clock()
        while self.calls and now - self.calls[0] >= self.window:
            self.calls.popleft()
        if len(self.calls) >= self.max_calls:
            self.sleep(self.window - (now - self.calls[0]))
            now = self.clock()
            self.calls.popleft()
        self.calls.append(now)


def pxweb_variables(api: str, metadata: Any) -> dict[str, list[str]]:
    """Variable code → its value codes, from v1 metadata or a v2 JSON-stat answer."""
    variables: dict[str, list[str]] = {}
    try:
        if api == "v1":
            for variable in metadata["variables"]:
                variables[str(variable["code"])] = [str(v) for v in variable["values"]]
        else:
            for code in metadata["id"]:
                index = metadata["dimension"][code]["category"]["index"]
                if isinstance(index, dict):
                    ordered = sorted(index.items(), key=lambda item: item[1])
                    variables[str(code)] = [str(value) for value, _position in ordered]
                else:
                    variables[str(code)] = [str(value) for value in index]
    except (KeyError, TypeError, AttributeError):
        raise FetchError("the table's metadata is not in the PxWeb layout") from None
    return variables


def resolve_selection(
    table: PxWebTable, variables: dict[str, list[str]], max_cells: int
) -> dict[str, list[str]]:
    """The selection in the table's own codes; ``FetchError`` naming what is not there."""
    resolved: dict[str, list[str]] = {}
    cells = 1
    for code, wanted in table.selection.items():
        if code not in variables:
            raise FetchError(
                f"table {table.table} has no variable {code} (it has {', '.join(variables)})"
            )
        codes = variables[code]
        if wanted == ["*"]:
            resolved[code] = ["*"]
            cells *= len(codes)
            continue
        values = []
        for value in wanted:
            found = code_in_table(codes, value)
            if found is None:
                shown = ", ".join(codes[:12]) + (", …" if len(codes) > 12 else "")
                raise FetchError(
                    f"variable {code} of table {table.table} has no value {value} (it has {shown})"
                )
            values.append(found)
        resolved[code] = values
        cells *= len(values)
    if cells > max_cells:
        raise FetchError(
            f"the selection from table {table.table} is {cells} cells, more than the "
            f"{max_cells} the service answers in one request: narrow the selection"
        )
    return resolved


class Fetcher:
    """Fetches and imports indicators; keeps the Sotkanet region map for the whole run."""

    def __init__(
        self,
        *,
        client: httpx.Client,
        now: datetime.datetime | None = None,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        dry_run: bool = False,
    ) -> None:
        self.client = client
        self.now = now or timezone.now()
        self.sleep = sleep
        self.clock = clock
        self.dry_run = dry_run
        self._regions: dict[int, str] | None = None
        # Per PxWeb service (api, base): its limits and the limiter of its calls.
        self._pxweb: dict[tuple[str, str], tuple[PxWebLimits, RateLimiter]] = {}

    def pxweb_service(self, table: PxWebTable) -> tuple[PxWebLimits, RateLimiter]:
        """The service's limits, asked once per run; the defaults if it does not say."""
        key = (table.api, table.base)
        if key not in self._pxweb:
            limiter = RateLimiter(DEFAULT_MAX_CALLS, DEFAULT_TIME_WINDOW, self.sleep, self.clock)
            try:
                body = download(
                    self.client, table.config_request, sleep=self.sleep, before_call=limiter.wait
                )
                limits = PxWebLimits.from_config(table.api, json.loads(body))
            except (FetchError, ValueError):
                limits = PxWebLimits()
            limiter.max_calls, limiter.window = limits.max_calls, limits.time_window
            self._pxweb[key] = (limits, limiter)
        return self._pxweb[key]

    def pxweb_request(self, indicator: Indicator) -> tuple[SourceRequest, RateLimiter]:
        """The data request of a PxWeb indicator, checked against the table's metadata."""
        table = pxweb_table(indicator)
        limits, limiter = self.pxweb_service(table)
        if table.legacy_query is not None:
            return source_request(indicator, today=timezone.localdate(self.now)), limiter
        body = download(
            self.client, table.metadata_request, sleep=self.sleep, before_call=limiter.wait
        )
        try:
            metadata = json.loads(body)
        except ValueError:
            raise FetchError(f"the metadata of table {table.table} is not JSON") from None
        selection = resolve_selection(table, pxweb_variables(table.api, metadata), limits.max_cells)
        return table.data_request(selection), limiter

    def regions(self) -> dict[int, str]:
        if self._regions is None:
            body = download(
                self.client,
                SourceRequest("GET", f"{SOTKANET_BASE_URL}/regions"),
                sleep=self.sleep,
            )
            path = archive_path(
                indicator=None, name="sotkanet-regions", extension="json", now=self.now
            )
            path.write_bytes(body)
            self._regions = read_regions(io.BytesIO(body), str(path))
        return self._regions

    def fetch(self, indicator: Indicator) -> FetchOutcome:
        outcome = FetchOutcome(indicator=indicator)
        try:
            request = source_request(indicator, today=timezone.localdate(self.now))
        except NotFetchable as exc:
            outcome.skipped = str(exc)
            return outcome
        import_format = IMPORT_FORMATS[indicator.source]
        limiter = None
        try:
            regions = self.regions() if indicator.source == Source.SOTKANET else None
            if indicator.source == Source.PXWEB:
                request, limiter = self.pxweb_request(indicator)
            body = download(
                self.client,
                request,
                sleep=self.sleep,
                before_call=limiter.wait if limiter is not None else None,
            )
        except (FetchError, ImportFileError) as exc:
            outcome.error = str(exc)
            return outcome
        path = archive_path(
            indicator=indicator,
            name=indicator.slug,
            extension=EXTENSIONS[import_format],
            now=self.now,
        )
        path.write_bytes(body)
        outcome.archived = path
        try:
            with path.open("rb") as source:
                outcome.result = observations_import(
                    organisation=indicator.organisation,
                    format=import_format,
                    source=source,
                    file_name=str(path),
                    indicator=indicator,
                    regions=regions,
                    dry_run=self.dry_run,
                    trigger=ImportRun.Trigger.FETCH,
                    now=self.now,
                )
        except ImportFileError as exc:
            outcome.error = str(exc)
        return outcome


def fetchable_indicators(
    *, organisation_slug: str = "", slugs: Iterable[str] = ()
) -> list[Indicator]:
    indicators = Indicator.objects.filter(source__in=LIVE_SOURCES).select_related("organisation")
    if organisation_slug:
        indicators = indicators.filter(organisation__slug=organisation_slug)
    slugs = list(slugs)
    if slugs:
        indicators = indicators.filter(slug__in=slugs)
    return list(indicators.order_by("organisation__slug", "order", "slug"))
