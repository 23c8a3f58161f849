"""Decisions (agenda items) and their ex-ante impact assessment (EVA).

An assessment is made against one *version* of its organisation's template:
the template's screening questions, dimensions, guiding questions and scales
are kept as a frozen definition on ``TemplateVersion`` and never edited once
written (``services.template_version_create`` makes a new version instead).
An assessment keeps the version it was started with, so changing the
template never changes a finished assessment — its labels, scale and
dimensions are read from that version for as long as it exists.

Content fields (titles, justifications…) are translated with
django-modeltranslation and kept in history with django-simple-history, both
registered in ``translation.py``.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from strategia.organisations.models import Organisation


def in_language(texts: dict[str, str] | str | None, language: str | None = None) -> str:
    """A template label in the language asked for, falling back to Finnish."""
    if not texts:
        return ""
    if isinstance(texts, str):
        return texts
    language = (language or get_language() or "fi")[:2]
    return texts.get(language) or texts.get("fi") or ""


class AssessmentTemplate(models.Model):
    """An organisation's assessment template; its content lives in its versions."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="assessment_templates",
        verbose_name=_("organisation"),
    )
    slug = models.SlugField(_("identifier"), max_length=100)
    name = models.CharField(_("name"), max_length=200)
    is_default = models.BooleanField(
        _("default"), default=True, help_text=_("New assessments use this template.")
    )

    class Meta:
        verbose_name = _("assessment template")
        verbose_name_plural = _("assessment templates")
        ordering = ["organisation", "-is_default", "slug"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "slug"], name="assessment_template_slug_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class TemplateVersion(models.Model):
    """One frozen version of a template: screening questions, dimensions and scales.

    ``definition`` holds (see ``template_schema.py``)::

        screening:  [{key, label: {fi, sv, en}, help: {…}}]   in THL's order
        dimensions: [{key, label, questions: [{fi, sv, en}], climate: bool}]
        directions: [{key, label, value: -2…2 or null}]       the effect scale
        horizons:   [{key, label}]                            the time horizons
    """

    template = models.ForeignKey(
        AssessmentTemplate,
        on_delete=models.CASCADE,
        related_name="versions",
        verbose_name=_("template"),
    )
    number = models.PositiveIntegerField(_("version"))
    definition = models.JSONField(_("definition"))
    note = models.TextField(_("what changed"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        ordering = ["template", "-number"]
        get_latest_by = "number"
        constraints = [
            models.UniqueConstraint(
                fields=["template", "number"], name="template_version_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.template} v{self.number}"

    @property
    def screening_questions(self) -> list[dict[str, Any]]:
        return list(self.definition.get("screening", []))

    @property
    def dimensions(self) -> list[dict[str, Any]]:
        return list(self.definition.get("dimensions", []))

    @property
    def directions(self) -> list[dict[str, Any]]:
        return list(self.definition.get("directions", []))

    @property
    def horizons(self) -> list[dict[str, Any]]:
        return list(self.definition.get("horizons", []))

    def dimension(self, key: str) -> dict[str, Any] | None:
        return next((d for d in self.dimensions if d["key"] == key), None)

    def direction(self, key: str) -> dict[str, Any] | None:
        return next((d for d in self.directions if d["key"] == key), None)

    def label_of(self, part: str, key: str, language: str | None = None) -> str:
        """The label of a screening question, dimension, direction or horizon by its key."""
        for item in self.definition.get(part, []):
            if item["key"] == key:
                return in_language(item.get("label"), language)
        return key


class DecisionBody(models.TextChoices):
    COUNCIL = "council", _("council")
    BOARD = "board", _("board")
    COMMITTEE = "committee", _("committee")
    OTHER = "other", _("other body")


class Decision(models.Model):
    """An agenda item of a deciding body (päätösasia)."""

    class Status(models.TextChoices):
        IN_PREPARATION = "in_preparation", _("in preparation")
        DECIDED = "decided", _("decided")
        WITHDRAWN = "withdrawn", _("withdrawn")
        RETURNED = "returned", _("returned for preparation")

    class Source(models.TextChoices):
        MANUAL = "manual", _("entered by hand")
        CSV = "csv", _("CSV import")
        FEED = "feed", _("meeting system feed")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("organisation"),
    )
    body_kind = models.CharField(
        _("kind of body"), max_length=20, choices=DecisionBody.choices, default=DecisionBody.BOARD
    )
    body = models.CharField(
        _("deciding body"), max_length=200, help_text=_("For example Kaupunginhallitus.")
    )
    meeting_date = models.DateField(_("meeting date"), null=True, blank=True)
    paragraph = models.CharField(
        _("§ number"), max_length=20, blank=True, help_text=_("For example 45.")
    )
    title = models.CharField(_("title"), max_length=400)
    preparer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prepared_decisions",
        verbose_name=_("preparer"),
    )
    document_url = models.URLField(_("link to the decision document"), max_length=500, blank=True)
    plans = models.ManyToManyField(
        "strategy.Plan", related_name="decisions", blank=True, verbose_name=_("related plans")
    )
    goals = models.ManyToManyField(
        "strategy.Goal", related_name="decisions", blank=True, verbose_name=_("related goals")
    )
    measures = models.ManyToManyField(
        "strategy.Measure",
        related_name="decisions",
        blank=True,
        verbose_name=_("related measures"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.IN_PREPARATION
    )
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL, editable=False
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["-meeting_date", "body", "pk"]
        constraints = [
            # What makes a re-import idempotent: an agenda item is the same
            # item when its link, or its body, meeting and § are the same.
            models.UniqueConstraint(
                fields=["organisation", "document_url"],
                condition=~models.Q(document_url=""),
                name="decision_document_url_unique",
            ),
            models.UniqueConstraint(
                fields=["organisation", "body", "meeting_date", "paragraph"],
                condition=~models.Q(paragraph="") & models.Q(meeting_date__isnull=False),
                name="decision_paragraph_unique",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "meeting_date"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}".strip()

    def get_absolute_url(self) -> str:
        return reverse("assessments_public:decision_detail", kwargs={"pk": self.pk})

    @property
    def reference(self) -> str:
        """How an agenda item is cited: Kaupunginhallitus 2.12.2026 § 45."""
        parts = [self.body]
        if self.meeting_date:
            parts.append(
                f"{self.meeting_date.day}.{self.meeting_date.month}.{self.meeting_date.year}"
            )
        if self.paragraph:
            parts.append(f"§ {self.paragraph}")
        return " ".join(parts)


class ImpactAssessment(models.Model):
    """The ex-ante assessment of one decision: screening, then effects per dimension."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        READY = "ready", _("ready for review")
        REVIEWED = "reviewed", _("reviewed")
        PUBLISHED = "published", _("published")

    decision = models.OneToOneField(
        Decision, on_delete=models.CASCADE, related_name="assessment", verbose_name=_("decision")
    )
    template_version = models.ForeignKey(
        TemplateVersion,
        on_delete=models.PROTECT,
        related_name="assessments",
        verbose_name=_("template version"),
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    # Answers to the template version's screening questions: {key: true/false}.
    screening = models.JSONField(_("screening answers"), default=dict, blank=True)
    screened_at = models.DateTimeField(_("screened"), null=True, blank=True)
    no_assessment_reason = models.TextField(
        _("why no assessment is needed"),
        blank=True,
        help_text=_("Required when no screening question applies."),
    )
    summary = models.TextField(_("summary of the effects"), blank=True)
    preparer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="prepared_assessments",
        verbose_name=_("preparer"),
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_assessments",
        verbose_name=_("reviewer"),
    )
    submitted_at = models.DateTimeField(_("sent for review"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("impact assessment")
        verbose_name_plural = _("impact assessments")
        ordering = ["-decision__meeting_date", "pk"]
        indexes = [models.Index(fields=["state"])]

    def __str__(self) -> str:
        return str(self.decision)

    @property
    def is_screened(self) -> bool:
        return self.screened_at is not None

    @property
    def needs_assessment(self) -> bool:
        """Screened, and at least one screening question applies."""
        return self.is_screened and any(self.screening.values())

    @property
    def is_editable(self) -> bool:
        return self.state == self.State.DRAFT

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED


class DecisionOption(models.Model):
    """One option of the decision (the proposal, an alternative, doing nothing): a column."""

    assessment = models.ForeignKey(
        ImpactAssessment,
        on_delete=models.CASCADE,
        related_name="options",
        verbose_name=_("assessment"),
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    name = models.CharField(_("name"), max_length=200)
    is_proposal = models.BooleanField(_("the proposal"), default=False)

    class Meta:
        verbose_name = _("decision option")
        verbose_name_plural = _("decision options")
        ordering = ["assessment", "order", "pk"]

    def __str__(self) -> str:
        return self.name


class Effect(models.Model):
    """The effect of one option on one dimension of the template version."""

    assessment = models.ForeignKey(
        ImpactAssessment,
        on_delete=models.CASCADE,
        related_name="effects",
        verbose_name=_("assessment"),
    )
    option = models.ForeignKey(
        DecisionOption, on_delete=models.CASCADE, related_name="effects", verbose_name=_("option")
    )
    dimension = models.CharField(_("dimension"), max_length=50)
    direction = models.CharField(_("direction and size"), max_length=30)
    # The direction's value on the scale (-2 … 2; empty for "unknown"), copied
    # from the template version when saved so statistics can count in SQL.
    direction_value = models.SmallIntegerField(_("value on the scale"), null=True, blank=True)
    horizon = models.CharField(_("time horizon"), max_length=30, blank=True)
    groups = models.TextField(_("groups affected"), blank=True)
    justification = models.TextField(_("justification"), blank=True)
    evidence_links = models.TextField(
        _("evidence (links)"), blank=True, help_text=_("One address per line.")
    )
    indicators = models.ManyToManyField(
        "indicators.Indicator",
        related_name="assessment_effects",
        blank=True,
        verbose_name=_("indicators as evidence"),
    )
    mitigation = models.TextField(_("mitigation"), blank=True)
    climate_tco2e = models.DecimalField(
        _("change in emissions (t CO2e/year)"),
        max_digits=12,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Negative when emissions fall; empty when not known."),
    )

    class Meta:
        verbose_name = _("effect")
        verbose_name_plural = _("effects")
        ordering = ["option", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["option", "dimension"], name="effect_one_per_option_dimension"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.option}: {self.dimension}"

    @property
    def evidence_urls(self) -> list[str]:
        return [line.strip() for line in self.evidence_links.splitlines() if line.strip()]


class GoalLink(models.Model):
    """A strategy goal the decision advances or works against."""

    class Relation(models.TextChoices):
        ADVANCES = "advances", _("advances")
        WORKS_AGAINST = "works_against", _("works against")

    assessment = models.ForeignKey(
        ImpactAssessment,
        on_delete=models.CASCADE,
        related_name="goal_links",
        verbose_name=_("assessment"),
    )
    goal = models.ForeignKey(
        "strategy.Goal",
        on_delete=models.CASCADE,
        related_name="assessment_links",
        verbose_name=_("goal"),
    )
    relation = models.CharField(_("relation"), max_length=20, choices=Relation.choices)

    class Meta:
        verbose_name = _("goal of the assessment")
        verbose_name_plural = _("goals of the assessment")
        ordering = ["assessment", "goal__plan", "goal__order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "goal"], name="goal_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.goal}: {self.get_relation_display()}"
