"""Shared reads of the monitoring cycle.

Everything here is set-based: a page or a command makes the same number of
queries whether the plan has ten measures or a thousand (tests count them).
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils import formats
from django.utils.translation import gettext as _

from strategia.accounts.models import Role, RoleAssignment, User
from strategia.accounts.selectors import organisation_access
from strategia.core.dates import add_months, add_years
from strategia.core.history import Change, changes_of
from strategia.organisations.models import Organisation, Person, Unit
from strategia.strategy.models import Goal, Measure, MeasureStatus, Plan
from strategia.strategy.selectors import AnyUser, measures_visible_to

from .models import (
    STATUS_UPDATE_CONTENT_FIELDS,
    PlanMonitoring,
    ReminderSent,
    ReportingPeriod,
    StatusUpdate,
    writers_from_history,
)

CLOSED_STATUSES = (MeasureStatus.COMPLETED, MeasureStatus.CANCELLED)
# An update counts as handed in once submitted; "approved" means published.
HANDED_IN = (StatusUpdate.State.SUBMITTED, StatusUpdate.State.PUBLISHED)


# --- Published updates ---------------------------------------------------------


def published_updates() -> QuerySet[StatusUpdate]:
    return StatusUpdate.objects.filter(state=StatusUpdate.State.PUBLISHED)


def published_updates_visible_to(
    *, user: AnyUser, organisation: Organisation
) -> QuerySet[StatusUpdate]:
    """Published status updates of the measures this user may see, newest first."""
    return (
        published_updates()
        .filter(measure__in=measures_visible_to(user=user, organisation=organisation))
        .select_related("measure", "reporting_period")
        .order_by("-date", "-pk")
    )


# --- Periods -------------------------------------------------------------------


def periods_of_organisation(organisation: Organisation) -> QuerySet[ReportingPeriod]:
    return ReportingPeriod.objects.filter(plan__organisation=organisation).select_related("plan")


def open_periods(organisation: Organisation | None = None) -> QuerySet[ReportingPeriod]:
    periods = ReportingPeriod.objects.filter(state=ReportingPeriod.State.OPEN)
    if organisation is not None:
        periods = periods.filter(plan__organisation=organisation)
    return periods.select_related("plan", "plan__monitoring_settings").order_by("deadline", "pk")


def monitoring_settings_of(plan: Plan) -> PlanMonitoring:
    """The plan's settings, or the defaults (unsaved) when none were chosen."""
    try:
        return plan.monitoring_settings
    except PlanMonitoring.DoesNotExist:
        return PlanMonitoring(plan=plan)


# --- What is owed ----------------------------------------------------------------


@dataclass
class DueItem:
    """One status update a measure owes for one period, and how far it has got."""

    measure: Measure
    period: ReportingPeriod
    update: StatusUpdate | None

    @property
    def state(self) -> str:
        return self.update.state if self.update else "missing"

    @property
    def is_handed_in(self) -> bool:
        return self.update is not None and self.update.state in HANDED_IN

    @property
    def is_approved(self) -> bool:
        return self.update is not None and self.update.state == StatusUpdate.State.PUBLISHED

    @property
    def is_outside_cycle(self) -> bool:
        """Reported by an update published without a period (a correction, say)."""
        return self.update is not None and self.update.reporting_period_id is None

    def is_late_on(self, day: datetime.date) -> bool:
        return not self.is_handed_in and self.period.is_late_on(day)


def reporting_window(period: ReportingPeriod) -> tuple[datetime.date, datetime.date]:
    """The days on which an update published outside the cycle reports on ``period``.

    From the period's start shifted by its deadline lag, up to its deadline:
    the windows of consecutive periods of one rhythm meet without overlapping
    (T1: 15.1.–14.5., T2: 15.5.–14.9. with a 14-day deadline).
    """
    lag = period.deadline - period.end_date
    return period.start_date + lag, period.deadline


def due_items(
    *, periods: Iterable[ReportingPeriod], measures: QuerySet[Measure] | None = None
) -> list[DueItem]:
    """Every (measure, period) pair owed: active measures serving the period's plan.

    ``measures`` narrows the measures considered (e.g. one person's). Five
    queries, however many measures and periods.
    """
    periods = list(periods)
    if not periods:
        return []
    plan_ids = {period.plan_id for period in periods}
    links = Measure.goals.through.objects.filter(goal__plan_id__in=plan_ids).exclude(
        measure__status__in=CLOSED_STATUSES
    )
    if measures is not None:
        links = links.filter(measure__in=measures.values("pk"))
    plans_of_measure: dict[int, set[int]] = defaultdict(set)
    for measure_id, plan_id in links.values_list("measure_id", "goal__plan_id").distinct():
        plans_of_measure[measure_id].add(plan_id)
    if not plans_of_measure:
        return []
    measure_rows = (
        Measure.objects.filter(pk__in=plans_of_measure)
        .select_related("responsible_unit")
        .prefetch_related(
            Prefetch("contact_persons", queryset=Person.objects.select_related("user"))
        )
        .order_by("responsible_unit__name", "order", "identifier")
    )
    updates = {
        (update.measure_id, update.reporting_period_id): update
        for update in StatusUpdate.objects.filter(
            reporting_period__in=periods, measure_id__in=plans_of_measure
        )
    }
    cover = outside_cycle_updates(measure_ids=plans_of_measure, periods=periods)
    items = []
    for measure in measure_rows:
        for period in periods:
            if period.plan_id not in plans_of_measure[measure.pk]:
                continue
            update = updates.get((measure.pk, period.pk)) or cover.get((measure.pk, period.pk))
            items.append(DueItem(measure, period, update))
    return items


def outside_cycle_updates(
    *, measure_ids: Iterable[int], periods: list[ReportingPeriod]
) -> dict[tuple[int, int], StatusUpdate]:
    """(measure, period) → the newest update published without a period in its window.

    What the public site shows counts as reported: an update published
    outside the cycle (a correction, or one published before the cycle was in
    use) reports on the period whose window holds its date. One query.
    """
    measure_ids = list(measure_ids)
    if not periods or not measure_ids:
        return {}
    windows = {period.pk: reporting_window(period) for period in periods}
    outside: dict[int, list[StatusUpdate]] = defaultdict(list)
    rows = published_updates().filter(
        reporting_period__isnull=True,
        measure_id__in=measure_ids,
        date__gte=min(start for start, _end in windows.values()),
        date__lte=max(end for _start, end in windows.values()),
    )
    for update in rows.order_by("-date", "-pk"):
        outside[update.measure_id].append(update)
    found = {}
    for measure_id, updates in outside.items():
        for period in periods:
            start, end = windows[period.pk]
            update = next((row for row in updates if start <= row.date <= end), None)
            if update is not None:
                found[(measure_id, period.pk)] = update
    return found


# --- My work ------------------------------------------------------------------------


@dataclass
class MyWork:
    due: list[DueItem] = field(default_factory=list)
    late: list[DueItem] = field(default_factory=list)
    done: list[DueItem] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    indicators: list = field(default_factory=list)
    to_approve: list[StatusUpdate] = field(default_factory=list)
    # For unit managers: late updates of the units they lead (others' work).
    late_in_my_units: list[DueItem] = field(default_factory=list)


def measures_of_contact(*, user: User, organisation: Organisation) -> QuerySet[Measure]:
    return Measure.objects.filter(organisation=organisation, contact_persons__user=user).distinct()


def updates_awaiting_approval(*, user: User, organisation: Organisation) -> list[StatusUpdate]:
    """Submitted updates this user may approve (the rule decides, per update)."""
    candidates = (
        StatusUpdate.objects.filter(
            state=StatusUpdate.State.SUBMITTED, measure__organisation=organisation
        )
        .select_related("measure", "measure__responsible_unit", "reporting_period", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    candidates = list(candidates)
    with_writers(candidates)
    return [
        update for update in candidates if user.has_perm("strategy.approve_statusupdate", update)
    ]


def with_writers(updates: list[StatusUpdate]) -> list[StatusUpdate]:
    """Work out the writers of many updates in one query, for the four-eyes rule."""
    if not updates:
        return updates
    rows = (
        StatusUpdate.history.filter(id__in=[update.pk for update in updates])
        .order_by("history_id")
        .values("id", "history_user_id", "history_type", *STATUS_UPDATE_CONTENT_FIELDS)
    )
    writers = writers_from_history(rows)
    for update in updates:
        found = set(writers.get(update.pk, set()))
        found |= {pk for pk in (update.author_id, update.submitted_by_id) if pk is not None}
        update.__dict__["_writer_ids"] = found
    return updates


def indicators_kept_by(*, user: User, organisation: Organisation) -> QuerySet:
    """Manual indicators whose values this user enters as their contact person or unit manager.

    The rule ``indicators.enter_observations`` says the same; the strategy
    office and administrators may enter every indicator's values
    (``indicators_to_enter``) but keep none of them as their own work.
    """
    from strategia.indicators.models import Indicator, Source

    access = organisation_access(user=user, organisation=organisation)
    keeps = Q(contact_person__user=user)
    if access.managed_unit_ids:
        keeps |= Q(responsible_unit_id__in=access.managed_unit_ids)
    return (
        Indicator.objects.filter(keeps, organisation=organisation, source=Source.MANUAL)
        .annotate(latest_period=Max("observations__period_start"))
        .order_by("order", "name")
    )


def indicators_to_enter(*, user: User, organisation: Organisation) -> QuerySet:
    """Every manual indicator whose values this user may enter, with its latest period."""
    from strategia.indicators.models import Indicator, Source

    if organisation_access(user=user, organisation=organisation).manages_all:
        return (
            Indicator.objects.filter(organisation=organisation, source=Source.MANUAL)
            .annotate(latest_period=Max("observations__period_start"))
            .order_by("order", "name")
        )
    return indicators_kept_by(user=user, organisation=organisation)


def may_enter_indicator_values(*, user: User, organisation: Organisation) -> bool:
    """Whether value entry is worth a link: someone who manages all, or keeps an indicator."""
    if organisation_access(user=user, organisation=organisation).manages_all:
        return True
    return indicators_kept_by(user=user, organisation=organisation).exists()


def previous_published(updates: Iterable[StatusUpdate]) -> dict[int, StatusUpdate | None]:
    """For each update, the measure's newest published update other than itself. One query."""
    updates = list(updates)
    if not updates:
        return {}
    by_measure: dict[int, list[StatusUpdate]] = defaultdict(list)
    rows = (
        published_updates()
        .filter(measure_id__in={update.measure_id for update in updates})
        .select_related("reporting_period")
        .order_by("measure_id", "-date", "-pk")
    )
    for row in rows:
        by_measure[row.measure_id].append(row)
    found: dict[int, StatusUpdate | None] = {}
    for update in updates:
        found[update.pk] = next(
            (row for row in by_measure[update.measure_id] if row.pk != update.pk), None
        )
    return found


@dataclass(frozen=True)
class UpdateChange:
    """What an update changes against the measure's previous published update."""

    previous: StatusUpdate | None
    update: StatusUpdate

    @property
    def status_changed(self) -> bool:
        return self.previous is None or self.previous.status != self.update.status

    @property
    def progress_changed(self) -> bool:
        return self.previous is None or self.previous.progress != self.update.progress


def update_changes(updates: Iterable[StatusUpdate]) -> list[UpdateChange]:
    updates = list(updates)
    previous = previous_published(updates)
    return [UpdateChange(previous=previous[update.pk], update=update) for update in updates]


def my_work(*, user: User, organisation: Organisation, today: datetime.date) -> MyWork:
    work = MyWork()
    mine = measures_of_contact(user=user, organisation=organisation)
    for item in due_items(periods=open_periods(organisation), measures=mine):
        if item.is_handed_in:
            work.done.append(item)
        elif item.is_late_on(today):
            work.late.append(item)
        else:
            work.due.append(item)
    work.measures = list(
        Measure.objects.filter(pk__in=mine.values("pk")).select_related("responsible_unit")
    )
    access = organisation_access(user=user, organisation=organisation)
    work.indicators = list(indicators_kept_by(user=user, organisation=organisation))
    work.to_approve = updates_awaiting_approval(user=user, organisation=organisation)
    if access.has_any(Role.UNIT_MANAGER) and access.managed_unit_ids:
        led = Measure.objects.filter(
            organisation=organisation, responsible_unit_id__in=access.managed_unit_ids
        ).exclude(pk__in=mine.values("pk"))
        work.late_in_my_units = [
            item
            for item in due_items(periods=open_periods(organisation), measures=led)
            if item.is_late_on(today)
        ]
    return work


# --- Completeness -------------------------------------------------------------------


@dataclass
class Cell:
    period: ReportingPeriod | None = None
    unit_id: int | None = None
    due: int = 0
    submitted: int = 0
    approved: int = 0
    reminders: int = 0

    @property
    def percent(self) -> int | None:
        """Share handed in (submitted or approved), or None when nothing is owed."""
        if not self.due:
            return None
        return round(100 * self.submitted / self.due)


@dataclass
class CompletenessGrid:
    periods: list[ReportingPeriod]
    rows: list[tuple[Unit | None, list[Cell]]]
    totals: list[Cell]


def completeness_scope(*, user: User, organisation: Organisation) -> frozenset[int] | None:
    """The units whose rows a user sees in the grid: ``None`` for all of them.

    The strategy office, administrators and readers see the whole
    organisation; a unit manager sees the units they manage.
    """
    access = organisation_access(user=user, organisation=organisation)
    if access.manages_all or access.has_any(Role.READER):
        return None
    return access.managed_unit_ids


def completeness_grid(
    *, organisation: Organisation, unit_ids: Iterable[int] | None = None
) -> CompletenessGrid:
    """Units × periods (open and closed): owed, submitted, approved, reminders sent.

    ``unit_ids`` limits the rows (and the total) to those units.
    """
    wanted_units = None if unit_ids is None else set(unit_ids)
    periods = list(
        periods_of_organisation(organisation)
        .exclude(state=ReportingPeriod.State.PLANNED)
        .order_by("start_date", "kind", "plan__order", "pk")
    )
    column = {period.pk: index for index, period in enumerate(periods)}
    cells: dict[int | None, list[Cell]] = {}
    units: dict[int | None, Unit | None] = {}

    def cell(unit: Unit | None, unit_id: int | None, period_id: int) -> Cell:
        if unit_id not in cells:
            cells[unit_id] = [Cell(period=period, unit_id=unit_id) for period in periods]
            units[unit_id] = unit
        return cells[unit_id][column[period_id]]

    for item in due_items(periods=periods):
        if wanted_units is not None and item.measure.responsible_unit_id not in wanted_units:
            continue
        unit = item.measure.responsible_unit
        target = cell(unit, item.measure.responsible_unit_id, item.period.pk)
        target.due += 1
        if item.is_handed_in:
            target.submitted += 1
        if item.is_approved:
            target.approved += 1
    reminder_rows = (
        ReminderSent.objects.filter(period__in=periods)
        .values("period_id", "measure__responsible_unit_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in reminder_rows:
        unit_id = row["measure__responsible_unit_id"]
        if unit_id in cells:
            cells[unit_id][column[row["period_id"]]].reminders += row["n"]
    rows = sorted(
        ((units[unit_id], row) for unit_id, row in cells.items()),
        key=lambda pair: (pair[0] is None, str(pair[0] or "")),
    )
    totals = [Cell(period=period) for period in periods]
    for _unit, row in rows:
        for total, one in zip(totals, row, strict=True):
            total.due += one.due
            total.submitted += one.submitted
            total.approved += one.approved
            total.reminders += one.reminders
    return CompletenessGrid(periods=periods, rows=rows, totals=totals)


# --- Managers ------------------------------------------------------------------------


def unit_managers(*, units: Iterable[Unit]) -> dict[int, list[User]]:
    """For each unit, the managers responsible for it: its own, else the nearest above.

    A unit manager manages the unit and its sub-units (see ``accounts``), so
    a unit without a manager of its own escalates to its parent's.
    """
    units = list(units)
    if not units:
        return {}
    organisation_ids = {unit.organisation_id for unit in units}
    parent_of = dict(
        Unit.objects.filter(organisation_id__in=organisation_ids).values_list("pk", "parent_id")
    )
    managers: dict[int, list[User]] = defaultdict(list)
    assignments = RoleAssignment.objects.filter(
        organisation_id__in=organisation_ids, role=Role.UNIT_MANAGER, user__is_active=True
    ).select_related("user")
    for assignment in assignments:
        managers[assignment.unit_id].append(assignment.user)
    result = {}
    for unit in units:
        current: int | None = unit.pk
        seen = set()
        while current is not None and current not in seen:
            seen.add(current)
            if managers.get(current):
                result[unit.pk] = managers[current]
                break
            current = parent_of.get(current)
        else:
            result[unit.pk] = []
    return result


# --- History ---------------------------------------------------------------------------


# Bookkeeping columns, and the untranslated originals that mirror ``*_fi``.
HISTORY_HIDDEN_FIELDS = {
    "version",
    "updated_at",
    "created_at",
    "name",
    "description",
    "text",
    "next_steps",
    "risks",
    "author",
    "submitted_by",
    "approved_by",
    "returned_by",
    "reporting_period",
    "measure",
    "date",
    "is_sample",
}


# What only the measure's unit chain may read of its updates' history.
UNFINISHED_WORK_FIELDS = {"return_comment", "risks_fi", "risks_sv", "risks_en"}


def measure_history(*, measure: Measure, unfinished: bool = True) -> list[Change]:
    """Who changed what and when, on the measure and its status updates, newest first.

    With ``unfinished`` off (someone outside the measure's unit chain, see
    ``monitoring.view_unfinished_work``) only published versions of its
    updates are compared, and risks and return comments are left out.
    """
    update_history = StatusUpdate.history.filter(measure_id=measure.pk)
    if not unfinished:
        update_history = update_history.filter(state=StatusUpdate.State.PUBLISHED)
    measure_changes = changes_of(
        measure.history.select_related("history_user").order_by("history_date", "history_id"),
        model=Measure,
        label_of=lambda record: str(measure),
        hidden=HISTORY_HIDDEN_FIELDS,
    )
    periods = {
        period.pk: period
        for period in ReportingPeriod.objects.filter(
            pk__in=StatusUpdate.history.filter(measure_id=measure.pk).values("reporting_period_id")
        )
    }

    def update_label(record) -> str:
        period = periods.get(record.reporting_period_id)
        if period is not None:
            return _("status update %(period)s") % {"period": period.label}
        return _("status update of %(date)s") % {
            "date": formats.date_format(record.date, "SHORT_DATE_FORMAT")
        }

    update_changes = changes_of(
        update_history.select_related("history_user").order_by("history_date", "history_id"),
        model=StatusUpdate,
        label_of=update_label,
        hidden=HISTORY_HIDDEN_FIELDS | (set() if unfinished else UNFINISHED_WORK_FIELDS),
    )
    return sorted(measure_changes + update_changes, key=lambda change: change.when, reverse=True)


# --- Strategy health -------------------------------------------------------------------


@dataclass
class HealthReport:
    goals_without_measures: list[Goal]
    goals_without_indicators: list[Goal]
    measures_without_unit: list[Measure]
    measures_without_contact: list[Measure]
    indicators_without_targets: list
    indicators_without_recent_values: list
    measures_not_updated: list[Measure]
    ended_but_on_track: list[Measure]

    def sections(self) -> list[tuple[str, list]]:
        return [
            ("goals_without_measures", self.goals_without_measures),
            ("goals_without_indicators", self.goals_without_indicators),
            ("measures_without_unit", self.measures_without_unit),
            ("measures_without_contact", self.measures_without_contact),
            ("indicators_without_targets", self.indicators_without_targets),
            ("indicators_without_recent_values", self.indicators_without_recent_values),
            ("measures_not_updated", self.measures_not_updated),
            ("ended_but_on_track", self.ended_but_on_track),
        ]

    @property
    def problem_count(self) -> int:
        return sum(len(items) for _name, items in self.sections())


def last_complete_period_start(resolution: str, today: datetime.date) -> datetime.date:
    """First day of the last calendar period (of an indicator's resolution) that has ended."""
    if resolution == "month":
        return add_months(today.replace(day=1), -1)
    if resolution == "quarter":
        quarter_start = datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
        previous = quarter_start - datetime.timedelta(days=1)
        return datetime.date(previous.year, 3 * ((previous.month - 1) // 3) + 1, 1)
    if resolution == "date":
        return today - datetime.timedelta(days=31)
    return datetime.date(today.year - 1, 1, 1)


def _last_two_periods_by_plan(
    organisation: Organisation, today: datetime.date
) -> dict[int, list[ReportingPeriod]]:
    ended = (
        periods_of_organisation(organisation)
        .exclude(state=ReportingPeriod.State.PLANNED)
        .exclude(kind=ReportingPeriod.Kind.YEAR)
        .filter(deadline__lt=today)
        .order_by("-end_date")
    )
    result: dict[int, list[ReportingPeriod]] = defaultdict(list)
    for period in ended:
        if len(result[period.plan_id]) < 2:
            result[period.plan_id].append(period)
    return {plan_id: periods for plan_id, periods in result.items() if len(periods) == 2}


def strategy_health(*, organisation: Organisation, today: datetime.date) -> HealthReport:
    """What weakens monitoring, in a fixed number of queries."""
    from strategia.indicators.models import Indicator, Source

    goals = (
        Goal.objects.filter(
            plan__organisation=organisation, kind__in=(Goal.Kind.GOAL, Goal.Kind.SUB_GOAL)
        )
        .select_related("plan")
        .annotate(
            measure_count=Count("measures", distinct=True),
            indicator_count=Count("indicator_links", distinct=True),
        )
        .order_by("plan__order", "plan_id", "order", "pk")
    )
    goals = list(goals)
    active = Measure.objects.filter(organisation=organisation).exclude(status__in=CLOSED_STATUSES)
    measures_without_unit = list(active.filter(responsible_unit__isnull=True))
    measures_without_contact = list(
        active.annotate(contacts=Count("contact_persons")).filter(contacts=0)
    )
    indicators = list(
        Indicator.objects.filter(organisation=organisation)
        .annotate(
            target_count=Count("targets", distinct=True),
            latest_value=Max(
                "observations__period_start", filter=Q(observations__value__isnull=False)
            ),
        )
        .order_by("order", "name")
    )
    stale_indicators = []
    for indicator in indicators:
        expected = last_complete_period_start(indicator.time_resolution, today)
        if indicator.source != Source.MANUAL:
            # Statistics are published with a lag of a year or more; only a
            # series that has fallen further behind than that is a problem.
            expected = add_years(expected, -1)
        if indicator.latest_value is None or indicator.latest_value < expected:
            stale_indicators.append(indicator)

    not_updated = []
    last_two = _last_two_periods_by_plan(organisation, today)
    if last_two:
        periods = [period for pair in last_two.values() for period in pair]
        handed_in = set(
            StatusUpdate.objects.filter(reporting_period__in=periods, state__in=HANDED_IN)
            .values_list("measure_id", "reporting_period__plan_id")
            .distinct()
        )
        seen = set()
        for item in due_items(periods=periods, measures=active):
            key = (item.measure.pk, item.period.plan_id)
            if key in handed_in or item.is_handed_in or key in seen:
                continue
            seen.add(key)
            older = last_two[item.period.plan_id][-1]
            if item.measure.created_at.date() <= older.end_date:
                not_updated.append(item.measure)
        not_updated = list({measure.pk: measure for measure in not_updated}.values())

    return HealthReport(
        goals_without_measures=[goal for goal in goals if goal.measure_count == 0],
        goals_without_indicators=[goal for goal in goals if goal.indicator_count == 0],
        measures_without_unit=measures_without_unit,
        measures_without_contact=measures_without_contact,
        indicators_without_targets=[i for i in indicators if i.target_count == 0],
        indicators_without_recent_values=stale_indicators,
        measures_not_updated=not_updated,
        ended_but_on_track=list(
            Measure.objects.filter(
                organisation=organisation, end_date__lt=today, status=MeasureStatus.ON_TRACK
            )
        ),
    )
