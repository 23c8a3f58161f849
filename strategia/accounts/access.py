"""What one user may reach, worked out once per request.

The rules in ``rules.py`` are asked many times per page (every row of a list
may ask "may this user edit this measure?"). Each question would otherwise
query the user's roles and walk the unit tree again, so the answer to "what
does this user hold" is computed once — at most three queries — and kept on
the user object, which Django builds anew for every request.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from .models import ACCESS_CACHE_ATTRIBUTE, Role, RoleAssignment


@dataclass(frozen=True)
class OrganisationAccess:
    """The roles a user holds in one organisation and the units they cover."""

    roles: frozenset[str] = frozenset()
    # Units the user manages, each with all its sub-units.
    managed_unit_ids: frozenset[int] = frozenset()
    # The units named in the user's unit manager assignments themselves.
    manager_root_unit_ids: frozenset[int] = frozenset()
    # The Person row that stands for the user in this organisation, if any.
    person_id: int | None = None

    def has_any(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_member(self) -> bool:
        return bool(self.roles)

    @property
    def manages_all(self) -> bool:
        """Administrators and the strategy office act on everything of the organisation."""
        return self.has_any(Role.ADMINISTRATOR, Role.STRATEGY_OFFICE)


@dataclass
class UserAccess:
    is_superuser: bool = False
    organisations: dict[int, OrganisationAccess] = field(default_factory=dict)

    def in_organisation(self, organisation_id: int | None) -> OrganisationAccess:
        if organisation_id is None:
            return OrganisationAccess()
        if self.is_superuser:
            base = self.organisations.get(organisation_id, OrganisationAccess())
            return OrganisationAccess(
                roles=base.roles | {Role.ADMINISTRATOR},
                managed_unit_ids=base.managed_unit_ids,
                manager_root_unit_ids=base.manager_root_unit_ids,
                person_id=base.person_id,
            )
        return self.organisations.get(organisation_id, OrganisationAccess())

    @property
    def organisation_ids(self) -> set[int]:
        return {pk for pk, access in self.organisations.items() if access.is_member}


NO_ACCESS = UserAccess()


def descendants_with_self(root_ids: Iterable[int], parent_of: dict[int, int | None]) -> set[int]:
    """The given units and every unit below them, from a child → parent map of the whole tree."""
    children: dict[int | None, list[int]] = defaultdict(list)
    for unit_id, parent_id in parent_of.items():
        children[parent_id].append(unit_id)
    found: set[int] = set()
    stack = [unit_id for unit_id in root_ids if unit_id in parent_of]
    while stack:
        unit_id = stack.pop()
        if unit_id in found:
            continue
        found.add(unit_id)
        stack.extend(children.get(unit_id, ()))
    return found


def _compute(user) -> UserAccess:
    from strategia.organisations.models import Person, Unit

    assignments = list(
        RoleAssignment.objects.filter(user=user).values_list("organisation_id", "role", "unit_id")
    )
    roles: dict[int, set[str]] = defaultdict(set)
    manager_roots: dict[int, set[int]] = defaultdict(set)
    for organisation_id, role, unit_id in assignments:
        roles[organisation_id].add(role)
        if role == Role.UNIT_MANAGER and unit_id is not None:
            manager_roots[organisation_id].add(unit_id)

    parent_of_by_org: dict[int, dict[int, int | None]] = defaultdict(dict)
    if manager_roots:
        tree = Unit.objects.filter(organisation_id__in=manager_roots).values_list(
            "organisation_id", "pk", "parent_id"
        )
        for organisation_id, unit_id, parent_id in tree:
            parent_of_by_org[organisation_id][unit_id] = parent_id

    person_by_org = dict(
        Person.objects.filter(user=user).values_list("organisation_id", "pk").order_by("pk")
    )

    organisations = {}
    for organisation_id in set(roles) | set(person_by_org):
        roots = manager_roots.get(organisation_id, set())
        organisations[organisation_id] = OrganisationAccess(
            roles=frozenset(roles.get(organisation_id, ())),
            managed_unit_ids=frozenset(
                descendants_with_self(roots, parent_of_by_org.get(organisation_id, {}))
            ),
            manager_root_unit_ids=frozenset(roots),
            person_id=person_by_org.get(organisation_id),
        )
    return UserAccess(is_superuser=user.is_superuser, organisations=organisations)


def access_of(user) -> UserAccess:
    """What the user holds; nothing for anonymous or deactivated users."""
    if user is None or not user.is_authenticated or not user.is_active:
        return NO_ACCESS
    cached = user.__dict__.get(ACCESS_CACHE_ATTRIBUTE)
    if cached is None:
        cached = _compute(user)
        user.__dict__[ACCESS_CACHE_ATTRIBUTE] = cached
    return cached
