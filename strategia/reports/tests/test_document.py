import json

import pytest

from strategia.reports.document import Document, Figure, Paragraph, Section, Series, Table
from strategia.reports.registry import ReportRequest, annual_sections, register_annual_section


def test_a_document_survives_a_json_round_trip_unchanged():
    document = Document(
        title="Toimintakertomus 2026",
        language="fi",
        organisation="Kemi",
        internal=True,
        meta={"plan": "kaupunkistrategia", "year": "2026"},
        sections=[
            Section(
                heading="Viisas Kemi",
                blocks=[
                    Paragraph(text="Kolme toimenpidettä etenee."),
                    Table(
                        caption="Toimenpiteet",
                        columns=["Toimenpide", "Edistyminen %"],
                        rows=[["Sujuvoittaminen", 50], ["Ideakulttuuri", None]],
                        numeric=[False, True],
                    ),
                    Figure(
                        caption="Päästöt",
                        alt_text="Päästöt laskivat 2010–2024.",
                        series=[Series(label="Yhteensä", points=[("2010", 410.5), ("2024", None)])],
                        unit="kt CO2e",
                        targets=[("2030", 120.0)],
                    ),
                ],
                sections=[Section(heading="Alaluku")],
            )
        ],
    )
    frozen = json.loads(json.dumps(document.to_dict()))
    assert Document.from_dict(frozen) == document


def test_an_unknown_block_in_a_snapshot_is_refused_by_name():
    data = {
        "title": "x",
        "language": "fi",
        "sections": [{"heading": "a", "blocks": [{"kind": "video"}]}],
    }
    with pytest.raises(ValueError, match="video"):
        Document.from_dict(data)


def test_annual_sections_skip_contributors_with_nothing_to_say():
    register_annual_section("test-empty", lambda request: None)
    register_annual_section("test-full", lambda request: Section(heading=f"Vuosi {request.year}"))
    sections = annual_sections(ReportRequest(kind="annual", organisation=None, year=2026))
    assert [s.heading for s in sections if s.heading.startswith("Vuosi")] == ["Vuosi 2026"]
