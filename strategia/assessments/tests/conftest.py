import pytest

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.assessments import services
from strategia.assessments.defaults import load_default_assessment_template
from strategia.organisations.tests.factories import UserFactory

from .factories import DecisionFactory


@pytest.fixture
def template(organisation):
    load_default_assessment_template(organisation=organisation)
    return services.current_template_version(organisation)


def _user(organisation, email, role):
    user = UserFactory(email=email, full_name=email.split("@")[0].capitalize())
    RoleAssignmentFactory(user=user, organisation=organisation, role=role)
    return user


@pytest.fixture
def preparer(organisation):
    return _user(organisation, "valmistelija@example.fi", Role.PREPARER)


@pytest.fixture
def reviewer(organisation):
    return _user(organisation, "tarkastaja@example.fi", Role.PREPARER)


@pytest.fixture
def reader(organisation):
    return _user(organisation, "lukija@example.fi", Role.READER)


@pytest.fixture
def decision(organisation, template):
    return DecisionFactory(organisation=organisation)
