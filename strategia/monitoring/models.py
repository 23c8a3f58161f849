"""The monitoring cycle: reporting rhythm and periods, status updates, mail sent.

A plan reports in tertials (the default) or quarters, plus the whole year.
When the strategy office opens a period, every active measure serving the
plan's goals owes one ``StatusUpdate`` for it. An update is written as a
draft, submitted, and approved (published) or returned; only
``services.py`` moves it between those states. Reminders are logged one row
per recipient, item and occasion, so that ``send_reminders`` can run every
hour and still mail a reminder only once; workflow mail (submitted, returned,
published) is queued as ``WorkflowNotice`` rows and sent after commit or in
the daily digest, as each person chose (``MailPreference``).

``StatusUpdate`` lived in the strategy app until 2026-12; it keeps its tables
(``strategy_statusupdate`` and ``strategy_historicalstatusupdate``) so that no
row moved (see migration 0004).
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from strategia.organisations.models import Person, Unit
from strategia.strategy.models import Measure, MeasureStatus, Plan


class Rhythm(models.TextChoices):
    TERTIAL = "tertial", _("tertials (four months)")
    QUARTER = "quarter", _("quarters")


class PlanMonitoring(models.Model):
    """How a plan is monitored: rhythm, deadlines, approval, reminders."""

    plan = models.OneToOneField(
        Plan,
        on_delete=models.CASCADE,
        related_name="monitoring_settings",
        verbose_name=_("plan"),
    )
    rhythm = models.CharField(
        _("reporting rhythm"), max_length=10, choices=Rhythm.choices, default=Rhythm.TERTIAL
    )
    annual_period = models.BooleanField(
        _("annual period"),
        default=True,
        help_text=_("Also report on the whole year, for the annual report."),
    )
    deadline_days = models.PositiveSmallIntegerField(
        _("deadline (days after the period ends)"), default=14
    )
    approval_required = models.BooleanField(
        _("approval required"),
        default=True,
        help_text=_(
            "The unit manager approves each status update before it is published. "
            "When off, a submitted update is published at once."
        ),
    )
    reminder_days_before = models.PositiveSmallIntegerField(
        _("first reminder (days before the deadline)"), default=7
    )
    escalation_days = models.PositiveSmallIntegerField(
        _("escalate to the unit manager (days after the deadline)"), default=7
    )
    # Who turned approval off, or changed the reminder days, and when.
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("monitoring settings")
        verbose_name_plural = _("monitoring settings")

    def __str__(self) -> str:
        return str(self.plan)


class ReportingPeriod(models.Model):
    """A tertial, quarter or year of a plan, with the deadline of its updates."""

    class Kind(models.TextChoices):
        TERTIAL = "tertial", _("tertial")
        QUARTER = "quarter", _("quarter")
        YEAR = "year", _("year")

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        OPEN = "open", pgettext_lazy("reporting period", "open")
        CLOSED = "closed", pgettext_lazy("reporting period", "closed")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="reporting_periods", verbose_name=_("plan")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveSmallIntegerField(
        _("number"), default=1, help_text=_("1–3 for tertials, 1–4 for quarters, 1 for a year.")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    deadline = models.DateField(_("deadline"))
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.PLANNED
    )
    opened_at = models.DateTimeField(_("opened"), null=True, blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("opened by"),
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["plan", "start_date", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "year", "number"], name="reporting_period_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="reporting_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} ({self.plan})"

    @property
    def label(self) -> str:
        if self.kind == self.Kind.YEAR:
            return str(self.year)
        if self.kind == self.Kind.TERTIAL:
            return _("T%(number)s/%(year)s") % {"number": self.number, "year": self.year}
        return _("Q%(number)s/%(year)s") % {"number": self.number, "year": self.year}

    def is_late_on(self, day: datetime.date) -> bool:
        return day > self.deadline


class StatusUpdate(models.Model):
    """A contact person's report on a measure: status, progress and narrative.

    In the monitoring cycle an update belongs to one reporting period, is
    written as a draft, submitted, and approved (published) or returned with a
    comment by the unit manager. Only published updates are ever shown on the
    public site, and only for public measures. An update without a period is
    a correction published by the strategy office (``correction_reason``
    says why). The measure's status and progress are those of its latest
    published update (``services.measure_status_from_updates``).
    """

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        PUBLISHED = "published", _("published")

    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="status_updates", verbose_name=_("measure")
    )
    reporting_period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="status_updates",
        verbose_name=_("reporting period"),
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=MeasureStatus.choices)
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    text = models.TextField(_("what was done"), blank=True)
    next_steps = models.TextField(_("what's next"), blank=True)
    risks = models.TextField(_("risks"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="status_updates",
        verbose_name=_("author"),
    )
    # A new row is a draft: only the services publish, after approval.
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    returned_at = models.DateTimeField(_("returned"), null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("returned by"),
    )
    return_comment = models.TextField(_("reason for returning"), blank=True)
    correction_reason = models.TextField(
        _("reason for the correction"),
        blank=True,
        help_text=_("Why the strategy office corrected the measure's status outside the cycle."),
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        # The table of the strategy app, where the model was first.
        db_table = "strategy_statusupdate"
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        ordering = ["-date", "-pk"]
        get_latest_by = "date"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True) | models.Q(progress__lte=100),
                name="status_update_progress_at_most_100",
            ),
            # A measure owes one update per reporting period; updates outside
            # the cycle (no period) are free.
            models.UniqueConstraint(
                fields=["measure", "reporting_period"],
                condition=models.Q(reporting_period__isnull=False),
                name="status_update_one_per_period",
            ),
        ]
        indexes = [
            models.Index(fields=["reporting_period", "state"]),
            # The latest published updates (home page, API) read in this order
            # and stop after a page, instead of sorting every published update.
            models.Index(fields=["state", "-date", "-id"], name="status_update_latest"),
            # The sample-data notice asks on every page whether any update is
            # sample data: an index of the (few) sample rows answers at once.
            models.Index(
                fields=["measure"], condition=models.Q(is_sample=True), name="status_update_sample"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure.identifier} {self.date:%d.%m.%Y}"

    @property
    def is_editable(self) -> bool:
        """Drafts and returned updates can still be edited by their writers."""
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    def writer_ids(self) -> set[int]:
        """Everyone who wrote any version of this update's content, from its history.

        The four-eyes rule asks this: whoever created the update, changed its
        status, progress or texts in any saved version, or submitted it, may
        not approve it. A caller that asks for many updates may set
        ``_writer_ids`` from ``writers_from_history`` over all of them at once.
        """
        cached = self.__dict__.get("_writer_ids")
        if cached is None:
            rows = self.history.order_by("history_id").values(
                "id", "history_user_id", "history_type", *STATUS_UPDATE_CONTENT_FIELDS
            )
            cached = writers_from_history(rows).get(self.pk, set())
            cached |= {pk for pk in (self.author_id, self.submitted_by_id) if pk is not None}
            self.__dict__["_writer_ids"] = cached
        return cached


class ReminderSent(models.Model):
    """One reminder of one item, sent to one mailbox on one occasion.

    The unique constraint is what makes ``send_reminders`` idempotent: an item
    is mailed only when its row can still be created. ``sequence`` numbers the
    weekly reminders while an update is late (0 for the others).
    """

    class Kind(models.TextChoices):
        BEFORE = "before", _("before the deadline")
        DEADLINE = "deadline", _("on the deadline")
        LATE = "late", _("late")
        ESCALATION = "escalation", _("escalated to the unit manager")

    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("reporting period"),
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="+", verbose_name=_("measure")
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unit"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=0)
    recipient_email = models.EmailField(_("recipient"))
    person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("person"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient_email", "period", "measure", "kind", "sequence"],
                name="reminder_sent_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_email} {self.kind} {self.measure_id}"


# What the writer of an update writes; a history row that changed any of these
# (or created the update) makes its user one of the update's writers.
STATUS_UPDATE_CONTENT_FIELDS = tuple(
    f"{name}_{language}"
    for name in ("text", "next_steps", "risks")
    for language in ("fi", "sv", "en")
) + ("status", "progress")


def writers_from_history(rows) -> dict[int, set[int]]:
    """Writers per update from history rows (dicts, oldest first, with ``id``)."""
    writers: dict[int, set[int]] = defaultdict(set)
    previous: dict[int, dict] = {}
    for row in rows:
        content = {name: row[name] for name in STATUS_UPDATE_CONTENT_FIELDS}
        before = previous.get(row["id"])
        changed = row["history_type"] == "+" or (before is not None and before != content)
        if changed and row["history_user_id"] is not None:
            writers[row["id"]].add(row["history_user_id"])
        previous[row["id"]] = content
    return writers


class MailPreference(models.Model):
    """How one person wants the mail of the status-update workflow.

    Without a row the default holds: immediate mail for those who approve
    (unit managers, the strategy office, administrators), one daily digest
    for everyone else (``services.mail_delivery_of``).
    """

    class Delivery(models.TextChoices):
        IMMEDIATE = "immediate", _("at once, one mail per event")
        DIGEST = "digest", _("once a day, in one digest")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="mail_preference",
        verbose_name=_("user"),
    )
    delivery = models.CharField(_("workflow mail"), max_length=10, choices=Delivery.choices)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("mail preference")
        verbose_name_plural = _("mail preferences")

    def __str__(self) -> str:
        return f"{self.user} {self.delivery}"


class WorkflowNotice(models.Model):
    """One piece of workflow news for one mailbox: an update submitted, returned or published.

    Written in the same transaction as the event, so no event is lost; mailed
    after the transaction commits (``delivery`` immediate) or in the next daily
    digest, and then stamped ``sent_at``, so no notice is mailed twice.
    """

    class Event(models.TextChoices):
        SUBMITTED = "submitted", _("submitted for approval")
        RETURNED = "returned", _("returned to its writer")
        PUBLISHED = "published", _("published")

    update = models.ForeignKey(
        StatusUpdate,
        on_delete=models.CASCADE,
        related_name="notices",
        verbose_name=_("status update"),
    )
    event = models.CharField(_("event"), max_length=10, choices=Event.choices)
    recipient_email = models.EmailField(_("recipient"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("user"),
    )
    language = models.CharField(_("language"), max_length=5)
    delivery = models.CharField(
        _("delivery"), max_length=10, choices=MailPreference.Delivery.choices
    )
    comment = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("workflow notice")
        verbose_name_plural = _("workflow notices")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["sent_at", "delivery"])]

    def __str__(self) -> str:
        return f"{self.recipient_email} {self.event} {self.update_id}"
