"""Writes of the indicators app.

``observations_import`` is the one code path for every way observations come
in: a saved file through ``import_observations``, a live answer through
``fetch_indicators``, an upload on the site, and sample data. It reads the file
with its format module, validates every row the same way, stages the rows in
batches and writes them set-based (``importers/writer.py``), all in one
transaction: a bad row anywhere leaves the database as it was.
"""

from __future__ import annotations

import datetime
import io
import os
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from strategia.accounts.models import User
from strategia.organisations.models import Organisation

from .importers import FORMATS
from .importers.core import (
    CountingReader,
    ImportFileError,
    ParseContext,
    RawRow,
    dimensions_json,
    dimensions_key,
    normalise_area,
    parse_number,
    parse_period,
    parse_status,
)
from .importers.writer import ObservationWriter, StagedRow
from .models import ImportRun, Indicator

DEFAULT_BATCH_SIZE = 20_000


@dataclass
class ImportResult:
    import_run: ImportRun
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rows: int = 0
    dry_run: bool = False
    per_indicator: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> int:
        return self.created + self.updated


def observations_import(
    *,
    organisation: Organisation,
    format: str,
    source: BinaryIO,
    file_name: str = "",
    indicator: Indicator | None = None,
    regions: dict[int, str] | None = None,
    dry_run: bool = False,
    user: User | None = None,
    trigger: str = ImportRun.Trigger.COMMAND,
    is_sample: bool = False,
    progress: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    now: datetime.datetime | None = None,
) -> ImportResult:
    """Import observations from ``source`` (a binary file) in the given format.

    Raises ``ImportFileError`` — naming the file, the row or JSON path and the
    field — and writes nothing when any part of the file is wrong. With
    ``dry_run`` everything is checked and counted, then rolled back.
    """
    if format not in FORMATS:
        raise ImportFileError(
            _("unknown format %(format)s (use %(formats)s)")
            % {"format": format, "formats": ", ".join(FORMATS)},
            file_name=file_name,
        )
    spec = FORMATS[format]
    now = now or timezone.now()
    if indicator is not None and indicator.organisation_id != organisation.pk:
        raise ImportFileError(
            _("indicator %(slug)s belongs to another organisation") % {"slug": indicator.slug},
            file_name=file_name,
        )
    indicators = list(Indicator.objects.filter(organisation=organisation))
    counter = CountingReader(source)
    reader = io.BufferedReader(counter, buffer_size=1 << 16)
    ctx = ParseContext(
        file_name=file_name,
        indicators=indicators,
        indicator=indicator,
        regions=regions,
        options={"raw_source": source},
        location_label=spec.location_label,
    )
    lookup = spec.indicator_lookup(ctx) if spec.indicator_lookup else None
    bar = tqdm(
        total=_size(source),
        unit="B",
        unit_scale=True,
        desc=os.path.basename(file_name) or format,
        file=sys.stderr,
        disable=not progress,
        leave=False,
    )
    run = ImportRun(
        organisation=organisation,
        indicator=indicator,
        user=user,
        trigger=trigger,
        format=format,
        file_name=file_name[:500],
        started_at=now,
        dry_run=dry_run,
    )
    try:
        with transaction.atomic():
            run.save()
            writer = ObservationWriter(
                import_run_id=run.pk,
                now=now,
                is_sample=is_sample,
                file_name=file_name,
                location_label=lambda location: ctx.location_label(location),
            )
            writer.open()
            per_indicator: dict[int, int] = {}
            for batch in _batches(spec.read(reader, ctx), ctx, lookup, per_indicator, batch_size):
                writer.add(batch)
                bar.update(counter.bytes_read - bar.n)
            counts = writer.finish(per_indicator.keys())
            run.rows_read = counts.rows
            run.created_count = counts.created
            run.updated_count = counts.updated
            run.unchanged_count = counts.unchanged
            slugs = {i.pk: i.slug for i in indicators}
            run.details = {"rows_per_indicator": {slugs[k]: v for k, v in per_indicator.items()}}
            if indicator is None and len(per_indicator) == 1:
                run.indicator_id = next(iter(per_indicator))
            run.finished_at = timezone.now()
            run.save()
            if dry_run:
                transaction.set_rollback(True)
    finally:
        bar.close()
    if dry_run:
        run.pk = None
    return ImportResult(
        import_run=run,
        created=counts.created,
        updated=counts.updated,
        unchanged=counts.unchanged,
        rows=counts.rows,
        dry_run=dry_run,
        per_indicator=run.details["rows_per_indicator"],
    )


def _size(source: BinaryIO) -> int | None:
    try:
        return os.fstat(source.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        size = getattr(source, "size", None)
        return size if isinstance(size, int) else None


def _batches(
    rows: Iterator[RawRow],
    ctx: ParseContext,
    lookup: dict[Any, Indicator] | None,
    per_indicator: dict[int, int],
    batch_size: int,
) -> Iterator[list[StagedRow]]:
    """Validate rows into the staged form, in batches.

    This is the hot loop of a million-row import, hence the caches (a file
    repeats the same few indicators, areas, periods and dimension sets) and
    the plain tuples: every microsecond here is a second per million rows.
    """
    indicators: dict[Any, tuple[int, dict[Any, tuple[str, str]], str]] = {}
    areas: dict[Any, str] = {}
    dimension_forms: dict[Any, tuple[str, str]] = {(): ("", "{}")}
    statuses: dict[str, str] = {"": ""}
    batch: list[StagedRow] = []
    append = batch.append
    current_id, current_count = None, 0

    def fail(location: int, message: str, field_name: str) -> ImportFileError:
        return ctx.error(message, location=ctx.location_label(location), field=field_name)

    for location, key, raw_area, raw_period, dims, value, absolute_value, raw_status in rows:
        resolved = indicators.get(key)
        if resolved is None:
            indicator = _resolve_indicator(ctx, lookup, key, location, fail)
            # Periods are cached per indicator: they depend on its time resolution.
            resolved = indicators[key] = (indicator.pk, {}, indicator.time_resolution)
        indicator_id, periods, resolution = resolved
        if indicator_id != current_id:
            if current_id is not None:
                per_indicator[current_id] = per_indicator.get(current_id, 0) + current_count
            current_id, current_count = indicator_id, 0
        current_count += 1

        area = areas.get(raw_area)
        if area is None:
            try:
                area = areas[raw_area] = normalise_area(raw_area)
            except (ValueError, TypeError) as exc:
                raise fail(location, str(exc), "area") from None

        period = periods.get(raw_period)
        if period is None:
            try:
                canonical, start = parse_period(raw_period, resolution)
            except (ValueError, TypeError) as exc:
                raise fail(location, str(exc), "period") from None
            period = periods[raw_period] = (canonical, start.isoformat())

        if type(value) is not float:
            try:
                value = float(value) if type(value) is str else parse_number(value)
                if value != value or value in _INFINITIES:
                    raise ValueError(_("%(value)r is not a finite number") % {"value": value})
            except (ValueError, TypeError):
                try:
                    value = parse_number(value)
                except ValueError as exc:
                    raise fail(location, str(exc), "value") from None
        if absolute_value is not None and type(absolute_value) is not float:
            try:
                absolute_value = parse_number(absolute_value)
            except ValueError as exc:
                raise fail(location, str(exc), "absolute_value") from None

        status = statuses.get(raw_status)
        if status is None:
            try:
                status = statuses[raw_status] = parse_status(raw_status)
            except ValueError as exc:
                raise fail(location, str(exc), "status") from None
        if value is None and not status:
            status = "missing"

        forms = dimension_forms.get(dims) if type(dims) is tuple else None
        if forms is None:
            dims_key = dimensions_key(dims)
            if len(dims_key) > 255:
                raise fail(location, _("too many or too long dimension values"), "dimensions")
            forms = (dims_key, dimensions_json(dims))
            if type(dims) is tuple:
                dimension_forms[dims] = forms

        append(
            (
                location,
                indicator_id,
                area,
                period[0],
                period[1],
                forms[0],
                forms[1],
                value,
                absolute_value,
                status,
            )
        )
        if len(batch) >= batch_size:
            yield batch
            batch = []
            append = batch.append
    if current_id is not None:
        per_indicator[current_id] = per_indicator.get(current_id, 0) + current_count
    if batch:
        yield batch


_INFINITIES = (float("inf"), float("-inf"))


def _resolve_indicator(
    ctx: ParseContext, lookup: dict[Any, Indicator] | None, key: Any, location: int, fail: Any
) -> Indicator:
    if key is None or key == "":
        if ctx.indicator is None:
            raise fail(
                location,
                _("no indicator named, and the import names none (--indicator)"),
                "indicator",
            )
        return ctx.indicator
    indicator = (lookup or {}).get(key)
    if indicator is None:
        if ctx.indicator is not None:
            message = _("%(key)r is not the indicator of this import (%(slug)s)") % {
                "key": key,
                "slug": ctx.indicator.slug,
            }
        else:
            message = _("unknown indicator %(key)r") % {"key": key}
        raise fail(location, message, "indicator")
    return indicator
