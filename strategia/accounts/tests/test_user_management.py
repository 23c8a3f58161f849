import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from strategia.accounts import services
from strategia.accounts.models import Role, RoleAssignment, User
from strategia.organisations.tests.factories import UserFactory

from .factories import RoleAssignmentFactory
from .scenario import build_scenario


def url(name: str, **kwargs) -> str:
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def s(db, settings):
    settings.STAFF_REQUIRE_2FA = False
    return build_scenario()


def member(s, scope: str, role: str = Role.CONTACT_PERSON) -> User:
    user = UserFactory(email=f"jasen-{scope}-{role}@example.fi")
    unit = s.units[scope]
    RoleAssignmentFactory(user=user, organisation=unit.organisation, role=role, unit=unit)
    return user


def test_unit_manager_invites_a_contact_person_into_a_sub_unit(client, s):
    client.force_login(s.users["manager"])
    response = client.post(
        url("accounts:user_invite"),
        {
            "email": "Uusi.Henkilo@Example.fi",
            "full_name": "Uusi Henkilö",
            "preferred_language": "sv",
            "role": Role.CONTACT_PERSON,
            "unit": s.units["sub"].pk,
        },
    )
    assert response.status_code == 302
    invited = User.objects.get(email="uusi.henkilo@example.fi")
    assert not invited.has_usable_password()
    assert list(invited.role_assignments.values_list("role", "unit")) == [
        (Role.CONTACT_PERSON, s.units["sub"].pk)
    ]
    # The invitation is in the invitee's language, with a working set-password link.
    (message,) = mail.outbox
    assert message.to == ["uusi.henkilo@example.fi"]
    assert "åtkomst" in message.subject
    link = re.search(r"https?://\S+", message.body).group(0)
    assert "/sv/salasana/" in link
    client.logout()
    path = "/" + link.split("/", 3)[3]
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    password = "mitt nya lösenord 2026"
    client.post(
        form_page.request["PATH_INFO"], {"new_password1": password, "new_password2": password}
    )
    invited.refresh_from_db()
    assert invited.check_password(password)


def test_unit_manager_cannot_grant_an_organisation_wide_role(client, s):
    client.force_login(s.users["manager"])
    response = client.post(
        url("accounts:user_invite"),
        {
            "email": "pomo@example.fi",
            "full_name": "Pomo",
            "preferred_language": "fi",
            "role": Role.ADMINISTRATOR,
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="pomo@example.fi").exists()
    colleague = member(s, "own")
    for role in (Role.ADMINISTRATOR, Role.STRATEGY_OFFICE, Role.READER):
        with pytest.raises(PermissionDenied):
            services.role_assign(
                actor=s.users["manager"],
                user=colleague,
                organisation=s.organisation,
                role=role,
            )
    assert mail.outbox == []


def test_unit_manager_cannot_grant_roles_outside_their_unit(client, s):
    client.force_login(s.users["manager"])
    response = client.post(
        url("accounts:user_invite"),
        {
            "email": "muualle@example.fi",
            "full_name": "Muualle",
            "preferred_language": "fi",
            "role": Role.CONTACT_PERSON,
            "unit": s.units["other_unit"].pk,
        },
    )
    assert response.status_code == 400
    assert not User.objects.filter(email="muualle@example.fi").exists()
    with pytest.raises(PermissionDenied):
        services.role_assign(
            actor=s.users["manager"],
            user=member(s, "own"),
            organisation=s.organisation,
            role=Role.UNIT_MANAGER,
            unit=s.units["other_unit"],
        )
    with pytest.raises(PermissionDenied):
        services.user_invite(
            actor=s.users["manager"],
            organisation=s.other_organisation,
            email="vieras@example.fi",
            role=Role.CONTACT_PERSON,
            unit=s.units["other_org"],
        )


def test_unit_manager_may_make_a_sub_unit_manager(s):
    colleague = member(s, "sub")
    services.role_assign(
        actor=s.users["manager"],
        user=colleague,
        organisation=s.organisation,
        role=Role.UNIT_MANAGER,
        unit=s.units["sub"],
    )
    assert colleague.has_perm("strategy.change_measure", s.measures["sub"])
    assert not colleague.has_perm("strategy.change_measure", s.measures["own"])


def test_user_list_shows_only_the_users_of_my_units(client, s):
    inside, below, outside = member(s, "own"), member(s, "sub"), member(s, "other_unit")
    reader = s.users["reader"]
    client.force_login(s.users["manager"])
    html = client.get(url("accounts:user_list")).content.decode()
    assert inside.email in html and below.email in html
    assert outside.email not in html
    assert reader.email not in html  # an organisation-wide role is not the unit's to manage
    assert s.users["manager"].email not in html


def test_unit_manager_cannot_manage_users_outside_their_unit(client, s):
    outside = member(s, "other_unit")
    client.force_login(s.users["manager"])
    assert client.get(url("accounts:user_detail", pk=outside.pk)).status_code == 404
    assert client.post(url("accounts:user_deactivate", pk=outside.pk)).status_code == 404
    outside.refresh_from_db()
    assert outside.is_active
    with pytest.raises(PermissionDenied):
        services.user_deactivate(
            actor=s.users["manager"], user=outside, organisation=s.organisation
        )
    # Nor someone who also holds a role elsewhere.
    both = member(s, "own")
    RoleAssignmentFactory(
        user=both, organisation=s.organisation, role=Role.CONTACT_PERSON, unit=s.units["other_unit"]
    )
    assert client.get(url("accounts:user_detail", pk=both.pk)).status_code == 404


def test_deactivated_user_is_denied_everywhere(client, s):
    contact = s.users["contact"]
    services.user_deactivate(actor=s.users["manager"], user=contact, organisation=s.organisation)
    contact.refresh_from_db()
    assert not contact.is_active
    assert not contact.has_perm("strategy.add_statusupdate", s.measures["own"])
    response = client.post(
        url("accounts:login"),
        {"username": contact.email, "password": "correct-horse-battery-staple"},
    )
    assert not response.wsgi_request.user.is_authenticated


def test_deactivation_through_the_page(client, s):
    target = member(s, "sub")
    client.force_login(s.users["manager"])
    response = client.post(url("accounts:user_deactivate", pk=target.pk))
    assert response.status_code == 302
    target.refresh_from_db()
    assert not target.is_active


def test_nobody_changes_their_own_access(s):
    with pytest.raises(PermissionDenied):
        services.user_deactivate(
            actor=s.users["admin"], user=s.users["admin"], organisation=s.organisation
        )
    with pytest.raises(PermissionDenied):
        services.role_assign(
            actor=s.users["manager"],
            user=s.users["manager"],
            organisation=s.organisation,
            role=Role.UNIT_MANAGER,
            unit=s.units["sub"],
        )


def test_administrator_grants_any_role_and_revokes(client, s):
    target = member(s, "other_unit")
    assignment = services.role_assign(
        actor=s.users["admin"], user=target, organisation=s.organisation, role=Role.STRATEGY_OFFICE
    )
    assert target.has_perm("monitoring.open_period", s.plans["own"])
    client.force_login(s.users["admin"])
    response = client.post(url("accounts:role_revoke", pk=assignment.pk))
    assert response.status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()


def test_unit_manager_revokes_only_unit_roles_in_their_units(client, s):
    target = member(s, "sub")
    assignment = target.role_assignments.get()
    client.force_login(s.users["manager"])
    assert client.post(url("accounts:role_revoke", pk=assignment.pk)).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    reader_role = s.users["reader"].role_assignments.get()
    assert client.post(url("accounts:role_revoke", pk=reader_role.pk)).status_code == 404
    assert RoleAssignment.objects.filter(pk=reader_role.pk).exists()


def test_user_management_needs_a_managing_role(client, s):
    for role in ("office", "contact", "reader", "norole"):
        client.force_login(s.users[role])
        assert client.get(url("accounts:user_list")).status_code == 403, role


def test_a_user_who_also_works_elsewhere_is_not_one_organisations_to_change(client, s):
    shared = member(s, "own")
    RoleAssignmentFactory(user=shared, organisation=s.other_organisation, role=Role.READER)
    from strategia.accounts import selectors

    assert shared not in selectors.users_managed_by(s.users["admin"], s.organisation)
    with pytest.raises(PermissionDenied):
        services.user_deactivate(actor=s.users["admin"], user=shared, organisation=s.organisation)
    client.force_login(s.users["admin"])
    with translation.override("fi"):
        admin_path = reverse("admin:accounts_user_change", kwargs={"object_id": shared.pk})
    assert client.get(admin_path).status_code in (302, 403, 404)
    assert client.get(url("accounts:user_detail", pk=shared.pk)).status_code == 404


def test_a_refused_grant_is_explained_on_the_form(client, s):
    client.force_login(s.users["manager"])
    response = client.post(
        url("accounts:user_invite"),
        {
            "email": "ilman-yksikkoa@example.fi",
            "full_name": "Ilman Yksikköä",
            "preferred_language": "fi",
            "role": Role.CONTACT_PERSON,
        },
    )
    assert response.status_code == 400
    assert "omissa yksiköissäsi" in response.content.decode()
    assert not User.objects.filter(email="ilman-yksikkoa@example.fi").exists()


def _count_queries(client, path: str) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


def test_user_list_queries_do_not_grow_with_the_users(client, s):
    client.force_login(s.users["manager"])
    path = url("accounts:user_list")
    for index in range(3):
        user = UserFactory(email=f"pieni-{index}@example.fi")
        RoleAssignmentFactory(
            user=user, organisation=s.organisation, role=Role.CONTACT_PERSON, unit=s.units["sub"]
        )
    few = _count_queries(client, path)
    for index in range(12):
        user = UserFactory(email=f"iso-{index}@example.fi")
        RoleAssignmentFactory(
            user=user, organisation=s.organisation, role=Role.CONTACT_PERSON, unit=s.units["own"]
        )
    many = _count_queries(client, path)
    assert many == few
