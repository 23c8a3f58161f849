"""Writes of strategy content that have rules: the details of a measure.

A measure's details are kept up to date in the workspace (by its contact
persons and unit managers) and in the admin (where the strategy office also
sets its identity, goals, responsibility and visibility). Both save through
``measure_save``, which checks the rule for each kind of field, claims the
next version (``core.locking``) so that a stale form is refused, and leaves a
history row with who and why.

A measure's status and progress are not among the fields anyone saves here:
they are copied from the measure's latest published status update by the
monitoring services.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from strategia.accounts.models import User
from strategia.core.invalidation import content_changed
from strategia.core.locking import claim_version, delete_recorded, save_versioned

from .models import Goal, Measure, Plan

# The details a contact person keeps up to date.
MEASURE_DETAIL_FIELDS = (
    "name_fi",
    "name_sv",
    "name_en",
    "description_fi",
    "description_sv",
    "description_en",
    "start_date",
    "end_date",
    "cost_estimate",
    "budget_reference",
)
# Derived from the latest published status update; never saved from a form.
MEASURE_DERIVED_FIELDS = ("status", "progress")


@dataclass(frozen=True, kw_only=True)
class MeasureData:
    name_fi: str
    name_sv: str = ""
    name_en: str = ""
    description_fi: str = ""
    description_sv: str = ""
    description_en: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    cost_estimate: Decimal | None = None
    budget_reference: str = ""


def _base_name(field: str) -> str:
    """``name_fi`` → ``name``: a form may name a translated field either way."""
    for suffix in ("_fi", "_sv", "_en"):
        if field.endswith(suffix):
            return field[: -len(suffix)]
    return field


def _detail_names() -> set[str]:
    return set(MEASURE_DETAIL_FIELDS) | {_base_name(name) for name in MEASURE_DETAIL_FIELDS}


def _changed_fields(measure: Measure, saved: Measure) -> set[str]:
    """The fields whose value in ``measure`` differs from the saved row."""
    bookkeeping = {"version", "created_at", "updated_at"}
    return {
        field.name
        for field in Measure._meta.concrete_fields
        if field.name not in bookkeeping
        and getattr(measure, field.attname) != getattr(saved, field.attname)
    }


def measure_save(
    *,
    user: User,
    measure: Measure,
    version: int | None,
    reason: str,
    changed: Iterable[str] = (),
    relations: dict[str, list] | None = None,
) -> Measure:
    """Save a measure whose fields the caller has set.

    What changed is found by comparing with the saved row, plus the names in
    ``changed`` (a form's many-to-many fields, saved after this). A new
    measure, or a change beyond the details (identity, goals, units, contact
    persons, visibility, order), needs ``strategy.manage_content``; a change
    of details needs ``strategy.change_measure``. Status and progress are
    refused. ``version`` is the version the form was loaded at.

    ``relations`` sets many-to-many fields (goals, collaborating units,
    contact persons) in the same transaction, before the history row is
    written, so the history shows them; they count as changes beyond details.
    """
    relations = relations or {}
    changed = set(changed) | set(relations)
    if measure.pk is None:
        if set(changed).intersection(MEASURE_DERIVED_FIELDS):
            raise ValidationError(_derived_message())
        if not user.has_perm("strategy.manage_content", measure.organisation):
            raise PermissionDenied("strategy.manage_content")
        measure._history_user = user  # type: ignore[attr-defined]
        measure._change_reason = reason  # type: ignore[attr-defined]
        with transaction.atomic():
            measure.save()
            _set_relations(measure, relations)
        content_changed(organisation_id=measure.organisation_id, kinds=["strategy"])
        return measure
    saved = Measure.objects.select_related("organisation").get(pk=measure.pk)
    changed = set(changed) | _changed_fields(measure, saved)
    if changed.intersection(MEASURE_DERIVED_FIELDS):
        raise ValidationError(_derived_message())
    beyond_details = changed - _detail_names()
    if beyond_details:
        # Both where the measure is and, if it moves, where it goes.
        for organisation in {saved.organisation, measure.organisation}:
            if not user.has_perm("strategy.manage_content", organisation):
                raise PermissionDenied("strategy.manage_content")
    elif not user.has_perm("strategy.change_measure", saved):
        raise PermissionDenied("strategy.change_measure")
    with transaction.atomic():
        current = claim_version(model=Measure, pk=measure.pk, version=version or 0)
        measure.version = current.version
        measure._history_user = user  # type: ignore[attr-defined]
        measure._change_reason = reason  # type: ignore[attr-defined]
        # Relations first: the history row written by save() then records them.
        _set_relations(measure, relations)
        measure.save()
    content_changed(organisation_id=measure.organisation_id, kinds=["strategy"])
    return measure


RELATION_FIELDS = ("goals", "collaborating_units", "contact_persons")


def _set_relations(measure: Measure, relations: dict[str, list]) -> None:
    for name, values in relations.items():
        if name not in RELATION_FIELDS:
            raise ValueError(name)
        foreign = [value for value in values if _organisation_id(value) != measure.organisation_id]
        if foreign:
            raise ValidationError({name: _("Choose rows of the measure's own organisation.")})
        getattr(measure, name).set(values)


def _organisation_id(row) -> int | None:
    if isinstance(row, Goal):
        return row.plan.organisation_id
    return row.organisation_id


def _require_manage(user: User, organisation) -> None:
    if not user.has_perm("strategy.manage_content", organisation):
        raise PermissionDenied("strategy.manage_content")


def plan_save(
    *, user: User, plan: Plan, version: int | None, reason: str = "edited in the workspace"
) -> Plan:
    """Save a plan whose fields the caller has set (the strategy office, administrators)."""
    _require_manage(user, plan.organisation)
    if plan.parent_id is not None:
        if plan.parent.organisation_id != plan.organisation_id:
            raise ValidationError(
                {"parent": _("The parent plan must be of the same organisation.")}
            )
        ancestor, seen = plan.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if plan.pk is not None and ancestor.pk == plan.pk:
                raise ValidationError({"parent": _("A plan can't be placed under itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
    plan.full_clean()
    save_versioned(instance=plan, version=version, user=user, reason=reason)
    content_changed(organisation_id=plan.organisation_id, kinds=["strategy"])
    return plan


def goal_save(
    *, user: User, goal: Goal, version: int | None, reason: str = "edited in the workspace"
) -> Goal:
    """Save a goal of a plan; its parent must be of the same plan and not below it."""
    _require_manage(user, goal.plan.organisation)
    if goal.parent_id is not None:
        ancestor, seen = goal.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if goal.pk is not None and ancestor.pk == goal.pk:
                raise ValidationError({"parent": _("A goal can't be placed under itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
    goal.full_clean()
    save_versioned(instance=goal, version=version, user=user, reason=reason)
    content_changed(organisation_id=goal.plan.organisation_id, kinds=["strategy"])
    return goal


def plan_delete(*, user: User, plan: Plan, reason: str = "removed in the workspace") -> None:
    """Remove a plan with its goals (administrators, the strategy office)."""
    _require_manage(user, plan.organisation)
    delete_recorded(instance=plan, user=user, reason=reason)
    content_changed(organisation_id=plan.organisation_id, kinds=["strategy"])


def goal_delete(*, user: User, goal: Goal, reason: str = "removed in the workspace") -> None:
    organisation_id = goal.plan.organisation_id
    _require_manage(user, goal.plan.organisation)
    delete_recorded(instance=goal, user=user, reason=reason)
    content_changed(organisation_id=organisation_id, kinds=["strategy"])


def measure_delete(
    *, user: User, measure: Measure, reason: str = "removed in the workspace"
) -> None:
    _require_manage(user, measure.organisation)
    delete_recorded(instance=measure, user=user, reason=reason)
    content_changed(organisation_id=measure.organisation_id, kinds=["strategy"])


def _derived_message() -> str:
    return _(
        "A measure's status and progress come from its latest published status "
        "update; publish an update to change them."
    )


def measure_update(*, user: User, measure: Measure, data: MeasureData, version: int) -> Measure:
    """The workspace's edit of a measure's details."""
    if not user.has_perm("strategy.change_measure", measure):
        raise PermissionDenied("strategy.change_measure")
    measure = Measure.objects.get(pk=measure.pk)
    for name in MEASURE_DETAIL_FIELDS:
        setattr(measure, name, getattr(data, name))
    measure.full_clean(exclude=["organisation", "slug", "identifier"])
    return measure_save(
        user=user, measure=measure, version=version, reason="details edited in the workspace"
    )
