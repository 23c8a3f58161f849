"""The large city of the benchmarks: one generator for the load and the report benchmarks.

    from bench.large_city import build_large_city
    organisation = build_large_city(slug="suurkaupunki")   # the sizes below by default

A city far bigger than Kemi, so that what grows with content shows: 400
measures, 250 indicators with 20 years of yearly values, 40 units (4 divisions
of 9 units each beneath them), 3 plans (the strategy and two programmes under
it, each with a mission, a vision, goals and sub-goals) and four years of
tertial reporting periods with a published status update of every measure in
each. Everything is public except every tenth measure and indicator.

Rows are written in bulk (this is test data, not content someone edits);
the observations go through the one writer of observations
(``indicators.services.observations_write``), as every import does. A second
call with the same slug finds the city and returns it without writing.
Either way, on PostgreSQL the database is then analysed (``ANALYZE``), as
autovacuum would have done to a production database. Deterministic: the
same sizes build the same city.
"""

from __future__ import annotations

import datetime
import random
import sys
from typing import TextIO

DEFAULT_SIZES = {
    "measures": 400,
    "indicators": 250,
    "years": 20,
    "units": 40,
    "update_years": 4,
    "plans": 3,
}
LAST_YEAR = 2025
GOALS_PER_PLAN = 4
SUBGOALS_PER_GOAL = 3


def setup_django(database_url: str) -> None:
    """Django with the project's settings on this database, for a benchmark's own process."""
    import os

    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DEBUG", "1")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


def build_large_city(
    *,
    slug: str = "suurkaupunki",
    measures: int = DEFAULT_SIZES["measures"],
    indicators: int = DEFAULT_SIZES["indicators"],
    years: int = DEFAULT_SIZES["years"],
    units: int = DEFAULT_SIZES["units"],
    update_years: int = DEFAULT_SIZES["update_years"],
    plans: int = DEFAULT_SIZES["plans"],
    hostnames: str = "",
    stdout: TextIO = sys.stdout,
):
    """Build the city (once) and return its ``Organisation``."""
    from django.db import transaction

    from strategia.organisations.models import Organisation

    existing = Organisation.objects.filter(slug=slug).first()
    if existing is not None:
        stdout.write(f"large city {slug} already built; reused\n")
        _analyze()
        return existing
    rng = random.Random(f"{slug}:{measures}:{indicators}:{years}:{units}")
    with transaction.atomic():
        organisation = Organisation.objects.create(
            slug=slug,
            name_fi="Suurkaupunki",
            name_sv="Storstad",
            name_en="Large City",
            municipality_code="999",
            hostnames=hostnames,
        )
        unit_rows = _units(organisation, units)
        plan_rows, leaf_goals = _plans(organisation, plans, unit_rows)
        measure_rows = _measures(organisation, measures, leaf_goals, unit_rows, rng)
        stdout.write(
            f"  {len(unit_rows)} units, {len(plan_rows)} plans, {len(measure_rows)} measures\n"
        )
        indicator_rows = _indicators(organisation, indicators, leaf_goals, measure_rows, unit_rows)
        observations = _observations(organisation, indicator_rows, years, rng)
        stdout.write(f"  {len(indicator_rows)} indicators, {observations} observations\n")
        updates = _status_updates(plan_rows, measure_rows, update_years, rng)
        stdout.write(f"  {updates} published status updates\n")
    _analyze()
    return organisation


def _analyze() -> None:
    """Give PostgreSQL's planner statistics of the rows just written.

    A production database gets them from autovacuum; without them (autovacuum
    is off on the benchmark machine, and a bulk load outruns it anyway) the
    planner takes every table for a few rows and picks plans that cost a public
    page tens of milliseconds. SQLite keeps no such statistics.
    """
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


def _units(organisation, count: int) -> list:
    from strategia.organisations.models import Unit

    divisions = max(1, count // 10)
    rows = Unit.objects.bulk_create(
        Unit(
            organisation=organisation,
            slug=f"toimiala-{d + 1}",
            name_fi=f"Toimiala {d + 1}",
            name_sv=f"Sektor {d + 1}",
            kind=Unit.Kind.DIVISION,
            governing_body_fi=f"Lautakunta {d + 1}",
        )
        for d in range(divisions)
    )
    rows += Unit.objects.bulk_create(
        Unit(
            organisation=organisation,
            parent=rows[u % divisions],
            slug=f"yksikko-{u + 1}",
            name_fi=f"Yksikkö {u + 1}",
            name_sv=f"Enhet {u + 1}",
            kind=Unit.Kind.UNIT,
        )
        for u in range(count - divisions)
    )
    return rows


def _plans(organisation, count: int, units: list) -> tuple[list, list]:
    from strategia.strategy.models import Goal, Plan

    strategy = Plan.objects.create(
        organisation=organisation,
        slug="kaupunkistrategia",
        kind=Plan.Kind.STRATEGY,
        name_fi="Suurkaupungin strategia",
        name_sv="Storstadens strategi",
        summary_fi="Kaupungin strategia vuosille 2022–2025.",
        start_year=LAST_YEAR - 3,
        end_year=LAST_YEAR,
        approving_body_fi="Kaupunginvaltuusto",
        owner_unit=units[0],
        order=0,
    )
    plans = [strategy]
    for p in range(1, count):
        plans.append(
            Plan.objects.create(
                organisation=organisation,
                slug=f"ohjelma-{p}",
                kind=Plan.Kind.PROGRAMME,
                name_fi=f"Ohjelma {p}",
                name_sv=f"Program {p}",
                parent=strategy,
                start_year=LAST_YEAR - 3,
                end_year=LAST_YEAR,
                owner_unit=units[p % len(units)],
                order=p,
            )
        )
    leaves = []
    for plan in plans:
        Goal.objects.bulk_create(
            [
                Goal(plan=plan, slug="missio", kind=Goal.Kind.MISSION, name_fi="Missio", order=0),
                Goal(plan=plan, slug="visio", kind=Goal.Kind.VISION, name_fi="Visio", order=1),
            ]
        )
        goals = Goal.objects.bulk_create(
            Goal(
                plan=plan,
                slug=f"tavoite-{g + 1}",
                kind=Goal.Kind.GOAL,
                name_fi=f"{plan.name_fi}: tavoite {g + 1}",
                name_sv=f"{plan.name_sv}: mål {g + 1}",
                description_fi="Tavoitteen kuvaus. " * 10,
                order=2 + g,
            )
            for g in range(GOALS_PER_PLAN)
        )
        leaves += Goal.objects.bulk_create(
            Goal(
                plan=plan,
                parent=goal,
                slug=f"tavoite-{g + 1}-{s + 1}",
                kind=Goal.Kind.SUB_GOAL,
                name_fi=f"Alatavoite {g + 1}.{s + 1}",
                order=s,
            )
            for g, goal in enumerate(goals)
            for s in range(SUBGOALS_PER_GOAL)
        )
    return plans, leaves


def _measures(organisation, count: int, goals: list, units: list, rng: random.Random) -> list:
    from strategia.strategy.models import Measure, MeasureStatus, Visibility

    statuses = list(MeasureStatus.values)
    rows = Measure.objects.bulk_create(
        Measure(
            organisation=organisation,
            identifier=f"T-{m + 1:03d}",
            slug=f"t-{m + 1:03d}",
            name_fi=f"Toimenpide {m + 1}: palvelujen kehittäminen",
            name_sv=f"Åtgärd {m + 1}",
            description_fi="Toimenpiteen kuvaus, joka kertoo mitä tehdään ja miksi. " * 6,
            responsible_unit=units[m % len(units)],
            start_date=datetime.date(LAST_YEAR - 3, 1, 1),
            end_date=datetime.date(LAST_YEAR + 1, 12, 31),
            status=rng.choice(statuses),
            progress=rng.randrange(0, 101, 5),
            visibility=Visibility.INTERNAL if m % 10 == 9 else Visibility.PUBLIC,
            order=m,
        )
        for m in range(count)
    )
    Through = Measure.goals.through
    Through.objects.bulk_create(
        Through(measure=measure, goal=goals[(m + k * 7) % len(goals)])
        for m, measure in enumerate(rows)
        for k in range(1 + m % 2)
    )
    Collaborating = Measure.collaborating_units.through
    Collaborating.objects.bulk_create(
        Collaborating(measure=measure, unit=units[(m + 3) % len(units)])
        for m, measure in enumerate(rows)
        if m % 3 == 0
    )
    return rows


def _indicators(organisation, count: int, goals: list, measures: list, units: list) -> list:
    from strategia.indicators.models import (
        Indicator,
        IndicatorGoal,
        IndicatorMeasure,
        Source,
        Target,
        TimeResolution,
    )
    from strategia.strategy.models import Visibility

    rows = Indicator.objects.bulk_create(
        Indicator(
            organisation=organisation,
            slug=f"mittari-{i + 1:03d}",
            name_fi=f"Mittari {i + 1}",
            name_sv=f"Indikator {i + 1}",
            unit_fi="%",
            decimals=1,
            source=Source.MANUAL,
            time_resolution=TimeResolution.YEAR,
            responsible_unit=units[i % len(units)],
            visibility=Visibility.INTERNAL if i % 10 == 9 else Visibility.PUBLIC,
            order=i,
        )
        for i in range(count)
    )
    IndicatorGoal.objects.bulk_create(
        IndicatorGoal(indicator=indicator, goal=goals[i % len(goals)])
        for i, indicator in enumerate(rows)
    )
    IndicatorMeasure.objects.bulk_create(
        IndicatorMeasure(indicator=indicator, measure=measures[(i * 3) % len(measures)])
        for i, indicator in enumerate(rows)
        if measures
    )
    Target.objects.bulk_create(
        Target(indicator=indicator, year=LAST_YEAR + 5, value=60.0) for indicator in rows
    )
    return rows


def _observations(organisation, indicators: list, years: int, rng: random.Random) -> int:
    from strategia.indicators.importers.core import RawRow
    from strategia.indicators.services import observations_write

    def read(ctx):
        location = 0
        for indicator in indicators:
            level = rng.uniform(20, 60)
            for year in range(LAST_YEAR - years + 1, LAST_YEAR + 1):
                location += 1
                level += rng.uniform(-2, 2.5)
                yield RawRow(location, indicator.slug, "999", str(year), (), round(level, 1))

    result = observations_write(
        organisation=organisation,
        read=read,
        format="bench",
        file_name="large city",
        indicator_lookup=lambda ctx: {i.slug: i for i in ctx.indicators},
    )
    return result.created


def _status_updates(plans: list, measures: list, update_years: int, rng: random.Random) -> int:
    from strategia.monitoring.models import ReportingPeriod, StatusUpdate
    from strategia.strategy.models import MeasureStatus

    strategy = plans[0]
    periods = ReportingPeriod.objects.bulk_create(
        ReportingPeriod(
            plan=strategy,
            kind=ReportingPeriod.Kind.TERTIAL,
            year=year,
            number=number,
            start_date=datetime.date(year, 4 * number - 3, 1),
            end_date=datetime.date(year, 4 * number, 28),
            deadline=datetime.date(year, 4 * number, 28) + datetime.timedelta(days=14),
            state=ReportingPeriod.State.CLOSED,
        )
        for year in range(LAST_YEAR - update_years + 1, LAST_YEAR + 1)
        for number in (1, 2, 3)
    )
    statuses = list(MeasureStatus.values)
    rows = StatusUpdate.objects.bulk_create(
        StatusUpdate(
            measure=measure,
            reporting_period=period,
            date=period.end_date,
            status=rng.choice(statuses),
            progress=min(100, 10 * (p + 1)),
            text_fi=f"Tilannekatsaus {period.year}/{period.number}: työ eteni suunnitellusti. " * 4,
            next_steps_fi="Seuraavaksi jatketaan toteutusta.",
            state=StatusUpdate.State.PUBLISHED,
        )
        for measure in measures
        for p, period in enumerate(periods)
    )
    # A measure shows what its latest published update says.
    latest = {update.measure_id: update for update in rows}
    for measure in measures:
        measure.status = latest[measure.pk].status
        measure.progress = latest[measure.pk].progress
    type(measures[0]).objects.bulk_update(measures, ["status", "progress"], batch_size=500)
    return len(rows)
