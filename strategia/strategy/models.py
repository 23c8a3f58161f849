"""The strategy core: plans, their goal trees and measures.

Status updates of measures belong to the monitoring cycle
(``strategia.monitoring.models.StatusUpdate``); a measure's status and progress
are copied from its latest published update there and are not edited here.

Content fields (names, descriptions, narratives) are translated with
django-modeltranslation (see ``translation.py``): each has ``_fi``, ``_sv`` and
``_en`` columns, Finnish required, the others falling back to Finnish.
Every change is kept by django-simple-history (registered in
``translation.py`` so that the history tables carry the translated columns).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strategia.core.links import content_url
from strategia.organisations.models import Organisation, Person, Unit


class Visibility(models.TextChoices):
    PUBLIC = "public", _("public")
    INTERNAL = "internal", _("internal")


class MeasureStatus(models.TextChoices):
    # In context: an indicator's judgement has an "on track" of its own.
    NOT_STARTED = "not_started", pgettext_lazy("measure status", "not started")
    ON_TRACK = "on_track", pgettext_lazy("measure status", "on track")
    DELAYED = "delayed", pgettext_lazy("measure status", "delayed")
    AT_RISK = "at_risk", pgettext_lazy("measure status", "at risk")
    COMPLETED = "completed", pgettext_lazy("measure status", "completed")
    CANCELLED = "cancelled", pgettext_lazy("measure status", "cancelled")


class CouncilTheme(models.TextChoices):
    """The contents a municipal strategy must take into account (Kuntalaki 410/2015 §37)."""

    WELLBEING = "wellbeing", _("promoting residents' wellbeing")
    SERVICES = "services", _("organising and producing services")
    SERVICE_TARGETS = "service_targets", _("statutory service targets")
    OWNERSHIP = "ownership", _("ownership policy")
    PERSONNEL = "personnel", _("personnel policy")
    PARTICIPATION = "participation", _("residents' participation and influence")
    VITALITY = "vitality", _("living environment and the vitality of the area")


class Plan(models.Model):
    """A strategy, programme, policy or wellbeing plan."""

    class Kind(models.TextChoices):
        STRATEGY = "strategy", _("strategy")
        PROGRAMME = "programme", _("programme")
        POLICY = "policy", _("policy")
        WELLBEING_PLAN = "wellbeing_plan", _("wellbeing plan")
        WELLBEING_REPORT = "wellbeing_report", _("wellbeing report")
        OTHER = "other", _("other plan")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="plans", verbose_name=_("organisation")
    )
    slug = models.SlugField(_("identifier"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    description = models.TextField(_("description"), blank=True)
    monitoring = models.TextField(
        _("monitoring"), blank=True, help_text=_("How the plan is monitored and reported.")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent plan"),
    )
    start_year = models.PositiveSmallIntegerField(_("first year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("last year"), null=True, blank=True)
    approving_body = models.CharField(_("approving body"), max_length=200, blank=True)
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    decision_paragraph = models.CharField(
        _("decision paragraph"), max_length=40, blank=True, help_text=_("For example § 45.")
    )
    owner_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_plans",
        verbose_name=_("owner unit"),
    )
    document_url = models.URLField(_("link to the full document"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    # Optimistic locking (core.locking): raised by one on every saved change.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="plan_slug_unique"),
            models.CheckConstraint(
                condition=models.Q(start_year__isnull=True)
                | models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="plan_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return content_url("public:plan_detail", slug=self.slug)

    @property
    def is_ended(self) -> bool:
        """The plan's period is over: its last year is before this one."""
        return self.end_year is not None and self.end_year < timezone.localdate().year

    @property
    def period_label(self) -> str:
        if self.start_year and self.end_year:
            return f"{self.start_year}–{self.end_year}"
        if self.start_year:
            return f"{self.start_year}–"
        return ""


class Goal(models.Model):
    """A node of a plan's goal tree: mission, vision, goal or sub-goal."""

    class Kind(models.TextChoices):
        MISSION = "mission", _("mission")
        VISION = "vision", _("vision")
        GOAL = "goal", _("goal")
        SUB_GOAL = "sub_goal", _("sub-goal")

    plan = models.ForeignKey(
        Plan, on_delete=models.CASCADE, related_name="goals", verbose_name=_("plan")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent goal"),
    )
    slug = models.SlugField(_("identifier"), max_length=100)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.GOAL)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    themes = models.JSONField(
        _("Kuntalaki §37 themes"),
        default=list,
        blank=True,
        help_text=_("The statutory strategy contents this goal addresses."),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    # Optimistic locking (core.locking): raised by one on every saved change.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("goal")
        verbose_name_plural = _("goals")
        ordering = ["plan", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="goal_slug_unique_in_plan"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return content_url("public:goal_detail", plan_slug=self.plan.slug, slug=self.slug)

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        unknown = set(self.themes or []) - set(CouncilTheme.values)
        if unknown:
            raise ValidationError({"themes": _("Unknown theme: %s") % ", ".join(sorted(unknown))})
        if self.parent_id and self.parent and self.parent.plan_id != self.plan_id:
            raise ValidationError({"parent": _("The parent goal must belong to the same plan.")})

    @property
    def theme_labels(self) -> list[str]:
        labels = dict(CouncilTheme.choices)
        return [labels[t] for t in self.themes or [] if t in labels]


class Measure(models.Model):
    """Something the organisation does to reach its goals (toimenpide)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="measures",
        verbose_name=_("organisation"),
    )
    identifier = models.CharField(
        _("identifier"), max_length=40, help_text=_("A short code, unique in the organisation.")
    )
    slug = models.SlugField(_("address name"), max_length=120)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    goals = models.ManyToManyField(
        Goal, related_name="measures", blank=True, verbose_name=_("goals served")
    )
    responsible_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measures",
        verbose_name=_("responsible unit"),
    )
    collaborating_units = models.ManyToManyField(
        Unit,
        related_name="collaborating_measures",
        blank=True,
        verbose_name=_("collaborating units"),
    )
    contact_persons = models.ManyToManyField(
        Person, related_name="measures", blank=True, verbose_name=_("contact persons")
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    # Status and progress are those of the measure's latest published status
    # update, copied there when an update is published (monitoring.services);
    # no form edits them, so the public page can't contradict its latest update.
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=MeasureStatus.choices,
        default=MeasureStatus.NOT_STARTED,
        editable=False,
    )
    progress = models.PositiveSmallIntegerField(
        _("progress (%)"),
        null=True,
        blank=True,
        editable=False,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    cost_estimate = models.DecimalField(
        _("cost estimate (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    budget_reference = models.CharField(
        _("budget reference"),
        max_length=200,
        blank=True,
        help_text=_("The budget item or operating plan that finances the measure."),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic locking: every saved change through the services raises the
    # version by one with a conditional UPDATE; a form loaded at an older
    # version is refused instead of silently overwriting (core.locking).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["order", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "identifier"], name="measure_identifier_unique"
            ),
            models.UniqueConstraint(fields=["organisation", "slug"], name="measure_slug_unique"),
            models.CheckConstraint(
                condition=models.Q(progress__isnull=True) | models.Q(progress__lte=100),
                name="measure_progress_at_most_100",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="measure_schedule_ordered",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "visibility", "status"])]

    def __str__(self) -> str:
        return f"{self.identifier} {self.name}"

    def get_absolute_url(self) -> str:
        return content_url("public:measure_detail", slug=self.slug)

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC
