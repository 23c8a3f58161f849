"""Budget targets and operating plans: how the strategy reaches the budget.

A *budget target* (sitova / ei-sitova toiminnallinen tavoite) is what the
council sets a committee or unit for one budget year: the target text, the
strategy goal it serves, the indicator and value that measure it, the
appropriation, and after the year the outcome and whether it was achieved
(Kuntalaki 410/2015 §110 and §115). An *operating plan* (käyttösuunnitelma)
is a unit's plan for one year: which measures it carries out, with what
resources, for which budget targets, approved by its governing body.

Both keep their history (django-simple-history, registered in
``translation.py``) and a ``version`` for optimistic locking, as status
updates do: the services claim the next version with one conditional UPDATE
so that a stale form is refused instead of overwriting.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from strategia.indicators.models import Indicator
from strategia.organisations.models import Organisation, Unit
from strategia.strategy.models import Goal, Measure


class Achievement(models.TextChoices):
    YES = "yes", pgettext_lazy("target achieved", "achieved")
    PARTLY = "partly", pgettext_lazy("target achieved", "partly achieved")
    NO = "no", pgettext_lazy("target achieved", "not achieved")
    NOT_ASSESSED = "not_assessed", pgettext_lazy("target achieved", "not assessed")


class BudgetTarget(models.Model):
    """An operational target of the budget for one year and one committee or unit."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="budget_targets",
        verbose_name=_("organisation"),
    )
    year = models.PositiveSmallIntegerField(_("budget year"))
    identifier = models.CharField(
        _("identifier"),
        max_length=40,
        help_text=_("A short code, unique in the budget year, e.g. SIV-1."),
    )
    unit = models.ForeignKey(
        Unit,
        on_delete=models.PROTECT,
        related_name="budget_targets",
        verbose_name=_("committee or unit"),
    )
    binding = models.BooleanField(
        _("binding"), default=True, help_text=_("Binding on the committee as the council set it.")
    )
    text = models.TextField(_("target"))
    goal = models.ForeignKey(
        Goal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_targets",
        verbose_name=_("strategy goal"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="budget_targets",
        verbose_name=_("indicator"),
    )
    target_value = models.FloatField(_("target value"), null=True, blank=True)
    appropriation_gross = models.DecimalField(
        _("appropriation, gross (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    appropriation_net = models.DecimalField(
        _("appropriation, net (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    outcome = models.TextField(
        _("outcome"), blank=True, help_text=_("What was achieved in the year.")
    )
    outcome_net = models.DecimalField(
        _("outcome, net (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    achieved = models.CharField(
        _("achieved"), max_length=15, choices=Achievement.choices, default=Achievement.NOT_ASSESSED
    )
    explanation = models.TextField(_("explanation"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("budget target")
        verbose_name_plural = _("budget targets")
        ordering = ["year", "order", "identifier"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "year", "identifier"], name="budget_target_identifier"
            ),
        ]
        indexes = [models.Index(fields=["organisation", "year", "unit"])]

    def __str__(self) -> str:
        return f"{self.year} {self.identifier}"


class OperatingPlan(models.Model):
    """A unit's operating plan for one year (käyttösuunnitelma)."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="operating_plans",
        verbose_name=_("organisation"),
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="operating_plans", verbose_name=_("unit")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    approved_by = models.CharField(
        _("approved by"), max_length=200, blank=True, help_text=_("The governing body.")
    )
    approval_date = models.DateField(_("approval date"), null=True, blank=True)
    approval_paragraph = models.CharField(
        _("decision paragraph"), max_length=40, blank=True, help_text=_("For example § 45.")
    )
    budget_targets = models.ManyToManyField(
        BudgetTarget,
        related_name="operating_plans",
        blank=True,
        verbose_name=_("budget targets"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("operating plan")
        verbose_name_plural = _("operating plans")
        ordering = ["year", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "year"], name="operating_plan_unit_year"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    @property
    def is_approved(self) -> bool:
        return self.approval_date is not None


class OperatingPlanMeasure(models.Model):
    """A measure in an operating plan, with the resources the unit gives it that year."""

    operating_plan = models.ForeignKey(
        OperatingPlan,
        on_delete=models.CASCADE,
        related_name="lines",
        verbose_name=_("operating plan"),
    )
    measure = models.ForeignKey(
        Measure,
        on_delete=models.CASCADE,
        related_name="operating_plan_lines",
        verbose_name=_("measure"),
    )
    resources = models.TextField(
        _("resources"), blank=True, help_text=_("People, work time, purchases…")
    )
    appropriation = models.DecimalField(
        _("appropriation (€)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("measure of an operating plan")
        verbose_name_plural = _("measures of operating plans")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["operating_plan", "measure"], name="operating_plan_measure_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.operating_plan} – {self.measure}"
