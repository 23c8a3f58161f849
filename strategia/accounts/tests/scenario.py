"""A small world for permission tests: two organisations, a unit tree, one user per role.

    Kemi                          Other town
    ├── division  (D)             └── unit  (X)
    │   └── own unit  (U)   ← the unit manager's unit
    │       └── sub-unit  (S)
    └── other unit (O)

Each scope (own / sub / other_unit / other_org) has a public measure whose
responsible unit is U / S / O / X, an indicator, and a submitted status update
written by the contact person (in other_org by someone there). The contact
person is the contact of the "own" measure and indicator only.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from types import SimpleNamespace

from django.contrib.auth.models import AnonymousUser

from strategia.accounts.models import Role
from strategia.monitoring.models import StatusUpdate
from strategia.monitoring.tests.factories import StatusUpdateFactory
from strategia.organisations.models import Organisation, Unit
from strategia.organisations.tests.factories import (
    OrganisationFactory,
    PersonFactory,
    UnitFactory,
    UserFactory,
)
from strategia.strategy.models import Measure, Plan
from strategia.strategy.tests.factories import MeasureFactory, PlanFactory

from .factories import RoleAssignmentFactory

ROLES = (
    "admin",
    "office",
    "manager",
    "contact",
    "reader",
    "outsider",
    "inactive",
    "anon",
    "super",
    "norole",
)
SCOPES = ("own", "sub", "other_unit", "other_org")
PASSWORD = "correct-horse-battery-staple"


@dataclass
class Scenario:
    organisation: Organisation
    other_organisation: Organisation
    users: dict = field(default_factory=dict)
    units: dict[str, Unit] = field(default_factory=dict)
    measures: dict[str, Measure] = field(default_factory=dict)
    updates: dict[str, StatusUpdate] = field(default_factory=dict)
    indicators: dict[str, SimpleNamespace] = field(default_factory=dict)
    plans: dict[str, Plan] = field(default_factory=dict)
    own_update_by_manager: StatusUpdate | None = None

    def organisation_for(self, scope: str) -> Organisation:
        return self.other_organisation if scope == "other_org" else self.organisation


def build_scenario(*, is_staff: bool = True) -> Scenario:
    kemi = OrganisationFactory(slug="kemi", name_fi="Kemi")
    other = OrganisationFactory(slug="muukunta", name_fi="Muu kunta")
    division = UnitFactory(organisation=kemi, slug="toimiala", name_fi="Toimiala")
    own = UnitFactory(organisation=kemi, parent=division, slug="oma", name_fi="Oma yksikkö")
    sub = UnitFactory(organisation=kemi, parent=own, slug="ala", name_fi="Alayksikkö")
    other_unit = UnitFactory(organisation=kemi, slug="muu", name_fi="Muu yksikkö")
    foreign = UnitFactory(organisation=other, slug="vieras", name_fi="Vieras yksikkö")
    s = Scenario(organisation=kemi, other_organisation=other)
    s.units = {"own": own, "sub": sub, "other_unit": other_unit, "other_org": foreign}

    def user(name: str, **kwargs):
        kwargs.setdefault("is_staff", is_staff)
        return UserFactory(email=f"{name}@example.fi", **kwargs)

    s.users["admin"] = user("admin")
    RoleAssignmentFactory(user=s.users["admin"], organisation=kemi, role=Role.ADMINISTRATOR)
    s.users["office"] = user("office")
    RoleAssignmentFactory(user=s.users["office"], organisation=kemi, role=Role.STRATEGY_OFFICE)
    s.users["manager"] = user("manager")
    RoleAssignmentFactory(
        user=s.users["manager"], organisation=kemi, role=Role.UNIT_MANAGER, unit=own
    )
    s.users["contact"] = user("contact")
    RoleAssignmentFactory(
        user=s.users["contact"], organisation=kemi, role=Role.CONTACT_PERSON, unit=own
    )
    contact_person = PersonFactory(organisation=kemi, user=s.users["contact"], unit=own)
    s.users["reader"] = user("reader", is_staff=False)
    RoleAssignmentFactory(user=s.users["reader"], organisation=kemi, role=Role.READER)
    s.users["outsider"] = user("outsider")
    RoleAssignmentFactory(user=s.users["outsider"], organisation=other, role=Role.ADMINISTRATOR)
    s.users["inactive"] = user("inactive", is_active=False)
    RoleAssignmentFactory(user=s.users["inactive"], organisation=kemi, role=Role.ADMINISTRATOR)
    s.users["anon"] = AnonymousUser()
    s.users["super"] = user("super", is_superuser=True)
    s.users["norole"] = user("norole")

    foreign_author = UserFactory(email="foreign-author@example.fi")
    for scope, unit in s.units.items():
        organisation = unit.organisation
        measure = MeasureFactory(organisation=organisation, responsible_unit=unit)
        s.measures[scope] = measure
        s.updates[scope] = StatusUpdateFactory(
            measure=measure,
            author=foreign_author if scope == "other_org" else s.users["contact"],
            state=StatusUpdate.State.SUBMITTED,
        )
        s.indicators[scope] = SimpleNamespace(
            organisation_id=organisation.pk,
            responsible_unit_id=unit.pk,
            contact_person_id=contact_person.pk if scope == "own" else None,
        )
        s.plans[scope] = PlanFactory(organisation=organisation)
    s.measures["own"].contact_persons.add(contact_person)
    s.own_update_by_manager = StatusUpdateFactory(
        measure=s.measures["own"], author=s.users["manager"], state=StatusUpdate.State.SUBMITTED
    )
    return s
