"""Fetching indicators from their live sources over HTTP.

One request per indicator (Sotkanet REST, Statistics Finland PxWeb POST with a
JSON-stat2 answer, SYKE's per-municipality CSV), polite and patient: a
User-Agent naming Strategia, timeouts, and retries with exponential back-off
on timeouts, connection errors, 429 and 5xx answers. The raw answer is kept
under ``var/imports/<date>/`` for audit and then imported through
``services.observations_import`` — the same code path as a saved file — so a
fetched file can be re-imported by hand with ``import_observations``.

Sources, as far as they were checked (see ``data/kemi-indicators.yaml``):

* Sotkanet: ``GET https://sotkanet.fi/rest/1.1/json?indicator=ID&years=Y…&genders=G…``
  and ``GET …/rest/1.1/regions`` for the region id → municipality code map.
* PxWeb: ``POST https://pxdata.stat.fi/PxWeb/api/v1/fi/<table>`` with the
  indicator's stored ``query`` (its ``response.format`` set to ``json-stat2``).
* SYKE: ``GET https://paastot.hiilineutraalisuomi.fi/Tulokset_taso_5/kunta_<code>.csv``.
"""

from __future__ import annotations

import datetime
import io
import re
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import httpx
from django.conf import settings
from django.utils import timezone

from .importers.core import ImportFileError
from .importers.sotkanet import read_regions
from .models import ImportRun, Indicator, Source
from .services import ImportResult, observations_import

SOTKANET_BASE_URL = "https://sotkanet.fi/rest/1.1"
PXWEB_BASE_URL = "https://pxdata.stat.fi/PxWeb/api/v1/fi/"
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


def source_request(indicator: Indicator, *, today: datetime.date) -> SourceRequest:
    """What to ask the indicator's source; ``NotFetchable`` when the reference is incomplete."""
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
        table = str(reference.get("table", "")).strip("/")
        if not table or not reference.get("query"):
            raise NotFetchable("no PxWeb table and query in the source reference")
        query = dict(reference["query"])
        query["response"] = {"format": "json-stat2"}
        base = reference.get("base_url") or PXWEB_BASE_URL
        return SourceRequest("POST", base.rstrip("/") + "/" + table, json=query)
    if indicator.source == Source.SYKE:
        code = indicator.organisation.municipality_code
        if not code or not code.isdigit():
            raise NotFetchable("the organisation has no municipality code")
        return SourceRequest("GET", SYKE_URL.format(code=int(code)))
    raise NotFetchable("the source is not a live source")


def download(
    client: httpx.Client,
    request: SourceRequest,
    *,
    attempts: int = ATTEMPTS,
    backoff: float = BACKOFF_SECONDS,
    sleep: Callable[[float], None] = time.sleep,
) -> bytes:
    """The answer's body; retries timeouts, connection errors, 429 and 5xx with back-off."""
    last_error = ""
    for attempt in range(attempts):
        if attempt:
            sleep(backoff * 2 ** (attempt - 1))
        try:
            response = client.request(
                request.method, request.url, params=request.params, json=request.json
            )
        except (httpx.TimeoutException, httpx.TransportError) as exc:
            last_error = f"{type(exc).__name__}: {exc}"
            continue
        if response.status_code == 429 or response.status_code >= 500:
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


class Fetcher:
    """Fetches and imports indicators; keeps the Sotkanet region map for the whole run."""

    def __init__(
        self,
        *,
        client: httpx.Client,
        now: datetime.datetime | None = None,
        sleep: Callable[[float], None] = time.sleep,
        dry_run: bool = False,
    ) -> None:
        self.client = client
        self.now = now or timezone.now()
        self.sleep = sleep
        self.dry_run = dry_run
        self._regions: dict[int, str] | None = None

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
        try:
            regions = self.regions() if indicator.source == Source.SOTKANET else None
            body = download(self.client, request, sleep=self.sleep)
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
