"""The report builders against the known data set (conftest.py): what each report says."""

import pytest

from .helpers import build, figures, headings, table, text_of


def test_the_annual_report_follows_the_goal_tree_with_summary_and_units(data):
    document = build(data)
    assert document.title == "Annual report 2026: strategy and operational targets"
    top = [section.heading for section in document.sections]
    assert top[:3] == ["Summary", "Viisas Kemi", "Vihreä Kemi"]
    assert "By responsibility area" in top
    vihrea = document.sections[2]
    assert [s.heading for s in vihrea.sections] == ["Päästöt alas"]
    units = next(s for s in document.sections if s.heading == "By responsibility area")
    assert [s.heading for s in units.sections] == ["Sivistyspalvelut", "Tekniset palvelut"]


def test_the_annual_report_shows_measures_with_status_progress_and_the_year_condensed(data):
    document = build(data)
    rows = table(document, "Measures of the goal Viisas Kemi").rows
    assert rows == [
        ["V-1", "Ideakulttuuri", "Sivistyspalvelut", "on track", 40, "Ideapankki avattiin."]
    ]
    rows = table(document, "Measures of the goal Päästöt alas").rows
    assert rows[0][:5] == ["VI-1", "LED-valot", "Tekniset palvelut", "completed", 100]
    assert table(document, "Measures by status").rows[-1] == ["Total", 2]


def test_only_published_updates_are_reported(data):
    text = text_of(build(data, internal=True))
    assert "Ideapankki avattiin." in text
    assert "Luonnos ei näy." not in text


def test_internal_measures_and_indicators_only_in_internal_reports(data):
    public = text_of(build(data))
    internal = text_of(build(data, internal=True))
    for secret in ("Salainen selvitys", "Salaista edistystä.", "Sisäinen mittari"):
        assert secret not in public
        assert secret in internal
    assert build(data).internal is False
    assert build(data, internal=True).internal is True


def test_the_annual_report_judges_and_draws_the_indicators(data):
    document = build(data)
    rows = table(document, "Indicators of the goal Päästöt alas").rows
    assert rows == [["Kasvihuonekaasupäästöt", "2025", "210\xa0kt", "2030: 120\xa0kt", "off track"]]
    (figure,) = [f for f in figures(document) if f.caption == "Kasvihuonekaasupäästöt"]
    assert figure.series[0].points[-1] == ("2025", 210.0)
    assert figure.targets == [("2030", 120.0)]
    assert "Line chart of Kasvihuonekaasupäästöt" in figure.alt_text


def test_the_binding_targets_section_counts_and_explains(data):
    document = build(data)
    assert "Binding operational targets of the budget" in headings(document)
    counts = table(document, "Binding targets by achievement").rows
    assert counts == [
        ["achieved", 1],
        ["partly achieved", 1],
        ["not achieved", 0],
        ["not assessed", 0],
        ["Total", 2],
    ]
    tekniset = table(document, "Binding targets of Tekniset palvelut").rows
    assert tekniset[0][0] == "TEK-1"
    assert tekniset[0][7:] == ["partly achieved", "Hankinta viivästyi."]
    siv = table(document, "Binding targets of Sivistyspalvelut").rows[0]
    assert siv[4:6] == [950000.0, 940000.0]
    other = table(document, "Operational targets that are not binding").rows
    assert [row[0] for row in other] == ["TEK-2"]


def test_the_interim_report_tells_changes_late_measures_off_track_and_missing_reports(data):
    document = build(data, "interim", period=data.periods["T2"], year=None)
    assert document.title == "Interim report T2/2026"
    assert [s.heading for s in document.sections] == [
        "What changed in the period",
        "Late measures",
        "Indicators off track",
        "Missing reports by unit",
    ]
    changes = table(document, "Published updates of the period").rows
    assert [row[:4] for row in changes] == [["VI-1", "LED-valot", "", "completed"]]
    off = table(document, "Indicators off track").rows
    assert [row[0] for row in off] == ["Kasvihuonekaasupäästöt"]
    missing = table(document, "Reports by unit").rows
    # V-1 has only a draft for T2; VI-1 reported (and is completed, so owes nothing more).
    assert ["Sivistyspalvelut", 1, 0, 1, "V-1"] in missing
    assert all("V-2" not in row[4] for row in missing)


def test_the_wellbeing_report_has_the_thl_structure_and_breakdowns_by_sex(data):
    document = build(data, "wellbeing", plan=data.wellbeing, year=2025)
    assert [s.heading for s in document.sections] == [
        "Summary",
        "Background",
        "The population's wellbeing",
        "Strengths and areas to develop",
        "The wellbeing plan's goals, measures and indicators",
    ]
    breakdown = table(document, "Koettu terveys by sex and age group")
    assert breakdown.columns == ["Group", "2023", "2024", "2025"]
    assert breakdown.rows == [
        ["total", "60.0\xa0%", "62.0\xa0%", "64.0\xa0%"],
        ["women", "62.0\xa0%", "65.0\xa0%", "66.5\xa0%"],
        ["men", "58.0\xa0%", "59.0\xa0%", "61.5\xa0%"],
    ]
    (figure,) = figures(document)
    assert [series.label for series in figure.series] == ["total", "women", "men"]


def test_the_extensive_wellbeing_report_reviews_the_council_term(data):
    document = build(data, "wellbeing_extensive", plan=data.wellbeing, year=2025)
    assert document.title == "Extensive wellbeing report 2022–2025"
    term = table(document, "Indicators over the council term")
    assert term.rows[0][:5] == ["Koettu terveys", "2023", "60.0\xa0%", "2025", "64.0\xa0%"]


def test_a_report_of_a_past_year_leaves_out_what_came_after(data):
    document = build(data, year=2020)
    rows = table(document, "Indicators of the goal Päästöt alas").rows
    assert rows[0][1:3] == ["2020", "260\xa0kt"]
    assert "Ideapankki avattiin." not in text_of(document)


@pytest.mark.parametrize("language", ["fi", "sv", "en"])
def test_reports_build_in_every_language(data, language):
    document = build(data, language=language)
    assert document.language == language
    assert "Viisas Kemi" in headings(document)


def test_a_finnish_report_speaks_finnish(data):
    document = build(data, language="fi")
    assert document.title == "Toimintakertomus 2026: strategia ja toiminnalliset tavoitteet"
    assert [s.heading for s in document.sections][0] == "Yhteenveto"
    assert "Talousarvion sitovat toiminnalliset tavoitteet" in headings(document)
    assert table(document, "Sitovat tavoitteet toteutumisen mukaan").rows[0] == ["toteutui", 1]
