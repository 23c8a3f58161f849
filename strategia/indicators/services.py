"""Writes of the indicators app.

``observations_write`` is the one writer of observations, whatever their way
in: a saved file (``import_observations``), a live answer
(``fetch_indicators``), a value entered by hand in the staff workspace
(``observation_enter``) and the sample values of the default content
(``defaults.load_sample_observations``). Every row goes through the same
checks — one period parser (``importers.core.parse_period``, with the horizon
rule below), one number rule (finite floats only), one dimensions-key builder
(``importers.core.dimensions_key``) — is staged in batches and written
set-based (``importers/writer.py``) with one revision rule: a changed value
keeps its previous value, absolute value, status and time as an
``ObservationRevision``; an unchanged one is not touched. All in one
transaction: a bad row anywhere leaves the database as it was.

``observations_import`` reads a file with its format module and hands the
rows to ``observations_write``.

A period further ahead than next year is refused unless the indicator is
marked as a forecast: such a value is nearly always a typing error (``2205``)
or a period of the wrong resolution, and it would push every chart's axis
out by centuries.
"""

from __future__ import annotations

import datetime
import io
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from tqdm import tqdm

from strategia.accounts.models import User
from strategia.core.invalidation import content_changed
from strategia.core.locking import claim_version, delete_recorded, save_versioned
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
    row_label,
)
from .importers.writer import ObservationWriter, StagedRow
from .models import (
    FLOAT_MAX,
    ImportRun,
    Indicator,
    IndicatorGoal,
    IndicatorMeasure,
    Observation,
    Source,
    Target,
)

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
    counter = CountingReader(source)
    reader = io.BufferedReader(counter, buffer_size=1 << 16)
    bar = tqdm(
        total=_size(source),
        unit="B",
        unit_scale=True,
        desc=os.path.basename(file_name) or format,
        file=sys.stderr,
        disable=not progress,
        leave=False,
    )

    try:
        return observations_write(
            organisation=organisation,
            read=lambda ctx: spec.read(reader, ctx),
            format=format,
            file_name=file_name,
            indicator=indicator,
            indicator_lookup=spec.indicator_lookup,
            location_label=spec.location_label,
            regions=regions,
            options={"raw_source": source},
            dry_run=dry_run,
            user=user,
            trigger=trigger,
            is_sample=is_sample,
            batch_size=batch_size,
            now=now,
            on_batch=lambda: bar.update(counter.bytes_read - bar.n),
        )
    finally:
        bar.close()


def observations_write(
    *,
    organisation: Organisation,
    read: Callable[[ParseContext], Iterable[RawRow]],
    format: str,
    file_name: str = "",
    indicator: Indicator | None = None,
    indicator_lookup: Callable[[ParseContext], dict[Any, Indicator]] | None = None,
    location_label: Callable[[int], str] = row_label,
    regions: dict[int, str] | None = None,
    options: dict[str, Any] | None = None,
    dry_run: bool = False,
    user: User | None = None,
    trigger: str = ImportRun.Trigger.COMMAND,
    is_sample: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    now: datetime.datetime | None = None,
    on_batch: Callable[[], object] | None = None,
) -> ImportResult:
    """Check and write the rows ``read(ctx)`` yields: the one writer of observations.

    ``read`` gets the parse context (the organisation's indicators, the
    indicator of this write, Sotkanet regions) and yields ``RawRow``s;
    ``indicator_lookup`` maps what the rows call an indicator to one. The
    write is recorded as an ``ImportRun`` (format, trigger, user, counts).
    Raises ``ImportFileError`` naming the place and the field, and writes
    nothing, when any row is wrong.
    """
    now = now or timezone.now()
    if indicator is not None and indicator.organisation_id != organisation.pk:
        raise ImportFileError(
            _("indicator %(slug)s belongs to another organisation") % {"slug": indicator.slug},
            file_name=file_name,
        )
    indicators = list(Indicator.objects.filter(organisation=organisation))
    ctx = ParseContext(
        file_name=file_name,
        indicators=indicators,
        indicator=indicator,
        regions=regions,
        options=options or {},
        location_label=location_label,
    )
    lookup = indicator_lookup(ctx) if indicator_lookup else None
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
    latest_year = timezone.localdate(now).year + 1
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
        for batch in _batches(read(ctx), ctx, lookup, per_indicator, batch_size, latest_year):
            writer.add(batch)
            if on_batch is not None:
                on_batch()
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
        elif counts.created or counts.updated:
            kinds = ["indicators", "sample"] if is_sample else ["indicators"]
            content_changed(organisation_id=organisation.pk, kinds=kinds)
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


def observation_enter(
    *, user: User, indicator: Indicator, period: str, value: float | None
) -> Observation:
    """Enter or correct one value of a manual indicator, for its municipality, by hand.

    The same checks, key and revision rule as every import (``observations_write``):
    the previous value is kept as an ``ObservationRevision``, recorded as an
    ``ImportRun`` of trigger *manual* with the user. Who may enter values is
    ``indicators.enter_observations`` in ``accounts/rules.py``. Raises
    ``ValidationError`` (keyed by ``period`` or ``value``) for bad input.
    """
    if not user.has_perm("indicators.enter_observations", indicator):
        raise PermissionDenied
    if indicator.source != Source.MANUAL:
        raise ValidationError(_("Values of this indicator are imported, not entered by hand."))
    area = indicator.default_area

    def read(ctx: ParseContext) -> Iterator[RawRow]:
        yield RawRow(1, None, area, (period or "").strip(), (), value)

    try:
        observations_write(
            organisation=indicator.organisation,
            read=read,
            format="manual",
            indicator=indicator,
            location_label=lambda _location: _("the form"),
            user=user,
            trigger=ImportRun.Trigger.MANUAL,
        )
    except ImportFileError as error:
        field_name = error.field if error.field in ("period", "value") else "__all__"
        raise ValidationError({field_name: error.message}) from None
    canonical, _start = parse_period((period or "").strip(), indicator.time_resolution)
    return Observation.objects.get(
        indicator=indicator, area=area, dimensions_key="", period=canonical
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
    latest_year: int,
) -> Iterator[list[StagedRow]]:
    """Validate rows into the staged form, in batches.

    This is the hot loop of a million-row import, hence the caches (a file
    repeats the same few indicators, areas, periods and dimension sets) and
    the plain tuples: every microsecond here is a second per million rows.
    ``latest_year`` is the last year a period of an indicator that is not a
    forecast may fall in (next year).
    """
    indicators: dict[Any, tuple[int, dict[Any, tuple[str, str]], str, bool]] = {}
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
            resolved = indicators[key] = (
                indicator.pk,
                {},
                indicator.time_resolution,
                indicator.is_forecast,
            )
        indicator_id, periods, resolution, is_forecast = resolved
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
            if start.year > latest_year and not is_forecast:
                raise fail(
                    location,
                    _(
                        "%(period)s is further ahead than next year; only an indicator "
                        "marked as a forecast has such values"
                    )
                    % {"period": canonical},
                    "period",
                )
            period = periods[raw_period] = (canonical, start.isoformat())

        # A float is checked by one comparison (NaN fails it too); anything
        # else goes through parse_number, which also refuses integers that
        # no float can hold.
        if type(value) is float:
            if not -FLOAT_MAX <= value <= FLOAT_MAX:
                raise fail(location, _non_finite(value), "value")
        elif value is not None:
            try:
                value = parse_number(value)
            except ValueError as exc:
                raise fail(location, str(exc), "value") from None
        if type(absolute_value) is float:
            if not -FLOAT_MAX <= absolute_value <= FLOAT_MAX:
                raise fail(location, _non_finite(absolute_value), "absolute_value")
        elif absolute_value is not None:
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


def _non_finite(value: float) -> str:
    return _("%(value)s is not a finite number") % {"value": repr(value)}


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


# --- What the strategy office keeps of an indicator ----------------------------------


def _require_manage(user: User, organisation) -> None:
    if not user.has_perm("strategy.manage_content", organisation):
        raise PermissionDenied("strategy.manage_content")


def indicator_save(
    *,
    user: User,
    indicator: Indicator,
    version: int | None,
    reason: str = "edited in the workspace",
) -> Indicator:
    """Save an indicator's description, unit, judgement settings and responsibility.

    Its data source (kind and reference) stays with the administrators: the
    workspace form does not carry it. A contact person must be of the same
    organisation.
    """
    _require_manage(user, indicator.organisation)
    person = indicator.contact_person
    if person is not None and person.organisation_id != indicator.organisation_id:
        raise ValidationError({"contact_person": _("Choose a person of the same organisation.")})
    indicator.full_clean()
    save_versioned(instance=indicator, version=version, user=user, reason=reason)
    content_changed(organisation_id=indicator.organisation_id, kinds=["indicators"])
    return indicator


def target_save(
    *, user: User, target: Target, version: int | None, reason: str = "edited in the workspace"
) -> Target:
    """Set an indicator's target for a year and area; an existing one for them is replaced."""
    indicator = target.indicator
    _require_manage(user, indicator.organisation)
    with transaction.atomic():
        if target.pk is None:
            existing = Target.objects.filter(
                indicator=indicator, area=target.area, year=target.year
            ).first()
            if existing is not None:
                version = existing.version
                for name in ("value", "note_fi", "note_sv", "note_en"):
                    setattr(existing, name, getattr(target, name))
                target = existing
        target.full_clean()
        save_versioned(instance=target, version=version, user=user, reason=reason)
    content_changed(organisation_id=indicator.organisation_id, kinds=["indicators"])
    return target


def target_delete(*, user: User, target: Target, reason: str = "removed in the workspace") -> None:
    indicator = target.indicator
    _require_manage(user, indicator.organisation)
    delete_recorded(instance=target, user=user, reason=reason)
    content_changed(organisation_id=indicator.organisation_id, kinds=["indicators"])


def indicator_delete(
    *, user: User, indicator: Indicator, reason: str = "removed in the workspace"
) -> None:
    """Remove an indicator with its values, targets and links (administrators)."""
    _require_manage(user, indicator.organisation)
    delete_recorded(instance=indicator, user=user, reason=reason)
    content_changed(organisation_id=indicator.organisation_id, kinds=["indicators", "strategy"])


IndicatorLink = IndicatorGoal | IndicatorMeasure


def _link_organisation_id(link: IndicatorLink) -> int:
    if isinstance(link, IndicatorGoal):
        return link.goal.plan.organisation_id
    return link.measure.organisation_id


def indicator_link_save(
    *, user: User, link: IndicatorLink, version: int | None = None
) -> IndicatorLink:
    """Link an indicator to a goal or measure of its organisation, with the effect expected.

    ``version`` is the indicator's version the workspace's page was loaded at:
    a link is part of the indicator, so the change claims the indicator's next
    version (``VersionConflict`` if the indicator or its links were changed
    since) and leaves a row in its history. The admin gives none: it saves the
    links with the indicator, whose own save has just claimed the version.
    """
    indicator = link.indicator
    _require_manage(user, indicator.organisation)
    if _link_organisation_id(link) != indicator.organisation_id:
        name = "goal" if isinstance(link, IndicatorGoal) else "measure"
        raise ValidationError({name: _("Choose a row of the indicator's own organisation.")})
    link.full_clean()
    with transaction.atomic():
        if version is not None:
            _claim_for_link(user=user, link=link, version=version, reason=LINKED)
        link.save()
    # The indicator's page lists its goals and measures, and theirs list it.
    content_changed(organisation_id=indicator.organisation_id, kinds=["indicators", "strategy"])
    return link


def indicator_link_delete(*, user: User, link: IndicatorLink, version: int | None = None) -> None:
    """Remove a link; ``version`` as for ``indicator_link_save``."""
    indicator = link.indicator
    _require_manage(user, indicator.organisation)
    with transaction.atomic():
        if version is not None:
            _claim_for_link(user=user, link=link, version=version, reason=UNLINKED)
        link.delete()
    content_changed(organisation_id=indicator.organisation_id, kinds=["indicators", "strategy"])


# The history's reasons for a link's change; core.history tells them in words,
# with the goal or measure named after the prefix.
LINKED = "linked: "
UNLINKED = "unlinked: "


def _claim_for_link(*, user: User, link: IndicatorLink, version: int, reason: str) -> None:
    current = claim_version(model=Indicator, pk=link.indicator_id, version=version)
    linked = link.goal if isinstance(link, IndicatorGoal) else link.measure
    current._history_user = user  # type: ignore[attr-defined]
    current._change_reason = f"{reason}{linked}"  # type: ignore[attr-defined]
    current.save()
    link.indicator = current
