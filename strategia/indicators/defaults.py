"""Kemi's default indicators (``data/kemi-indicators.yaml``) and their sample values.

``load_default_indicators`` creates or updates the indicators and their links to
goals and measures; it never touches observations or targets, so a rerun after
real values were fetched changes nothing but the indicator texts.

``load_sample_observations`` gives the default indicators made-up values and
targets, flagged ``is_sample``, so that charts and statuses can be tried before
any real value is fetched. It never overwrites a real observation and never
adds sample values to an indicator that already has real ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

import yaml
from django.db import transaction

from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal, Measure

from .models import Indicator, IndicatorGoal, IndicatorMeasure, Observation, Target

DEFAULT_FILE = Path(__file__).resolve().parent / "data" / "kemi-indicators.yaml"
LANGUAGES = ("fi", "sv", "en")
TRANSLATED = ("name", "description", "unit", "citation")


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    missing_links: list[str] = field(default_factory=list)


def read_defaults(path: Path = DEFAULT_FILE) -> dict:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@transaction.atomic
def load_default_indicators(
    *, organisation: Organisation, stdout: TextIO | None = None, path: Path = DEFAULT_FILE
) -> LoadResult:
    """Create or update the file's indicators and their goal and measure links.

    Only for the organisation the file is written for (``organisation:`` in it);
    writes nothing when the database already matches the file.
    """
    data = read_defaults(path)
    result = LoadResult()
    if organisation.slug != data.get("organisation"):
        return result
    goals = {
        (goal.plan.slug, goal.slug): goal
        for goal in Goal.objects.filter(plan__organisation=organisation).select_related("plan")
    }
    measures = {m.identifier: m for m in Measure.objects.filter(organisation=organisation)}
    existing = {i.slug: i for i in Indicator.objects.filter(organisation=organisation)}
    goal_links = {
        (link.indicator_id, link.goal_id): link
        for link in IndicatorGoal.objects.filter(indicator__organisation=organisation)
    }
    measure_links = {
        (link.indicator_id, link.measure_id): link
        for link in IndicatorMeasure.objects.filter(indicator__organisation=organisation)
    }
    for order, item in enumerate(data["indicators"]):
        values = _indicator_values(item, order)
        indicator = existing.get(item["slug"])
        if indicator is None:
            indicator = Indicator(organisation=organisation, slug=item["slug"], **values)
            indicator.save()
            result.created += 1
        elif any(getattr(indicator, key) != value for key, value in values.items()):
            for key, value in values.items():
                setattr(indicator, key, value)
            indicator.save()
            result.updated += 1
        else:
            result.unchanged += 1
        for link_order, link in enumerate(item.get("goals", [])):
            goal = goals.get((link["plan"], link["goal"]))
            if goal is None:
                result.missing_links.append(f"{item['slug']}: goal {link['plan']}/{link['goal']}")
                continue
            _link(
                goal_links.get((indicator.pk, goal.pk)),
                IndicatorGoal(indicator=indicator, goal=goal),
                expected_effect=link.get("expected_effect", ""),
                order=link_order,
            )
        for link_order, link in enumerate(item.get("measures", [])):
            measure = measures.get(link["identifier"])
            if measure is None:
                result.missing_links.append(f"{item['slug']}: measure {link['identifier']}")
                continue
            _link(
                measure_links.get((indicator.pk, measure.pk)),
                IndicatorMeasure(indicator=indicator, measure=measure),
                expected_effect=link.get("expected_effect", ""),
                order=link_order,
            )
    if stdout is not None:
        stdout.write(
            f"Indicators: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} unchanged.\n"
        )
        for missing in result.missing_links:
            stdout.write(f"  not linked (not in the content): {missing}\n")
    return result


def _indicator_values(item: dict, order: int) -> dict:
    values = {
        "source": item["source"],
        "source_reference": item.get("source_reference") or {},
        "polarity": item["polarity"],
        "decimals": item.get("decimals", 1),
        "time_resolution": item.get("time_resolution", "year"),
        "licence": item.get("licence", ""),
        "order": order,
    }
    if "internal_notes" in item:
        # Staff-only notes; a file without them leaves what staff wrote alone.
        values["internal_notes"] = (item["internal_notes"] or "").strip()
    for name in TRANSLATED:
        texts = item.get(name) or {}
        for language in LANGUAGES:
            values[f"{name}_{language}"] = (texts.get(language) or "").strip()
    return values


def _link(existing, new, *, expected_effect: str, order: int) -> None:
    """Create the link, or update it when its effect or order differs; else write nothing."""
    link = existing or new
    if existing is not None and (existing.expected_effect, existing.order) == (
        expected_effect,
        order,
    ):
        return
    link.expected_effect = expected_effect
    link.order = order
    link.save()


# Made-up sample series: (first year, values) and a sample target (year, value).
# They only have to look like a plausible time series; they are labelled sample
# data on every page while present.
SAMPLE_SERIES: dict[str, tuple[int, list[float], tuple[int, float] | None]] = {
    "koulutustasomittain": (2015, [318, 321, 323, 327, 329, 332, 334, 338, 340], (2030, 360)),
    "vakiluku": (
        2015,
        [22_100, 21_850, 21_600, 21_300, 21_050, 20_800, 20_600, 20_450, 20_300],
        (2030, 21_000),
    ),
    "kasvihuonekaasupaastot": (
        2015,
        [245.0, 238.2, 231.5, 220.9, 214.0, 198.3, 201.7, 190.4, 183.1],
        (2030, 120.0),
    ),
    "toimeentulotuki-25-64": (2015, [9.8, 9.9, 9.5, 9.1, 8.8, 9.0, 8.6, 8.3, 8.1], (2030, 7.0)),
    "lastensuojeluilmoitukset": (2015, [7.2, 7.5, 7.9, 8.1, 8.4, 8.0, 8.6, 8.9, 9.1], None),
    "mielenterveys-sairaalahoito-0-17": (
        2015,
        [4.1, 4.3, 4.0, 4.4, 4.6, 4.2, 4.8, 5.0, 4.9],
        (2030, 3.5),
    ),
    "erikoissairaanhoito-75-vuotta-tayttaneet": (
        2015,
        [1480, 1455, 1420, 1400, 1385, 1300, 1330, 1310, 1290],
        (2030, 1200),
    ),
}
# Breakdowns, to show dimension lines on the charts: by sex (difference to the total)
# and by emission sector (share of the total).
SAMPLE_BY_SEX = {"koulutustasomittain": {"female": 12, "male": -12}}
SAMPLE_SECTOR_SHARES = {
    "kasvihuonekaasupaastot": {
        "Energia": 0.78,
        "Maatalous": 0.09,
        "Jätteiden käsittely": 0.08,
        "Teollisuusprosessit": 0.05,
    }
}


@transaction.atomic
def load_sample_observations(*, organisation: Organisation) -> int:
    """Add sample values and targets to the default indicators that have no real values.

    Idempotent: a rerun that finds the sample values as they should be writes
    nothing (not even an import run); real rows are never touched, and an
    indicator that has real values loses its sample ones. The values are
    written by ``services.observations_write``, like every other observation.
    Returns the number of sample observations in place.
    """
    from .importers.core import RawRow, dimensions_key
    from .models import ImportRun
    from .services import observations_write

    area = organisation.municipality_code or "SSS"
    indicators = Indicator.objects.filter(organisation=organisation, slug__in=SAMPLE_SERIES)
    rows: list[RawRow] = []
    keys: set[tuple[int, str, str, str]] = set()
    sampled: list[Indicator] = []

    def add(indicator: Indicator, year: int, dimensions: dict[str, str], value: float) -> None:
        rows.append(RawRow(len(rows) + 1, indicator.slug, area, year, dimensions, float(value)))
        keys.add((indicator.pk, area, dimensions_key(dimensions), str(year)))

    for indicator in indicators:
        if Observation.objects.filter(indicator=indicator, is_sample=False).exists():
            Observation.objects.filter(indicator=indicator, is_sample=True).delete()
            Target.objects.filter(indicator=indicator, is_sample=True).delete()
            continue
        sampled.append(indicator)
        first_year, values, target = SAMPLE_SERIES[indicator.slug]
        for offset, value in enumerate(values):
            year = first_year + offset
            add(indicator, year, {}, value)
            for sex, delta in SAMPLE_BY_SEX.get(indicator.slug, {}).items():
                add(indicator, year, {"sex": sex}, value + delta)
            for sector, share in SAMPLE_SECTOR_SHARES.get(indicator.slug, {}).items():
                add(indicator, year, {"sector": sector}, round(value * share, 1))
        if target and not Target.objects.filter(indicator=indicator).exists():
            Target.objects.create(
                indicator=indicator,
                year=target[0],
                value=target[1],
                note_fi="Esimerkkitavoite (esimerkkiaineisto).",
                note_sv="Exempelmål (exempeldata).",
                note_en="Sample target (sample data).",
                is_sample=True,
            )
    # Sample rows that are no longer part of the sample series go.
    stale = [
        pk
        for pk, *key in Observation.objects.filter(indicator__in=sampled, is_sample=True)
        .values_list("pk", "indicator_id", "area", "dimensions_key", "period")
        .iterator()
        if tuple(key) not in keys
    ]
    Observation.objects.filter(pk__in=stale).delete()
    if not rows:
        return 0

    def write(*, dry_run: bool):
        return observations_write(
            organisation=organisation,
            read=lambda ctx: iter(rows),
            format="sample",
            indicator_lookup=lambda ctx: {i.slug: i for i in ctx.indicators},
            trigger=ImportRun.Trigger.CONTENT,
            is_sample=True,
            dry_run=dry_run,
        )

    if write(dry_run=True).changed:
        write(dry_run=False)
    return len(rows)
