import pytest

from strategia.organisations.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # Tests create many users; the production hasher would spend most of the
    # run stretching their passwords. What is tested is who may sign in, not
    # how hard a hash is to crack.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def no_public_cache(settings):
    # Tests of pages see what the views render; the cache's own tests turn it on
    # (strategia/core/tests/test_public_cache.py).
    settings.PUBLIC_CACHE = False


@pytest.fixture
def organisation(db):
    return OrganisationFactory(slug="kemi", name_fi="Kemi", municipality_code="240")


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True, is_superuser=True)
