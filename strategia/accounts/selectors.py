"""Shared reads about who holds what.

The rules decide one object at a time; these return querysets for lists,
built from the same facts (``access.py``) so a list and a rule never disagree.
"""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Q, QuerySet

from strategia.organisations.models import Organisation, Unit
from strategia.strategy.models import Measure

from .access import OrganisationAccess, access_of
from .models import Role, RoleAssignment, User

AnyUser = AbstractBaseUser | AnonymousUser


def organisation_access(*, user: AnyUser, organisation: Organisation) -> OrganisationAccess:
    return access_of(user).in_organisation(organisation.pk)


def organisations_of(user: AnyUser) -> QuerySet[Organisation]:
    """Organisations in which the user holds a role (all of them for superusers)."""
    access = access_of(user)
    if access.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(pk__in=access.organisation_ids)


def units_managed_by(user: AnyUser, organisation: Organisation) -> QuerySet[Unit]:
    """The units whose work the user leads, with all their sub-units.

    Administrators and the strategy office lead every unit of the
    organisation. The tree is loaded once (see ``access.py``), not walked
    with a query per level.
    """
    access = organisation_access(user=user, organisation=organisation)
    units = Unit.objects.filter(organisation=organisation)
    if access.manages_all:
        return units
    return units.filter(pk__in=access.managed_unit_ids)


def may_manage_users_in(user: AnyUser, organisation: Organisation) -> bool:
    """Administrators, and unit managers, of this organisation."""
    return organisation_access(user=user, organisation=organisation).has_any(
        Role.ADMINISTRATOR, Role.UNIT_MANAGER
    )


def units_whose_users_are_managed_by(user: AnyUser, organisation: Organisation) -> QuerySet[Unit]:
    """Units in which the user may manage users: all for administrators, else their own."""
    access = organisation_access(user=user, organisation=organisation)
    units = Unit.objects.filter(organisation=organisation)
    if access.has_any(Role.ADMINISTRATOR):
        return units
    if access.has_any(Role.UNIT_MANAGER):
        return units.filter(pk__in=access.managed_unit_ids)
    return units.none()


def measures_editable_by(user: AnyUser, organisation: Organisation) -> QuerySet[Measure]:
    """Measures the user may edit: the list form of ``strategy.change_measure``."""
    access = organisation_access(user=user, organisation=organisation)
    measures = Measure.objects.filter(organisation=organisation)
    if access.manages_all:
        return measures
    if not access.is_member:
        return measures.none()
    condition = Q(responsible_unit_id__in=access.managed_unit_ids)
    if access.person_id is not None:
        condition |= Q(contact_persons=access.person_id)
    return measures.filter(condition).distinct()


def unfinished_work_condition(user: AnyUser, *, prefix: str = "") -> Q:
    """Rows of measures whose work in progress the user may read, as a ``Q``.

    The list form of ``monitoring.view_unfinished_work``, over every
    organisation the user holds roles in; ``prefix`` leads from the rows to
    their measure (``"measure__"`` for status updates).
    """
    access = access_of(user)
    if access.is_superuser:
        return Q()
    condition = Q(pk__in=[])
    for organisation_id, organisation_access in access.organisations.items():
        if not organisation_access.is_member:
            continue
        here = Q(**{f"{prefix}organisation_id": organisation_id})
        if organisation_access.manages_all:
            condition |= here
            continue
        mine = Q(**{f"{prefix}responsible_unit_id__in": organisation_access.managed_unit_ids})
        if organisation_access.person_id is not None:
            mine |= Q(**{f"{prefix}contact_persons": organisation_access.person_id})
        condition |= here & mine
    return condition


def has_ties_elsewhere(user: AnyUser, organisation: Organisation) -> bool:
    """Whether the account holds a role, or is a person, in another organisation.

    Organisations are walls: such an account is not this organisation's to
    give roles to (it would drop out of its own administrator's management).
    """
    from strategia.organisations.models import Person

    return (
        RoleAssignment.objects.filter(user=user).exclude(organisation=organisation).exists()
        or Person.objects.filter(user=user).exclude(organisation=organisation).exists()
    )


def users_only_of(organisation_ids) -> QuerySet[User]:
    """Accounts holding roles in these organisations and nowhere else, superusers excluded."""
    elsewhere = RoleAssignment.objects.exclude(organisation_id__in=organisation_ids)
    return (
        User.objects.filter(
            role_assignments__organisation_id__in=organisation_ids, is_superuser=False
        )
        .exclude(pk__in=elsewhere.values("user_id"))
        .distinct()
    )


def role_assignments_of(user: AnyUser, organisation: Organisation) -> QuerySet[RoleAssignment]:
    return RoleAssignment.objects.filter(user=user, organisation=organisation).select_related(
        "unit"
    )


def users_managed_by(user: AnyUser, organisation: Organisation) -> QuerySet[User]:
    """Users the user may manage: for administrators everyone with a role in the
    organisation (and none elsewhere), for unit managers those whose roles all
    lie in their units."""
    access = organisation_access(user=user, organisation=organisation)
    members = User.objects.filter(role_assignments__organisation=organisation)
    if not access_of(user).is_superuser:
        # Someone who also holds a role in another organisation is not this
        # organisation's to change: that would reach into the other one.
        elsewhere = RoleAssignment.objects.exclude(organisation=organisation)
        members = members.exclude(pk__in=elsewhere.values("user_id")).exclude(is_superuser=True)
    if access.has_any(Role.ADMINISTRATOR):
        return members.distinct()
    if not access.has_any(Role.UNIT_MANAGER):
        return User.objects.none()
    in_my_units = Q(role_assignments__unit_id__in=access.managed_unit_ids)
    # Someone who also holds a role outside the manager's units (or an
    # organisation-wide one) is not theirs to change.
    outside = RoleAssignment.objects.filter(organisation=organisation).exclude(
        unit_id__in=access.managed_unit_ids
    )
    return (
        members.filter(in_my_units)
        .exclude(pk__in=outside.values("user_id"))
        .exclude(pk=user.pk)
        .distinct()
    )


def role_prefetch(organisation: Organisation):
    """Prefetch for user lists: the user's roles in this organisation, with units."""
    from django.db.models import Prefetch

    return Prefetch(
        "role_assignments",
        queryset=RoleAssignment.objects.filter(organisation=organisation).select_related("unit"),
        to_attr="roles_here",
    )
