"""Reading and checking a default content file before anything is written.

The file (``data/kemi.yaml`` for Kemi) is read into plain frozen dataclasses.
Every problem is collected with the YAML path where it is, e.g.
``plans[2].goals[0].name.fi: a Finnish text is required``, so that whoever
edits the file learns everything wrong in one run; the loader writes only a
file that passed.

Keys of the file:

- ``organisation``: ``slug``, ``name``, ``municipality_code``
- ``plans[]``: ``slug``, ``kind``, ``name``, ``summary``, ``description``,
  ``monitoring``, ``parent`` (slug of a plan earlier in the file),
  ``start_year``, ``end_year``, ``approving_body``, ``decision_date``,
  ``decision_paragraph``, ``document_url``, ``goals[]``
- ``plans[].goals[]`` (and ``children[]`` below a goal): ``slug``, ``kind``,
  ``name``, ``description``, ``themes`` (Kuntalaki §37), ``children[]``
- ``measures[]``: ``identifier``, ``slug``, ``name``, ``description``,
  ``visibility``, ``goals[]`` of ``{plan: <plan slug>, goal: <goal slug>}``

A text (``name``, ``description`` …) is a mapping ``{fi, sv, en}`` with the
Finnish required.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from strategia.strategy.models import CouncilTheme, Goal, Measure, Plan, Visibility

LANGUAGES = ("fi", "sv", "en")
_SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")


class ContentFileError(Exception):
    """The file can't be loaded; ``errors`` lists each problem with its path."""

    def __init__(self, errors: list[str]) -> None:
        self.errors = errors
        super().__init__("\n".join(errors))


@dataclass(frozen=True)
class Text:
    fi: str = ""
    sv: str = ""
    en: str = ""

    def fields(self, name: str) -> dict[str, str]:
        """The model's translated columns for this text, e.g. ``name_fi``."""
        return {f"{name}_{language}": getattr(self, language) for language in LANGUAGES}


@dataclass(frozen=True)
class OrganisationSpec:
    slug: str
    name: Text
    municipality_code: str


@dataclass(frozen=True)
class GoalSpec:
    slug: str
    kind: str
    name: Text
    description: Text
    themes: tuple[str, ...]
    children: tuple[GoalSpec, ...]


@dataclass(frozen=True)
class PlanSpec:
    slug: str
    kind: str
    name: Text
    summary: Text
    description: Text
    monitoring: Text
    parent: str | None
    start_year: int | None
    end_year: int | None
    approving_body: Text
    decision_date: datetime.date | None
    decision_paragraph: str
    document_url: str
    goals: tuple[GoalSpec, ...]


@dataclass(frozen=True)
class GoalRef:
    plan: str
    goal: str


@dataclass(frozen=True)
class MeasureSpec:
    identifier: str
    slug: str
    name: Text
    description: Text
    visibility: str
    goals: tuple[GoalRef, ...]


@dataclass(frozen=True)
class ContentSpec:
    organisation: OrganisationSpec
    plans: tuple[PlanSpec, ...]
    measures: tuple[MeasureSpec, ...]


def goal_slugs_by_plan(plans: tuple[PlanSpec, ...]) -> dict[str, set[str]]:
    """Plan slug → the slugs of all goals in its tree."""

    def walk(goals: tuple[GoalSpec, ...]) -> set[str]:
        slugs: set[str] = set()
        for goal in goals:
            slugs |= {goal.slug} | walk(goal.children)
        return slugs

    return {plan.slug: walk(plan.goals) for plan in plans}


class _UniqueKeyLoader(yaml.SafeLoader):
    """A YAML loader that refuses a key given twice in one mapping.

    PyYAML silently keeps the last one, which hides copy-paste mistakes.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: set[Any] = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                mark = key_node.start_mark
                raise yaml.constructor.ConstructorError(
                    None, None, f"the key {key!r} appears twice in one mapping", mark
                )
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


def read_content_file(path: Path) -> ContentSpec:
    """The checked content of a file; raises ContentFileError naming each problem."""
    try:
        source = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ContentFileError([f"{path}: can't be read ({error.strerror})"]) from error
    except UnicodeDecodeError as error:
        raise ContentFileError([f"{path}: is not UTF-8 text"]) from error
    return parse_content(source, source_name=str(path))


def parse_content(source: str, *, source_name: str = "<content>") -> ContentSpec:
    try:
        data = yaml.load(source, Loader=_UniqueKeyLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ContentFileError([f"{source_name}{where}: not valid YAML: {problem}"]) from error
    reader = _Reader()
    spec = reader.content(data)
    if reader.errors or spec is None:
        raise ContentFileError(reader.errors or [f"{source_name}: the file is empty"])
    return spec


def _max_length(model: type, field: str) -> int | None:
    return model._meta.get_field(field).max_length


class _Reader:
    """Turns the parsed YAML into specs, noting each problem with its path."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    # --- building blocks -------------------------------------------------

    def mapping(
        self, value: Any, path: str, *, required: set[str], optional: set[str]
    ) -> dict | None:
        if not isinstance(value, dict):
            self.error(path or "(top level)", "must be a mapping of keys to values")
            return None
        prefix = f"{path}." if path else ""
        for key in sorted(required - value.keys()):
            self.error(f"{prefix}{key}", "is missing")
        for key in sorted(value.keys() - required - optional, key=str):
            allowed = ", ".join(sorted(required | optional))
            self.error(f"{prefix}{key}", f"is not a known key here (known: {allowed})")
        return value

    def items(self, value: Any, path: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, "must be a list")
            return []
        return value

    def string(
        self,
        data: dict,
        key: str,
        path: str,
        *,
        default: str = "",
        max_length: int | None = None,
        slug: bool = False,
        choices: list[str] | None = None,
    ) -> str:
        where = f"{path}.{key}" if path else key
        if key not in data:
            return default  # a missing required key is reported by mapping()
        value = data[key]
        if isinstance(value, int) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str):
            self.error(where, "must be text")
            return default
        value = value.strip()
        if not value:
            self.error(where, "must not be empty")
        elif slug and value and not _SLUG.match(value):
            self.error(where, f"{value!r} may contain only letters a–z, digits, - and _")
        elif choices is not None and value not in choices:
            self.error(where, f"{value!r} is not one of: {', '.join(choices)}")
        if max_length and len(value) > max_length:
            self.error(where, f"is {len(value)} characters long; at most {max_length} fit")
        return value

    def text(self, data: dict, key: str, path: str, *, max_length: int | None = None) -> Text:
        """A translated text. A text that is given must have its Finnish."""
        where = f"{path}.{key}" if path else key
        if key not in data:
            return Text()
        value = data[key]
        if isinstance(value, str):
            self.error(where, "must be a mapping of languages, e.g. {fi: ..., sv: ..., en: ...}")
            return Text()
        languages = self.mapping(value, where, required=set(), optional=set(LANGUAGES))
        if languages is None:
            return Text()
        texts = {}
        for language in LANGUAGES:
            entry = languages.get(language)
            if entry is None:
                texts[language] = ""
            elif not isinstance(entry, str):
                self.error(f"{where}.{language}", "must be text")
                texts[language] = ""
            else:
                texts[language] = entry.strip()
                if max_length and len(texts[language]) > max_length:
                    self.error(
                        f"{where}.{language}",
                        f"is {len(texts[language])} characters long; at most {max_length} fit",
                    )
        if not texts["fi"]:
            self.error(f"{where}.fi", "a Finnish text is required")
        return Text(**texts)

    def year(self, data: dict, key: str, path: str) -> int | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or not 1900 <= value <= 2200:
            self.error(f"{path}.{key}", "must be a year such as 2022")
            return None
        return value

    def date(self, data: dict, key: str, path: str) -> datetime.date | None:
        value = data.get(key)
        if value is None:
            return None
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value
        if isinstance(value, str):
            try:
                return datetime.date.fromisoformat(value.strip())
            except ValueError:
                pass
        self.error(f"{path}.{key}", "must be a date written as YYYY-MM-DD")
        return None

    # --- the document ----------------------------------------------------

    def content(self, data: Any) -> ContentSpec | None:
        if data is None:
            return None
        top = self.mapping(data, "", required={"organisation", "plans"}, optional={"measures"})
        if top is None:
            return None
        organisation = self.organisation(top["organisation"]) if "organisation" in top else None
        plans = self.plans(top.get("plans"))
        measures = self.measures(top.get("measures"), plans)
        if organisation is None:
            return None
        return ContentSpec(organisation=organisation, plans=plans, measures=measures)

    def organisation(self, value: Any) -> OrganisationSpec | None:
        path = "organisation"
        data = self.mapping(value, path, required={"slug", "name"}, optional={"municipality_code"})
        if data is None:
            return None
        code = self.string(data, "municipality_code", path, max_length=3)
        if code and not re.fullmatch(r"\d{3}", code):
            self.error(f"{path}.municipality_code", 'must be three digits, e.g. "240"')
        return OrganisationSpec(
            slug=self.string(data, "slug", path, slug=True, max_length=60),
            name=self.text(data, "name", path, max_length=200),
            municipality_code=code,
        )

    def plans(self, value: Any) -> tuple[PlanSpec, ...]:
        plans: list[PlanSpec] = []
        seen: set[str] = set()
        for index, item in enumerate(self.items(value, "plans")):
            path = f"plans[{index}]"
            plan = self.plan(item, path, earlier=seen)
            if plan is None:
                continue
            if plan.slug in seen:
                self.error(f"{path}.slug", f"{plan.slug!r} is already used by another plan")
            seen.add(plan.slug)
            plans.append(plan)
        return tuple(plans)

    def plan(self, value: Any, path: str, *, earlier: set[str]) -> PlanSpec | None:
        data = self.mapping(
            value,
            path,
            required={"slug", "kind", "name"},
            optional={
                "summary",
                "description",
                "monitoring",
                "parent",
                "start_year",
                "end_year",
                "approving_body",
                "decision_date",
                "decision_paragraph",
                "document_url",
                "goals",
            },
        )
        if data is None:
            return None
        slug = self.string(data, "slug", path, slug=True, max_length=_max_length(Plan, "slug"))
        parent = self.string(data, "parent", path) or None
        if parent is not None and parent not in earlier:
            self.error(
                f"{path}.parent", f"no plan {parent!r} is defined before this one in the file"
            )
        start_year = self.year(data, "start_year", path)
        end_year = self.year(data, "end_year", path)
        if start_year and end_year and end_year < start_year:
            self.error(f"{path}.end_year", "is before start_year")
        goals = self.goals(data.get("goals"), f"{path}.goals", seen=set(), top_level=True)
        return PlanSpec(
            slug=slug,
            kind=self.string(data, "kind", path, choices=list(Plan.Kind.values)),
            name=self.text(data, "name", path, max_length=_max_length(Plan, "name")),
            summary=self.text(data, "summary", path),
            description=self.text(data, "description", path),
            monitoring=self.text(data, "monitoring", path),
            parent=parent,
            start_year=start_year,
            end_year=end_year,
            approving_body=self.text(
                data, "approving_body", path, max_length=_max_length(Plan, "approving_body")
            ),
            decision_date=self.date(data, "decision_date", path),
            decision_paragraph=self.string(
                data,
                "decision_paragraph",
                path,
                max_length=_max_length(Plan, "decision_paragraph"),
            ),
            document_url=self.string(
                data, "document_url", path, max_length=_max_length(Plan, "document_url")
            ),
            goals=goals,
        )

    def goals(
        self, value: Any, path: str, *, seen: set[str], top_level: bool
    ) -> tuple[GoalSpec, ...]:
        """A goal list; ``seen`` holds the slugs used so far in the same plan."""
        goals: list[GoalSpec] = []
        for index, item in enumerate(self.items(value, path)):
            item_path = f"{path}[{index}]"
            data = self.mapping(
                item,
                item_path,
                required={"slug", "name"},
                optional={"kind", "description", "themes", "children"},
            )
            if data is None:
                continue
            slug = self.string(
                data, "slug", item_path, slug=True, max_length=_max_length(Goal, "slug")
            )
            if slug in seen:
                self.error(f"{item_path}.slug", f"{slug!r} is already used in this plan")
            seen.add(slug)
            default_kind = Goal.Kind.GOAL if top_level else Goal.Kind.SUB_GOAL
            goals.append(
                GoalSpec(
                    slug=slug,
                    kind=self.string(
                        data, "kind", item_path, default=default_kind, choices=Goal.Kind.values
                    ),
                    name=self.text(data, "name", item_path, max_length=_max_length(Goal, "name")),
                    description=self.text(data, "description", item_path),
                    themes=self.themes(data.get("themes"), f"{item_path}.themes"),
                    children=self.goals(
                        data.get("children"), f"{item_path}.children", seen=seen, top_level=False
                    ),
                )
            )
        return tuple(goals)

    def themes(self, value: Any, path: str) -> tuple[str, ...]:
        themes = []
        for index, theme in enumerate(self.items(value, path)):
            if theme not in CouncilTheme.values:
                known = ", ".join(CouncilTheme.values)
                self.error(f"{path}[{index}]", f"{theme!r} is not a theme (known: {known})")
            elif theme not in themes:
                themes.append(theme)
        return tuple(themes)

    def measures(self, value: Any, plans: tuple[PlanSpec, ...]) -> tuple[MeasureSpec, ...]:
        goal_slugs = goal_slugs_by_plan(plans)
        measures: list[MeasureSpec] = []
        identifiers: set[str] = set()
        slugs: set[str] = set()
        for index, item in enumerate(self.items(value, "measures")):
            path = f"measures[{index}]"
            data = self.mapping(
                item,
                path,
                required={"identifier", "name", "goals"},
                optional={"slug", "description", "visibility"},
            )
            if data is None:
                continue
            identifier = self.string(
                data, "identifier", path, max_length=_max_length(Measure, "identifier")
            )
            if identifier in identifiers:
                self.error(f"{path}.identifier", f"{identifier!r} is already used")
            identifiers.add(identifier)
            slug = self.string(
                data,
                "slug",
                path,
                default=identifier.lower(),
                slug=True,
                max_length=_max_length(Measure, "slug"),
            )
            if slug in slugs:
                self.error(f"{path}.slug", f"{slug!r} is already used by another measure")
            slugs.add(slug)
            measures.append(
                MeasureSpec(
                    identifier=identifier,
                    slug=slug,
                    name=self.text(data, "name", path, max_length=_max_length(Measure, "name")),
                    description=self.text(data, "description", path),
                    visibility=self.string(
                        data,
                        "visibility",
                        path,
                        default=Visibility.PUBLIC,
                        choices=Visibility.values,
                    ),
                    goals=self.goal_refs(data.get("goals"), f"{path}.goals", goal_slugs),
                )
            )
        return tuple(measures)

    def goal_refs(
        self, value: Any, path: str, goal_slugs: dict[str, set[str]]
    ) -> tuple[GoalRef, ...]:
        refs: list[GoalRef] = []
        for index, item in enumerate(self.items(value, path)):
            item_path = f"{path}[{index}]"
            data = self.mapping(item, item_path, required={"plan", "goal"}, optional=set())
            if data is None:
                continue
            plan = self.string(data, "plan", item_path)
            goal = self.string(data, "goal", item_path)
            if plan not in goal_slugs:
                self.error(f"{item_path}.plan", f"no plan {plan!r} in this file")
            elif goal not in goal_slugs[plan]:
                self.error(f"{item_path}.goal", f"plan {plan!r} has no goal {goal!r}")
            else:
                refs.append(GoalRef(plan=plan, goal=goal))
        if not refs and not any(message.startswith(path) for message in self.errors):
            self.error(path, "a measure must serve at least one goal")
        return tuple(refs)
