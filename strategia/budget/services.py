"""Writes of budget targets and operating plans, and their spreadsheet import.

Every function checks ``budget.change_target`` for the unit it writes
(``strategia/accounts/rules.py``: the strategy office and administrators for
every unit, unit managers for theirs), writes in one transaction and leaves a
history row with who and why. Edits claim the next version first, as status
updates do, so a form loaded before someone else's save is refused.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from strategia.accounts.models import User
from strategia.core.locking import VersionConflict, claim_version
from strategia.indicators.models import Indicator
from strategia.organisations.models import Organisation, Unit
from strategia.strategy.models import Goal, Measure

from .models import Achievement, BudgetTarget, OperatingPlan, OperatingPlanMeasure

__all__ = ["VersionConflict", "budget_target_save", "operating_plan_save"]


def _require(user: User, obj: object) -> None:
    if not user.has_perm("budget.change_target", obj):
        raise PermissionDenied("budget.change_target")


def _stamp(instance: object, *, user: User | None, reason: str) -> None:
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]


def _same_organisation(organisation: Organisation, **objects: object) -> None:
    errors = {}
    for name, obj in objects.items():
        if obj is None:
            continue
        organisation_id = getattr(obj, "organisation_id", None)
        if organisation_id is None and isinstance(obj, Goal):
            organisation_id = obj.plan.organisation_id
        if organisation_id != organisation.pk:
            errors[name] = _("Choose one of this organisation's.")
    if errors:
        raise ValidationError(errors)


@dataclass(frozen=True, kw_only=True)
class BudgetTargetData:
    year: int
    identifier: str
    unit: Unit
    text_fi: str
    binding: bool = True
    text_sv: str = ""
    text_en: str = ""
    goal: Goal | None = None
    indicator: Indicator | None = None
    target_value: float | None = None
    appropriation_gross: Decimal | None = None
    appropriation_net: Decimal | None = None
    outcome_fi: str = ""
    outcome_sv: str = ""
    outcome_en: str = ""
    outcome_net: Decimal | None = None
    achieved: str = Achievement.NOT_ASSESSED
    explanation_fi: str = ""
    explanation_sv: str = ""
    explanation_en: str = ""


def budget_target_save(
    *,
    user: User,
    organisation: Organisation,
    data: BudgetTargetData,
    target: BudgetTarget | None = None,
    version: int | None = None,
) -> BudgetTarget:
    """Create a target (``target`` None) or change one loaded at ``version``."""
    _require(user, data.unit)
    _same_organisation(organisation, unit=data.unit, goal=data.goal, indicator=data.indicator)
    with transaction.atomic():
        if target is None:
            target = BudgetTarget(organisation=organisation)
            reason = "created"
        else:
            if target.organisation_id != organisation.pk:
                raise PermissionDenied("budget.change_target")
            _require(user, target)  # moving a target away needs the right to its old unit too
            target = claim_version(model=BudgetTarget, pk=target.pk, version=version or 0)
            reason = "changed"
        for item in fields(data):
            setattr(target, item.name, getattr(data, item.name))
        target.full_clean(exclude=["organisation"])
        _stamp(target, user=user, reason=reason)
        target.save()
    return target


@dataclass(frozen=True, kw_only=True)
class OperatingPlanLine:
    measure: Measure
    resources_fi: str = ""
    resources_sv: str = ""
    resources_en: str = ""
    appropriation: Decimal | None = None


@dataclass(frozen=True, kw_only=True)
class OperatingPlanData:
    description_fi: str = ""
    description_sv: str = ""
    description_en: str = ""
    approved_by: str = ""
    approval_date: object = None
    approval_paragraph: str = ""
    budget_targets: list[BudgetTarget] = field(default_factory=list)
    lines: list[OperatingPlanLine] = field(default_factory=list)


def operating_plan_save(
    *,
    user: User,
    organisation: Organisation,
    unit: Unit,
    year: int,
    data: OperatingPlanData,
    version: int | None = None,
) -> OperatingPlan:
    """Create or change a unit's operating plan for a year, with its measures and targets.

    The measures must be the unit's own (it is the unit's plan) and the
    targets the unit's targets of that year; the lines are replaced as a whole.
    """
    _require(user, unit)
    _same_organisation(organisation, unit=unit)
    errors = []
    for line in data.lines:
        if line.measure.responsible_unit_id != unit.pk:
            errors.append(
                _("%(measure)s is not a measure of %(unit)s.")
                % {"measure": line.measure, "unit": unit}
            )
    for target in data.budget_targets:
        if target.unit_id != unit.pk or target.year != year:
            errors.append(
                _("%(target)s is not a budget target of %(unit)s for %(year)s.")
                % {"target": target, "unit": unit, "year": year}
            )
    if len({line.measure.pk for line in data.lines}) != len(data.lines):
        errors.append(_("A measure is in the plan only once."))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = OperatingPlan.objects.filter(unit=unit, year=year).first()
        if existing is None:
            if version is not None:
                raise ValidationError(_("The operating plan you edited no longer exists."))
            plan = OperatingPlan(organisation=organisation, unit=unit, year=year)
            reason = "created"
        else:
            if version is None:
                raise VersionConflict(current=existing, expected_version=0)
            plan = claim_version(model=OperatingPlan, pk=existing.pk, version=version)
            reason = "changed"
        for name in (
            "description_fi",
            "description_sv",
            "description_en",
            "approved_by",
            "approval_date",
            "approval_paragraph",
        ):
            setattr(plan, name, getattr(data, name))
        plan.full_clean(exclude=["organisation", "unit"])
        _stamp(plan, user=user, reason=reason)
        plan.save()
        plan.budget_targets.set(data.budget_targets)
        kept = {line.measure.pk for line in data.lines}
        for old in plan.lines.exclude(measure_id__in=kept):
            _stamp(old, user=user, reason="removed from the plan")
            old.delete()
        current = {line.measure_id: line for line in plan.lines.all()}
        for order, line in enumerate(data.lines):
            row = current.get(line.measure.pk) or OperatingPlanMeasure(
                operating_plan=plan, measure=line.measure
            )
            row.resources_fi = line.resources_fi
            row.resources_sv = line.resources_sv
            row.resources_en = line.resources_en
            row.appropriation = line.appropriation
            row.order = order
            _stamp(row, user=user, reason=reason)
            row.save()
    return plan
