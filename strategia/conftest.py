import pytest
from django.core.cache import cache

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
    # (strategia/core/tests/test_public_cache.py). Each test starts with an empty
    # cache: content versions and answers kept under them (the sample-data notice)
    # belong to rows that another test's rollback removed.
    settings.PUBLIC_CACHE = False
    cache.clear()


@pytest.fixture(autouse=True)
def fresh_rate_limit_counts():
    # Rate limits (DRF's throttle, django-ratelimit) count in the default cache;
    # one test's requests must not use up the next one's allowance.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def default_language_after_each_test():
    # The test client's requests leave their language active in the thread
    # (LocaleMiddleware activates it and nothing deactivates it); a test that
    # asked in English must not turn the next one's texts English.
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def organisation(db):
    return OrganisationFactory(slug="kemi", name_fi="Kemi", municipality_code="240")


@pytest.fixture
def staff_user(db):
    return UserFactory(is_staff=True)


@pytest.fixture
def admin_user(db):
    return UserFactory(is_staff=True, is_superuser=True)
