"""The shape of a template definition, checked before any version is written.

A definition comes from a YAML file (the default content) or from an
administrator's new version; either way a problem is named by its place
(``dimensions[3].label.fi``) and nothing is written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

PARTS = ("screening", "dimensions", "directions", "horizons")
LANGUAGES = ("fi", "sv", "en")


class TemplateDefinitionError(Exception):
    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


def _check_text(value: Any, where: str, errors: list[str]) -> None:
    if not isinstance(value, dict) or not str(value.get("fi") or "").strip():
        errors.append(f"{where}.fi: a Finnish text is required")
        return
    unknown = set(value) - set(LANGUAGES)
    if unknown:
        errors.append(f"{where}: unknown language(s) {', '.join(sorted(unknown))}")


def check_definition(definition: Any) -> dict[str, Any]:
    """The definition with only its known parts, or ``TemplateDefinitionError``."""
    errors: list[str] = []
    if not isinstance(definition, dict):
        raise TemplateDefinitionError(["the definition must be a mapping"])
    for part in PARTS:
        items = definition.get(part)
        if not isinstance(items, list) or not items:
            errors.append(f"{part}: a non-empty list is required")
            continue
        keys: set[str] = set()
        for index, item in enumerate(items):
            where = f"{part}[{index}]"
            if not isinstance(item, dict):
                errors.append(f"{where}: must be a mapping")
                continue
            key = item.get("key")
            if not isinstance(key, str) or not key.strip():
                errors.append(f"{where}.key: required")
            elif key in keys:
                errors.append(f"{where}.key: {key!r} is used twice")
            else:
                keys.add(key)
            _check_text(item.get("label"), f"{where}.label", errors)
            if part == "screening" and item.get("short") is not None:
                _check_text(item.get("short"), f"{where}.short", errors)
            if part == "dimensions":
                for number, question in enumerate(item.get("questions") or []):
                    _check_text(question, f"{where}.questions[{number}]", errors)
            if part == "directions":
                value = item.get("value")
                if value is not None and (not isinstance(value, int) or not -3 <= value <= 3):
                    errors.append(f"{where}.value: a whole number from -3 to 3, or empty")
    if errors:
        raise TemplateDefinitionError(errors)
    return {part: definition[part] for part in PARTS}


def read_template_file(path: Path) -> dict[str, Any]:
    """The file's mapping (organisation, slug, name and the definition parts)."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise TemplateDefinitionError([f"{path}: {error}"]) from error
    if not isinstance(data, dict):
        raise TemplateDefinitionError([f"{path}: must be a mapping"])
    errors = []
    for name in ("organisation", "slug"):
        if not data.get(name):
            errors.append(f"{name}: required")
    try:
        _check_text(data.get("name"), "name", errors)
        check_definition(data)
    except TemplateDefinitionError as error:
        errors.extend(error.errors)
    if errors:
        raise TemplateDefinitionError(errors)
    return data
