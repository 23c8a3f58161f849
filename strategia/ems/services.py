"""Writes of the environmental management system: the one door for every register.

Every function checks its rule (``strategia/accounts/rules.py``), writes in one
transaction, leaves a history row with the user and a reason, and refuses a
stale form through ``locking.claim_version``. What follows from a write is done
here, explicitly: an aspect's significance from its scores, an obligation's
latest result and next evaluation from its evaluations, the cache versions of
public pages when a public row changed.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Mapping, Sequence
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from strategia.accounts.models import User
from strategia.core.invalidation import content_changed
from strategia.organisations.models import Organisation
from strategia.strategy.models import Plan

from .locking import claim_version
from .models import (
    Aspect,
    AspectScore,
    ComplianceEvaluation,
    EmsSettings,
    ManagementReview,
    Obligation,
    ReportPublication,
    SignificanceCriterion,
)
from .significance import Criterion, judge_significance

ModelT = TypeVar("ModelT", bound=models.Model)
DEFAULT_POLICY_SLUG = "ymparistopolitiikka"


def _require(user: User, permission: str, obj: object) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied(permission)


def _stamp(instance: object, *, user: User | None, reason: str) -> None:
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]


def _organisation_id(instance: models.Model) -> int:
    return instance.organisation_id  # type: ignore[attr-defined]


def add_months(day: datetime.date, months: int) -> datetime.date:
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


# --- Settings ------------------------------------------------------------------------


def ems_settings_get_or_create(*, organisation: Organisation) -> EmsSettings:
    """The organisation's settings; made on first use with its environmental policy."""
    settings_, created = EmsSettings.objects.get_or_create(organisation=organisation)
    if created or settings_.policy_id is None:
        policy = (
            Plan.objects.filter(organisation=organisation, slug=DEFAULT_POLICY_SLUG).first()
            or Plan.objects.filter(organisation=organisation, kind=Plan.Kind.POLICY).first()
        )
        if policy is not None:
            settings_.policy = policy
            settings_.save(update_fields=["policy"])
    return settings_


def ems_settings_update(
    *, user: User, organisation: Organisation, policy: Plan | None, threshold: int, version: int
) -> EmsSettings:
    _require(user, "ems.manage_registers", organisation)
    if policy is not None and policy.organisation_id != organisation.pk:
        raise ValidationError({"policy": _("The policy must be a plan of this organisation.")})
    current = ems_settings_get_or_create(organisation=organisation)
    with transaction.atomic():
        current = claim_version(model=EmsSettings, pk=current.pk, version=version)
        current.policy = policy
        current.significance_threshold = threshold
        _stamp(current, user=user, reason="settings edited")
        current.save()
        aspects_recompute_significance(organisation=organisation)
        content_changed(organisation_id=organisation.pk, kinds=["ems"])
    return current


# --- Any register row ------------------------------------------------------------------


def register_entry_save(
    *,
    user: User,
    instance: ModelT,
    values: Mapping[str, Any],
    many: Mapping[str, Sequence[models.Model]] | None = None,
    version: int | None = None,
    reason: str = "",
) -> ModelT:
    """Create ``instance`` (no pk) or save ``values`` onto it at ``version``.

    Creating needs ``ems.manage_registers`` in the row's organisation; editing
    needs ``ems.change_entry`` on the row as it is saved now. ``many`` sets
    many-to-many fields. Validation errors name the field and change nothing.
    """
    model = type(instance)
    with transaction.atomic():
        if instance.pk is None:
            _require(user, "ems.manage_registers", _organisation_of(instance))
            entry = instance
            was_public = False
        else:
            entry = claim_version(model=model, pk=instance.pk, version=version or 0)
            _require(user, "ems.change_entry", entry)
            was_public = bool(getattr(entry, "is_public", False))
        for name, value in values.items():
            setattr(entry, name, value)
        entry.full_clean(exclude=_untouched(model, values))
        _stamp(entry, user=user, reason=reason or ("created" if instance.pk is None else "edited"))
        entry.save()
        for name, related in (many or {}).items():
            getattr(entry, name).set(related)
        _after_save(entry)
        if was_public or getattr(entry, "is_public", False) or isinstance(entry, Aspect):
            content_changed(organisation_id=_organisation_of(entry).pk, kinds=["ems"])
    return entry


def _untouched(model: type[models.Model], values: Mapping[str, Any]) -> list[str]:
    """Fields the form does not set; validating them again would only repeat old errors."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if field.name not in values and not field.primary_key
    ]


def _organisation_of(instance: models.Model) -> Organisation:
    for path in ("organisation", "obligation", "programme", "audit", "review"):
        related = getattr(instance, path, None)
        if related is None:
            continue
        if isinstance(related, Organisation):
            return related
        return _organisation_of(related)
    raise ValueError(f"{instance!r} belongs to no organisation")


def _after_save(entry: models.Model) -> None:
    if isinstance(entry, ComplianceEvaluation):
        obligation_refresh(obligation=entry.obligation)
    elif isinstance(entry, Obligation):
        obligation_refresh(obligation=entry)


# --- Significance ----------------------------------------------------------------------


def _criteria(organisation: Organisation) -> list[Criterion]:
    return [
        Criterion(pk=c.pk, weight=c.weight, max_score=c.max_score, decisive_score=c.decisive_score)
        for c in SignificanceCriterion.objects.filter(organisation=organisation)
    ]


def _threshold(organisation: Organisation) -> int:
    return ems_settings_get_or_create(organisation=organisation).significance_threshold


def aspect_scores_save(*, user: User, aspect: Aspect, scores: Mapping[int, int | None]) -> Aspect:
    """Store the aspect's scores (criterion id → score; None clears) and judge it again."""
    _require(user, "ems.change_entry", aspect)
    criteria = {
        c.pk: c
        for c in SignificanceCriterion.objects.filter(organisation_id=aspect.organisation_id)
    }
    errors = {}
    for criterion_id, score in scores.items():
        criterion = criteria.get(criterion_id)
        if criterion is None:
            errors[f"score_{criterion_id}"] = _("Unknown criterion.")
        elif score is not None and not 1 <= score <= criterion.max_score:
            errors[f"score_{criterion_id}"] = _(
                "%(criterion)s: the score must be from 1 to %(max)s."
            ) % {"criterion": criterion.name, "max": criterion.max_score}
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        existing = {s.criterion_id: s for s in aspect.scores.all()}
        for criterion_id, score in scores.items():
            row = existing.get(criterion_id)
            if score is None:
                if row is not None:
                    row.delete()
            elif row is None:
                AspectScore.objects.create(aspect=aspect, criterion_id=criterion_id, score=score)
            elif row.score != score:
                row.score = score
                row.save(update_fields=["score"])
        _judge(aspect, user=user)
    return aspect


def _judge(aspect: Aspect, *, user: User | None) -> None:
    organisation = aspect.organisation
    result = judge_significance(
        scores=dict(aspect.scores.values_list("criterion_id", "score")),
        criteria=_criteria(organisation),
        threshold=_threshold(organisation),
    )
    if (result.total, result.is_significant) != (aspect.total_score, aspect.is_significant):
        aspect.total_score = result.total
        aspect.is_significant = result.is_significant
        _stamp(aspect, user=user, reason="significance judged again")
        aspect.save(update_fields=["total_score", "is_significant", "updated_at"])
        content_changed(organisation_id=organisation.pk, kinds=["ems"])


def aspects_recompute_significance(*, organisation: Organisation) -> int:
    """Judge every aspect again (after the criteria or the threshold changed); one bulk write."""
    criteria = _criteria(organisation)
    threshold = _threshold(organisation)
    scores: dict[int, dict[int, int]] = {}
    for aspect_id, criterion_id, score in AspectScore.objects.filter(
        aspect__organisation=organisation
    ).values_list("aspect_id", "criterion_id", "score"):
        scores.setdefault(aspect_id, {})[criterion_id] = score
    changed = []
    for aspect in Aspect.objects.filter(organisation=organisation):
        result = judge_significance(
            scores=scores.get(aspect.pk, {}), criteria=criteria, threshold=threshold
        )
        if (result.total, result.is_significant) != (aspect.total_score, aspect.is_significant):
            aspect.total_score, aspect.is_significant = result.total, result.is_significant
            changed.append(aspect)
    Aspect.objects.bulk_update(changed, ["total_score", "is_significant"])
    return len(changed)


def criterion_save(
    *, user: User, criterion: SignificanceCriterion, values: Mapping[str, Any], version: int | None
) -> SignificanceCriterion:
    organisation = criterion.organisation
    _require(user, "ems.manage_registers", organisation)
    with transaction.atomic():
        if criterion.pk is not None:
            criterion = claim_version(
                model=SignificanceCriterion, pk=criterion.pk, version=version or 0
            )
        for name, value in values.items():
            setattr(criterion, name, value)
        criterion.full_clean(exclude=["organisation"])
        _stamp(criterion, user=user, reason="criterion saved")
        criterion.save()
        aspects_recompute_significance(organisation=organisation)
        content_changed(organisation_id=organisation.pk, kinds=["ems"])
    return criterion


# --- Compliance --------------------------------------------------------------------------


def obligation_refresh(*, obligation: Obligation) -> None:
    """The latest evaluation's result and the next evaluation's date, from the evaluations."""
    latest = obligation.evaluations.order_by("-date", "-pk").first()
    result = latest.result if latest else ""
    next_date = (
        add_months(latest.date, obligation.evaluation_interval_months)
        if latest
        else obligation.next_evaluation
    )
    if (result, next_date) != (obligation.latest_result, obligation.next_evaluation):
        Obligation.objects.filter(pk=obligation.pk).update(
            latest_result=result, next_evaluation=next_date
        )
        obligation.latest_result, obligation.next_evaluation = result, next_date


# --- Management review -------------------------------------------------------------------


def management_review_hold(
    *, user: User, review: ManagementReview, version: int
) -> ManagementReview:
    """Mark the review held and freeze its inputs as the registers show them now."""
    from .selectors import review_inputs

    with transaction.atomic():
        review = claim_version(model=ManagementReview, pk=review.pk, version=version)
        _require(user, "ems.change_entry", review)
        if review.state == ManagementReview.State.HELD:
            raise ValidationError(_("The review has already been held."))
        review.inputs_snapshot = review_inputs(review=review).as_dict()
        review.state = ManagementReview.State.HELD
        _stamp(review, user=user, reason="review held")
        review.save()
    return review


# --- The environmental report ------------------------------------------------------------


def environmental_report_publish(
    *, user: User, organisation: Organisation, year: int, language: str
) -> ReportPublication:
    """Build the year's report and publish it, replacing an earlier publication of that year."""
    from strategia.reports.registry import ReportRequest, report_kind

    _require(user, "ems.manage_registers", organisation)
    document = report_kind("environmental").build(
        ReportRequest(kind="environmental", organisation=organisation, language=language, year=year)
    )
    with transaction.atomic():
        publication, _created = ReportPublication.objects.update_or_create(
            organisation=organisation,
            year=year,
            language=language,
            defaults={
                "document": document.to_dict(),
                "published_at": timezone.now(),
                "published_by": user,
            },
        )
        content_changed(organisation_id=organisation.pk, kinds=["ems"])
    return publication


def aspect_save(
    *,
    user: User,
    aspect: Aspect,
    values: Mapping[str, Any],
    many: Mapping[str, Sequence[models.Model]],
    scores: Mapping[int, int | None],
    version: int | None = None,
) -> Aspect:
    """An aspect's fields and its scores in one transaction, then its significance judged."""
    with transaction.atomic():
        aspect = register_entry_save(
            user=user, instance=aspect, values=values, many=many, version=version
        )
        aspect_scores_save(user=user, aspect=aspect, scores=scores)
    return aspect
