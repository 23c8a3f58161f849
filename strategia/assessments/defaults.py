"""Kemi's default assessment template, loaded with the default content.

Idempotent: a second load with an unchanged file writes nothing. When the
file's screening, dimensions or scales differ from the latest version, a new
version is written; assessments made with earlier versions keep theirs.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

from strategia.organisations.models import Organisation

from .models import AssessmentTemplate
from .services import template_version_create
from .template_schema import PARTS, read_template_file

DEFAULT_TEMPLATE_FILE = Path(__file__).resolve().parent / "data" / "kemi_template.yaml"


def load_default_assessment_template(
    *, organisation: Organisation, stdout: TextIO | None = None, path: Path = DEFAULT_TEMPLATE_FILE
) -> str:
    """ "created", "new version", "unchanged" or "skipped" (the file is another organisation's)."""
    data = read_template_file(path)
    if data["organisation"] != organisation.slug:
        return "skipped"
    names = {f"name_{language}": data["name"].get(language, "") for language in ("fi", "sv", "en")}
    template, created = AssessmentTemplate.objects.get_or_create(
        organisation=organisation, slug=data["slug"], defaults=names
    )
    if not created and any(getattr(template, key) != value for key, value in names.items()):
        for key, value in names.items():
            setattr(template, key, value)
        template.save()
    definition = {part: data[part] for part in PARTS}
    latest = template.versions.order_by("-number").first()
    outcome = "unchanged"
    if latest is None or latest.definition != definition:
        version = template_version_create(
            template=template, definition=definition, note="default content"
        )
        outcome = "created" if latest is None else "new version"
        if stdout is not None:
            stdout.write(f"  assessment template: {template.slug} version {version.number}")
    return outcome
