import pytest

from strategia.organisations.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def organisation(db):
    return OrganisationFactory(slug="kemi", name_fi="Kemi", municipality_code="240")


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True, is_superuser=True)
