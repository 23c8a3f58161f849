"""A known data set for the report tests (Kemi, one strategy, one wellbeing plan).

    Kaupunkistrategia
    ├── Viisas Kemi              V-1 Ideakulttuuri (public, Sivistys), V-2 Salainen selvitys
    │                            (internal, Tekniset); indicator "Sisäinen mittari" (internal)
    └── Vihreä Kemi
        └── Päästöt alas         VI-1 LED-valot (public, Tekniset, completed);
                                 indicator "Kasvihuonekaasupäästöt" (public, 2016–2025, target 2030)
    Hyvinvointisuunnitelma
    └── Terveys                  indicator "Koettu terveys" by sex (total, men, women)

Status updates: V-1 published in T1/2026 ("Ideapankki avattiin."), V-1 a draft
("Luonnos ei näy."), VI-1 published in T2/2026 ("Valot vaihdettu."), V-2 published
("Salaista edistystä."). Budget 2026: SIV-1 binding achieved, TEK-1 binding partly
("Hankinta viivästyi."), TEK-2 not binding.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.budget.models import Achievement, BudgetTarget
from strategia.indicators.models import IndicatorGoal, Observation
from strategia.indicators.tests.factories import IndicatorFactory, TargetFactory
from strategia.monitoring.models import StatusUpdate
from strategia.monitoring.tests.factories import ReportingPeriodFactory, StatusUpdateFactory
from strategia.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from strategia.strategy.models import MeasureStatus, Plan, Visibility
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory, PlanFactory


@dataclass
class DataSet:
    organisation: object
    strategy: Plan
    wellbeing: Plan
    goals: dict
    measures: dict
    indicators: dict
    periods: dict
    units: dict
    office: object


def observations(indicator, values: dict, dimensions: dict | None = None) -> None:
    dimensions = dimensions or {}
    key = ",".join(f"{k}={v}" for k, v in sorted(dimensions.items()))
    Observation.objects.bulk_create(
        Observation(
            indicator=indicator,
            area="240",
            period=str(year),
            period_start=datetime.date(year, 1, 1),
            dimensions=dimensions,
            dimensions_key=key,
            value=value,
            fetched_at=timezone.now(),
        )
        for year, value in values.items()
    )


def build_data_set(
    *, extra_measures: int = 0, extra_indicators: int = 0, slug: str = "kemi"
) -> DataSet:
    kemi = OrganisationFactory(slug=slug, name_fi="Kemin kaupunki", municipality_code="240")
    sivistys = UnitFactory(organisation=kemi, slug="sivistys", name_fi="Sivistyspalvelut")
    tekniset = UnitFactory(organisation=kemi, slug="tekniset", name_fi="Tekniset palvelut")
    strategy = PlanFactory(
        organisation=kemi,
        slug="kaupunkistrategia",
        kind=Plan.Kind.STRATEGY,
        name_fi="Kaupunkistrategia",
    )
    wellbeing = PlanFactory(
        organisation=kemi,
        slug="hyvinvointi",
        kind=Plan.Kind.WELLBEING_PLAN,
        name_fi="Hyvinvointisuunnitelma",
        parent=strategy,
        summary_fi="Kemiläisten hyvinvoinnin suunnitelma.",
        start_year=2022,
        end_year=2025,
    )
    viisas = GoalFactory(plan=strategy, slug="viisas", name_fi="Viisas Kemi", order=1)
    vihrea = GoalFactory(plan=strategy, slug="vihrea", name_fi="Vihreä Kemi", order=2)
    paastot = GoalFactory(
        plan=strategy, slug="paastot", name_fi="Päästöt alas", parent=vihrea, kind="sub_goal"
    )
    terveys = GoalFactory(plan=wellbeing, slug="terveys", name_fi="Terveys")
    m1 = MeasureFactory(
        organisation=kemi,
        identifier="V-1",
        name_fi="Ideakulttuuri",
        responsible_unit=sivistys,
        goals=[viisas],
        status=MeasureStatus.ON_TRACK,
        progress=40,
    )
    m2 = MeasureFactory(
        organisation=kemi,
        identifier="V-2",
        name_fi="Salainen selvitys",
        responsible_unit=tekniset,
        goals=[viisas],
        visibility=Visibility.INTERNAL,
    )
    m3 = MeasureFactory(
        organisation=kemi,
        identifier="VI-1",
        name_fi="LED-valot",
        responsible_unit=tekniset,
        goals=[paastot],
        status=MeasureStatus.COMPLETED,
        progress=100,
        end_date=datetime.date(2026, 6, 30),
    )
    for n in range(extra_measures):
        MeasureFactory(
            organisation=kemi,
            identifier=f"X-{n}",
            responsible_unit=sivistys if n % 2 else tekniset,
            goals=[viisas, paastot] if n % 3 else [viisas],
        )
    t1 = ReportingPeriodFactory(
        plan=strategy,
        number=1,
        start_date=datetime.date(2026, 1, 1),
        end_date=datetime.date(2026, 4, 30),
        deadline=datetime.date(2026, 5, 14),
        state="closed",
    )
    t2 = ReportingPeriodFactory(
        plan=strategy,
        number=2,
        start_date=datetime.date(2026, 5, 1),
        end_date=datetime.date(2026, 8, 31),
        deadline=datetime.date(2026, 9, 14),
        state="open",
    )
    StatusUpdateFactory(
        measure=m1,
        reporting_period=t1,
        date=datetime.date(2026, 5, 10),
        status=MeasureStatus.ON_TRACK,
        progress=40,
        text_fi="Ideapankki avattiin.",
        state=StatusUpdate.State.PUBLISHED,
    )
    StatusUpdateFactory(
        measure=m1,
        reporting_period=t2,
        date=datetime.date(2026, 9, 2),
        status=MeasureStatus.DELAYED,
        text_fi="Luonnos ei näy.",
        state=StatusUpdate.State.DRAFT,
    )
    StatusUpdateFactory(
        measure=m3,
        reporting_period=t2,
        date=datetime.date(2026, 9, 1),
        status=MeasureStatus.COMPLETED,
        progress=100,
        text_fi="Valot vaihdettu.",
        state=StatusUpdate.State.PUBLISHED,
    )
    StatusUpdateFactory(
        measure=m2,
        reporting_period=t1,
        date=datetime.date(2026, 5, 1),
        text_fi="Salaista edistystä.",
        state=StatusUpdate.State.PUBLISHED,
    )
    emissions = IndicatorFactory(
        organisation=kemi,
        slug="paastot",
        name_fi="Kasvihuonekaasupäästöt",
        unit_fi="kt",
        polarity="lower_is_better",
        decimals=0,
    )
    observations(emissions, {year: 300.0 - 10 * (year - 2016) for year in range(2016, 2026)})
    TargetFactory(indicator=emissions, year=2030, value=120.0)
    IndicatorGoal.objects.create(indicator=emissions, goal=paastot)
    secret = IndicatorFactory(
        organisation=kemi, slug="sisainen", name_fi="Sisäinen mittari", visibility="internal"
    )
    observations(secret, {2024: 5.0, 2025: 6.0})
    IndicatorGoal.objects.create(indicator=secret, goal=viisas)
    health = IndicatorFactory(
        organisation=kemi, slug="terveys", name_fi="Koettu terveys", unit_fi="%"
    )
    observations(health, {2023: 60.0, 2024: 62.0, 2025: 64.0})
    observations(health, {2023: 58.0, 2024: 59.0, 2025: 61.5}, {"sex": "male"})
    observations(health, {2023: 62.0, 2024: 65.0, 2025: 66.5}, {"sex": "female"})
    TargetFactory(indicator=health, year=2027, value=65.0)
    IndicatorGoal.objects.create(indicator=health, goal=terveys)
    for n in range(extra_indicators):
        extra = IndicatorFactory(organisation=kemi, slug=f"lisa-{n}")
        observations(extra, {2024: float(n), 2025: float(n + 1)})
        TargetFactory(indicator=extra, year=2028, value=float(n + 5))
        IndicatorGoal.objects.create(indicator=extra, goal=vihrea)
    BudgetTarget.objects.create(
        organisation=kemi,
        year=2026,
        identifier="SIV-1",
        unit=sivistys,
        binding=True,
        text_fi="Ideoita kerätään sata",
        goal=viisas,
        appropriation_net=Decimal("950000.00"),
        outcome_net=Decimal("940000.00"),
        achieved=Achievement.YES,
        explanation_fi="Ideoita tuli 120.",
    )
    BudgetTarget.objects.create(
        organisation=kemi,
        year=2026,
        identifier="TEK-1",
        unit=tekniset,
        binding=True,
        text_fi="Katuvalot LED-valoiksi",
        goal=paastot,
        indicator=emissions,
        target_value=180.0,
        achieved=Achievement.PARTLY,
        explanation_fi="Hankinta viivästyi.",
    )
    BudgetTarget.objects.create(
        organisation=kemi,
        year=2026,
        identifier="TEK-2",
        unit=tekniset,
        binding=False,
        text_fi="Energiakatselmus tehdään",
        goal=vihrea,
    )
    office = UserFactory(email="strategia@example.fi", full_name="Sanna Strategi")
    RoleAssignmentFactory(user=office, organisation=kemi, role=Role.STRATEGY_OFFICE)
    return DataSet(
        organisation=kemi,
        strategy=strategy,
        wellbeing=wellbeing,
        goals={"viisas": viisas, "vihrea": vihrea, "paastot": paastot, "terveys": terveys},
        measures={"V-1": m1, "V-2": m2, "VI-1": m3},
        indicators={"emissions": emissions, "secret": secret, "health": health},
        periods={"T1": t1, "T2": t2},
        units={"sivistys": sivistys, "tekniset": tekniset},
        office=office,
    )


@pytest.fixture
def data(db) -> DataSet:
    return build_data_set()
