"""Which report kinds exist and which apps add sections to the annual report.

Each domain app registers its own builder in its ``AppConfig.ready`` so the
reports app never imports the domains (no import cycles):

    from strategia.reports.registry import register_report, register_annual_section
    register_report("environmental", _("Environmental report"), build_environmental_report)
    register_annual_section("assessments", annual_assessment_section)

A builder takes a ``ReportRequest`` and returns a ``document.Document``; an
annual-report contributor takes the same request and returns a
``document.Section`` or ``None`` when it has nothing for that plan and year.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .document import Document, Section


@dataclass(frozen=True)
class ReportRequest:
    kind: str
    organisation: Any
    language: str = "fi"
    plan: Any = None
    year: int | None = None
    period: Any = None
    internal: bool = False


Builder = Callable[[ReportRequest], Document]
SectionBuilder = Callable[[ReportRequest], Section | None]


@dataclass(frozen=True)
class ReportKind:
    key: str
    label: Any
    build: Builder
    # What the report covers besides its plan: a "year" or a reporting "period".
    scope: str = "year"


_KINDS: dict[str, ReportKind] = {}
_ANNUAL_SECTIONS: dict[str, SectionBuilder] = {}


def register_report(key: str, label: Any, build: Builder, *, scope: str = "year") -> None:
    if scope not in ("year", "period"):
        raise ValueError(f"A report covers a year or a period, not {scope!r}.")
    _KINDS[key] = ReportKind(key=key, label=label, build=build, scope=scope)


def register_annual_section(key: str, build: SectionBuilder) -> None:
    _ANNUAL_SECTIONS[key] = build


def report_kinds() -> list[ReportKind]:
    return list(_KINDS.values())


def report_kind(key: str) -> ReportKind:
    try:
        return _KINDS[key]
    except KeyError:
        raise LookupError(f"No report kind {key!r}; known: {', '.join(sorted(_KINDS))}") from None


def annual_sections(request: ReportRequest) -> list[Section]:
    """The sections other apps add to the annual report, in registration order."""
    sections = []
    for build in _ANNUAL_SECTIONS.values():
        section = build(request)
        if section is not None:
            sections.append(section)
    return sections
