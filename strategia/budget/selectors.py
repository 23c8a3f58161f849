"""Shared reads of budget targets and operating plans."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from strategia.accounts.access import access_of
from strategia.organisations.models import Organisation, Unit
from strategia.strategy.models import Measure, Plan, Visibility

from .models import BudgetTarget, OperatingPlan, OperatingPlanMeasure


def budget_targets_of_year(*, organisation: Organisation, year: int) -> QuerySet[BudgetTarget]:
    return (
        BudgetTarget.objects.filter(organisation=organisation, year=year)
        .select_related("unit", "goal__plan", "indicator")
        .order_by("unit__name", "order", "identifier")
    )


def operating_plans_of_year(*, organisation: Organisation, year: int) -> QuerySet[OperatingPlan]:
    return (
        OperatingPlan.objects.filter(organisation=organisation, year=year)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "lines",
                queryset=OperatingPlanMeasure.objects.select_related("measure").order_by(
                    "order", "pk"
                ),
            ),
            "budget_targets",
        )
        .order_by("unit__name")
    )


def editable_unit_ids(*, user, organisation: Organisation) -> frozenset[int] | None:
    """The units whose budget rows the user may edit: ``None`` for every unit."""
    access = access_of(user).in_organisation(organisation.pk)
    if access.manages_all:
        return None
    return access.managed_unit_ids


def units_for_budget(*, user, organisation: Organisation) -> QuerySet[Unit]:
    units = Unit.objects.filter(organisation=organisation)
    scope = editable_unit_ids(user=user, organisation=organisation)
    if scope is not None:
        units = units.filter(pk__in=scope)
    return units.order_by("name")


def measures_for_unit(*, unit: Unit) -> QuerySet[Measure]:
    return Measure.objects.filter(organisation_id=unit.organisation_id, responsible_unit=unit)


def report_targets(
    *, organisation: Organisation, year: int, plan: Plan, internal: bool
) -> list[BudgetTarget]:
    """Targets of the year for the annual report of a plan: those serving its goals.

    A target serving no goal belongs to the organisation's budget as a whole;
    it is reported with the top plan (the strategy, the plan without a parent).
    A target measured by an internal indicator is left out of a public report.
    """
    serves = Q(goal__plan=plan)
    if plan.parent_id is None:
        serves |= Q(goal__isnull=True)
    targets = budget_targets_of_year(organisation=organisation, year=year).filter(serves)
    if not internal:
        targets = targets.exclude(indicator__visibility=Visibility.INTERNAL)
    return list(targets)
