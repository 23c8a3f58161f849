import datetime
from decimal import Decimal

import pytest

from strategia.assessments import services
from strategia.assessments.services import EffectData
from strategia.assessments.statistics import annual_assessment_section, assessment_statistics
from strategia.reports.registry import ReportRequest, annual_sections
from strategia.strategy.tests.factories import GoalFactory, PlanFactory

from .factories import DecisionFactory
from .flow import assess_all, published, screened


def _climate(direction, tco2e):
    return EffectData(dimension="climate", direction=direction, climate_tco2e=Decimal(tco2e))


@pytest.fixture
def known_set(organisation, template, preparer, reviewer):
    """Six decisions whose statistics are worked out by hand in the tests below."""
    plan = PlanFactory(organisation=organisation, name_fi="Kaupunkistrategia")
    goal_a = GoalFactory(plan=plan, name_fi="Vihreä Kemi", order=1)
    goal_b = GoalFactory(plan=plan, name_fi="Välittävä Kemi", order=2)

    def decision(body, year, **kwargs):
        return DecisionFactory(
            organisation=organisation, body=body, meeting_date=datetime.date(year, 5, 4), **kwargs
        )

    def goals(assessment, relations):
        assessment.refresh_from_db()
        services.goals_save(
            user=preparer, assessment=assessment, relations=relations, version=assessment.version
        )

    d1 = decision("Kaupunginhallitus", 2026, title_fi="Katuvalot LED-valoiksi")
    a1 = published(d1, preparer, reviewer, climate=_climate("positive", "-120"))
    # Goals can't change after publication: this one is chosen on a second decision below.
    d2 = decision("Kaupunginhallitus", 2026)
    a2 = screened(d2, preparer, applies=())
    services.assessment_submit(user=preparer, assessment=a2, version=a2.version)
    decision("Kaupunginvaltuusto", 2026)  # d3: not started
    d4 = decision("Kaupunginvaltuusto", 2026, title_fi="Uusi pysäköintitalo")
    a4 = assess_all(
        screened(d4, preparer), preparer, climate=_climate("negative", "30"), children="negative"
    )
    goals(a4, {goal_a.pk: "works_against", goal_b.pk: "advances"})
    a4.refresh_from_db()
    a4 = services.assessment_submit(user=preparer, assessment=a4, version=a4.version)
    services.assessment_review(user=reviewer, assessment=a4, version=a4.version)
    d5 = decision("Kaupunginhallitus", 2025)
    published(d5, preparer, reviewer, climate="none")
    d6 = decision("Kaupunginhallitus", 2026)
    assess_all(screened(d6, preparer), preparer, direction="strongly_negative")  # a draft
    d7 = decision("Kaupunginhallitus", 2026, title_fi="Pyöräilyn edistäminen")
    a7 = assess_all(screened(d7, preparer), preparer)
    goals(a7, {goal_a.pk: "advances"})
    a7.refresh_from_db()
    a7 = services.assessment_submit(user=preparer, assessment=a7, version=a7.version)
    return {"a1": a1, "goal_a": goal_a, "goal_b": goal_b}


def test_statistics_of_the_known_set(organisation, known_set):
    stats = assessment_statistics(organisation=organisation, year=2026)
    rows = {(r.body, r.year): (r.decisions, r.screened, r.assessed) for r in stats.bodies}
    assert rows == {
        ("Kaupunginhallitus", 2026): (4, 4, 3),  # d1, d2, d6, d7; d2 screening only
        ("Kaupunginvaltuusto", 2026): (2, 1, 1),  # d3 not started, d4
    }
    kh = next(r for r in stats.bodies if r.body == "Kaupunginhallitus")
    assert (kh.screened_share, kh.assessed_share) == (100.0, 75.0)
    assert (stats.decisions, stats.screened, stats.assessed) == (6, 5, 4)

    # Effects: d1, d4 and d7 (d6 is a draft, d5 another year).
    by_key = {row.key: row for row in stats.dimensions}
    assert (by_key["climate"].positive, by_key["climate"].negative) == (2, 1)
    assert (by_key["children"].positive, by_key["children"].negative) == (2, 1)
    assert (by_key["residents"].positive, by_key["residents"].total) == (3, 3)
    assert by_key["residents"].label == "Kuntalaiset ja väestöryhmät"

    goals = {row.name: (row.advances, row.works_against) for row in stats.goals}
    assert goals == {"Vihreä Kemi": (1, 1), "Välittävä Kemi": (1, 0)}

    climate = [(row.decision.title_fi, row.direction_value, row.tco2e) for row in stats.climate]
    assert climate == [
        ("Katuvalot LED-valoiksi", 1, Decimal("-120.0")),
        ("Uusi pysäköintitalo", -1, Decimal("30.0")),
        ("Pyöräilyn edistäminen", 1, None),
    ]
    assert (stats.climate_positive, stats.climate_negative, stats.climate_tco2e) == (
        2,
        1,
        Decimal("-90.0"),
    )


def test_all_years_and_another_year(organisation, known_set):
    assert assessment_statistics(organisation=organisation).decisions == 7
    other = assessment_statistics(organisation=organisation, year=2025)
    assert (other.decisions, other.screened, other.assessed) == (1, 1, 1)
    assert other.climate == []  # "No effect" on the climate is not climate-relevant


def test_the_annual_report_section_counts_published_assessments_only(organisation, known_set):
    request = ReportRequest(kind="annual", organisation=organisation, language="fi", year=2026)
    section = annual_assessment_section(request)
    tables = {block.caption: block for block in section.blocks if block.kind == "table"}
    effects = tables["Ehdotusten vaikutukset vaikutusalueittain"]
    climate_row = next(row for row in effects.rows if row[0] == "Ilmasto")
    assert climate_row == ["Ilmasto", 1, 0, 0, 0]  # d1 only
    assert section.heading == "Päätösten vaikutusten ennakkoarviointi"
    # Registered through the app's ready(): the report machinery finds it.
    assert any(s.heading == section.heading for s in annual_sections(request))
    internal = annual_assessment_section(
        ReportRequest(
            kind="annual", organisation=organisation, language="en", year=2026, internal=True
        )
    )
    assert internal.heading == "Ex-ante impact assessment of decisions"


def test_no_section_without_decisions(organisation, template):
    assert (
        annual_assessment_section(
            ReportRequest(kind="annual", organisation=organisation, year=2026)
        )
        is None
    )
