"""Who reaches the workspace of this organisation's site, and where it leads them."""

import pytest
from django.utils import translation

from strategia.accounts.models import Role, RoleAssignment
from strategia.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory

pytestmark = pytest.mark.django_db


def my_work(client, user):
    client.force_login(user)
    with translation.override("fi"):
        return client.get("/fi/tyotila/")


def test_an_official_of_another_town_has_no_workspace_here(client, organisation):
    other_town = OrganisationFactory(slug="tornio")
    official = UserFactory()
    RoleAssignment.objects.create(user=official, organisation=other_town, role=Role.ADMINISTRATOR)

    assert my_work(client, official).status_code == 403


def test_my_work_links_to_the_account_page_and_for_managers_to_their_users(client, organisation):
    unit = UnitFactory(organisation=organisation)
    manager, reader = UserFactory(), UserFactory()
    RoleAssignment.objects.create(
        user=manager, organisation=organisation, role=Role.UNIT_MANAGER, unit=unit
    )
    RoleAssignment.objects.create(user=reader, organisation=organisation, role=Role.READER)

    manager_page = my_work(client, manager).content.decode()
    reader_page = my_work(client, reader).content.decode()

    assert 'href="/fi/tili/"' in manager_page
    assert 'href="/fi/kayttajat/"' in manager_page
    assert 'href="/fi/tili/"' in reader_page
    assert 'href="/fi/kayttajat/"' not in reader_page
