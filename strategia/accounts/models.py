from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)

    def get_by_natural_key(self, username: str) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in. The e-mail address is the sign-in name."""

    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=200, blank=True)
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=5,
        choices=[("fi", "suomi"), ("sv", "svenska"), ("en", "English")],
        default="fi",
    )
    is_staff = models.BooleanField(
        _("staff status"),
        default=False,
        help_text=_("Designates whether the user can sign in to the administration site."),
    )
    is_active = models.BooleanField(_("active"), default=True)
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now)
    is_sample = models.BooleanField(
        _("sample account"),
        default=False,
        editable=False,
        help_text=_("Made by load_demo_data for trying the service; never in production."),
    )

    objects = UserManager()

    EMAIL_FIELD = "email"
    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["email"]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = self.__class__.objects.normalize_email(self.email).lower()

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    """What a person may do in an organisation. Listed from the widest to the narrowest."""

    ADMINISTRATOR = "administrator", _("administrator")
    STRATEGY_OFFICE = "strategy_office", _("strategy office")
    UNIT_MANAGER = "unit_manager", _("unit manager")
    CONTACT_PERSON = "contact_person", _("contact person")
    # Organisation-wide roles for one domain each; what they allow is in rules.py.
    PREPARER = "preparer", _("preparer of decisions")
    ENVIRONMENTAL_COORDINATOR = "environmental_coordinator", _("environmental coordinator")
    MODERATOR = "moderator", _("moderator")
    READER = "reader", _("reader")


class RoleAssignment(models.Model):
    """One role a user holds in one organisation, for unit roles in one unit.

    This is the only source of access: the rules in ``rules.py`` read it, and
    nothing else (no groups, no per-model permissions) grants anything.
    A unit manager manages the unit and all its sub-units.
    """

    user = models.ForeignKey(
        User,
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("user"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="role_assignments",
        verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        "organisations.Unit",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="role_assignments",
        verbose_name=_("unit"),
        help_text=_("Required for a unit manager: the unit whose sub-units are included."),
    )
    is_sample = models.BooleanField(_("sample data"), default=False, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["organisation", "role", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="unit_manager") | models.Q(unit__isnull=False),
                name="role_unit_manager_has_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role", "unit"],
                condition=models.Q(unit__isnull=False),
                name="role_assignment_unique_with_unit",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=models.Q(unit__isnull=True),
                name="role_assignment_unique_without_unit",
            ),
        ]

    def __str__(self) -> str:
        if self.unit_id:
            return f"{self.user} – {self.get_role_display()} ({self.unit})"
        return f"{self.user} – {self.get_role_display()}"

    def save(self, *args, **kwargs) -> None:
        super().save(*args, **kwargs)
        forget_access(self.user)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        forget_access(self.user)
        return result

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        super().clean()
        if self.role == Role.UNIT_MANAGER and not self.unit_id:
            raise ValidationError({"unit": _("A unit manager must have a unit.")})
        if (
            self.unit_id
            and self.organisation_id
            and self.unit.organisation_id != self.organisation_id
        ):
            raise ValidationError({"unit": _("The unit must belong to the same organisation.")})


# The rules cache what a user may do on the user object for the length of a
# request (see ``access.py``); changing a role assignment of that very object
# forgets it, so a test or a service sees the change at once.
ACCESS_CACHE_ATTRIBUTE = "_strategia_access"


def forget_access(user: User | None) -> None:
    if user is not None:
        user.__dict__.pop(ACCESS_CACHE_ATTRIBUTE, None)


class AuditEvent(models.Model):
    """One security-relevant event: who did what, to whom, when and from where.

    Written only by ``audit.record`` — from the services that grant and revoke
    roles, invite and deactivate users, from the two-factor setup, and from
    the sign-in hooks. Never holds a password, token or cookie: ``details``
    carries names and ids only. Kept ``AUDIT_RETENTION_DAYS`` days
    (``manage.py purge_audit_events``); read-only for administrators.
    """

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", _("signed in")
        SIGN_IN_FAILED = "sign_in_failed", _("sign-in failed")
        LOCKED_OUT = "locked_out", _("sign-in locked")
        TWO_FACTOR_ENABLED = "two_factor_enabled", _("two-factor authentication set up")
        ROLE_GRANTED = "role_granted", _("role granted")
        ROLE_REVOKED = "role_revoked", _("role revoked")
        USER_INVITED = "user_invited", _("user invited")
        USER_DEACTIVATED = "user_deactivated", _("user deactivated")

    occurred_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    kind = models.CharField(_("event"), max_length=30, choices=Kind.choices)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events_done",
        verbose_name=_("who"),
    )
    subject = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("account"),
    )
    # The address typed at a failed sign-in, or the account's when it is gone.
    email = models.CharField(_("e-mail address"), max_length=254, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="audit_events",
        verbose_name=_("organisation"),
    )
    client_address = models.GenericIPAddressField(_("from"), null=True, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit trail")
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["organisation", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.get_kind_display()} {self.email}"
