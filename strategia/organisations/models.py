from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from strategia.core.links import content_url


class Organisation(models.Model):
    """A municipality. All content belongs to exactly one organisation."""

    slug = models.SlugField(_("identifier"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    municipality_code = models.CharField(
        _("municipality code"),
        max_length=3,
        blank=True,
        help_text=_("Statistics Finland's three-digit municipality code, e.g. 240 for Kemi."),
    )
    hostnames = models.CharField(
        _("host names"),
        max_length=500,
        blank=True,
        help_text=_("Comma-separated host names whose requests show this organisation's site."),
    )

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def hostname_list(self) -> list[str]:
        return [h.strip().lower() for h in self.hostnames.split(",") if h.strip()]


class Unit(models.Model):
    """A node of the organisation tree: division (toimiala), area, unit."""

    class Kind(models.TextChoices):
        DIVISION = "division", _("division")
        AREA = "area", _("responsibility area")
        UNIT = "unit", _("unit")
        BODY = "body", _("governing body")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="units", verbose_name=_("organisation")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    slug = models.SlugField(_("identifier"), max_length=80)
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.UNIT)
    governing_body = models.CharField(
        _("governing body"),
        max_length=200,
        blank=True,
        help_text=_("The committee (lautakunta) that approves this unit's operating plan."),
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    # Optimistic locking (core.locking): raised by one on every saved change.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="unit_slug_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return content_url("public:unit_detail", slug=self.slug)


class Person(models.Model):
    """A named person of the organisation, e.g. a measure's contact person.

    A person need not have a user account; linking one lets them sign in and
    see their own work.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="people",
        verbose_name=_("organisation"),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    title = models.CharField(_("title"), max_length=200, blank=True)
    email = models.EmailField(_("e-mail address"), blank=True)
    unit = models.ForeignKey(
        Unit,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("unit"),
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    # Optimistic locking (core.locking): raised by one on every saved change.
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"
