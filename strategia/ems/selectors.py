"""Shared reads of the environmental management system.

Every read of a register goes through ``visible_rows`` (or the ``*_for``
functions built on it): people who may view the registers see every row of
their organisation, a row's owner sees their own rows, and everyone else —
anonymous visitors included — sees only rows marked public. Each function
makes a fixed number of queries however many rows there are.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from strategia.accounts.selectors import organisation_access
from strategia.indicators.models import Indicator, IndicatorGoal, IndicatorMeasure, Source
from strategia.indicators.selectors import indicators_visible_to, judgements_for
from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal, Measure, Plan
from strategia.strategy.selectors import AnyUser, measures_visible_to

from .models import (
    Aspect,
    Audit,
    AuditFinding,
    AuditProgramme,
    ComplianceEvaluation,
    ComplianceResult,
    EmsSettings,
    ManagementReview,
    Nonconformity,
    Obligation,
    ReportPublication,
    ReviewAction,
    SignificanceCriterion,
    Site,
)

# Path from each register to its organisation.
ORGANISATION_PATH = {
    Site: "organisation",
    Aspect: "organisation",
    Obligation: "organisation",
    ComplianceEvaluation: "obligation__organisation",
    AuditProgramme: "organisation",
    Audit: "programme__organisation",
    AuditFinding: "audit__programme__organisation",
    Nonconformity: "organisation",
    ManagementReview: "organisation",
    ReviewAction: "review__organisation",
}
# Rows of these registers can be marked public; the others are always internal.
PUBLIC_CAPABLE = (Site, Aspect, Obligation, Nonconformity)
DUE_SOON_DAYS = 30


def may_view_registers(user: AnyUser, organisation: Organisation) -> bool:
    return user.has_perm("ems.view_registers", organisation)


def visible_rows(*, user: AnyUser, organisation: Organisation, model: type) -> QuerySet:
    """The rows of one register this user may see."""
    rows = model._default_manager.filter(**{ORGANISATION_PATH[model]: organisation})
    if may_view_registers(user, organisation):
        return rows
    visible = Q(is_public=True) if model in PUBLIC_CAPABLE else Q(pk__in=[])
    access = organisation_access(user=user, organisation=organisation)
    if access.is_member and access.person_id is not None:
        visible |= Q(owner_id=access.person_id)
    return rows.filter(visible)


def settings_of(organisation: Organisation) -> EmsSettings:
    """The saved settings, or unsaved defaults (threshold 12, no policy)."""
    return EmsSettings.objects.filter(organisation=organisation).select_related(
        "policy"
    ).first() or EmsSettings(organisation=organisation)


def criteria_of(organisation: Organisation) -> list[SignificanceCriterion]:
    return list(SignificanceCriterion.objects.filter(organisation=organisation))


# --- Lists (what each register's list page shows, already fetched) -----------------------


def register_list(*, user: AnyUser, organisation: Organisation, model: type) -> QuerySet:
    rows = visible_rows(user=user, organisation=organisation, model=model)
    related = {
        Site: (["unit", "owner"], []),
        Aspect: (["site", "owner"], ["goals", "scores"]),
        Obligation: (["owner"], ["sites", "goals"]),
        ComplianceEvaluation: (["obligation", "owner"], []),
        AuditProgramme: (["owner"], []),
        Audit: (["programme", "site", "owner"], []),
        AuditFinding: (["audit", "audit__programme", "owner"], ["nonconformities"]),
        Nonconformity: (["site", "owner", "finding", "evaluation"], []),
        ManagementReview: (["owner"], []),
        ReviewAction: (["review", "owner"], []),
    }[model]
    rows = rows.select_related(*related[0]).prefetch_related(*related[1])
    if model is AuditProgramme:
        rows = rows.annotate(audit_count=Count("audits"))
    if model is Audit:
        rows = rows.annotate(finding_count=Count("findings"))
    if model is ManagementReview:
        rows = rows.annotate(action_count=Count("actions"))
    # A count annotation groups the rows, which drops the model's default order.
    return rows.order_by(*model._meta.ordering, "pk")


# --- The coordinator's dashboard and My work ----------------------------------------------


@dataclass
class Dashboard:
    overdue_actions: list[Nonconformity] = field(default_factory=list)
    due_actions: list[Nonconformity] = field(default_factory=list)
    overdue_evaluations: list[Obligation] = field(default_factory=list)
    due_evaluations: list[Obligation] = field(default_factory=list)
    overdue_aspect_reviews: list[Aspect] = field(default_factory=list)
    due_aspect_reviews: list[Aspect] = field(default_factory=list)
    upcoming_audits: list[Audit] = field(default_factory=list)
    overdue_review_actions: list[ReviewAction] = field(default_factory=list)
    significant_aspects: list[Aspect] = field(default_factory=list)
    non_compliant: list[Obligation] = field(default_factory=list)
    expiring_certificates: list[Site] = field(default_factory=list)

    @property
    def due_count(self) -> int:
        return (
            len(self.due_actions)
            + len(self.due_evaluations)
            + len(self.due_aspect_reviews)
            + len(self.upcoming_audits)
        )

    @property
    def overdue_count(self) -> int:
        return (
            len(self.overdue_actions)
            + len(self.overdue_evaluations)
            + len(self.overdue_aspect_reviews)
            + len(self.overdue_review_actions)
        )


def dashboard(*, user: AnyUser, organisation: Organisation, today: datetime.date) -> Dashboard:
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)

    def rows(model: type) -> QuerySet:
        return visible_rows(user=user, organisation=organisation, model=model)

    open_actions = list(
        rows(Nonconformity)
        .filter(closed_on__isnull=True, due_date__isnull=False, due_date__lte=soon)
        .select_related("owner", "site")
        .order_by("due_date", "pk")
    )
    evaluations = list(
        rows(Obligation)
        .filter(is_active=True, next_evaluation__isnull=False, next_evaluation__lte=soon)
        .select_related("owner")
        .order_by("next_evaluation", "pk")
    )
    reviews = list(
        rows(Aspect)
        .filter(next_review__isnull=False, next_review__lte=soon)
        .select_related("owner", "site")
        .order_by("next_review", "pk")
    )
    board = Dashboard(
        overdue_actions=[n for n in open_actions if n.due_date < today],
        due_actions=[n for n in open_actions if n.due_date >= today],
        overdue_evaluations=[o for o in evaluations if o.next_evaluation < today],
        due_evaluations=[o for o in evaluations if o.next_evaluation >= today],
        overdue_aspect_reviews=[a for a in reviews if a.next_review < today],
        due_aspect_reviews=[a for a in reviews if a.next_review >= today],
        upcoming_audits=list(
            rows(Audit)
            .filter(state=Audit.State.PLANNED, date__lte=soon)
            .select_related("programme", "site")
            .order_by("date", "pk")
        ),
        overdue_review_actions=list(
            rows(ReviewAction)
            .filter(done_on__isnull=True, due_date__lt=today)
            .select_related("review", "owner")
            .order_by("due_date", "pk")
        ),
        significant_aspects=list(
            rows(Aspect).filter(is_significant=True).select_related("site", "owner")
        ),
        non_compliant=list(
            rows(Obligation)
            .filter(
                is_active=True,
                latest_result__in=[ComplianceResult.NOT_COMPLIANT, ComplianceResult.PARTLY],
            )
            .select_related("owner")
        ),
        expiring_certificates=list(
            rows(Site)
            .filter(certificate_valid_until__isnull=False)
            .filter(certificate_valid_until__lte=today + datetime.timedelta(days=90))
            .order_by("certificate_valid_until")
        ),
    )
    return board


def overdue_actions_of(
    *, user: AnyUser, organisation: Organisation, today: datetime.date
) -> list[Nonconformity]:
    """Open corrective actions past their due date that the user owns (for My work)."""
    access = organisation_access(user=user, organisation=organisation)
    if access.person_id is None or not access.is_member:
        return []
    return list(
        Nonconformity.objects.filter(
            organisation=organisation,
            owner_id=access.person_id,
            closed_on__isnull=True,
            due_date__lt=today,
        ).order_by("due_date", "pk")
    )


# --- Objectives and programme (the policy's own goals, measures and indicators) ----------


@dataclass
class ProgrammeGoal:
    goal: Goal
    depth: int
    measures: list[Measure] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    aspects: list[Aspect] = field(default_factory=list)
    obligations: list[Obligation] = field(default_factory=list)


@dataclass
class Programme:
    policy: Plan | None
    goals: list[ProgrammeGoal] = field(default_factory=list)
    judgements: dict = field(default_factory=dict)

    @property
    def indicators(self) -> list[Indicator]:
        seen: dict[int, Indicator] = {}
        for item in self.goals:
            for indicator in item.indicators:
                seen.setdefault(indicator.pk, indicator)
        return list(seen.values())


def policy_of(organisation: Organisation) -> Plan | None:
    """The environmental policy: as chosen in the settings, or Kemi's default slug."""
    from .services import DEFAULT_POLICY_SLUG

    chosen = settings_of(organisation).policy
    if chosen is not None:
        return chosen
    return (
        Plan.objects.filter(organisation=organisation, slug=DEFAULT_POLICY_SLUG).first()
        or Plan.objects.filter(organisation=organisation, kind=Plan.Kind.POLICY).first()
    )


def programme(*, user: AnyUser | None, organisation: Organisation) -> Programme:
    """The EMS programme: each goal of the policy with what serves it and what it addresses.

    Measures and indicators are those linked to the goal in the strategy (an
    indicator linked to a measure of the goal counts for the goal too);
    aspects are the significant ones. Nothing is copied: this is a view of the
    strategy's own rows, filtered by what the user may see. ``user=None`` reads
    everything of the organisation (the management review, internal reports).
    """
    policy = policy_of(organisation)
    if policy is None:
        return Programme(policy=None)
    if user is None:
        measures = Measure.objects.filter(organisation=organisation)
        indicators = Indicator.objects.filter(organisation=organisation)
        aspects = Aspect.objects.filter(organisation=organisation)
        obligations = Obligation.objects.filter(organisation=organisation)
    else:
        measures = measures_visible_to(user=user, organisation=organisation)
        indicators = indicators_visible_to(user=user, organisation=organisation)
        aspects = visible_rows(user=user, organisation=organisation, model=Aspect)
        obligations = visible_rows(user=user, organisation=organisation, model=Obligation)
    aspects = aspects.filter(is_significant=True)
    obligations = obligations.filter(is_active=True)
    goals = list(
        Goal.objects.filter(plan=policy)
        .order_by("order", "pk")
        .prefetch_related(
            Prefetch(
                "measures",
                queryset=measures.select_related("responsible_unit").prefetch_related(
                    Prefetch(
                        "indicator_links",
                        queryset=IndicatorMeasure.objects.filter(indicator__in=indicators)
                        .select_related("indicator")
                        .prefetch_related("indicator__targets"),
                    )
                ),
            ),
            Prefetch(
                "indicator_links",
                queryset=IndicatorGoal.objects.filter(indicator__in=indicators)
                .select_related("indicator")
                .prefetch_related("indicator__targets")
                .order_by("order", "pk"),
            ),
            Prefetch("ems_aspects", queryset=aspects.select_related("site")),
            Prefetch("ems_obligations", queryset=obligations),
        )
    )
    depth_of = _depths(goals)
    result = Programme(policy=policy)
    for goal in _tree_order(goals):
        found: dict[int, Indicator] = {}
        for link in goal.indicator_links.all():
            found.setdefault(link.indicator_id, link.indicator)
        for measure in goal.measures.all():
            for link in measure.indicator_links.all():
                found.setdefault(link.indicator_id, link.indicator)
        result.goals.append(
            ProgrammeGoal(
                goal=goal,
                depth=depth_of[goal.pk],
                measures=list(goal.measures.all()),
                indicators=list(found.values()),
                aspects=list(goal.ems_aspects.all()),
                obligations=list(goal.ems_obligations.all()),
            )
        )
    result.judgements = judgements_for(result.indicators)
    for indicator in result.indicators:
        indicator.judgement = result.judgements.get(indicator.pk)
    return result


def _depths(goals: list[Goal]) -> dict[int, int]:
    parent_of = {g.pk: g.parent_id for g in goals}
    depths = {}
    for goal in goals:
        depth, parent = 0, parent_of.get(goal.pk)
        while parent is not None and parent in parent_of and depth < 10:
            depth, parent = depth + 1, parent_of[parent]
        depths[goal.pk] = depth
    return depths


def _tree_order(goals: list[Goal]) -> list[Goal]:
    children: dict[int | None, list[Goal]] = defaultdict(list)
    ids = {g.pk for g in goals}
    for goal in goals:
        children[goal.parent_id if goal.parent_id in ids else None].append(goal)
    ordered: list[Goal] = []

    def walk(parent: int | None) -> None:
        for goal in children.get(parent, []):
            ordered.append(goal)
            walk(goal.pk)

    walk(None)
    return ordered


def emissions_indicator(organisation: Organisation) -> Indicator | None:
    """The greenhouse-gas indicator fed from SYKE's municipal emissions data."""
    return (
        Indicator.objects.filter(organisation=organisation, source=Source.SYKE)
        .order_by("order", "pk")
        .first()
    )


def published_reports(organisation: Organisation) -> QuerySet[ReportPublication]:
    return ReportPublication.objects.filter(organisation=organisation).defer("document")


# --- Management review inputs --------------------------------------------------------------


@dataclass
class ReviewInputs:
    """What a management review considers (ISO 14001 9.3), gathered from the registers."""

    covers_from: datetime.date
    until: datetime.date
    previous_review: ManagementReview | None
    previous_actions: list[ReviewAction]
    obligation_changes: list[tuple[Obligation, str]]
    significant_aspects: list[Aspect]
    objectives: list[tuple[Indicator, Any]]
    compliance_results: list[ComplianceEvaluation]
    audits: list[Audit]
    open_nonconformities: list[Nonconformity]
    complaints: list[Nonconformity]

    def as_dict(self) -> dict[str, Any]:
        """Plain values for the snapshot kept when the review is held."""

        def day(value: datetime.date | None) -> str:
            return value.isoformat() if value else ""

        return {
            "covers_from": day(self.covers_from),
            "until": day(self.until),
            "previous_review": day(self.previous_review.date) if self.previous_review else "",
            "previous_actions": [
                {
                    "id": a.pk,
                    "description": a.description,
                    "due": day(a.due_date),
                    "done": day(a.done_on),
                }
                for a in self.previous_actions
            ],
            "obligation_changes": [
                {"id": o.pk, "title": o.title, "change": change}
                for o, change in self.obligation_changes
            ],
            "significant_aspects": [
                {"id": a.pk, "activity": a.activity, "aspect": a.aspect, "score": a.total_score}
                for a in self.significant_aspects
            ],
            "objectives": [
                {"id": i.pk, "name": i.name, "status": str(j.status) if j else ""}
                for i, j in self.objectives
            ],
            "compliance_results": [
                {
                    "id": e.pk,
                    "obligation": e.obligation.title,
                    "date": day(e.date),
                    "result": e.result,
                }
                for e in self.compliance_results
            ],
            "audits": [
                {"id": a.pk, "scope": a.scope, "date": day(a.date), "findings": a.finding_count}
                for a in self.audits
            ],
            "open_nonconformities": [
                {"id": n.pk, "description": n.description, "due": day(n.due_date)}
                for n in self.open_nonconformities
            ],
            "complaints": [
                {"id": n.pk, "description": n.description, "identified": day(n.identified_on)}
                for n in self.complaints
            ],
        }


def previous_review_of(review: ManagementReview) -> ManagementReview | None:
    return (
        ManagementReview.objects.filter(organisation_id=review.organisation_id)
        .filter(Q(date__lt=review.date) | Q(date=review.date, pk__lt=review.pk or 0))
        .order_by("-date", "-pk")
        .first()
    )


def review_inputs(*, review: ManagementReview) -> ReviewInputs:
    organisation = review.organisation
    start, end = review.covers_from, review.date
    previous = previous_review_of(review)
    previous_actions = list(previous.actions.select_related("owner")) if previous else []
    changes: dict[int, str] = {}
    for obligation_id, history_type in (
        Obligation.history.filter(
            organisation_id=organisation.pk,
            history_date__date__gte=start,
            history_date__date__lte=end,
        )
        .order_by("history_date", "history_id")
        .values_list("id", "history_type")
    ):
        changes[obligation_id] = (
            "added" if history_type == "+" or changes.get(obligation_id) == "added" else "changed"
        )
        if history_type == "-":
            changes[obligation_id] = "removed"
    live = Obligation.objects.in_bulk(list(changes))
    obligation_changes = [(live[pk], change) for pk, change in changes.items() if pk in live]
    policy_programme = programme(user=None, organisation=organisation)
    return ReviewInputs(
        covers_from=start,
        until=end,
        previous_review=previous,
        previous_actions=previous_actions,
        obligation_changes=obligation_changes,
        significant_aspects=list(
            Aspect.objects.filter(organisation=organisation, is_significant=True).select_related(
                "site"
            )
        ),
        objectives=[
            (indicator, policy_programme.judgements.get(indicator.pk))
            for indicator in policy_programme.indicators
        ],
        compliance_results=list(
            ComplianceEvaluation.objects.filter(
                obligation__organisation=organisation, date__gte=start, date__lte=end
            )
            .select_related("obligation")
            .order_by("date", "pk")
        ),
        audits=list(
            Audit.objects.filter(
                programme__organisation=organisation,
                state=Audit.State.DONE,
                date__gte=start,
                date__lte=end,
            )
            .annotate(finding_count=Count("findings"))
            .order_by("date", "pk")
        ),
        open_nonconformities=list(
            Nonconformity.objects.filter(organisation=organisation, identified_on__lte=end)
            .filter(Q(closed_on__isnull=True) | Q(closed_on__gt=end))
            .select_related("owner")
            .order_by("due_date", "pk")
        ),
        complaints=list(
            Nonconformity.objects.filter(
                organisation=organisation,
                source=Nonconformity.Source.COMPLAINT,
                identified_on__gte=start,
                identified_on__lte=end,
            ).order_by("identified_on", "pk")
        ),
    )
