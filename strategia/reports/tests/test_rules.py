"""The reports' and the budget's permissions as a matrix: role × action × scope.

Same scenario and notation as ``accounts/tests/test_rules.py``.
"""

import pytest

from strategia.accounts.tests.scenario import ROLES, build_scenario
from strategia.accounts.tests.test_rules import parse_matrix

MATRIX = """
action         scope      admin office manager contact reader outsider inactive anon super norole
view_reports   own        Y     Y      Y       N       Y      N        N        N    Y     N
view_reports   other_org  N     N      N       N       N      Y        N        N    Y     N
prepare        own        Y     Y      N       N       N      N        N        N    Y     N
prepare        other_org  N     N      N       N       N      Y        N        N    Y     N
make_final     own        Y     Y      N       N       N      N        N        N    Y     N
make_final     other_org  N     N      N       N       N      Y        N        N    Y     N
view_budget    own        Y     Y      Y       N       Y      N        N        N    Y     N
view_budget    other_org  N     N      N       N       N      Y        N        N    Y     N
change_budget  own        Y     Y      Y       N       N      N        N        N    Y     N
change_budget  sub        Y     Y      Y       N       N      N        N        N    Y     N
change_budget  other_unit Y     Y      N       N       N      N        N        N    Y     N
change_budget  other_org  N     N      N       N       N      Y        N        N    Y     N
"""

PERMISSION = {
    "view_reports": "reports.view_reports",
    "prepare": "reports.prepare",
    "make_final": "reports.make_final",
    "view_budget": "budget.view_budget",
    "change_budget": "budget.change_target",
}
OBJECT_FOR = {
    "view_reports": lambda s, scope: s.organisation_for(scope),
    "prepare": lambda s, scope: s.organisation_for(scope),
    "make_final": lambda s, scope: s.organisation_for(scope),
    "view_budget": lambda s, scope: s.organisation_for(scope),
    "change_budget": lambda s, scope: s.units[scope],
}
CELLS = parse_matrix(MATRIX)


@pytest.fixture
def scenario(db):
    return build_scenario()


def test_matrix_covers_every_role_and_action():
    assert {cell[0] for cell in CELLS} == set(ROLES)
    assert {cell[1] for cell in CELLS} == set(PERMISSION)


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(scenario, role):
    user = scenario.users[role]
    wrong = []
    for cell_role, action, scope, expected in CELLS:
        if cell_role != role:
            continue
        obj = OBJECT_FOR[action](scenario, scope)
        if user.has_perm(PERMISSION[action], obj) is not expected:
            wrong.append((action, scope, "expected allowed" if expected else "expected denied"))
    assert wrong == []


def test_a_budget_target_is_judged_by_its_unit(scenario):
    from strategia.budget.models import BudgetTarget

    manager = scenario.users["manager"]
    own = BudgetTarget(organisation=scenario.organisation, unit=scenario.units["own"], year=2026)
    other = BudgetTarget(
        organisation=scenario.organisation, unit=scenario.units["other_unit"], year=2026
    )
    assert manager.has_perm("budget.change_target", own)
    assert not manager.has_perm("budget.change_target", other)
