"""Reports made to the council: drafts built live, final ones frozen.

A ``Report`` remembers what was asked (kind, plan, year or period, language,
whether internal content is included). While it is a draft, every preview and
download builds it again from the current data. Making it final stores the
built document as JSON (``snapshot``) and renders every format from that
snapshot once, into ``ReportFile`` rows: the council's version then downloads
byte for byte as it was, whatever changes in the data afterwards.

A final report that includes no internal content can be published: it is
then listed on the public site by plan and year.
"""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from strategia.organisations.models import Organisation
from strategia.strategy.models import Plan


class Format(models.TextChoices):
    HTML = "html", "HTML"
    PDF = "pdf", "PDF"
    DOCX = "docx", _("Word (DOCX)")
    XLSX = "xlsx", _("Excel (XLSX)")


class Report(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        FINAL = "final", _("final")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="reports",
        verbose_name=_("organisation"),
    )
    kind = models.CharField(_("kind"), max_length=40)
    plan = models.ForeignKey(
        Plan, on_delete=models.PROTECT, related_name="reports", verbose_name=_("plan")
    )
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    period = models.ForeignKey(
        "monitoring.ReportingPeriod",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("reporting period"),
    )
    language = models.CharField(
        _("language"),
        max_length=5,
        choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")],
        default="fi",
    )
    internal = models.BooleanField(
        _("includes internal content"),
        default=False,
        help_text=_("Internal measures and indicators are included; never published."),
    )
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.DRAFT)
    title = models.CharField(_("title"), max_length=300, blank=True)
    snapshot = models.JSONField(_("frozen content"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    finalised_at = models.DateTimeField(_("made final"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("made final by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-year", "-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="draft") | models.Q(snapshot__isnull=True),
                name="report_draft_has_no_snapshot",
            ),
            models.CheckConstraint(
                condition=models.Q(published_at__isnull=True)
                | (models.Q(state="final") & models.Q(internal=False)),
                name="report_published_only_final_public",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "published_at"])]

    def __str__(self) -> str:
        return self.title or f"{self.kind} {self.year or ''}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", kwargs={"pk": self.pk})

    @property
    def is_final(self) -> bool:
        return self.state == self.State.FINAL

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class ReportFile(models.Model):
    """One rendered format of a final report, kept byte for byte."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="files", verbose_name=_("report")
    )
    format = models.CharField(_("format"), max_length=5, choices=Format.choices)
    content = models.BinaryField(_("content"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveIntegerField(_("size (bytes)"))

    class Meta:
        verbose_name = _("report file")
        verbose_name_plural = _("report files")
        ordering = ["report", "format"]
        constraints = [
            models.UniqueConstraint(fields=["report", "format"], name="report_file_once"),
        ]

    def __str__(self) -> str:
        return f"{self.report} ({self.format})"
