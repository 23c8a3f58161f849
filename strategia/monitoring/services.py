"""Writes of the monitoring cycle: the one door for status updates.

Every function here checks the permission rule for its action (from
``strategia/accounts/rules.py``, through ``user.has_perm``), writes in one
transaction and leaves history: django-simple-history rows for measures and
status updates (with the user and a change reason), ``opened_by`` on periods.
Edits of existing rows go through ``core.locking.claim_version`` so a stale
form is refused instead of overwriting.

Publishing (approval, publication on submit when a plan needs no approval,
and the strategy office's correction) is the only way a measure's status and
progress change: ``measure_status_from_updates`` copies them from the latest
published update. Workflow mail is queued in the transaction and sent after
it commits (``notifications``).
"""

import calendar
import datetime
from dataclasses import dataclass, fields

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from strategia.accounts.models import User
from strategia.core.invalidation import content_changed
from strategia.core.locking import VersionConflict, claim_version
from strategia.strategy.models import Measure, MeasureStatus, Plan

from . import notifications
from .models import (
    MailPreference,
    PlanMonitoring,
    ReportingPeriod,
    Rhythm,
    StatusUpdate,
    WorkflowNotice,
)


def _require(user: User, permission: str, obj: object) -> None:
    if not user.has_perm(permission, obj):
        raise PermissionDenied(permission)


def _stamp(instance: object, *, user: User | None, reason: str) -> None:
    """Who and why, for the history row that ``save()`` is about to write.

    The request middleware records the user of a web request; a command or a
    test has no request, so the user is given explicitly as well.
    """
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]


# --- Plans and periods -------------------------------------------------------


def plan_monitoring_get_or_create(*, plan: Plan) -> PlanMonitoring:
    settings, _created = PlanMonitoring.objects.get_or_create(plan=plan)
    return settings


PLAN_MONITORING_FIELDS = (
    "rhythm",
    "annual_period",
    "deadline_days",
    "approval_required",
    "reminder_days_before",
    "escalation_days",
)


def plan_monitoring_update(
    *,
    user: User,
    plan: Plan,
    rhythm: str,
    annual_period: bool,
    deadline_days: int,
    approval_required: bool,
    reminder_days_before: int,
    escalation_days: int,
) -> PlanMonitoring:
    _require(user, "monitoring.open_period", plan)
    settings = plan_monitoring_get_or_create(plan=plan)
    settings.rhythm = Rhythm(rhythm)
    settings.annual_period = annual_period
    settings.deadline_days = deadline_days
    settings.approval_required = approval_required
    settings.reminder_days_before = reminder_days_before
    settings.escalation_days = escalation_days
    settings.full_clean()
    _stamp(settings, user=user, reason="monitoring settings changed")
    settings.save()
    return settings


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def period_bounds(*, kind: str, year: int, number: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a tertial (4 months), quarter (3 months) or year."""
    if kind == ReportingPeriod.Kind.YEAR:
        return datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    months = 4 if kind == ReportingPeriod.Kind.TERTIAL else 3
    first_month = (number - 1) * months + 1
    return datetime.date(year, first_month, 1), _month_end(year, first_month + months - 1)


def reporting_periods_create_for_year(
    *, user: User, plan: Plan, year: int
) -> list[ReportingPeriod]:
    """The periods of one year by the plan's rhythm; existing ones are kept as they are."""
    _require(user, "monitoring.open_period", plan)
    settings = plan_monitoring_get_or_create(plan=plan)
    if settings.rhythm == Rhythm.QUARTER:
        wanted = [(ReportingPeriod.Kind.QUARTER, n) for n in range(1, 5)]
    else:
        wanted = [(ReportingPeriod.Kind.TERTIAL, n) for n in range(1, 4)]
    if settings.annual_period:
        wanted.append((ReportingPeriod.Kind.YEAR, 1))
    periods = []
    with transaction.atomic():
        for kind, number in wanted:
            start, end = period_bounds(kind=kind, year=year, number=number)
            period, _created = ReportingPeriod.objects.get_or_create(
                plan=plan,
                kind=kind,
                year=year,
                number=number,
                defaults={
                    "start_date": start,
                    "end_date": end,
                    "deadline": end + datetime.timedelta(days=settings.deadline_days),
                },
            )
            periods.append(period)
    return periods


def period_open(*, user: User, period: ReportingPeriod) -> ReportingPeriod:
    """Open a period: from now on every active measure of the plan owes an update for it.

    What is owed is computed (``selectors.due_items``), not stored as empty
    rows, so a measure added to the plan later owes its update too.
    """
    _require(user, "monitoring.open_period", period.plan)
    if period.state == ReportingPeriod.State.OPEN:
        return period
    period.state = ReportingPeriod.State.OPEN
    period.opened_at = timezone.now()
    period.opened_by = user
    _stamp(period, user=user, reason="opened")
    period.save(update_fields=["state", "opened_at", "opened_by"])
    return period


def period_close(*, user: User, period: ReportingPeriod) -> ReportingPeriod:
    _require(user, "monitoring.open_period", period.plan)
    period.state = ReportingPeriod.State.CLOSED
    _stamp(period, user=user, reason="closed")
    period.save(update_fields=["state"])
    return period


# --- Status updates -----------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class StatusUpdateData:
    """What the writer of a status update fills in; Finnish required, others optional."""

    status: str
    progress: int | None
    text_fi: str
    text_sv: str = ""
    text_en: str = ""
    next_steps_fi: str = ""
    next_steps_sv: str = ""
    next_steps_en: str = ""
    risks_fi: str = ""
    risks_sv: str = ""
    risks_en: str = ""


def _approval_required(period: ReportingPeriod | None) -> bool:
    if period is None:
        return True
    settings = PlanMonitoring.objects.filter(plan_id=period.plan_id).first()
    return True if settings is None else settings.approval_required


def _validate_data(data: StatusUpdateData) -> None:
    if data.status not in MeasureStatus.values:
        raise ValidationError({"status": _("Choose a status.")})
    if data.progress is not None and not 0 <= data.progress <= 100:
        raise ValidationError({"progress": _("Progress is a percentage from 0 to 100.")})


def status_update_save(
    *,
    user: User,
    measure: Measure,
    period: ReportingPeriod,
    data: StatusUpdateData,
    version: int | None,
) -> StatusUpdate:
    """Create or change the draft of a measure's update for a period.

    ``version`` is the version the form was loaded with (``None`` for a new
    update). Raises ``VersionConflict`` if someone saved in between, also when
    two people start the very first draft at the same time: the second
    insert meets the one-update-per-period constraint, and is refused with
    the first draft as it was saved.
    """
    _require(user, "strategy.add_statusupdate", measure)
    if period.state == ReportingPeriod.State.PLANNED:
        raise ValidationError(_("The reporting period is not open yet."))
    if not measure.goals.filter(plan_id=period.plan_id).exists():
        raise ValidationError(_("The measure does not serve the goals of this period's plan."))
    _validate_data(data)
    with transaction.atomic():
        existing = StatusUpdate.objects.filter(measure=measure, reporting_period=period).first()
        if existing is None:
            if version is not None:
                raise ValidationError(_("The update you edited no longer exists."))
            update = StatusUpdate(
                measure=measure,
                reporting_period=period,
                date=timezone.localdate(),
                author=user,
                state=StatusUpdate.State.DRAFT,
            )
            reason = "draft created"
        else:
            if version is None:
                # Someone else created the draft after this form was loaded.
                raise VersionConflict(current=existing, expected_version=0)
            update = claim_version(model=StatusUpdate, pk=existing.pk, version=version)
            if not update.is_editable:
                raise ValidationError(_("This update has been submitted and can't be edited."))
            reason = "draft saved"
        for field in fields(data):
            setattr(update, field.name, getattr(data, field.name))
        update.date = timezone.localdate()
        _stamp(update, user=user, reason=reason)
        update.full_clean(exclude=["measure", "reporting_period", "author"])
        if update.pk is not None:
            update.save()
            return update
        try:
            # A savepoint of its own: on PostgreSQL a failed INSERT would
            # otherwise abort the whole transaction, and the read below with it.
            with transaction.atomic():
                update.save()
        except IntegrityError:
            current = StatusUpdate.objects.filter(measure=measure, reporting_period=period).first()
            if current is None:
                raise
            raise VersionConflict(current=current, expected_version=0) from None
    return update


def measure_status_from_updates(*, measure_id: int, user: User | None, reason: str) -> Measure:
    """Copy the status and progress of the measure's latest published update to the measure.

    "Latest" is the model's order (newest date, then newest row), the order
    the public page lists updates in; so approving an older period's update
    late does not overwrite what a newer one said. Runs inside the caller's
    transaction, with the measure's row locked.
    """
    measure = Measure.objects.select_for_update().get(pk=measure_id)
    latest = StatusUpdate.objects.filter(
        measure_id=measure_id, state=StatusUpdate.State.PUBLISHED
    ).first()
    if latest is None or (measure.status, measure.progress) == (latest.status, latest.progress):
        return measure
    measure.status = latest.status
    measure.progress = latest.progress
    measure.version += 1
    _stamp(measure, user=user, reason=reason)
    measure.save()
    return measure


def _publish(update: StatusUpdate, *, user: User, reason: str) -> None:
    """Mark published, save, carry the latest published status to the measure, tell people."""
    update.state = StatusUpdate.State.PUBLISHED
    _stamp(update, user=user, reason=reason)
    update.save()
    measure_status_from_updates(measure_id=update.measure_id, user=user, reason=reason)
    content_changed(organisation_id=update.measure.organisation_id, kinds=["updates", "strategy"])
    notifications.notices_queue(update=update, event=WorkflowNotice.Event.PUBLISHED)


def status_update_submit(*, user: User, update: StatusUpdate, version: int) -> StatusUpdate:
    """Hand the update in: to the unit's approvers, or straight to publication.

    A plan that turned approval off publishes on submit.
    """
    _require(user, "strategy.add_statusupdate", update.measure)
    with transaction.atomic():
        update = claim_version(model=StatusUpdate, pk=update.pk, version=version)
        if not update.is_editable:
            raise ValidationError(_("This update has already been submitted."))
        now = timezone.now()
        update.submitted_at = now
        update.submitted_by = user
        update.date = timezone.localdate()
        if _approval_required(update.reporting_period):
            update.state = StatusUpdate.State.SUBMITTED
            _stamp(update, user=user, reason="submitted")
            update.save()
            notifications.notices_queue(update=update, event=WorkflowNotice.Event.SUBMITTED)
        else:
            update.approved_at = now
            _publish(update, user=user, reason="submitted and published (no approval needed)")
    return update


def status_update_approve(*, user: User, update: StatusUpdate, version: int) -> StatusUpdate:
    """Publish a submitted update; its writers may not (``strategy.approve_statusupdate``)."""
    _require(user, "strategy.approve_statusupdate", update)
    with transaction.atomic():
        update = claim_version(model=StatusUpdate, pk=update.pk, version=version)
        # Asked again of the row as locked now, with its history up to this moment.
        _require(user, "strategy.approve_statusupdate", update)
        if update.state != StatusUpdate.State.SUBMITTED:
            raise ValidationError(_("Only a submitted update can be approved."))
        update.approved_at = timezone.now()
        update.approved_by = user
        update.return_comment = ""
        _publish(update, user=user, reason="approved and published")
    return update


@dataclass(frozen=True)
class ApprovalResult:
    """What became of one update in a bulk approval: approved, or why not."""

    update: StatusUpdate
    approved: bool
    message: str = ""


def status_updates_approve(
    *, user: User, items: list[tuple[StatusUpdate, int]]
) -> list[ApprovalResult]:
    """Approve several submitted updates, each through ``status_update_approve``.

    Each update is approved in a transaction of its own, with the version the
    reviewer read and the four-eyes rule asked again, so one that changed in
    the meantime or that this reviewer may not approve is reported and left
    as it is while the others are published.
    """
    results = []
    for update, version in items:
        try:
            approved = status_update_approve(user=user, update=update, version=version)
        except VersionConflict:
            results.append(
                ApprovalResult(
                    update,
                    False,
                    _("It changed while you were reading it: open it and read it again."),
                )
            )
        except PermissionDenied:
            results.append(
                ApprovalResult(
                    update,
                    False,
                    _("You may not approve it (you wrote it, or it is not of your units)."),
                )
            )
        except ValidationError as error:
            results.append(ApprovalResult(update, False, " ".join(error.messages)))
        else:
            results.append(ApprovalResult(approved, True))
    return results


def status_update_return(
    *, user: User, update: StatusUpdate, version: int, comment: str
) -> StatusUpdate:
    _require(user, "strategy.approve_statusupdate", update)
    comment = comment.strip()
    if not comment:
        raise ValidationError({"comment": _("Say what should be changed.")})
    with transaction.atomic():
        update = claim_version(model=StatusUpdate, pk=update.pk, version=version)
        if update.state != StatusUpdate.State.SUBMITTED:
            raise ValidationError(_("Only a submitted update can be returned."))
        update.state = StatusUpdate.State.RETURNED
        update.returned_at = timezone.now()
        update.returned_by = user
        update.return_comment = comment
        _stamp(update, user=user, reason="returned")
        update.save()
        notifications.notices_queue(
            update=update, event=WorkflowNotice.Event.RETURNED, comment=comment
        )
    return update


def status_correction_publish(
    *, user: User, measure: Measure, data: StatusUpdateData, reason: str
) -> StatusUpdate:
    """The strategy office corrects a measure's status: by publishing an update, with a reason.

    The update has no reporting period (it is owed by no one) and is
    published at once; its author and approver are the person correcting,
    and the reason is kept on the update and in its history.
    """
    _require(user, "monitoring.correct_measure_status", measure)
    _validate_data(data)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the status is corrected.")})
    now = timezone.now()
    with transaction.atomic():
        update = StatusUpdate(
            measure=measure,
            date=timezone.localdate(),
            author=user,
            submitted_at=now,
            submitted_by=user,
            approved_at=now,
            approved_by=user,
            correction_reason=reason,
        )
        for field in fields(data):
            setattr(update, field.name, getattr(data, field.name))
        update.full_clean(exclude=["measure", "author"])
        _publish(update, user=user, reason=f"correction: {reason}")
    return update


def mail_preference_set(*, user: User, delivery: str) -> MailPreference:
    """The person's own choice of workflow mail: immediate, or the daily digest."""
    MailPreference.Delivery(delivery)  # refuses anything else
    preference, _created = MailPreference.objects.update_or_create(
        user=user, defaults={"delivery": delivery}
    )
    return preference


# --- Manual indicator values ---------------------------------------------------
# Values are written by strategia.indicators.services.observation_enter (the one
# writer of observations); monitoring only knows which period a reporting period reports.


def default_observation_period(*, resolution: str, day: datetime.date) -> str:
    """The indicator period a reporting period ending on ``day`` reports."""
    if resolution == "quarter":
        return f"{day.year}Q{(day.month - 1) // 3 + 1}"
    if resolution == "month":
        return f"{day.year}M{day.month:02d}"
    if resolution == "date":
        return day.isoformat()
    return str(day.year)
