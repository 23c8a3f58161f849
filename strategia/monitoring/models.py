"""The monitoring cycle: a plan's reporting rhythm, its periods, reminders sent.

A plan reports in tertials (the default) or quarters, plus the whole year.
When the strategy office opens a period, every active measure serving the
plan's goals owes one status update for it (``strategy.StatusUpdate`` carries
the period). Reminders are logged one row per recipient, item and occasion, so
that ``send_reminders`` can run every hour and still mail a reminder only once.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from strategia.organisations.models import Person, Unit
from strategia.strategy.models import Measure, Plan


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

    @property
    def is_open(self) -> bool:
        return self.state == self.State.OPEN

    def is_late_on(self, day: datetime.date) -> bool:
        return day > self.deadline


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
