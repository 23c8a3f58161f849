"""Writes of decisions and their impact assessments: the one door for each.

Every function checks its permission rule (``strategia/accounts/rules.py``,
through ``user.has_perm``), writes in one transaction and leaves history
(django-simple-history, with the user and a reason). Edits of an assessment
claim its version first (optimistic locking), so a stale form is refused
with ``VersionConflict`` instead of overwriting someone else's work; a
published assessment's public pages are invalidated after commit.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from strategia.accounts.models import User
from strategia.core.invalidation import content_changed

# Views get VersionConflict from this module.
from strategia.core.locking import VersionConflict, claim_version
from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal, Measure, Plan

from .models import (
    AssessmentTemplate,
    Decision,
    DecisionOption,
    Effect,
    GoalLink,
    ImpactAssessment,
    TemplateVersion,
)
from .template_schema import TemplateDefinitionError, check_definition

__all__ = ["VersionConflict"]

LANGUAGES = ("fi", "sv", "en")
CONTENT_KIND = "decisions"


def _require(user: User, permission: str, obj: object) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied(permission)


def _stamp(instance: object, *, user: User | None, reason: str) -> None:
    """Who and why, for the history row the next ``save()`` writes."""
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]


# --- Templates ---------------------------------------------------------------------


def template_version_create(
    *,
    template: AssessmentTemplate,
    definition: dict,
    note: str = "",
    user: User | None = None,
) -> TemplateVersion:
    """A new version of the template; earlier versions (and assessments made with them) stay."""
    if user is not None:
        _require(user, "assessments.manage_templates", template.organisation)
    try:
        checked = check_definition(definition)
    except TemplateDefinitionError as error:
        raise ValidationError({"definition": error.errors}) from error
    with transaction.atomic():
        # Lock the template so two new versions can't take the same number.
        AssessmentTemplate.objects.select_for_update().filter(pk=template.pk).first()
        latest = template.versions.order_by("-number").first()
        return TemplateVersion.objects.create(
            template=template,
            number=(latest.number + 1) if latest else 1,
            definition=checked,
            note=note,
            created_by=user,
        )


def current_template_version(organisation: Organisation) -> TemplateVersion | None:
    """The latest version of the organisation's default template."""
    return (
        TemplateVersion.objects.filter(template__organisation=organisation)
        .select_related("template")
        .order_by("-template__is_default", "template__slug", "-number")
        .first()
    )


# --- Decisions ---------------------------------------------------------------------


@dataclass
class DecisionData:
    body: str
    title_fi: str
    body_kind: str = "board"
    meeting_date: datetime.date | None = None
    paragraph: str = ""
    title_sv: str = ""
    title_en: str = ""
    document_url: str = ""
    status: str = Decision.Status.IN_PREPARATION
    plan_ids: list[int] = field(default_factory=list)
    goal_ids: list[int] = field(default_factory=list)
    measure_ids: list[int] = field(default_factory=list)


DECISION_FIELDS = (
    "body_kind",
    "body",
    "meeting_date",
    "paragraph",
    "title_fi",
    "title_sv",
    "title_en",
    "document_url",
    "status",
)


def _check_relations(organisation: Organisation, data: DecisionData) -> None:
    errors = {}
    for name, queryset, ids in (
        ("plans", Plan.objects.filter(organisation=organisation), data.plan_ids),
        ("goals", Goal.objects.filter(plan__organisation=organisation), data.goal_ids),
        ("measures", Measure.objects.filter(organisation=organisation), data.measure_ids),
    ):
        if ids and queryset.filter(pk__in=ids).count() != len(set(ids)):
            errors[name] = _("Choose only items of this organisation.")
    if errors:
        raise ValidationError(errors)


def _write_decision(
    decision: Decision, *, user: User | None, data: DecisionData, reason: str
) -> Decision:
    for name in DECISION_FIELDS:
        setattr(decision, name, getattr(data, name))
    decision.body = decision.body.strip()
    decision.paragraph = decision.paragraph.strip().removeprefix("§").strip()
    decision.full_clean(exclude=["organisation", "preparer", "version"])
    _check_relations(decision.organisation, data)
    _stamp(decision, user=user, reason=reason)
    decision.save()
    decision.plans.set(data.plan_ids)
    decision.goals.set(data.goal_ids)
    decision.measures.set(data.measure_ids)
    return decision


def decision_create(
    *,
    user: User,
    organisation: Organisation,
    data: DecisionData,
    source: str = Decision.Source.MANUAL,
) -> Decision:
    _require(user, "assessments.manage_decisions", organisation)
    with transaction.atomic():
        decision = Decision(organisation=organisation, preparer=user, source=source)
        return _write_decision(decision, user=user, data=data, reason="decision entered")


def decision_update(
    *, user: User, decision: Decision, data: DecisionData, version: int
) -> Decision:
    _require(user, "assessments.manage_decisions", decision.organisation)
    with transaction.atomic():
        decision = claim_version(model=Decision, pk=decision.pk, version=version)
        decision = _write_decision(decision, user=user, data=data, reason="decision edited")
        if is_on_public_site(decision):
            content_changed(organisation_id=decision.organisation_id, kinds=[CONTENT_KIND])
    return decision


def is_on_public_site(decision: Decision) -> bool:
    """Whether the public pages show the decision: only with its assessment published."""
    return hasattr(decision, "assessment") and decision.assessment.is_published


# --- Starting and screening -----------------------------------------------------------


def _proposal_names() -> dict[str, str]:
    names = {}
    for language in LANGUAGES:
        with override(language):
            names[f"name_{language}"] = _("Proposal")
    return names


def assessment_start(*, user: User, decision: Decision) -> ImpactAssessment:
    """The decision's assessment, started with the current template version if it has none."""
    _require(user, "assessments.prepare", decision.organisation)
    existing = ImpactAssessment.objects.filter(decision=decision).first()
    if existing is not None:
        return existing
    template_version = current_template_version(decision.organisation)
    if template_version is None:
        raise ValidationError(
            _("The organisation has no assessment template yet; load the default content first.")
        )
    with transaction.atomic():
        assessment = ImpactAssessment(
            decision=decision, template_version=template_version, preparer=user
        )
        _stamp(assessment, user=user, reason="assessment started")
        assessment.save()
        DecisionOption.objects.create(
            assessment=assessment, order=0, is_proposal=True, **_proposal_names()
        )
    return assessment


def _claim_draft(*, user: User, assessment: ImpactAssessment, version: int) -> ImpactAssessment:
    """In a transaction: the assessment at its next version, if a draft the user may edit."""
    _require(user, "assessments.change_assessment", assessment)
    claimed = claim_version(model=ImpactAssessment, pk=assessment.pk, version=version)
    if not claimed.is_editable:
        raise ValidationError(
            _("Only a draft can be edited; this assessment is “%(state)s”.")
            % {"state": claimed.get_state_display()}
        )
    return claimed


def assessment_screen(
    *,
    user: User,
    assessment: ImpactAssessment,
    answers: dict[str, bool],
    no_assessment_reason: dict[str, str],
    version: int,
) -> ImpactAssessment:
    """Record the screening; with no question applying, a reason is required and that is all."""
    keys = [q["key"] for q in assessment.template_version.screening_questions]
    unknown = set(answers) - set(keys)
    if unknown:
        raise ValidationError(
            _("Unknown screening question: %(keys)s") % {"keys": ", ".join(sorted(unknown))}
        )
    with transaction.atomic():
        assessment = _claim_draft(user=user, assessment=assessment, version=version)
        assessment.screening = {key: bool(answers.get(key)) for key in keys}
        for language in LANGUAGES:
            text = (no_assessment_reason.get(language) or "").strip()
            setattr(assessment, f"no_assessment_reason_{language}", text)
        if not any(assessment.screening.values()) and not assessment.no_assessment_reason_fi:
            raise ValidationError(
                {
                    "no_assessment_reason_fi": _(
                        "No screening question applies: write why no assessment is needed."
                    )
                }
            )
        assessment.screened_at = timezone.now()
        _stamp(assessment, user=user, reason="screened")
        assessment.save()
    return assessment


# --- Effects, options and goals ---------------------------------------------------


@dataclass
class EffectData:
    dimension: str
    direction: str = ""
    horizon: str = ""
    groups: dict[str, str] = field(default_factory=dict)
    justification: dict[str, str] = field(default_factory=dict)
    mitigation: dict[str, str] = field(default_factory=dict)
    evidence_links: str = ""
    indicator_ids: list[int] = field(default_factory=list)
    climate_tco2e: Decimal | None = None

    @property
    def is_empty(self) -> bool:
        texts = [*self.groups.values(), *self.justification.values(), *self.mitigation.values()]
        return not (
            self.direction
            or self.horizon
            or any(t.strip() for t in texts)
            or self.evidence_links.strip()
            or self.indicator_ids
            or self.climate_tco2e is not None
        )


def _check_effect(
    template_version: TemplateVersion, organisation: Organisation, row: EffectData
) -> dict[str, str]:
    """Problems of one row, keyed ``<dimension>-<field>`` as the form names its inputs."""
    from strategia.indicators.models import Indicator

    errors: dict[str, str] = {}
    prefix = row.dimension
    dimension = template_version.dimension(row.dimension)
    if dimension is None:
        return {f"{prefix}-direction": _("Unknown dimension “%(key)s”.") % {"key": row.dimension}}
    if not row.direction:
        errors[f"{prefix}-direction"] = _("Choose the direction and size of the effect.")
    elif template_version.direction(row.direction) is None:
        errors[f"{prefix}-direction"] = _("Not a value of the scale.")
    horizon_keys = {h["key"] for h in template_version.horizons}
    if row.horizon and row.horizon not in horizon_keys:
        errors[f"{prefix}-horizon"] = _("Not a time horizon of the template.")
    validate_url = URLValidator(schemes=["http", "https"])
    for number, line in enumerate(row.evidence_links.splitlines(), start=1):
        if line.strip():
            try:
                validate_url(line.strip())
            except ValidationError:
                errors[f"{prefix}-evidence_links"] = _(
                    "Line %(line)s is not a web address (https://…)."
                ) % {"line": number}
                break
    if row.indicator_ids:
        found = Indicator.objects.filter(organisation=organisation, pk__in=row.indicator_ids)
        if found.count() != len(set(row.indicator_ids)):
            errors[f"{prefix}-indicators"] = _("Choose only indicators of this organisation.")
    if row.climate_tco2e is not None and not dimension.get("climate"):
        errors[f"{prefix}-climate_tco2e"] = _("Emissions are given on the climate dimension.")
    return errors


def effects_save(
    *,
    user: User,
    assessment: ImpactAssessment,
    option: DecisionOption,
    rows: list[EffectData],
    summary: dict[str, str] | None = None,
    version: int,
) -> ImpactAssessment:
    """Write one option's effects (a column); an empty row removes that dimension's effect.

    All rows are checked before anything is written; every problem is reported
    at once, keyed by the input it belongs to.
    """
    if option.assessment_id != assessment.pk:
        raise ValidationError(_("The option belongs to another assessment."))
    template_version = assessment.template_version
    organisation = assessment.decision.organisation
    errors: dict[str, str] = {}
    for row in rows:
        if not row.is_empty:
            errors.update(_check_effect(template_version, organisation, row))
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        assessment = _claim_draft(user=user, assessment=assessment, version=version)
        existing = {effect.dimension: effect for effect in option.effects.all()}
        for row in rows:
            effect = existing.get(row.dimension)
            if row.is_empty:
                if effect is not None:
                    _stamp(effect, user=user, reason="effect removed")
                    effect.delete()
                continue
            if effect is None:
                effect = Effect(assessment=assessment, option=option, dimension=row.dimension)
            effect.direction = row.direction
            effect.direction_value = template_version.direction(row.direction).get("value")
            effect.horizon = row.horizon
            effect.evidence_links = row.evidence_links.strip()
            effect.climate_tco2e = row.climate_tco2e
            for name in ("groups", "justification", "mitigation"):
                texts = getattr(row, name)
                for language in LANGUAGES:
                    setattr(effect, f"{name}_{language}", (texts.get(language) or "").strip())
            _stamp(effect, user=user, reason="effect assessed")
            effect.save()
            effect.indicators.set(row.indicator_ids)
        if summary is not None:
            for language in LANGUAGES:
                setattr(assessment, f"summary_{language}", (summary.get(language) or "").strip())
        _stamp(assessment, user=user, reason="effects assessed")
        assessment.save()
    return assessment


def option_add(
    *, user: User, assessment: ImpactAssessment, names: dict[str, str], version: int
) -> DecisionOption:
    if not (names.get("fi") or "").strip():
        raise ValidationError({"name_fi": _("Give the option a name in Finnish.")})
    with transaction.atomic():
        assessment = _claim_draft(user=user, assessment=assessment, version=version)
        order = assessment.options.count()
        option = DecisionOption.objects.create(
            assessment=assessment,
            order=order,
            **{f"name_{language}": (names.get(language) or "").strip() for language in LANGUAGES},
        )
        _stamp(assessment, user=user, reason="option added")
        assessment.save()
    return option


def option_remove(
    *, user: User, assessment: ImpactAssessment, option: DecisionOption, version: int
) -> ImpactAssessment:
    if option.assessment_id != assessment.pk or option.is_proposal:
        raise ValidationError(_("The proposal itself can't be removed."))
    with transaction.atomic():
        assessment = _claim_draft(user=user, assessment=assessment, version=version)
        option.delete()
        _stamp(assessment, user=user, reason="option removed")
        assessment.save()
    return assessment


def goals_save(
    *,
    user: User,
    assessment: ImpactAssessment,
    relations: dict[int, str],
    version: int,
) -> ImpactAssessment:
    """The goals the decision advances or works against: {goal id: relation}; others unlinked."""
    organisation = assessment.decision.organisation
    relations = {goal_id: relation for goal_id, relation in relations.items() if relation}
    if set(relations.values()) - set(GoalLink.Relation.values):
        raise ValidationError(_("Unknown relation to a goal."))
    known = set(
        Goal.objects.filter(plan__organisation=organisation, pk__in=relations).values_list(
            "pk", flat=True
        )
    )
    if known != set(relations):
        raise ValidationError(_("Choose only goals of this organisation."))
    with transaction.atomic():
        assessment = _claim_draft(user=user, assessment=assessment, version=version)
        links = {link.goal_id: link for link in assessment.goal_links.all()}
        for goal_id, link in links.items():
            if goal_id not in relations:
                link.delete()
        for goal_id, relation in relations.items():
            link = links.get(goal_id)
            if link is None:
                GoalLink.objects.create(assessment=assessment, goal_id=goal_id, relation=relation)
            elif link.relation != relation:
                link.relation = relation
                link.save(update_fields=["relation"])
        _stamp(assessment, user=user, reason="goals chosen")
        assessment.save()
    return assessment


# --- States ----------------------------------------------------------------------------


def missing_for_review(assessment: ImpactAssessment) -> list[str]:
    """What must be done before the assessment can be sent for review (empty when ready)."""
    if not assessment.is_screened:
        return [_("Answer the screening questions.")]
    if not assessment.needs_assessment:
        return []
    missing = []
    dimensions = assessment.template_version.dimensions
    for option in assessment.options.prefetch_related("effects"):
        assessed = {effect.dimension for effect in option.effects.all()}
        for dimension in dimensions:
            if dimension["key"] not in assessed:
                missing.append(
                    _("%(option)s: assess “%(dimension)s” (“No effect” and “Unknown” are answers).")
                    % {
                        "option": option.name,
                        "dimension": assessment.template_version.label_of(
                            "dimensions", dimension["key"]
                        ),
                    }
                )
    return missing


def assessment_submit(
    *, user: User, assessment: ImpactAssessment, version: int
) -> ImpactAssessment:
    """Draft → ready for review, when screened and (if needed) every dimension assessed."""
    with transaction.atomic():
        assessment = _claim_draft(user=user, assessment=assessment, version=version)
        missing = missing_for_review(assessment)
        if missing:
            raise ValidationError(missing)
        assessment.state = ImpactAssessment.State.READY
        assessment.submitted_at = timezone.now()
        if assessment.preparer_id is None:
            assessment.preparer = user
        assessment.review_comment = ""
        _stamp(assessment, user=user, reason="sent for review")
        assessment.save()
    return assessment


def _claim_in_state(
    *, user: User, permission: str, assessment: ImpactAssessment, state: str, version: int
) -> ImpactAssessment:
    _require(user, permission, assessment)
    claimed = claim_version(model=ImpactAssessment, pk=assessment.pk, version=version)
    if claimed.state != state:
        raise ValidationError(
            _("The assessment is “%(state)s” now; reload the page.")
            % {"state": claimed.get_state_display()}
        )
    return claimed


def assessment_review(
    *, user: User, assessment: ImpactAssessment, version: int
) -> ImpactAssessment:
    """Ready for review → reviewed; never by the assessment's own preparer.

    The rule says so; it is checked here once more because Django grants an
    active superuser every permission without asking the rules.
    """
    if assessment.preparer_id is not None and assessment.preparer_id == user.pk:
        raise PermissionDenied("assessments.review_assessment")
    with transaction.atomic():
        assessment = _claim_in_state(
            user=user,
            permission="assessments.review_assessment",
            assessment=assessment,
            state=ImpactAssessment.State.READY,
            version=version,
        )
        assessment.state = ImpactAssessment.State.REVIEWED
        assessment.reviewer = user
        assessment.reviewed_at = timezone.now()
        _stamp(assessment, user=user, reason="reviewed")
        assessment.save()
    return assessment


def assessment_return(
    *, user: User, assessment: ImpactAssessment, comment: str, version: int
) -> ImpactAssessment:
    """Ready for review → draft, with the reviewer's comment for the preparer."""
    if not comment.strip():
        raise ValidationError({"comment": _("Say what should be changed.")})
    with transaction.atomic():
        assessment = _claim_in_state(
            user=user,
            permission="assessments.review_assessment",
            assessment=assessment,
            state=ImpactAssessment.State.READY,
            version=version,
        )
        assessment.state = ImpactAssessment.State.DRAFT
        assessment.review_comment = comment.strip()
        _stamp(assessment, user=user, reason="returned to the preparer")
        assessment.save()
    return assessment


def assessment_publish(
    *, user: User, assessment: ImpactAssessment, version: int
) -> ImpactAssessment:
    """Reviewed → published: shown next to its decision on the public site."""
    with transaction.atomic():
        assessment = _claim_in_state(
            user=user,
            permission="assessments.publish_assessment",
            assessment=assessment,
            state=ImpactAssessment.State.REVIEWED,
            version=version,
        )
        assessment.state = ImpactAssessment.State.PUBLISHED
        assessment.published_at = timezone.now()
        _stamp(assessment, user=user, reason="published")
        assessment.save()
        content_changed(organisation_id=assessment.decision.organisation_id, kinds=[CONTENT_KIND])
    return assessment
