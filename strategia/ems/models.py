"""The registers of the environmental management system (ISO 14001 / Ekokompassi).

Each register row has an owner (a ``Person`` of the organisation), change
history (django-simple-history: who, when, what before), a ``version`` for
optimistic locking (see ``strategia.ems.locking``) and ``is_public``, which
is off by default: the registers are internal working records unless the
environmental coordinator marks a row public. Rows are written only through
``services.py``.

The objectives and programme are not stored here: they are the environmental
policy's own plan, goals, measures and indicators in ``strategia.strategy``
and ``strategia.indicators``. Aspects and obligations name the goals that
address them (``goals``).

Register texts are working records in the organisation's working language;
they are not translated (the public site shows them as written).
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from strategia.organisations.models import Organisation, Person, Unit


class Register(models.Model):
    """What every register row carries."""

    owner = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("owner"),
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class PublicRegister(Register):
    is_public = models.BooleanField(
        _("public"),
        default=False,
        help_text=_("Shown on the public site. Registers are internal unless marked public."),
    )

    class Meta:
        abstract = True


class Standard(models.TextChoices):
    ISO_14001 = "iso14001", _("ISO 14001")
    EKOKOMPASSI = "ekokompassi", _("Ekokompassi")
    OWN = "own", _("own system")


class CertificationStatus(models.TextChoices):
    NOT_CERTIFIED = "not_certified", _("not certified")
    IN_PROGRESS = "in_progress", _("certification in progress")
    CERTIFIED = "certified", _("certified")
    SUSPENDED = "suspended", _("suspended")
    EXPIRED = "expired", _("expired")


class EmsSettings(models.Model):
    """The organisation's choices for its system: its policy and the significance rule."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ems_settings",
        verbose_name=_("organisation"),
    )
    policy = models.ForeignKey(
        "strategy.Plan",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("environmental policy"),
        help_text=_("The plan whose goals, measures and indicators are the EMS programme."),
    )
    significance_threshold = models.PositiveIntegerField(
        _("significance threshold"),
        default=12,
        help_text=_(
            "An aspect is significant when the weighted sum of its scores reaches this, "
            "or when a decisive criterion reaches its decisive score."
        ),
    )
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("EMS settings")
        verbose_name_plural = _("EMS settings")

    def __str__(self) -> str:
        return str(self.organisation)


class Site(PublicRegister):
    """A site or unit inside the system's scope (ISO 14001 4.3)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ems_sites",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=200)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="ems_sites",
        verbose_name=_("unit"),
    )
    description = models.TextField(_("description and boundaries"), blank=True)
    standard = models.CharField(
        _("standard"), max_length=20, choices=Standard.choices, default=Standard.EKOKOMPASSI
    )
    certification_status = models.CharField(
        _("certification status"),
        max_length=20,
        choices=CertificationStatus.choices,
        default=CertificationStatus.NOT_CERTIFIED,
    )
    certification_body = models.CharField(_("certification body"), max_length=200, blank=True)
    certified_on = models.DateField(_("certified on"), null=True, blank=True)
    certificate_valid_until = models.DateField(_("certificate valid until"), null=True, blank=True)
    next_external_audit = models.DateField(_("next external audit"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("site in scope")
        verbose_name_plural = _("sites in scope")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class SignificanceCriterion(models.Model):
    """One scored criterion of significance (e.g. severity, likelihood, legal relevance)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ems_criteria",
        verbose_name=_("organisation"),
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("how to score"), blank=True)
    max_score = models.PositiveSmallIntegerField(
        _("highest score"), default=5, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    weight = models.PositiveSmallIntegerField(
        _("weight"), default=1, validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    decisive_score = models.PositiveSmallIntegerField(
        _("decisive score"),
        null=True,
        blank=True,
        help_text=_("A score at least this high makes the aspect significant on its own."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("significance criterion")
        verbose_name_plural = _("significance criteria")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "name"], name="ems_criterion_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Aspect(PublicRegister):
    """An environmental aspect of an activity or service (6.1.2) and its significance."""

    class Condition(models.TextChoices):
        NORMAL = "normal", _("normal")
        ABNORMAL = "abnormal", _("abnormal")
        EMERGENCY = "emergency", _("emergency")

    class LifeCycleStage(models.TextChoices):
        RAW_MATERIALS = "raw_materials", _("raw materials and procurement")
        DESIGN = "design", _("design")
        PRODUCTION = "production", _("production and service delivery")
        TRANSPORT = "transport", _("transport")
        USE = "use", _("use")
        END_OF_LIFE = "end_of_life", _("end of life and waste")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ems_aspects",
        verbose_name=_("organisation"),
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="aspects",
        verbose_name=_("site"),
    )
    activity = models.CharField(_("activity or service"), max_length=200)
    aspect = models.CharField(_("aspect"), max_length=200)
    impact = models.TextField(_("impact"))
    condition = models.CharField(
        _("condition"), max_length=20, choices=Condition.choices, default=Condition.NORMAL
    )
    life_cycle_stage = models.CharField(
        _("life-cycle stage"),
        max_length=20,
        choices=LifeCycleStage.choices,
        default=LifeCycleStage.PRODUCTION,
    )
    controls = models.TextField(_("controls"), blank=True)
    next_review = models.DateField(_("next review"), null=True, blank=True)
    goals = models.ManyToManyField(
        "strategy.Goal",
        related_name="ems_aspects",
        blank=True,
        verbose_name=_("goals that address it"),
    )
    # Worked out by the service from the scores and the rule, so that lists can
    # filter and count significant aspects in the database.
    total_score = models.PositiveIntegerField(_("weighted score"), default=0, editable=False)
    is_significant = models.BooleanField(_("significant"), default=False, editable=False)
    history = HistoricalRecords(m2m_fields=[goals])

    class Meta:
        verbose_name = _("environmental aspect")
        verbose_name_plural = _("environmental aspects")
        ordering = ["-is_significant", "activity", "pk"]

    def __str__(self) -> str:
        return f"{self.activity}: {self.aspect}"

    def is_review_overdue(self, today: datetime.date) -> bool:
        return self.next_review is not None and self.next_review < today


class AspectScore(models.Model):
    aspect = models.ForeignKey(
        Aspect, on_delete=models.CASCADE, related_name="scores", verbose_name=_("aspect")
    )
    criterion = models.ForeignKey(
        SignificanceCriterion,
        on_delete=models.CASCADE,
        related_name="scores",
        verbose_name=_("criterion"),
    )
    score = models.PositiveSmallIntegerField(_("score"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["aspect", "criterion"], name="ems_score_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class ComplianceResult(models.TextChoices):
    COMPLIANT = "compliant", _("compliant")
    PARTLY = "partly", _("partly compliant")
    NOT_COMPLIANT = "not_compliant", _("not compliant")


class Obligation(PublicRegister):
    """A compliance obligation (6.1.3): a law, permit or other commitment."""

    class Kind(models.TextChoices):
        LAW = "law", _("law or regulation")
        PERMIT = "permit", _("permit")
        OTHER = "other", _("other commitment")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ems_obligations",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.LAW)
    title = models.CharField(_("title"), max_length=300)
    reference = models.CharField(
        _("reference"), max_length=200, blank=True, help_text=_("E.g. 527/2014 § 27 or permit no.")
    )
    requirement = models.TextField(_("requirement"))
    sites = models.ManyToManyField(
        Site, related_name="obligations", blank=True, verbose_name=_("sites it applies to")
    )
    evaluation_interval_months = models.PositiveSmallIntegerField(
        _("evaluation interval (months)"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
    )
    is_active = models.BooleanField(_("in force"), default=True)
    goals = models.ManyToManyField(
        "strategy.Goal",
        related_name="ems_obligations",
        blank=True,
        verbose_name=_("goals that address it"),
    )
    # Kept by the evaluation service: the latest evaluation's result and when the next is due.
    latest_result = models.CharField(
        _("latest result"),
        max_length=20,
        choices=ComplianceResult.choices,
        blank=True,
        editable=False,
    )
    next_evaluation = models.DateField(_("next evaluation"), null=True, blank=True)
    history = HistoricalRecords(m2m_fields=[sites, goals])

    class Meta:
        verbose_name = _("compliance obligation")
        verbose_name_plural = _("compliance obligations")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title


class ComplianceEvaluation(Register):
    """An evaluation of compliance with one obligation (9.1.2)."""

    obligation = models.ForeignKey(
        Obligation,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("obligation"),
    )
    date = models.DateField(_("date"))
    result = models.CharField(_("result"), max_length=20, choices=ComplianceResult.choices)
    findings = models.TextField(_("findings"), blank=True)
    evidence_links = models.TextField(
        _("evidence links"), blank=True, help_text=_("One address per line.")
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("compliance evaluation")
        verbose_name_plural = _("compliance evaluations")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.obligation} {date_format(self.date, 'SHORT_DATE_FORMAT')}"

    @property
    def organisation_id(self) -> int:
        return self.obligation.organisation_id

    @property
    def evidence_list(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]


class AuditProgramme(Register):
    """The internal audit programme of a year (9.2.2)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ems_audit_programmes",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("aims, frequency and methods"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit programme")
        verbose_name_plural = _("audit programmes")
        ordering = ["-year", "pk"]

    def __str__(self) -> str:
        return self.name


class Audit(Register):
    """One internal audit (9.2)."""

    class State(models.TextChoices):
        PLANNED = "planned", _("planned")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    programme = models.ForeignKey(
        AuditProgramme, on_delete=models.CASCADE, related_name="audits", verbose_name=_("programme")
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audits",
        verbose_name=_("site"),
    )
    scope = models.TextField(_("scope"))
    date = models.DateField(_("date"))
    auditors = models.CharField(_("auditors"), max_length=300)
    criteria = models.TextField(_("criteria"), blank=True)
    report = models.TextField(_("report"), blank=True)
    report_link = models.URLField(_("link to the report"), blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=State.choices, default=State.PLANNED
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("internal audit")
        verbose_name_plural = _("internal audits")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.scope[:60]} {date_format(self.date, 'SHORT_DATE_FORMAT')}"

    @property
    def organisation_id(self) -> int:
        return self.programme.organisation_id


class AuditFinding(Register):
    class Kind(models.TextChoices):
        NONCONFORMITY = "nonconformity", _("nonconformity")
        OBSERVATION = "observation", _("observation")
        OPPORTUNITY = "opportunity", _("opportunity for improvement")

    audit = models.ForeignKey(
        Audit, on_delete=models.CASCADE, related_name="findings", verbose_name=_("audit")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    clause = models.CharField(_("clause"), max_length=40, blank=True, help_text=_("E.g. 6.1.3."))
    description = models.TextField(_("description"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("audit finding")
        verbose_name_plural = _("audit findings")
        ordering = ["audit", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.description[:60]}"

    @property
    def organisation_id(self) -> int:
        return self.audit.programme.organisation_id


class Nonconformity(PublicRegister):
    """A nonconformity and its corrective action (10.2)."""

    class Source(models.TextChoices):
        AUDIT = "audit", _("audit")
        COMPLAINT = "complaint", _("complaint")
        INCIDENT = "incident", _("incident")
        MONITORING = "monitoring", _("monitoring")
        COMPLIANCE = "compliance", _("compliance evaluation")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ems_nonconformities",
        verbose_name=_("organisation"),
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    finding = models.ForeignKey(
        AuditFinding,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nonconformities",
        verbose_name=_("audit finding"),
    )
    evaluation = models.ForeignKey(
        ComplianceEvaluation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nonconformities",
        verbose_name=_("compliance evaluation"),
    )
    site = models.ForeignKey(
        Site,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="nonconformities",
        verbose_name=_("site"),
    )
    identified_on = models.DateField(_("identified on"))
    description = models.TextField(_("description"))
    immediate_correction = models.TextField(_("immediate correction"), blank=True)
    root_cause = models.TextField(_("root cause"), blank=True)
    corrective_action = models.TextField(_("corrective action"), blank=True)
    due_date = models.DateField(_("due date"), null=True, blank=True)
    effectiveness_check = models.TextField(_("effectiveness check"), blank=True)
    effectiveness_checked_on = models.DateField(
        _("effectiveness checked on"), null=True, blank=True
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nonconformity")
        verbose_name_plural = _("nonconformities")
        ordering = ["closed_on", "due_date", "pk"]
        indexes = [models.Index(fields=["organisation", "closed_on", "due_date"])]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_closed(self) -> bool:
        return self.closed_on is not None

    def is_overdue(self, today: datetime.date) -> bool:
        return not self.is_closed and self.due_date is not None and self.due_date < today


class ManagementReview(Register):
    """A management review (9.3): inputs gathered from the registers, decisions out of it."""

    class State(models.TextChoices):
        DRAFT = "draft", _("being prepared")
        HELD = "held", _("held")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ems_reviews",
        verbose_name=_("organisation"),
    )
    date = models.DateField(_("date"))
    covers_from = models.DateField(
        _("covers from"), help_text=_("The inputs cover what happened from this day to the review.")
    )
    participants = models.TextField(_("participants"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    decisions = models.TextField(_("decisions"), blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    # The inputs as they were when the review was held (see selectors.review_inputs).
    inputs_snapshot = models.JSONField(
        _("inputs when held"), default=dict, blank=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("management review")
        verbose_name_plural = _("management reviews")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return _("Management review %(date)s") % {
            "date": date_format(self.date, "SHORT_DATE_FORMAT")
        }


class ReviewAction(Register):
    """An action decided in a management review."""

    review = models.ForeignKey(
        ManagementReview, on_delete=models.CASCADE, related_name="actions", verbose_name=_("review")
    )
    description = models.TextField(_("action"))
    due_date = models.DateField(_("due date"), null=True, blank=True)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("review action")
        verbose_name_plural = _("review actions")
        ordering = ["review", "pk"]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def organisation_id(self) -> int:
        return self.review.organisation_id

    @property
    def is_done(self) -> bool:
        return self.done_on is not None


class ReportPublication(models.Model):
    """An environmental report made public for a year, frozen as it was published."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="ems_reports",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    language = models.CharField(_("language"), max_length=5)
    document = models.JSONField(_("document"))
    published_at = models.DateTimeField(_("published"))
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)

    class Meta:
        verbose_name = _("published environmental report")
        verbose_name_plural = _("published environmental reports")
        ordering = ["-year", "language"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "language"], name="ems_report_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} {self.year} ({self.language})"


class CorrectiveActionReminder(models.Model):
    """One reminder of an overdue corrective action: once per recipient and week overdue."""

    nonconformity = models.ForeignKey(
        Nonconformity,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("nonconformity"),
    )
    recipient_email = models.EmailField(_("recipient"))
    sequence = models.PositiveIntegerField(_("weeks overdue"))
    sent_at = models.DateTimeField(_("sent"), auto_now_add=True)

    class Meta:
        verbose_name = _("corrective action reminder")
        verbose_name_plural = _("corrective action reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["nonconformity", "recipient_email", "sequence"],
                name="ems_reminder_once",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.recipient_email} #{self.sequence}"
