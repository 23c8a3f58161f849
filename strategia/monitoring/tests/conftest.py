"""A small monitoring world: a plan, two units, a manager, contact persons, measures."""

from dataclasses import dataclass, field

import pytest
from django.test import Client

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.monitoring.models import ReportingPeriod
from strategia.organisations.models import Organisation, Person, Unit
from strategia.organisations.tests.factories import PersonFactory, UnitFactory, UserFactory
from strategia.strategy.models import Goal, Measure, Plan
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory, PlanFactory

from .factories import PlanMonitoringFactory, ReportingPeriodFactory

BACKEND = "django.contrib.auth.backends.ModelBackend"


@dataclass
class World:
    organisation: Organisation
    plan: Plan
    goal: Goal
    unit: Unit
    other_unit: Unit
    office: object
    manager: object
    contact: object
    contact_person: Person
    other_contact: object
    other_person: Person
    measures: list[Measure] = field(default_factory=list)

    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user, backend=BACKEND)
        return client

    def add_measure(self, *, unit: Unit | None = None, person: Person | None = None, **kwargs):
        measure = MeasureFactory(
            organisation=self.organisation,
            responsible_unit=unit if unit is not None else self.unit,
            goals=[self.goal],
            **kwargs,
        )
        measure.contact_persons.add(person or self.contact_person)
        self.measures.append(measure)
        return measure

    def period(self, **kwargs) -> ReportingPeriod:
        kwargs.setdefault("plan", self.plan)
        return ReportingPeriodFactory(**kwargs)


def _user(organisation, email, role, unit=None, **kwargs):
    user = UserFactory(email=email, is_staff=True, **kwargs)
    RoleAssignmentFactory(user=user, organisation=organisation, role=role, unit=unit)
    return user


@pytest.fixture
def world(organisation) -> World:
    plan = PlanFactory(organisation=organisation, slug="strategia", name_fi="Kaupunkistrategia")
    PlanMonitoringFactory(plan=plan)
    goal = GoalFactory(plan=plan, slug="viisas", name_fi="Viisas Kemi")
    division = UnitFactory(organisation=organisation, slug="sivistys", name_fi="Sivistys")
    unit = UnitFactory(organisation=organisation, parent=division, slug="koulu", name_fi="Koulu")
    other_unit = UnitFactory(organisation=organisation, slug="tekninen", name_fi="Tekninen")
    office = _user(organisation, "office@example.fi", Role.STRATEGY_OFFICE)
    manager = _user(organisation, "manager@example.fi", Role.UNIT_MANAGER, unit=division)
    contact = _user(organisation, "contact@example.fi", Role.CONTACT_PERSON, full_name="Kaisa K")
    contact_person = PersonFactory(
        organisation=organisation, user=contact, email="contact@example.fi", unit=unit
    )
    other_contact = _user(
        organisation, "other@example.fi", Role.CONTACT_PERSON, preferred_language="sv"
    )
    other_person = PersonFactory(
        organisation=organisation, user=other_contact, email="other@example.fi", unit=other_unit
    )
    return World(
        organisation=organisation,
        plan=plan,
        goal=goal,
        unit=unit,
        other_unit=other_unit,
        office=office,
        manager=manager,
        contact=contact,
        contact_person=contact_person,
        other_contact=other_contact,
        other_person=other_person,
    )
