"""Loading the default content (Kemi's strategy) into the database.

Rows are matched by natural keys — organisation slug, plan slug, goal slug
within its plan, measure identifier — and only what differs from the file is
written. That keeps a second run free of writes, and so free of new history
rows: django-simple-history records one on every ``save()``.

The file owns what it says and nothing else. A measure's status, progress,
schedule, responsible unit and contact persons are the city's to keep: they
get the model defaults when the measure is created and are never touched
again. Goals a measure serves are only ever added, so links an official made
to other plans' goals survive a reload. Nothing is deleted.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from django.db import models, transaction

from strategia.core.invalidation import everything_changed
from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal, Measure, Plan

from .schema import ContentFileError, ContentSpec, GoalSpec, MeasureSpec, PlanSpec

DEFAULT_CONTENT_FILE = Path(__file__).resolve().parent / "data" / "kemi.yaml"

# What the history rows written by the loader say as their change reason.
CHANGE_REASON = "default content"

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"

# Called after the strategy content, in the same transaction, as
# ``extension(organisation=..., stdout=...)``: how other apps add their own
# default content (e.g. the indicators app its default indicators).
ContentExtension = Callable[..., Any]


@dataclass
class LoadReport:
    """How many rows of each kind were created, updated or left unchanged."""

    counts: dict[str, Counter] = field(default_factory=dict)

    def note(self, kind: str, outcome: str) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += 1

    def total(self, outcome: str) -> int:
        return sum(counter[outcome] for counter in self.counts.values())

    def lines(self) -> list[str]:
        lines = [
            f"  {kind}: {counter[CREATED]} created, {counter[UPDATED]} updated, "
            f"{counter[UNCHANGED]} unchanged"
            for kind, counter in self.counts.items()
        ]
        lines.append(
            f"Total: {self.total(CREATED)} created, {self.total(UPDATED)} updated, "
            f"{self.total(UNCHANGED)} unchanged."
        )
        return lines


def default_content_load(
    *,
    spec: ContentSpec,
    extensions: Sequence[ContentExtension] = (),
    stdout: TextIO | None = None,
) -> tuple[Organisation, LoadReport]:
    """Write the checked content in one transaction; all of it or nothing."""
    _check_against_database(spec)
    report = LoadReport()
    with transaction.atomic():
        organisation = _upsert_organisation(spec=spec, report=report)
        plans: dict[str, Plan] = {}
        for plan_spec in spec.plans:
            plans[plan_spec.slug] = _upsert_plan(
                organisation=organisation, spec=plan_spec, plans=plans, report=report
            )
        goals: dict[tuple[str, str], Goal] = {}
        for plan_spec in spec.plans:
            _upsert_goals(
                plan=plans[plan_spec.slug],
                specs=plan_spec.goals,
                parent=None,
                goals=goals,
                report=report,
            )
        for order, measure_spec in enumerate(spec.measures, start=1):
            _upsert_measure(
                organisation=organisation,
                spec=measure_spec,
                order=order,
                goals=goals,
                report=report,
            )
        for extension in extensions:
            extension(organisation=organisation, stdout=stdout)
        everything_changed(organisation_id=organisation.pk)
    return organisation, report


def _check_against_database(spec: ContentSpec) -> None:
    """Problems the file alone can't show: a slug taken by another measure."""
    errors = []
    organisation = Organisation.objects.filter(slug=spec.organisation.slug).first()
    if organisation is None:
        return
    taken = dict(
        Measure.objects.filter(
            organisation=organisation, slug__in=[m.slug for m in spec.measures]
        ).values_list("slug", "identifier")
    )
    for index, measure in enumerate(spec.measures):
        owner = taken.get(measure.slug)
        if owner is not None and owner != measure.identifier:
            errors.append(
                f"measures[{index}].slug: {measure.slug!r} is already used by measure {owner!r}"
            )
    if errors:
        raise ContentFileError(errors)


def _same(current: Any, wanted: Any) -> bool:
    # A translation left empty is stored as NULL or "" depending on who wrote
    # it (a form, the loader, a migration); both mean "no text".
    if current in (None, "") and wanted in (None, ""):
        return True
    return current == wanted


def _save(instance: models.Model) -> None:
    instance._change_reason = CHANGE_REASON
    instance.full_clean(validate_unique=False, validate_constraints=False)
    instance.save()


def _upsert(
    model: type[models.Model],
    *,
    lookup: dict[str, Any],
    values: dict[str, Any],
    report: LoadReport,
    kind: str,
    create_only: dict[str, Any] | None = None,
) -> tuple[models.Model, str]:
    """Create the row, or change just the fields that differ, or leave it be."""
    instance = model._default_manager.filter(**lookup).first()
    if instance is None:
        instance = model(**lookup, **values, **(create_only or {}))
        _save(instance)
        outcome = CREATED
    else:
        differing = {
            name: value
            for name, value in values.items()
            if not _same(getattr(instance, name), value)
        }
        for name, value in differing.items():
            setattr(instance, name, value)
        if differing:
            # Rows under optimistic locking (strategia.monitoring) carry a
            # version: raise it so that a form opened before this load is
            # refused instead of silently writing the old texts back.
            if any(f.name == "version" for f in model._meta.concrete_fields):
                instance.version += 1
            _save(instance)
        outcome = UPDATED if differing else UNCHANGED
    report.note(kind, outcome)
    return instance, outcome


def _upsert_organisation(*, spec: ContentSpec, report: LoadReport) -> Organisation:
    organisation, _ = _upsert(
        Organisation,
        lookup={"slug": spec.organisation.slug},
        values={
            **spec.organisation.name.fields("name"),
            "municipality_code": spec.organisation.municipality_code,
        },
        report=report,
        kind="organisations",
    )
    return organisation


def _upsert_plan(
    *, organisation: Organisation, spec: PlanSpec, plans: dict[str, Plan], report: LoadReport
) -> Plan:
    plan, _ = _upsert(
        Plan,
        lookup={"organisation": organisation, "slug": spec.slug},
        values={
            "kind": spec.kind,
            **spec.name.fields("name"),
            **spec.summary.fields("summary"),
            **spec.description.fields("description"),
            **spec.monitoring.fields("monitoring"),
            **spec.approving_body.fields("approving_body"),
            "parent_id": plans[spec.parent].pk if spec.parent else None,
            "start_year": spec.start_year,
            "end_year": spec.end_year,
            "decision_date": spec.decision_date,
            "decision_paragraph": spec.decision_paragraph,
            "document_url": spec.document_url,
            "order": len(plans) + 1,
        },
        report=report,
        kind="plans",
    )
    return plan


def _upsert_goals(
    *,
    plan: Plan,
    specs: tuple[GoalSpec, ...],
    parent: Goal | None,
    goals: dict[tuple[str, str], Goal],
    report: LoadReport,
) -> None:
    for order, spec in enumerate(specs, start=1):
        goal, _ = _upsert(
            Goal,
            lookup={"plan": plan, "slug": spec.slug},
            values={
                "kind": spec.kind,
                **spec.name.fields("name"),
                **spec.description.fields("description"),
                "themes": list(spec.themes),
                "parent_id": parent.pk if parent else None,
                "order": order,
            },
            report=report,
            kind="goals",
        )
        goals[(plan.slug, spec.slug)] = goal
        _upsert_goals(plan=plan, specs=spec.children, parent=goal, goals=goals, report=report)


def _upsert_measure(
    *,
    organisation: Organisation,
    spec: MeasureSpec,
    order: int,
    goals: dict[tuple[str, str], Goal],
    report: LoadReport,
) -> None:
    measure, outcome = _upsert(
        Measure,
        lookup={"organisation": organisation, "identifier": spec.identifier},
        values={
            "slug": spec.slug,
            **spec.name.fields("name"),
            **spec.description.fields("description"),
            "visibility": spec.visibility,
            "order": order,
        },
        report=report,
        kind="measures",
    )
    wanted = {goals[(ref.plan, ref.goal)].pk for ref in spec.goals}
    missing = wanted - set(measure.goals.values_list("pk", flat=True))
    if missing:
        # The m2m history row takes its change reason from the instance.
        measure._change_reason = CHANGE_REASON
        measure.goals.add(*sorted(missing))
        if outcome == UNCHANGED:
            report.counts["measures"][UNCHANGED] -= 1
            report.note("measures", UPDATED)


__all__ = [
    "CHANGE_REASON",
    "DEFAULT_CONTENT_FILE",
    "ContentFileError",
    "LoadReport",
    "default_content_load",
]
