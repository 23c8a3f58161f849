"""The environmental report's content, built from the registers and the strategy."""

import datetime

import pytest
from django.utils import timezone, translation
from django.utils.translation import gettext

from strategia.ems.models import ComplianceResult, ManagementReview
from strategia.indicators.models import IndicatorGoal, Observation, Source
from strategia.indicators.tests.factories import IndicatorFactory
from strategia.reports.document import Document, Figure, Table
from strategia.reports.registry import ReportRequest, report_kind
from strategia.strategy.tests.factories import MeasureFactory

from .factories import (
    ActionFactory,
    AspectFactory,
    AuditFactory,
    EvaluationFactory,
    FindingFactory,
    NonconformityFactory,
    ObligationFactory,
    ReviewFactory,
    SiteFactory,
)


def _observation(indicator, year, value, sector=None):
    dimensions = {"sector": sector} if sector else {}
    return Observation.objects.create(
        indicator=indicator,
        area="240",
        period=str(year),
        period_start=datetime.date(year, 1, 1),
        dimensions=dimensions,
        dimensions_key=f"sector={sector}" if sector else "",
        value=value,
        fetched_at=timezone.now(),
    )


@pytest.fixture
def filled(world):
    org = world.organisation
    world.policy.description_fi = "Kemi sitoutuu ympäristön pilaantumisen ehkäisyyn."
    world.policy.save()
    SiteFactory(organisation=org, name="Varikko", is_public=True)
    SiteFactory(organisation=org, name="Sisäinen kohde")
    AspectFactory(
        organisation=org, activity="Lämmitys", is_significant=True, total_score=20, is_public=True
    )
    AspectFactory(organisation=org, activity="Salainen näkökohta", is_significant=True)
    AspectFactory(organisation=org, activity="Vähäinen", is_significant=False, is_public=True)
    permit = ObligationFactory(organisation=org, title="Ympäristölupa", is_public=True)
    EvaluationFactory(obligation=permit, date=datetime.date(2025, 3, 1), result="compliant")
    EvaluationFactory(obligation=permit, date=datetime.date(2025, 10, 1), result="partly")
    law = ObligationFactory(organisation=org, title="Jätelaki")
    EvaluationFactory(obligation=law, date=datetime.date(2025, 5, 1), result="not_compliant")
    audit = AuditFactory(programme__organisation=org, date=datetime.date(2025, 9, 1))
    FindingFactory(audit=audit, kind="nonconformity")
    FindingFactory(audit=audit, kind="opportunity")
    NonconformityFactory(
        organisation=org,
        identified_on=datetime.date(2025, 9, 2),
        due_date=datetime.date(2025, 11, 1),
        description="Vuotoharjoitus",
        is_public=True,
    )
    review = ReviewFactory(
        organisation=org,
        state=ManagementReview.State.HELD,
        conclusions="Järjestelmä toimii.",
        decisions="Energiaseuranta.",
    )
    ActionFactory(review=review, description="Kohteittainen seuranta")
    measure = MeasureFactory(organisation=org, identifier="YMP-1", name_fi="Öljynerottimet")
    measure.goals.add(world.goals[0])
    indicator = IndicatorFactory(organisation=org, name_fi="Energiankulutus", unit_fi="MWh")
    IndicatorGoal.objects.create(indicator=indicator, goal=world.goals[0])
    for year, value in ((2023, 100.0), (2024, 95.0), (2025, 90.0)):
        _observation(indicator, year, value)
    emissions = IndicatorFactory(
        organisation=org, source=Source.SYKE, name_fi="Päästöt", unit_fi="kt CO2e"
    )
    for year in (2024, 2025):
        _observation(emissions, year, 300.0)
        _observation(emissions, year, 200.0, "Energia")
        _observation(emissions, year, 100.0, "Liikenne")
    return world


def _build(world, internal=False) -> Document:
    return report_kind("environmental").build(
        ReportRequest(
            kind="environmental",
            organisation=world.organisation,
            language="fi",
            year=2025,
            internal=internal,
        )
    )


def _section(document, start):
    return next(s for s in document.sections if s.heading.startswith(start))


def _tables(section):
    return [b for b in section.blocks if isinstance(b, Table)]


def _text(section) -> str:
    return " ".join(getattr(b, "text", "") for b in section.blocks)


def test_the_report_has_every_part_with_the_years_figures(filled):
    document = _build(filled, internal=True)
    assert "2025" in document.title
    assert len(document.sections) == 8
    # Round trip: what is frozen on publishing renders again from its snapshot.
    assert Document.from_dict(document.to_dict()) == document
    policy = document.sections[0]
    assert "pilaantumisen ehkäisyyn" in _text(policy)
    objectives = document.sections[2]
    goal = objectives.sections[0]
    assert goal.heading == "Pilaantumisen ehkäisy"
    assert _tables(goal)[0].rows[0][0] == "YMP-1 Öljynerottimet"
    figure = next(b for b in goal.blocks if isinstance(b, Figure))
    assert figure.series[0].points == [("2023", 100.0), ("2024", 95.0), ("2025", 90.0)]
    assert figure.alt_text
    aspects = document.sections[3]
    assert {row[0] for row in _tables(aspects)[0].rows} == {"Lämmitys", "Salainen näkökohta"}
    compliance = document.sections[4]
    # The latest evaluation of each obligation in the year counts.
    with translation.override("fi"):
        partly, not_compliant = (
            str(ComplianceResult.PARTLY.label),
            str(ComplianceResult.NOT_COMPLIANT.label),
        )
        total = gettext("total")
    assert {(r[0], r[3]) for r in _tables(compliance)[0].rows} == {
        ("Ympäristölupa", partly),
        ("Jätelaki", not_compliant),
    }
    audits = document.sections[5]
    assert _tables(audits)[0].rows[0][2:] == [1, 0, 1]
    emissions = document.sections[6]
    table = _tables(emissions)[0]
    assert table.columns[1:] == ["2024", "2025"]
    assert {row[0]: row[2] for row in table.rows} == {
        "Energia": 200.0,
        "Liikenne": 100.0,
        total: 300.0,
    }
    review = document.sections[7].sections[0]
    assert "Järjestelmä toimii." in _text(review.sections[0])
    assert _tables(review)[0].rows[0][0] == "Kohteittainen seuranta"


def test_a_public_report_lists_only_public_rows_but_counts_all(filled):
    document = _build(filled, internal=False)
    flat = repr(document.to_dict())
    assert "Salainen näkökohta" not in flat
    assert "Sisäinen kohde" not in flat
    assert "Jätelaki" not in flat
    aspects = document.sections[3]
    assert "2" in _text(aspects) and "3" in _text(aspects)
    assert [row[0] for row in _tables(aspects)[0].rows] == ["Lämmitys"]
    # Audits are summed, not listed.
    assert _tables(document.sections[5])[0].rows == [[1, 0, 1]]


def test_the_report_builds_on_the_demo_data(db, settings):
    from django.core.management import call_command

    settings.DEBUG = True
    call_command("load_default_content", verbosity=0)
    call_command("load_demo_data")
    from strategia.organisations.models import Organisation

    organisation = Organisation.objects.get(slug="kemi")
    year = timezone.localdate().year - 1
    document = report_kind("environmental").build(
        ReportRequest(kind="environmental", organisation=organisation, language="fi", year=year)
    )
    emissions = _section(document, document.sections[6].heading)
    assert any(isinstance(b, Table) for b in emissions.blocks)
    assert document.sections[7].sections, "the demo's held review is in the report"
    assert _tables(document.sections[3])[0].rows
