"""Sample data of the strategy core, for trying the dashboards.

Called by ``load_demo_data`` through the two functions every app with sample
data provides: ``add_sample_data(*, organisation, stdout)`` and
``remove_sample_data(*, stdout)``. Every row made here has ``is_sample=True``;
removal deletes only such rows. The default content (the real strategy) is
only read: sample measures hang under real goals, but no real row is changed.
"""

from __future__ import annotations

import datetime
from typing import TextIO

from django.db.models import Model, QuerySet
from django.utils import timezone

from strategia.monitoring.models import StatusUpdate
from strategia.organisations.models import Organisation, Person, Unit
from strategia.strategy.models import Goal, Measure, Plan, Visibility

from .demo_rows import MEASURES, PEOPLE, UNITS, UPDATE_STORIES, SampleMeasure

CHANGE_REASON = "sample data"


class SampleDataError(Exception):
    """The sample data can't be added; nothing was written."""


def add_sample_data(*, organisation: Organisation, stdout: TextIO | None = None) -> None:
    """Add the sample units, people, measures and status updates that are missing."""
    goals = _goals_by_key(organisation)
    missing = sorted({key for m in MEASURES for key in m.goals} - goals.keys())
    if missing:
        names = ", ".join(f"{plan}/{goal}" for plan, goal in missing)
        raise SampleDataError(
            f"The goals the sample measures belong under are missing ({names}). "
            "Load the default content first: manage.py load_default_content"
        )
    today = timezone.localdate()
    units = _add_units(organisation)
    people = _add_people(organisation, units)
    created_measures = 0
    created_updates = 0
    for index, sample in enumerate(MEASURES):
        if Measure.objects.filter(organisation=organisation, identifier=sample.identifier).exists():
            continue
        measure = _add_measure(organisation, sample, index, today, goals, units, people)
        created_measures += 1
        created_updates += _add_updates(measure, sample, index, today)
    if stdout is not None:
        stdout.write(
            f"Sample strategy data for {organisation}: {len(units.created)} units, "
            f"{len(people.created)} contact persons, {created_measures} measures and "
            f"{created_updates} status updates added."
        )


def remove_sample_data(*, stdout: TextIO | None = None) -> None:
    """Delete every sample row of the strategy core, and its history, in every organisation."""
    counts = {
        "status updates": _delete(StatusUpdate.objects.filter(is_sample=True)),
        "measures": _delete(Measure.objects.filter(is_sample=True)),
        "contact persons": _delete(Person.objects.filter(is_sample=True)),
        "plans": _delete_tree(Plan, Plan.objects.filter(is_sample=True)),
        "units": _delete_tree(Unit, Unit.objects.filter(is_sample=True)),
    }
    # Sample rows leave no trace: their change history goes too. A history row
    # copies its object's is_sample, so real rows' history is never matched.
    for model in (StatusUpdate, Measure, Plan, Unit):
        model.history.filter(is_sample=True).delete()
    if stdout is not None:
        removed = ", ".join(f"{count} {label}" for label, count in counts.items())
        stdout.write(f"Sample strategy data removed: {removed}.")


class _Created(dict):
    """Rows by natural key, remembering which of them were created now."""

    def __init__(self) -> None:
        super().__init__()
        self.created: list[Model] = []


def _goals_by_key(organisation: Organisation) -> dict[tuple[str, str], Goal]:
    goals = Goal.objects.filter(plan__organisation=organisation).select_related("plan")
    return {(goal.plan.slug, goal.slug): goal for goal in goals}


def _save_sample(instance: Model) -> Model:
    instance.is_sample = True
    instance._change_reason = CHANGE_REASON
    instance.save()
    return instance


def _add_units(organisation: Organisation) -> _Created:
    existing = {unit.slug: unit for unit in Unit.objects.filter(organisation=organisation)}
    units = _Created()
    for sample in UNITS:  # parents come before their children
        unit = existing.get(sample.slug)
        if unit is None:
            unit = _save_sample(
                Unit(
                    organisation=organisation,
                    slug=sample.slug,
                    kind=sample.kind,
                    parent=units[sample.parent] if sample.parent else None,
                    **sample.name.fields("name"),
                    **sample.governing_body.fields("governing_body"),
                )
            )
            units.created.append(unit)
        units[sample.slug] = unit
    return units


def _add_people(organisation: Organisation, units: _Created) -> _Created:
    existing = {
        person.email: person
        for person in Person.objects.filter(organisation=organisation, is_sample=True)
    }
    people = _Created()
    for sample in PEOPLE:
        person = existing.get(sample.email)
        if person is None:
            person = _save_sample(
                Person(
                    organisation=organisation,
                    first_name=sample.first_name,
                    last_name=sample.last_name,
                    title=sample.title,
                    email=sample.email,
                    unit=units[sample.unit],
                )
            )
            people.created.append(person)
        people[sample.email] = person
    return people


def _add_measure(
    organisation: Organisation,
    sample: SampleMeasure,
    index: int,
    today: datetime.date,
    goals: dict[tuple[str, str], Goal],
    units: _Created,
    people: _Created,
) -> Measure:
    def days(offset: int | None) -> datetime.date | None:
        return None if offset is None else today + datetime.timedelta(days=offset)

    measure = _save_sample(
        Measure(
            organisation=organisation,
            identifier=sample.identifier,
            slug=sample.identifier.lower(),
            **sample.name.fields("name"),
            **sample.description.fields("description"),
            responsible_unit=units[sample.unit],
            start_date=days(-sample.started_days_ago if sample.started_days_ago else None),
            end_date=days(sample.ends_in_days),
            status=sample.status,
            progress=sample.progress,
            visibility=Visibility.INTERNAL if sample.internal else Visibility.PUBLIC,
            order=1000 + index,
        )
    )
    measure._change_reason = CHANGE_REASON
    measure.goals.add(*(goals[key] for key in sample.goals))
    if sample.collaborators:
        measure.collaborating_units.add(*(units[slug] for slug in sample.collaborators))
    if sample.contacts:
        measure.contact_persons.add(*(people[email] for email in sample.contacts))
    return measure


def _add_updates(measure: Measure, sample: SampleMeasure, index: int, today: datetime.date) -> int:
    """Published updates over the last year, ending in the measure's status."""
    last_update = today - datetime.timedelta(days=20 + 5 * index)
    story = UPDATE_STORIES[sample.status]
    for days_before, status, share, text in story:
        progress = None if sample.progress is None else round(sample.progress * share)
        _save_sample(
            StatusUpdate(
                measure=measure,
                date=last_update - datetime.timedelta(days=days_before),
                status=status,
                progress=progress,
                state=StatusUpdate.State.PUBLISHED,
                **text.fields("text"),
            )
        )
    return len(story)


def _delete(rows: QuerySet) -> int:
    return rows.delete()[1].get(rows.model._meta.label, 0)


def _delete_tree(model: type[Model], rows: QuerySet) -> int:
    """Delete tree rows leaves first: a parent is protected while it has children."""
    deleted = 0
    while leaves := list(rows.filter(children__isnull=True).values_list("pk", flat=True)):
        deleted += _delete(model._default_manager.filter(pk__in=leaves))
    return deleted
