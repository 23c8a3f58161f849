"""Indicators: time series with their observations, targets and import audit trail.

An *indicator* is one statistic the organisation follows (e.g. "the share of
25–64-year-olds with a higher-education degree"). Its *observations* are the
values per area (a municipality code such as ``240``; Finland is ``SSS``),
period and dimension values (sex, age group, sector…). Dimensions are data, not
columns: ``dimensions`` holds ``{"sex": "female"}`` and ``dimensions_key`` holds
its canonical string form (``sex=female``) so that the unique key of an
observation is four plain columns that an ``INSERT … ON CONFLICT`` can use.

Observations are written only by ``services.observations_write`` (imports,
fetches, manual entry, sample content), in bulk (``importers/writer.py``);
their previous values go to ``ObservationRevision`` in the same set-based
statements, not through django-simple-history, which would cost one query
per row. A check constraint refuses non-finite values in the database itself.

Scale: one city has a few thousand observations; a national service would hold
hundreds of millions. The observation table is therefore narrow and has one
secondary index, the unique key (indicator, area, dimensions_key, period). It
is also the series index: a series is read by (indicator, area,
dimensions_key) in period order, and canonical periods of one resolution sort
as their ``period_start`` dates do (``2023`` < ``2024``, ``2023Q4`` <
``2024Q1``, ``2023M09`` < ``2023M10``, ISO dates), and an indicator has one
resolution. A second index on ``period_start`` measured 30 % slower imports.

The observation and revision tables keep their foreign keys in Django (with
ORM cascades) but not as database constraints: PostgreSQL checks a foreign key
with one trigger query per inserted row, which took more time than the rest of
a million-row import together. Only that one writer writes these tables,
and it resolves every indicator id from the database inside the same
transaction. Partitioning the observation table later (``PARTITION BY HASH
(indicator_id)``) needs ``indicator_id`` in the primary key; nothing refers to
an observation by id except the revision table, so that change stays local.
"""

import sys

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from strategia.organisations.models import Organisation, Person, Unit
from strategia.strategy.models import Goal, Measure, Visibility

FINLAND_AREA = "SSS"
# The largest finite float: the database refuses anything beyond it (infinities, NaN).
FLOAT_MAX = sys.float_info.max


def finite_or_null(field: str) -> models.Q:
    """``field`` is empty or a finite number; NaN fails both comparisons on PostgreSQL."""
    return models.Q(**{f"{field}__isnull": True}) | models.Q(
        **{f"{field}__gte": -FLOAT_MAX, f"{field}__lte": FLOAT_MAX}
    )


class Polarity(models.TextChoices):
    HIGHER_IS_BETTER = "higher_is_better", _("higher is better")
    LOWER_IS_BETTER = "lower_is_better", _("lower is better")
    NEUTRAL = "neutral", _("neutral")


class TimeResolution(models.TextChoices):
    YEAR = "year", _("year")
    QUARTER = "quarter", _("quarter")
    MONTH = "month", _("month")
    DATE = "date", _("date")


class Source(models.TextChoices):
    MANUAL = "manual", _("entered by hand")
    SOTKANET = "sotkanet", _("THL Sotkanet")
    PXWEB = "pxweb", _("Statistics Finland (PxWeb)")
    SYKE = "syke", _("SYKE greenhouse-gas emissions")
    FILE = "file", _("file import")


class ExpectedEffect(models.TextChoices):
    INCREASES = "increases", _("increases")
    DECREASES = "decreases", _("decreases")


class ObservationStatus(models.TextChoices):
    OK = "", _("final")
    PRELIMINARY = "preliminary", _("preliminary")
    CONFIDENTIAL = "confidential", _("confidential")
    MISSING = "missing", _("missing")


class Indicator(models.Model):
    """A time series the organisation follows (mittari, indikaattori).

    ``source_reference`` says where the values come from, per ``source``:

    * sotkanet: ``{"indicator": 127}`` — Sotkanet's indicator id; optional
      ``"gender": "total"`` to import one sex only.
    * pxweb: ``{"table": "StatFin/vaerak/11ra.px", "api": "v1",
      "selection": {"alue_23_20260101": ["KU240"], "timeperiod_y": ["*"],
      "contentscode": ["kokmuutos"]}, "area_dimension": "alue_23_20260101",
      "period_dimension": "timeperiod_y", "indicator_dimension": "contentscode",
      "indicator_code": "kokmuutos", "dimensions": {"sukupuoli": "sex"}}`` —
      what to ask for by variable code (``fetch.py``; ``"api": "v2"`` with
      ``"table_id"`` for PxWebApi 2.0; an old ``"query"`` POST body still
      works), which JSON-stat dimension is the area, the period and the
      indicator selector, and which remaining dimensions become dimension
      values (under which name; ``importers/jsonstat2.py``).
    * syke: ``{"method": "hinku" | "stat", "sector_level": 1,
      "include_emissions_trading": false, "include_credits": false}``
      (see ``importers/syke.py``).

    ``is_forecast`` allows periods further ahead than next year: an import
    refuses them for every other indicator, as a typing or unit error.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("organisation"),
    )
    slug = models.SlugField(_("identifier"), max_length=100)
    name = models.CharField(_("name"), max_length=300)
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_("Shown to the public: what the indicator tells and why it is followed."),
    )
    # Staff only, never on the public site or in the open API: how the data is fetched,
    # what still needs checking. Not translated: a working note for the people who keep it.
    internal_notes = models.TextField(
        _("internal notes"),
        blank=True,
        help_text=_(
            "Shown only to signed-in staff: data questions, fetch set-up, things to check. "
            "Never shown on the public site."
        ),
    )
    unit = models.CharField(
        _("unit"), max_length=50, blank=True, help_text=_("For example %, persons or kt CO2e.")
    )
    decimals = models.PositiveSmallIntegerField(_("decimals"), default=1)
    polarity = models.CharField(
        _("polarity"), max_length=20, choices=Polarity.choices, default=Polarity.HIGHER_IS_BETTER
    )
    time_resolution = models.CharField(
        _("time resolution"),
        max_length=10,
        choices=TimeResolution.choices,
        default=TimeResolution.YEAR,
    )
    is_forecast = models.BooleanField(
        _("forecast"),
        default=False,
        help_text=_(
            "A projection: its values may be for periods further ahead than next year, "
            "which are refused for other indicators."
        ),
    )
    source = models.CharField(
        _("source"), max_length=20, choices=Source.choices, default=Source.MANUAL
    )
    source_reference = models.JSONField(
        _("source reference"),
        default=dict,
        blank=True,
        help_text=_("Where the values come from: Sotkanet id, PxWeb table and query, SYKE method."),
    )
    licence = models.CharField(_("licence"), max_length=200, blank=True)
    citation = models.TextField(
        _("citation"), blank=True, help_text=_("How the source asks to be cited.")
    )
    responsible_unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("responsible unit"),
    )
    contact_person = models.ForeignKey(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("contact person"),
    )
    goals = models.ManyToManyField(
        Goal,
        through="IndicatorGoal",
        related_name="indicators",
        blank=True,
        verbose_name=_("goals"),
    )
    measures = models.ManyToManyField(
        Measure,
        through="IndicatorMeasure",
        related_name="indicators",
        blank=True,
        verbose_name=_("measures"),
    )
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    # Optimistic locking (core.locking): raised by one on every saved change.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["order", "name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="indicator_slug_unique"),
        ]
        indexes = [models.Index(fields=["organisation", "visibility", "source"])]

    def __str__(self) -> str:
        return self.name

    @property
    def is_public(self) -> bool:
        return self.visibility == Visibility.PUBLIC

    @property
    def default_area(self) -> str:
        """The area the indicator is about unless told otherwise: the municipality."""
        return self.organisation.municipality_code or FINLAND_AREA


class IndicatorGoal(models.Model):
    """An indicator that tells whether a goal is being reached."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="goal_links", verbose_name=_("indicator")
    )
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="indicator_links", verbose_name=_("goal")
    )
    expected_effect = models.CharField(
        _("expected effect"), max_length=10, choices=ExpectedEffect.choices, blank=True
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator of a goal")
        verbose_name_plural = _("indicators of goals")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "goal"], name="indicator_goal_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.goal} – {self.indicator}"


class IndicatorMeasure(models.Model):
    """An indicator a measure is expected to move, and in which direction."""

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="measure_links",
        verbose_name=_("indicator"),
    )
    measure = models.ForeignKey(
        Measure, on_delete=models.CASCADE, related_name="indicator_links", verbose_name=_("measure")
    )
    expected_effect = models.CharField(
        _("expected effect"), max_length=10, choices=ExpectedEffect.choices, blank=True
    )
    order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("indicator of a measure")
        verbose_name_plural = _("indicators of measures")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measure"], name="indicator_measure_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.measure} – {self.indicator}"


class ImportRun(models.Model):
    """The audit trail of one import: who, what, when, from which file, with what result.

    Only imports that wrote are kept: a failed import and a dry run roll back
    with everything else (a dry run returns its unsaved run, ``dry_run`` set,
    with the counts it would have had).
    """

    class Trigger(models.TextChoices):
        COMMAND = "command", _("management command")
        FETCH = "fetch", _("scheduled fetch")
        MANUAL = "manual", _("entered by hand")
        CONTENT = "content", _("default or sample content")

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicator_import_runs",
        verbose_name=_("organisation"),
    )
    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_runs",
        verbose_name=_("indicator"),
        help_text=_("Empty when the file held several indicators."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="indicator_import_runs",
        verbose_name=_("user"),
    )
    trigger = models.CharField(
        _("started by"), max_length=10, choices=Trigger.choices, default=Trigger.COMMAND
    )
    format = models.CharField(_("format"), max_length=20)
    file_name = models.CharField(_("file name"), max_length=500, blank=True)
    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    dry_run = models.BooleanField(_("dry run"), default=False)
    rows_read = models.PositiveIntegerField(_("rows read"), default=0)
    created_count = models.PositiveIntegerField(_("created"), default=0)
    updated_count = models.PositiveIntegerField(_("updated"), default=0)
    unchanged_count = models.PositiveIntegerField(_("unchanged"), default=0)
    details = models.JSONField(
        _("details"), default=dict, blank=True, help_text=_("Counts per indicator.")
    )

    class Meta:
        verbose_name = _("import run")
        verbose_name_plural = _("import runs")
        ordering = ["-started_at", "-pk"]
        get_latest_by = "started_at"

    def __str__(self) -> str:
        return f"{self.format} {self.file_name} {self.started_at:%Y-%m-%d %H:%M}"


class Observation(models.Model):
    """One value of an indicator for an area, a period and dimension values (havainto).

    ``period`` is canonical per time resolution — ``2023``, ``2023Q1``,
    ``2023M01`` or ``2023-01-15`` — and ``period_start`` is its first day, for
    ordering and trends. ``value`` is empty when the source withholds it
    (status confidential or missing). ``fetched_at`` is when the current value
    arrived: a re-import that finds the same value leaves the row alone (the
    ``ImportRun`` records that it was seen).
    """

    indicator = models.ForeignKey(
        Indicator,
        on_delete=models.CASCADE,
        related_name="observations",
        verbose_name=_("indicator"),
        # The unique key's index starts with indicator_id; no constraint: see the module doc.
        db_index=False,
        db_constraint=False,
    )
    area = models.CharField(
        _("area"), max_length=20, help_text=_("Municipality code, e.g. 240; Finland is SSS.")
    )
    period = models.CharField(_("period"), max_length=10)
    period_start = models.DateField(_("start of the period"))
    dimensions = models.JSONField(_("dimensions"), default=dict, blank=True)
    dimensions_key = models.CharField(
        _("dimensions key"), max_length=255, blank=True, default="", editable=False
    )
    value = models.FloatField(_("value"), null=True, blank=True)
    absolute_value = models.FloatField(_("absolute value"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ObservationStatus.choices, blank=True, default=""
    )
    fetched_at = models.DateTimeField(_("fetched"))
    import_run = models.ForeignKey(
        ImportRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last changed by import"),
        db_index=False,
        db_constraint=False,
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["indicator", "area", "dimensions_key", "period"]
        constraints = [
            # Also the series index (see the module doc), hence the column order.
            models.UniqueConstraint(
                fields=["indicator", "area", "dimensions_key", "period"],
                name="observation_key_unique",
            ),
            # The last line of defence behind the importers' own check: a
            # non-finite value would make every trend and chart meaningless.
            models.CheckConstraint(
                condition=finite_or_null("value"), name="observation_value_finite"
            ),
            models.CheckConstraint(
                condition=finite_or_null("absolute_value"),
                name="observation_absolute_value_finite",
            ),
        ]
        indexes = [
            # The sample-data notice asks on every page whether any observation is
            # sample data: an index of the (few) sample rows answers at once.
            models.Index(
                fields=["indicator"], condition=models.Q(is_sample=True), name="observation_sample"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.area} {self.period} {self.dimensions_key}"


class ObservationRevision(models.Model):
    """The value an observation had before an import changed it."""

    observation = models.ForeignKey(
        Observation,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("observation"),
        db_constraint=False,
    )
    value = models.FloatField(_("previous value"), null=True, blank=True)
    absolute_value = models.FloatField(_("previous absolute value"), null=True, blank=True)
    status = models.CharField(
        _("previous status"),
        max_length=12,
        choices=ObservationStatus.choices,
        blank=True,
        default="",
    )
    fetched_at = models.DateTimeField(_("previously fetched"), null=True, blank=True)
    changed_at = models.DateTimeField(_("changed"))
    import_run = models.ForeignKey(
        ImportRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="revisions",
        verbose_name=_("import"),
        db_constraint=False,
    )

    class Meta:
        verbose_name = _("observation revision")
        verbose_name_plural = _("observation revisions")
        ordering = ["observation", "-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.observation_id} @ {self.changed_at:%Y-%m-%d %H:%M}"


class Target(models.Model):
    """A value the organisation wants an indicator to reach by a year (tavoitearvo)."""

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="targets", verbose_name=_("indicator")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.FloatField(_("value"))
    area = models.CharField(
        _("area"),
        max_length=20,
        blank=True,
        help_text=_("Empty means the organisation's own municipality."),
    )
    note = models.TextField(_("note"), blank=True)
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    # Optimistic locking (core.locking): raised by one on every saved change.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "year"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "area", "year"], name="target_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year}: {self.value}"
