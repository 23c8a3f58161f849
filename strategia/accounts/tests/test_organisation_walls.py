"""Organisations are walls: roles only on accounts of the same organisation, and
the admin's lookups ("view on site", user choices) scoped to the user's own."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from strategia.accounts import services
from strategia.accounts.models import Role, RoleAssignment
from strategia.accounts.selectors import users_managed_by
from strategia.organisations.tests.factories import PersonFactory, UserFactory
from strategia.strategy.models import Measure, Visibility
from strategia.strategy.tests.factories import MeasureFactory

from .factories import RoleAssignmentFactory
from .scenario import build_scenario

pytestmark = pytest.mark.django_db


def url(name: str, **kwargs) -> str:
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def s(settings):
    settings.STAFF_REQUIRE_2FA = False
    return build_scenario()


def _invite(client, email: str, unit) -> object:
    return client.post(
        url("accounts:user_invite"),
        {
            "email": email,
            "full_name": "Joku",
            "preferred_language": "fi",
            "role": Role.CONTACT_PERSON,
            "unit": unit.pk,
        },
    )


def test_a_unit_manager_cannot_attach_a_role_to_another_organisations_account(client, s):
    stranger = UserFactory(email="virkailija@muukunta.fi")
    RoleAssignmentFactory(
        user=stranger,
        organisation=s.other_organisation,
        role=Role.CONTACT_PERSON,
        unit=s.units["other_org"],
    )
    client.force_login(s.users["manager"])
    response = _invite(client, stranger.email.upper(), s.units["own"])
    assert response.status_code == 400
    assert "toiseen organisaatioon" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=stranger, organisation=s.organisation).exists()
    # ...so the other town's administrator still manages the account.
    other_admin = s.users["outsider"]
    assert users_managed_by(other_admin, s.other_organisation).filter(pk=stranger.pk).exists()


def test_a_person_of_another_organisation_is_also_behind_the_wall(s):
    account = UserFactory(email="henkilo@muukunta.fi")
    PersonFactory(organisation=s.other_organisation, user=account)
    with pytest.raises(Exception) as error:
        services.role_assign(
            actor=s.users["admin"],
            user=account,
            organisation=s.organisation,
            role=Role.READER,
        )
    assert "another organisation" in str(error.value) or "toiseen" in str(error.value)


def test_an_account_of_the_same_organisation_gets_the_role(client, s):
    colleague = UserFactory(email="kollega@example.fi")
    RoleAssignmentFactory(
        user=colleague, organisation=s.organisation, role=Role.CONTACT_PERSON, unit=s.units["sub"]
    )
    client.force_login(s.users["manager"])
    assert _invite(client, colleague.email, s.units["own"]).status_code == 302
    assert colleague.role_assignments.filter(unit=s.units["own"]).exists()


def test_the_admin_cannot_grant_a_role_to_another_organisations_account(client, s):
    client.force_login(s.users["admin"])
    response = client.post(
        url("admin:accounts_roleassignment_add"),
        {"user": s.users["outsider"].pk, "organisation": s.organisation.pk, "role": Role.READER},
    )
    assert response.status_code == 200  # the form again, with the error
    assert "user" in response.context["adminform"].form.errors
    assert not RoleAssignment.objects.filter(
        user=s.users["outsider"], organisation=s.organisation
    ).exists()


def test_the_admin_grants_and_revokes_through_the_services(client, s):
    colleague = UserFactory(email="kollega@example.fi")
    RoleAssignmentFactory(user=colleague, organisation=s.organisation, role=Role.READER)
    client.force_login(s.users["admin"])
    response = client.post(
        url("admin:accounts_roleassignment_add"),
        {
            "user": colleague.pk,
            "organisation": s.organisation.pk,
            "role": Role.CONTACT_PERSON,
            "unit": s.units["own"].pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assignment = colleague.role_assignments.get(role=Role.CONTACT_PERSON)
    # A grant is never edited in place, only revoked.
    page = client.get(url("admin:accounts_roleassignment_change", object_id=assignment.pk))
    assert 'name="_save"' not in page.content.decode()
    client.post(
        url("admin:accounts_roleassignment_delete", object_id=assignment.pk), {"post": "yes"}
    )
    assert not colleague.role_assignments.filter(role=Role.CONTACT_PERSON).exists()


@pytest.mark.parametrize(
    ("role", "answers"),
    [("admin", True), ("outsider", False), ("super", True), ("norole", False)],
)
def test_view_on_site_answers_only_for_objects_the_admin_shows(client, s, role, answers):
    internal = MeasureFactory(
        organisation=s.organisation,
        visibility=Visibility.INTERNAL,
        slug="salainen-tunniste-123",
        responsible_unit=s.units["own"],
    )
    content_type = ContentType.objects.get_for_model(Measure)
    client.force_login(s.users[role])
    response = client.get(f"/fi/admin/r/{content_type.pk}/{internal.pk}/")
    if answers:
        assert response.status_code == 302
        assert "salainen-tunniste-123" in response["Location"]
    else:
        assert response.status_code == 404
        assert "salainen-tunniste-123" not in response.content.decode()
    assert client.get(f"/fi/admin/r/{content_type.pk}/99999999999999999999999/").status_code == 404
