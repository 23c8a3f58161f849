"""The "Vaikutusten arviointi" block of an agenda item, in HTML, plain text and DOCX.

``block_data`` reads an assessment (loaded by ``selectors.assessment_with_content``)
into plain values in one language; the three renderers only lay them out, so
the three formats always say the same. Labels come from the assessment's own
template version: a later template change doesn't alter a finished block.
Content written only in Finnish shows in Finnish in the other languages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .models import ImpactAssessment, in_language


@dataclass
class Cell:
    direction: str
    value: int | None
    horizon: str = ""
    justification: str = ""
    groups: str = ""
    mitigation: str = ""
    tco2e: Decimal | None = None

    @property
    def tco2e_text(self) -> str:
        if self.tco2e is None:
            return ""
        number = f"{self.tco2e:+.1f}".replace("-", "−")
        if translation.get_language() != "en":  # Finnish and Swedish as written in Finland
            number = number.replace(".", ",")
        return _("%(number)s t CO2e/year") % {"number": number}

    @property
    def headline(self) -> str:
        parts = [self.direction]
        if self.horizon:
            parts.append(self.horizon.lower())
        if self.tco2e is not None:
            parts.append(self.tco2e_text)
        return ", ".join(parts)


@dataclass
class Row:
    dimension: str
    cells: list[Cell | None]


@dataclass
class Evidence:
    label: str
    url: str = ""


@dataclass
class BlockData:
    language: str
    reference: str
    title: str
    screened: bool
    needs_assessment: bool
    applies: list[str]
    does_not_apply: list[str]
    no_assessment_reason: str
    options: list[str]
    rows: list[Row]
    summary: str
    advances: list[str]
    works_against: list[str]
    evidence: list[Evidence] = field(default_factory=list)
    preparer: str = ""
    reviewer: str = ""
    state: str = ""
    template: str = ""

    @property
    def heading(self) -> str:
        return _("Impact assessment")

    @property
    def screening_sentence(self) -> str:
        if not self.screened:
            return _("The decision has not been screened yet.")
        if not self.needs_assessment:
            return _("Screening: no screening question applies, so no impact assessment is needed.")
        return _("Screening found effects on: %(list)s.") % {"list": "; ".join(self.applies)}

    @property
    def compared(self) -> bool:
        return len(self.options) > 1


def _screening_phrase(label: str) -> str:
    # "Vaikuttaako päätös henkilöstöön?" reads as a statement without the question mark.
    return label.rstrip("?").strip()


def block_data(assessment: ImpactAssessment, *, language: str) -> BlockData:
    version = assessment.template_version
    with translation.override(language):
        screening = assessment.screening or {}
        applies, does_not_apply = [], []
        for question in version.screening_questions:
            label = _screening_phrase(in_language(question.get("short") or question["label"]))
            (applies if screening.get(question["key"]) else does_not_apply).append(label)
        options = list(assessment.options.all())
        effects = {
            (effect.option_id, effect.dimension): effect
            for option in options
            for effect in option.effects.all()
        }
        rows: list[Row] = []
        evidence: list[Evidence] = []
        seen_evidence: set[str] = set()
        if assessment.needs_assessment:
            for dimension in version.dimensions:
                cells: list[Cell | None] = []
                for option in options:
                    effect = effects.get((option.pk, dimension["key"]))
                    if effect is None:
                        cells.append(None)
                        continue
                    cells.append(
                        Cell(
                            direction=version.label_of("directions", effect.direction),
                            value=effect.direction_value,
                            horizon=version.label_of("horizons", effect.horizon)
                            if effect.horizon
                            else "",
                            justification=effect.justification or "",
                            groups=effect.groups or "",
                            mitigation=effect.mitigation or "",
                            tco2e=effect.climate_tco2e,
                        )
                    )
                    for url in effect.evidence_urls:
                        if url not in seen_evidence:
                            seen_evidence.add(url)
                            evidence.append(Evidence(label=url, url=url))
                    for indicator in effect.indicators.all():
                        key = f"indicator:{indicator.pk}"
                        if key not in seen_evidence:
                            seen_evidence.add(key)
                            evidence.append(
                                Evidence(
                                    label=_("Indicator: %(name)s") % {"name": indicator.name},
                                    url=reverse(
                                        "indicators:detail", kwargs={"slug": indicator.slug}
                                    ),
                                )
                            )
                if any(cells):
                    rows.append(Row(dimension=in_language(dimension["label"]), cells=cells))
        links = list(assessment.goal_links.all())
        decision = assessment.decision
        return BlockData(
            language=language,
            reference=decision.reference,
            title=decision.title,
            screened=assessment.is_screened,
            needs_assessment=assessment.needs_assessment,
            applies=applies,
            does_not_apply=does_not_apply,
            no_assessment_reason=assessment.no_assessment_reason or "",
            options=[option.name for option in options],
            rows=rows,
            summary=assessment.summary or "",
            advances=[link.goal.name for link in links if link.relation == "advances"],
            works_against=[link.goal.name for link in links if link.relation == "works_against"],
            evidence=evidence,
            preparer=str(assessment.preparer) if assessment.preparer else "",
            reviewer=str(assessment.reviewer) if assessment.reviewer else "",
            state=str(assessment.get_state_display()),
            template=f"{version.template.name} v{version.number}",
        )


def block_html(data: BlockData, *, heading_level: int = 2) -> str:
    with translation.override(data.language):
        return render_to_string(
            "assessments/includes/block.html",
            {"eva": data, "h": heading_level, "h_sub": min(heading_level + 1, 6)},
        )


def block_text(data: BlockData) -> str:
    """Plain text for pasting into an agenda item: short lines, no table drawing."""
    with translation.override(data.language):
        lines = [data.heading.upper(), "", data.screening_sentence]
        if data.screened and not data.needs_assessment and data.no_assessment_reason:
            lines += [_("Why: %(reason)s") % {"reason": data.no_assessment_reason}]
        if data.rows:
            if data.compared:
                lines.append("")
                lines.append(
                    _("Options compared: %(options)s") % {"options": " | ".join(data.options)}
                )
            for row in data.rows:
                lines.append("")
                headlines = [cell.headline if cell else "–" for cell in row.cells]
                lines.append(f"{row.dimension}: {' | '.join(headlines)}")
                for option, cell in zip(data.options, row.cells, strict=True):
                    if cell is None:
                        continue
                    prefix = f"  {option}: " if data.compared else "  "
                    if cell.justification:
                        lines.append(f"{prefix}{cell.justification}")
                    if cell.groups:
                        lines.append(
                            "  " + _("Groups affected: %(groups)s") % {"groups": cell.groups}
                        )
                    if cell.mitigation:
                        lines.append("  " + _("Mitigation: %(text)s") % {"text": cell.mitigation})
        if data.summary:
            lines += ["", _("Summary: %(text)s") % {"text": data.summary}]
        if data.advances:
            lines += [
                "",
                _("Advances the strategy goals: %(goals)s") % {"goals": ", ".join(data.advances)},
            ]
        if data.works_against:
            lines += [
                _("Works against the strategy goals: %(goals)s")
                % {"goals": ", ".join(data.works_against)}
            ]
        if data.evidence:
            lines += ["", _("Evidence:")]
            lines += [f"- {item.label}" for item in data.evidence]
        lines += ["", _meta_sentence(data)]
        return "\n".join(lines).strip() + "\n"


def _meta_sentence(data: BlockData) -> str:
    parts = []
    if data.preparer:
        parts.append(_("Assessed by %(name)s") % {"name": data.preparer})
    if data.reviewer:
        parts.append(_("reviewed by %(name)s") % {"name": data.reviewer})
    parts.append(_("template %(template)s") % {"template": data.template})
    return "; ".join(parts) + "."


def block_docx(data: BlockData) -> bytes:
    """A small DOCX with the block, to paste into the agenda item's document."""
    from docx import Document
    from docx.shared import Cm, Pt

    with translation.override(data.language):
        document = Document()
        document.core_properties.language = data.language
        document.core_properties.title = f"{data.heading}: {data.reference}"
        document.add_heading(data.heading, level=2)
        document.add_paragraph(data.screening_sentence)
        if data.screened and not data.needs_assessment and data.no_assessment_reason:
            document.add_paragraph(_("Why: %(reason)s") % {"reason": data.no_assessment_reason})
        if data.rows:
            table = document.add_table(rows=1, cols=1 + len(data.options))
            table.style = "Table Grid"
            header = table.rows[0].cells
            header[0].text = _("Dimension")
            for index, option in enumerate(data.options, start=1):
                header[index].text = option if data.compared else _("Effect")
            for cell in header:
                for run in cell.paragraphs[0].runs:
                    run.bold = True
            for row in data.rows:
                cells = table.add_row().cells
                cells[0].text = row.dimension
                for index, effect in enumerate(row.cells, start=1):
                    if effect is None:
                        cells[index].text = "–"
                        continue
                    paragraph = cells[index].paragraphs[0]
                    paragraph.add_run(effect.headline).bold = True
                    for label, text in (
                        ("", effect.justification),
                        (_("Groups affected"), effect.groups),
                        (_("Mitigation"), effect.mitigation),
                    ):
                        if text:
                            extra = cells[index].add_paragraph()
                            if label:
                                extra.add_run(f"{label}: ").italic = True
                            extra.add_run(text)
            for table_row in table.rows:
                # A narrow dimension column leaves the effects the room.
                table_row.cells[0].width = Cm(4.5)
                for cell in table_row.cells:
                    for paragraph in cell.paragraphs:
                        for run in paragraph.runs:
                            run.font.size = Pt(9)
            document.add_paragraph()
        if data.summary:
            document.add_paragraph(_("Summary: %(text)s") % {"text": data.summary})
        if data.advances:
            document.add_paragraph(
                _("Advances the strategy goals: %(goals)s") % {"goals": ", ".join(data.advances)}
            )
        if data.works_against:
            document.add_paragraph(
                _("Works against the strategy goals: %(goals)s")
                % {"goals": ", ".join(data.works_against)}
            )
        if data.evidence:
            document.add_paragraph(_("Evidence:"))
            for item in data.evidence:
                document.add_paragraph(item.label, style="List Bullet")
        document.add_paragraph(_meta_sentence(data))
        buffer = io.BytesIO()
        document.save(buffer)
        return buffer.getvalue()
