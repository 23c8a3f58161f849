import io

import pytest

from strategia.accounts import demo
from strategia.accounts.models import Role, RoleAssignment, User
from strategia.organisations.tests.factories import OrganisationFactory, PersonFactory, UnitFactory
from strategia.strategy.tests.factories import MeasureFactory


@pytest.fixture
def sample_world(db):
    organisation = OrganisationFactory(slug="kemi")
    division = UnitFactory(organisation=organisation, is_sample=True)
    unit = UnitFactory(organisation=organisation, parent=division, is_sample=True)
    person = PersonFactory(organisation=organisation, unit=unit, is_sample=True)
    measure = MeasureFactory(organisation=organisation, responsible_unit=unit, is_sample=True)
    measure.contact_persons.add(person)
    return organisation, division, person, measure


def test_one_account_per_role_linked_to_the_sample_data(sample_world, settings):
    settings.DEBUG = True
    organisation, division, person, measure = sample_world
    demo.add_sample_data(organisation=organisation, stdout=io.StringIO())
    demo.add_sample_data(organisation=organisation, stdout=io.StringIO())  # idempotent

    assert User.objects.filter(is_sample=True).count() == len(demo.SAMPLE_ACCOUNTS)
    roles = {a.user.email: a for a in RoleAssignment.objects.select_related("user")}
    assert {a.role for a in roles.values()} == set(Role.values)
    assert roles["yksikonjohtaja@example.fi"].unit == division
    person.refresh_from_db()
    assert person.user.email == "vastuuhenkilo@example.fi"

    contact = User.objects.get(email="vastuuhenkilo@example.fi")
    assert contact.check_password(demo.SAMPLE_PASSWORD)
    assert contact.has_perm("strategy.add_statusupdate", measure)
    manager = User.objects.get(email="yksikonjohtaja@example.fi")
    assert manager.has_perm(
        "strategy.approve_statusupdate",
        measure.status_updates.model(measure=measure, author=contact),
    )


def test_never_created_without_debug(sample_world, settings):
    settings.DEBUG = False
    out = io.StringIO()
    demo.add_sample_data(organisation=sample_world[0], stdout=out)
    assert not User.objects.filter(is_sample=True).exists()
    assert "DEBUG is off" in out.getvalue()


def test_removal_deletes_only_sample_accounts(sample_world, settings):
    settings.DEBUG = True
    real = User.objects.create_user(email="oikea@example.fi", password=None)
    demo.add_sample_data(organisation=sample_world[0])
    demo.remove_sample_data()
    assert list(User.objects.all()) == [real]
    assert RoleAssignment.objects.count() == 0
