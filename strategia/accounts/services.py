"""Writes about users and their roles. Each checks the rules itself.

A unit manager manages users within their unit (and its sub-units) and may
hand out only roles bound to those units — unit manager and contact person —
never organisation-wide ones (administrator, strategy office, reader), which
only administrators grant.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from strategia.organisations.models import Organisation, Unit

from . import audit
from .models import AuditEvent, Role, RoleAssignment, User, forget_access
from .selectors import has_ties_elsewhere, users_managed_by

UNIT_ROLES = (Role.UNIT_MANAGER, Role.CONTACT_PERSON)
ORGANISATION_ROLES = (
    Role.ADMINISTRATOR,
    Role.STRATEGY_OFFICE,
    Role.PREPARER,
    Role.ENVIRONMENTAL_COORDINATOR,
    Role.MODERATOR,
    Role.READER,
)


def grantable_roles(*, actor: User, organisation: Organisation) -> list[str]:
    """The roles the actor may hand out in the organisation."""
    if actor.has_perm("accounts.manage_users", organisation):
        return list(Role.values)
    if actor.has_perm("accounts.manage_unit_users"):
        return list(UNIT_ROLES)
    return []


def _check_may_grant(
    *, actor: User, organisation: Organisation, role: str, unit: Unit | None
) -> None:
    if role not in Role.values:
        raise ValidationError({"role": _("Unknown role.")})
    if unit is not None and unit.organisation_id != organisation.pk:
        raise ValidationError({"unit": _("The unit must belong to the same organisation.")})
    if role == Role.UNIT_MANAGER and unit is None:
        raise ValidationError({"unit": _("A unit manager must have a unit.")})
    if actor.has_perm("accounts.manage_users", organisation):
        return
    # Unit managers: only unit roles, only in their units.
    if role not in UNIT_ROLES:
        raise PermissionDenied(_("Only an administrator can grant this role."))
    if unit is None or not actor.has_perm("accounts.manage_unit_users", unit):
        raise PermissionDenied(_("You can grant roles only within your own units."))


def _check_may_manage_user(*, actor: User, user: User, organisation: Organisation) -> None:
    if actor.pk == user.pk:
        raise PermissionDenied(_("You cannot change your own access."))
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDenied
    if not users_managed_by(actor, organisation).filter(pk=user.pk).exists():
        raise PermissionDenied(_("This user is not within your units."))


@transaction.atomic
def role_assign(
    *, actor: User, user: User, organisation: Organisation, role: str, unit: Unit | None = None
) -> RoleAssignment:
    """Give a user a role (idempotent: an existing identical assignment is returned)."""
    _check_may_grant(actor=actor, organisation=organisation, role=role, unit=unit)
    if actor.pk == user.pk and not actor.is_superuser:
        raise PermissionDenied(_("You cannot change your own access."))
    if user.is_superuser and not actor.is_superuser:
        raise PermissionDenied
    if not actor.is_superuser and has_ties_elsewhere(user, organisation):
        raise ValidationError(
            {
                "email": _(
                    "This account belongs to another organisation, so it cannot be given a "
                    "role here. Invite the person with an address of this organisation."
                )
            }
        )
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, organisation=organisation, role=role, unit=unit
    )
    forget_access(user)
    if created:
        audit.record(
            AuditEvent.Kind.ROLE_GRANTED,
            actor=actor,
            subject=user,
            organisation=organisation,
            details=_role_details(assignment),
        )
    return assignment


def _role_details(assignment: RoleAssignment) -> dict:
    details = {"role": assignment.role}
    if assignment.unit_id:
        details.update(unit_id=assignment.unit_id, unit=str(assignment.unit))
    return details


@transaction.atomic
def role_revoke(*, actor: User, assignment: RoleAssignment) -> None:
    _check_may_grant(
        actor=actor,
        organisation=assignment.organisation,
        role=assignment.role,
        unit=assignment.unit,
    )
    if actor.pk == assignment.user_id:
        raise PermissionDenied(_("You cannot change your own access."))
    audit.record(
        AuditEvent.Kind.ROLE_REVOKED,
        actor=actor,
        subject=assignment.user,
        organisation=assignment.organisation,
        details=_role_details(assignment),
    )
    assignment.delete()


@transaction.atomic
def user_deactivate(*, actor: User, user: User, organisation: Organisation) -> User:
    """Deactivate a user: they can no longer sign in and every rule denies them.

    Users are never deleted: their name stays on the updates they wrote.
    """
    _check_may_manage_user(actor=actor, user=user, organisation=organisation)
    user.is_active = False
    user.save(update_fields=["is_active"])
    forget_access(user)
    audit.record(
        AuditEvent.Kind.USER_DEACTIVATED, actor=actor, subject=user, organisation=organisation
    )
    return user


@transaction.atomic
def user_invite(
    *,
    actor: User,
    organisation: Organisation,
    email: str,
    role: str,
    unit: Unit | None = None,
    full_name: str = "",
    preferred_language: str = "fi",
    is_staff: bool = False,
) -> User:
    """Create a user with a role and e-mail them a link to choose a password.

    If the address already has an account, the role is added to it and no
    mail is sent (they already have a password).
    """
    _check_may_grant(actor=actor, organisation=organisation, role=role, unit=unit)
    email = User.objects.normalize_email(email).lower()
    if is_staff and not actor.has_perm("accounts.manage_users", organisation):
        raise PermissionDenied(_("Only an administrator can give access to the admin site."))
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            email=email,
            password=None,
            full_name=full_name,
            preferred_language=preferred_language,
            is_staff=is_staff,
        )
    elif not user.is_active:
        raise ValidationError({"email": _("This account has been deactivated.")})
    role_assign(actor=actor, user=user, organisation=organisation, role=role, unit=unit)
    audit.record(
        AuditEvent.Kind.USER_INVITED,
        actor=actor,
        subject=user,
        organisation=organisation,
        details={"role": role, "new_account": created, "is_staff": is_staff},
    )
    if created:
        user_send_set_password_mail(user=user, organisation=organisation, invited_by=actor)
    return user


def password_link(*, uid: str, token: str, language: str) -> str:
    """The absolute address of a choose-a-password link, on ``SITE_BASE_URL``."""
    with translation.override(language):
        path = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    return settings.SITE_BASE_URL.rstrip("/") + path


def set_password_url(*, user: User) -> str:
    """An absolute one-time link to choose a password, in the user's language."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return password_link(uid=uid, token=token, language=user.preferred_language)


def user_send_set_password_mail(
    *, user: User, organisation: Organisation, invited_by: User | None = None
) -> None:
    """The invitation mail: plain text and HTML, in the invitee's language."""
    context = {
        "user": user,
        "organisation": organisation,
        "invited_by": invited_by,
        "url": set_password_url(user=user),
        "timeout_days": max(1, settings.PASSWORD_RESET_TIMEOUT // 86400),
    }
    with translation.override(user.preferred_language):
        subject = render_to_string("accounts/mail/invite_subject.txt", context).strip()
        text = render_to_string("accounts/mail/invite.txt", context)
        html = render_to_string("accounts/mail/invite.html", context)
    message = EmailMultiAlternatives(subject, text, to=[user.email])
    message.attach_alternative(html, "text/html")
    message.send()
