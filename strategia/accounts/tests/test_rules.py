"""The permission matrix at the level of the rules: role × action × scope.

Every cell is asserted, allowed and denied alike. To add an action, add a
getter to ``OBJECT_FOR`` and its rows to ``MATRIX``; the HTTP and admin
matrices (``test_matrix_http.py``) reuse the same scenario.
"""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from strategia.accounts.models import Role
from strategia.accounts.services import role_assign
from strategia.monitoring.models import StatusUpdate
from strategia.monitoring.tests.factories import StatusUpdateFactory
from strategia.organisations.tests.factories import UserFactory

from .factories import RoleAssignmentFactory
from .scenario import ROLES, build_scenario

# action / scope, then one Y (allowed) or N (denied) per role, in ROLES order.
MATRIX = """
action            scope      admin office manager contact reader outsider inactive anon super norole
view_internal     own        Y     Y      Y       Y       Y      N        N        N    Y     N
view_internal     other_org  N     N      N       N       N      Y        N        N    Y     N
change_measure    own        Y     Y      Y       Y       N      N        N        N    Y     N
change_measure    sub        Y     Y      Y       N       N      N        N        N    Y     N
change_measure    other_unit Y     Y      N       N       N      N        N        N    Y     N
change_measure    other_org  N     N      N       N       N      Y        N        N    Y     N
add_statusupdate  own        Y     Y      Y       Y       N      N        N        N    Y     N
add_statusupdate  sub        Y     Y      Y       N       N      N        N        N    Y     N
add_statusupdate  other_unit Y     Y      N       N       N      N        N        N    Y     N
add_statusupdate  other_org  N     N      N       N       N      Y        N        N    Y     N
approve_update    own        Y     Y      Y       N       N      N        N        N    Y     N
approve_update    sub        Y     Y      Y       N       N      N        N        N    Y     N
approve_update    other_unit Y     Y      N       N       N      N        N        N    Y     N
approve_update    other_org  N     N      N       N       N      Y        N        N    Y     N
approve_own       own        Y     Y      N       N       N      N        N        N    Y     N
enter_values      own        Y     Y      Y       Y       N      N        N        N    Y     N
enter_values      sub        Y     Y      Y       N       N      N        N        N    Y     N
enter_values      other_unit Y     Y      N       N       N      N        N        N    Y     N
enter_values      other_org  N     N      N       N       N      Y        N        N    Y     N
open_period       own        Y     Y      N       N       N      N        N        N    Y     N
open_period       other_org  N     N      N       N       N      Y        N        N    Y     N
view_completeness own        Y     Y      Y       N       Y      N        N        N    Y     N
view_completeness other_org  N     N      N       N       N      Y        N        N    Y     N
manage_unit_users own        Y     N      Y       N       N      N        N        N    Y     N
manage_unit_users sub        Y     N      Y       N       N      N        N        N    Y     N
manage_unit_users other_unit Y     N      N       N       N      N        N        N    Y     N
manage_unit_users other_org  N     N      N       N       N      Y        N        N    Y     N
view_unfinished   own        Y     Y      Y       Y       N      N        N        N    Y     N
view_unfinished   sub        Y     Y      Y       N       N      N        N        N    Y     N
view_unfinished   other_unit Y     Y      N       N       N      N        N        N    Y     N
view_unfinished   other_org  N     N      N       N       N      Y        N        N    Y     N
unfinished_update own        Y     Y      Y       Y       N      N        N        N    Y     N
unfinished_update sub        Y     Y      Y       N       N      N        N        N    Y     N
unfinished_update other_unit Y     Y      N       N       N      N        N        N    Y     N
unfinished_update other_org  N     N      N       N       N      Y        N        N    Y     N
draft_update      own        Y     Y      Y       Y       N      N        N        N    Y     N
draft_update      sub        Y     Y      Y       N       N      N        N        N    Y     N
draft_update      other_unit Y     Y      N       N       N      N        N        N    Y     N
draft_update      other_org  N     N      N       N       N      Y        N        N    Y     N
returned_update   own        Y     Y      Y       Y       N      N        N        N    Y     N
returned_update   sub        Y     Y      Y       N       N      N        N        N    Y     N
returned_update   other_unit Y     Y      N       N       N      N        N        N    Y     N
returned_update   other_org  N     N      N       N       N      Y        N        N    Y     N
grant_role_to     own        Y     N      Y       N       N      N        N        N    Y     N
grant_role_to     other_unit Y     N      Y       N       N      N        N        N    Y     N
grant_role_to     other_org  N     N      N       N       N      N        N        N    Y     N
"""

PERMISSION = {
    "view_internal": "strategy.view_internal",
    "change_measure": "strategy.change_measure",
    "add_statusupdate": "strategy.add_statusupdate",
    "approve_update": "strategy.approve_statusupdate",
    "approve_own": "strategy.approve_statusupdate",
    "enter_values": "indicators.enter_observations",
    "open_period": "monitoring.open_period",
    "view_completeness": "monitoring.view_completeness",
    "manage_unit_users": "accounts.manage_unit_users",
    "view_unfinished": "monitoring.view_unfinished_work",
    "unfinished_update": "monitoring.view_unfinished_work",
    "draft_update": "monitoring.view_unfinished_work",
    "returned_update": "monitoring.view_unfinished_work",
}
# Actions decided by a service's own checks beyond one rule: may ``user`` do it to ``obj``.
SERVICE_CHECK = {"grant_role_to": lambda s, user, account: _may_grant_a_role(s, user, account)}

OBJECT_FOR = {
    "view_internal": lambda s, scope: s.organisation_for(scope),
    "change_measure": lambda s, scope: s.measures[scope],
    "add_statusupdate": lambda s, scope: s.measures[scope],
    "approve_update": lambda s, scope: s.updates[scope],
    "approve_own": lambda s, scope: s.own_update_by_manager,
    "enter_values": lambda s, scope: s.indicators[scope],
    "open_period": lambda s, scope: s.plans[scope],
    "view_completeness": lambda s, scope: s.organisation_for(scope),
    "manage_unit_users": lambda s, scope: s.units[scope],
    "view_unfinished": lambda s, scope: s.measures[scope],
    "unfinished_update": lambda s, scope: s.updates[scope],
    "draft_update": lambda s, scope: _update_in_state(s, scope, StatusUpdate.State.DRAFT),
    "returned_update": lambda s, scope: _update_in_state(s, scope, StatusUpdate.State.RETURNED),
    "grant_role_to": lambda s, scope: _account_of(s, scope),
}


def _update_in_state(s, scope: str, state: str) -> StatusUpdate:
    """The scope's measure's update in ``state``, made once per scenario."""
    made = s.__dict__.setdefault("updates_in_state", {})
    if (scope, state) not in made:
        made[scope, state] = StatusUpdateFactory(
            measure=s.measures[scope], state=state, return_comment="Korjaa"
        )
    return made[scope, state]


def _account_of(s, scope: str):
    """An account holding a contact person's role in the scope's unit, made once."""
    made = s.__dict__.setdefault("accounts", {})
    if scope not in made:
        unit = s.units[scope]
        made[scope] = UserFactory(email=f"tili-{scope}@example.fi")
        RoleAssignmentFactory(
            user=made[scope], organisation=unit.organisation, role=Role.CONTACT_PERSON, unit=unit
        )
    return made[scope]


def _may_grant_a_role(s, user, account) -> bool:
    """Organisations are walls: a contact person's role in Kemi's sub-unit (which the unit
    manager manages) is granted, through the service, to the account — then undone."""
    try:
        with transaction.atomic():
            role_assign(
                actor=user,
                user=account,
                organisation=s.organisation,
                role=Role.CONTACT_PERSON,
                unit=s.units["sub"],
            )
            raise _Undo
    except _Undo:
        return True
    except (PermissionDenied, ValidationError):
        return False


class _Undo(Exception):
    """Rolls back a write that only tested whether it is allowed."""


def parse_matrix(text: str) -> list[tuple[str, str, str, bool]]:
    lines = [line.split() for line in text.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert tuple(header[2:]) == ROLES, "the matrix columns must follow ROLES"
    cells = []
    for action, scope, *marks in rows:
        assert len(marks) == len(ROLES), f"row {action} {scope} has {len(marks)} marks"
        for role, mark in zip(ROLES, marks, strict=True):
            cells.append((role, action, scope, mark == "Y"))
    return cells


CELLS = parse_matrix(MATRIX)


@pytest.fixture
def scenario(db):
    return build_scenario()


def test_matrix_covers_every_role_and_action():
    assert {cell[0] for cell in CELLS} == set(ROLES)
    assert {cell[1] for cell in CELLS} == set(PERMISSION) | set(SERVICE_CHECK)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(scenario, role):
    # One test per role (building the scenario per cell would be slow);
    # every wrong cell is listed, not just the first.
    user = scenario.users[role]
    wrong = []
    for cell_role, action, scope, expected in CELLS:
        if cell_role != role:
            continue
        obj = OBJECT_FOR[action](scenario, scope)
        if action in SERVICE_CHECK:
            allowed = SERVICE_CHECK[action](scenario, user, obj)
        else:
            allowed = user.has_perm(PERMISSION[action], obj)
        if allowed is not expected:
            wrong.append((action, scope, "expected allowed" if expected else "expected denied"))
    assert wrong == []


def test_deactivating_a_user_removes_every_right(scenario):
    manager = scenario.users["manager"]
    assert manager.has_perm("strategy.change_measure", scenario.measures["own"])
    manager.is_active = False
    manager.save()
    manager.refresh_from_db()
    assert not manager.has_perm("strategy.change_measure", scenario.measures["own"])
    assert not manager.has_perm("strategy.view_internal", scenario.organisation)


def test_a_new_role_takes_effect_on_the_same_user_object(scenario):
    reader = scenario.users["reader"]
    assert not reader.has_perm("strategy.change_measure", scenario.measures["other_unit"])
    RoleAssignmentFactory(
        user=reader,
        organisation=scenario.organisation,
        role=Role.UNIT_MANAGER,
        unit=scenario.units["other_unit"],
    )
    assert reader.has_perm("strategy.change_measure", scenario.measures["other_unit"])


def test_contact_person_without_a_role_in_the_organisation_is_denied(scenario):
    contact = scenario.users["contact"]
    contact.role_assignments.all().delete()
    contact.refresh_from_db()
    assert not contact.has_perm("strategy.change_measure", scenario.measures["own"])


def test_rules_cost_a_bounded_number_of_queries(scenario, django_assert_max_num_queries):
    from django.contrib.auth import get_user_model

    manager = get_user_model().objects.get(pk=scenario.users["manager"].pk)
    measures = list(
        scenario.organisation.measures.select_related("responsible_unit").prefetch_related(
            "contact_persons"
        )
    )
    # Roles, the unit tree and the person link, once; then nothing per object.
    with django_assert_max_num_queries(3):
        allowed = [m for m in measures if manager.has_perm("strategy.change_measure", m)]
    assert {m.pk for m in allowed} == {scenario.measures["own"].pk, scenario.measures["sub"].pk}


def test_superuser_needs_no_role(db):
    from strategia.organisations.tests.factories import OrganisationFactory, UserFactory

    user = UserFactory(is_superuser=True, is_staff=True)
    assert user.has_perm("strategy.view_internal", OrganisationFactory())


def test_unit_manager_assignment_requires_a_unit(db):
    from django.db import IntegrityError, transaction

    from strategia.organisations.tests.factories import OrganisationFactory

    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignmentFactory(organisation=OrganisationFactory(), role=Role.UNIT_MANAGER)
