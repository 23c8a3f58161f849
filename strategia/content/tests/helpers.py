import io
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command

SEED_FILE = Path(settings.BASE_DIR).parent / "shared" / "seed" / "kemin-kaupunkistrategia.txt"


def row_counts() -> dict[str, int]:
    """Rows of every strategy and organisation model, history tables included."""
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label in ("strategy", "organisations")
    }


def run_command(name: str, *args: str) -> str:
    out = io.StringIO()
    call_command(name, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def seed_paragraphs(text: str) -> list[list[str]]:
    """The seed's paragraphs (blocks between blank lines), each a list of its lines."""
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in text.splitlines():
        line = line.strip()
        if line:
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs


def after_heading(paragraphs: list[list[str]], heading: str) -> list[list[str]]:
    """The paragraphs that follow the one-line paragraph ``heading``."""
    index = paragraphs.index([heading])
    return paragraphs[index + 1 :]


def bullet(paragraph: list[str]) -> str:
    assert paragraph[0].startswith("•"), paragraph
    return paragraph[0].lstrip("•").strip()
