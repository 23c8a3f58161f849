"""The EMS rows of the permission matrix: role × action × scope, every cell asserted.

The shared scenario (``accounts/tests/scenario.py``) with two more users: the
environmental coordinator, and the contact person as the owner of the "own"
nonconformity.
"""

import pytest

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.accounts.tests.scenario import ROLES, build_scenario
from strategia.organisations.tests.factories import UserFactory

from .factories import NonconformityFactory

EMS_ROLES = (*ROLES, "envco")
MATRIX = """
action       scope     admin office manager contact reader outsider inactive anon super norole envco
view_regs    own       Y     Y      N       N       Y      N        N        N    Y     N      Y
view_regs    other_org N     N      N       N       N      Y        N        N    Y     N      N
manage       own       Y     N      N       N       N      N        N        N    Y     N      Y
manage       other_org N     N      N       N       N      Y        N        N    Y     N      N
change_entry owned     Y     N      N       Y       N      N        N        N    Y     N      Y
change_entry other     Y     N      N       N       N      N        N        N    Y     N      Y
change_entry other_org N     N      N       N       N      Y        N        N    Y     N      N
view_entry   owned     Y     Y      N       Y       Y      N        N        N    Y     N      Y
view_entry   other     Y     Y      N       N       Y      N        N        N    Y     N      Y
view_entry   other_org N     N      N       N       N      Y        N        N    Y     N      N
"""
PERMISSION = {
    "view_regs": "ems.view_registers",
    "manage": "ems.manage_registers",
    "change_entry": "ems.change_entry",
    "view_entry": "ems.view_entry",
}


def parse(text: str):
    lines = [line.split() for line in text.strip().splitlines()]
    assert tuple(lines[0][2:]) == EMS_ROLES
    return [
        (role, action, scope, mark == "Y")
        for action, scope, *marks in lines[1:]
        for role, mark in zip(EMS_ROLES, marks, strict=True)
    ]


CELLS = parse(MATRIX)


@pytest.fixture
def scenario(db):
    s = build_scenario()
    s.users["envco"] = UserFactory(email="envcoord@example.fi", is_staff=True)
    RoleAssignmentFactory(
        user=s.users["envco"],
        organisation=s.organisation,
        role=Role.ENVIRONMENTAL_COORDINATOR,
    )
    contact_person = s.users["contact"].person
    s.entries = {
        "owned": NonconformityFactory(organisation=s.organisation, owner=contact_person),
        "other": NonconformityFactory(organisation=s.organisation),
        "other_org": NonconformityFactory(organisation=s.other_organisation),
    }
    return s


def _object(s, action, scope):
    if action in ("view_regs", "manage"):
        return s.organisation_for(scope)
    return s.entries[scope]


@pytest.mark.parametrize("role", EMS_ROLES)
def test_ems_permission_matrix(scenario, role):
    user = scenario.users[role]
    wrong = [
        (action, scope)
        for cell_role, action, scope, expected in CELLS
        if cell_role == role
        and user.has_perm(PERMISSION[action], _object(scenario, action, scope)) is not expected
    ]
    assert wrong == []
