from strategia.reports.document import Document, Figure, Paragraph, Section, Table
from strategia.reports.registry import ReportRequest
from strategia.reports.services import build_document


def build(data, kind: str = "annual", *, internal: bool = False, language: str = "en", **kw):
    plan = kw.pop("plan", data.strategy)
    kw.setdefault("year", 2026)
    return build_document(
        ReportRequest(
            kind=kind,
            organisation=data.organisation,
            language=language,
            plan=plan,
            internal=internal,
            **kw,
        )
    )


def sections(document: Document) -> list[Section]:
    found = []

    def visit(items, depth):
        for section in items:
            found.append(section)
            visit(section.sections, depth + 1)

    visit(document.sections, 0)
    return found


def headings(document: Document) -> list[str]:
    return [section.heading for section in sections(document)]


def tables(document: Document) -> list[Table]:
    return [b for s in sections(document) for b in s.blocks if isinstance(b, Table)]


def table(document: Document, caption: str) -> Table:
    matches = [t for t in tables(document) if t.caption == caption]
    assert matches, f"no table {caption!r} in {[t.caption for t in tables(document)]}"
    return matches[0]


def figures(document: Document) -> list[Figure]:
    return [b for s in sections(document) for b in s.blocks if isinstance(b, Figure)]


def text_of(document: Document) -> str:
    parts = [document.title, document.subtitle]
    for section in sections(document):
        parts.append(section.heading)
        for block in section.blocks:
            if isinstance(block, Paragraph):
                parts.append(block.text)
            elif isinstance(block, Table):
                parts.append(block.caption)
                parts.extend(str(cell) for row in block.rows for cell in row)
            elif isinstance(block, Figure):
                parts.extend([block.caption, block.alt_text])
    return "\n".join(parts)
