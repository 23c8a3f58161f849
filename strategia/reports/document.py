"""The plain structured content every report is built as.

A builder (one per report kind, see ``registry.py``) reads the data and
returns a ``Document``; renderers turn the same document into HTML, PDF, DOCX
and XLSX. Nothing here knows about Django models or a file format, so a
document can be frozen as JSON (``to_dict`` / ``from_dict``) when a report is
made final and rendered again byte for byte from that snapshot.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

CellValue = str | int | float | None


@dataclass
class Paragraph:
    text: str
    kind: Literal["paragraph"] = "paragraph"


@dataclass
class Table:
    """A table with a caption; ``numeric`` marks the columns aligned right and summed as numbers."""

    caption: str
    columns: list[str]
    rows: list[list[CellValue]]
    numeric: list[bool] = field(default_factory=list)
    kind: Literal["table"] = "table"


@dataclass
class Series:
    label: str
    points: list[tuple[str, float | None]]


@dataclass
class Figure:
    """A chart with the data it draws and a text alternative for those who can't see it."""

    caption: str
    alt_text: str
    series: list[Series]
    unit: str = ""
    targets: list[tuple[str, float]] = field(default_factory=list)
    kind: Literal["figure"] = "figure"


Block = Paragraph | Table | Figure


@dataclass
class Section:
    heading: str
    blocks: list[Block] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)


@dataclass
class Document:
    title: str
    language: str
    subtitle: str = ""
    organisation: str = ""
    internal: bool = False
    sections: list[Section] = field(default_factory=list)
    # Facts shown on the cover and kept with a final report (plan, year, period, generated at…).
    meta: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Document:
        return cls(
            title=data["title"],
            language=data["language"],
            subtitle=data.get("subtitle", ""),
            organisation=data.get("organisation", ""),
            internal=data.get("internal", False),
            sections=[_section_from_dict(section) for section in data.get("sections", [])],
            meta=dict(data.get("meta", {})),
        )


def _block_from_dict(data: dict[str, Any]) -> Block:
    kind = data.get("kind")
    if kind == "paragraph":
        return Paragraph(text=data["text"])
    if kind == "table":
        return Table(
            caption=data["caption"],
            columns=list(data["columns"]),
            rows=[list(row) for row in data["rows"]],
            numeric=list(data.get("numeric", [])),
        )
    if kind == "figure":
        return Figure(
            caption=data["caption"],
            alt_text=data["alt_text"],
            series=[
                Series(label=s["label"], points=[(str(p[0]), p[1]) for p in s["points"]])
                for s in data["series"]
            ],
            unit=data.get("unit", ""),
            targets=[(str(t[0]), t[1]) for t in data.get("targets", [])],
        )
    raise ValueError(f"Unknown block kind {kind!r} in a report snapshot.")


def _section_from_dict(data: dict[str, Any]) -> Section:
    return Section(
        heading=data["heading"],
        blocks=[_block_from_dict(block) for block in data.get("blocks", [])],
        sections=[_section_from_dict(section) for section in data.get("sections", [])],
    )
