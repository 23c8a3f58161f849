import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    # The scenario creates a dozen users per test; the production hasher
    # would spend most of the test run stretching passwords.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
