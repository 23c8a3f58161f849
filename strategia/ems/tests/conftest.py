"""A small EMS world: Kemi with its environmental policy, the people who keep the system."""

import datetime
from dataclasses import dataclass, field

import pytest
from django.test import Client

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.ems import services
from strategia.ems.models import SignificanceCriterion
from strategia.organisations.models import Organisation, Person
from strategia.organisations.tests.factories import PersonFactory, UserFactory
from strategia.strategy.models import Goal, Plan
from strategia.strategy.tests.factories import GoalFactory, PlanFactory

BACKEND = "django.contrib.auth.backends.ModelBackend"
TODAY = datetime.date(2026, 5, 14)


@dataclass
class World:
    organisation: Organisation
    policy: Plan
    goals: list[Goal]
    coordinator: object
    coordinator_person: Person
    owner: object
    owner_person: Person
    reader: object
    criteria: list[SignificanceCriterion] = field(default_factory=list)

    def client_for(self, user) -> Client:
        client = Client()
        client.force_login(user, backend=BACKEND)
        return client


def _user(organisation, email, role, **kwargs):
    user = UserFactory(email=email, is_staff=True, **kwargs)
    RoleAssignmentFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def world(organisation, settings) -> World:
    settings.STAFF_REQUIRE_2FA = False
    policy = PlanFactory(
        organisation=organisation,
        slug="ymparistopolitiikka",
        kind=Plan.Kind.POLICY,
        name_fi="Ympäristöpolitiikka",
    )
    goals = [
        GoalFactory(plan=policy, slug="pilaantumisen-ehkaisy", name_fi="Pilaantumisen ehkäisy"),
        GoalFactory(plan=policy, slug="velvoitteet", name_fi="Velvoitteiden täyttäminen"),
    ]
    coordinator = _user(organisation, "coordinator@example.fi", Role.ENVIRONMENTAL_COORDINATOR)
    coordinator_person = PersonFactory(
        organisation=organisation, user=coordinator, email="coordinator@example.fi"
    )
    owner = _user(organisation, "owner@example.fi", Role.CONTACT_PERSON, preferred_language="sv")
    owner_person = PersonFactory(organisation=organisation, user=owner, email="owner@example.fi")
    reader = _user(organisation, "reader@example.fi", Role.READER)
    w = World(
        organisation=organisation,
        policy=policy,
        goals=goals,
        coordinator=coordinator,
        coordinator_person=coordinator_person,
        owner=owner,
        owner_person=owner_person,
        reader=reader,
    )
    services.ems_settings_get_or_create(organisation=organisation)
    for name, weight, decisive in (("Vakavuus", 2, None), ("Laajuus", 1, None), ("Laki", 1, 4)):
        w.criteria.append(
            services.criterion_save(
                user=coordinator,
                criterion=SignificanceCriterion(organisation=organisation),
                values={"name": name, "weight": weight, "decisive_score": decisive},
                version=None,
            )
        )
    return w
