"""The permission matrix of decisions and impact assessments: role × action × scope.

The same scenario as ``test_rules.py`` plus a preparer. Scopes: ``own`` is
the organisation (or an assessment in it prepared by someone else), ``mine``
an assessment the user prepared themselves (the four-eyes rule), and
``other_org`` another town's. Django answers every ``has_perm`` of an
active superuser with yes before any rule is asked, so for a superuser's own
assessment the review service refuses by itself (tested below).
"""

import pytest

from strategia.accounts.models import Role
from strategia.assessments.models import (
    AssessmentTemplate,
    Decision,
    ImpactAssessment,
    TemplateVersion,
)
from strategia.organisations.tests.factories import UserFactory

from .factories import RoleAssignmentFactory
from .scenario import ROLES, build_scenario

COLUMNS = (*ROLES, "preparer")

MATRIX = """
action    scope     admin office manager contact reader outsider inactive anon super norole preparer
decisions own       Y     Y      N       N       N      N        N        N    Y     N      Y
decisions other_org N     N      N       N       N      Y        N        N    Y     N      N
prepare   own       Y     Y      N       N       N      N        N        N    Y     N      Y
prepare   other_org N     N      N       N       N      Y        N        N    Y     N      N
change    own       Y     Y      N       N       N      N        N        N    Y     N      Y
change    other_org N     N      N       N       N      Y        N        N    Y     N      N
review    own       Y     Y      N       N       N      N        N        N    Y     N      Y
review    mine      N     N      N       N       N      N        N        N    Y     N      N
review    other_org N     N      N       N       N      Y        N        N    Y     N      N
publish   own       Y     Y      N       N       N      N        N        N    Y     N      Y
publish   mine      Y     Y      N       N       N      N        N        N    Y     N      Y
publish   other_org N     N      N       N       N      Y        N        N    Y     N      N
stats     own       Y     Y      N       N       Y      N        N        N    Y     N      Y
stats     other_org N     N      N       N       N      Y        N        N    Y     N      N
templates own       Y     Y      N       N       N      N        N        N    Y     N      N
templates other_org N     N      N       N       N      Y        N        N    Y     N      N
"""

PERMISSION = {
    "decisions": "assessments.manage_decisions",
    "prepare": "assessments.prepare",
    "change": "assessments.change_assessment",
    "review": "assessments.review_assessment",
    "publish": "assessments.publish_assessment",
    "stats": "assessments.view_statistics",
    "templates": "assessments.manage_templates",
}
ORGANISATION_ACTIONS = {"decisions", "prepare", "stats", "templates"}


def _cells():
    lines = [line.split() for line in MATRIX.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert tuple(header[2:]) == COLUMNS
    cells = []
    for action, scope, *marks in rows:
        assert len(marks) == len(COLUMNS), f"row {action} {scope}"
        cells += [
            (role, action, scope, mark == "Y") for role, mark in zip(COLUMNS, marks, strict=True)
        ]
    return cells


CELLS = _cells()


def _assessment(organisation, preparer):
    template, _created = AssessmentTemplate.objects.get_or_create(
        organisation=organisation, slug="eva", defaults={"name_fi": "EVA"}
    )
    version = template.versions.first() or TemplateVersion.objects.create(
        template=template, number=1, definition={}
    )
    decision = Decision.objects.create(organisation=organisation, body="KH", title_fi="Asia")
    return ImpactAssessment.objects.create(
        decision=decision, template_version=version, preparer=preparer
    )


@pytest.fixture
def world(db):
    scenario = build_scenario()
    preparer = UserFactory(email="preparer@example.fi")
    RoleAssignmentFactory(user=preparer, organisation=scenario.organisation, role=Role.PREPARER)
    scenario.users["preparer"] = preparer
    third = UserFactory(email="third@example.fi")
    scenario.assessments = {
        "own": _assessment(scenario.organisation, third),
        "other_org": _assessment(scenario.other_organisation, third),
    }
    return scenario


def _object(world, role, action, scope):
    if action in ORGANISATION_ACTIONS:
        return world.organisation_for(scope)
    if scope == "mine":
        user = world.users[role]
        return _assessment(world.organisation, user if user.is_authenticated else None)
    return world.assessments[scope]


def test_matrix_covers_every_role_and_action():
    assert {cell[0] for cell in CELLS} == set(COLUMNS)
    assert {cell[1] for cell in CELLS} == set(PERMISSION)


def test_assessment_permission_matrix(world):
    # One scenario for every cell (building it per role would be slow); every
    # wrong cell is listed, not just the first.
    wrong = []
    for role, action, scope, expected in CELLS:
        user = world.users[role]
        if user.has_perm(PERMISSION[action], _object(world, role, action, scope)) is not expected:
            wrong.append(
                (role, action, scope, "expected allowed" if expected else "expected denied")
            )
    assert wrong == []


def test_not_even_a_superuser_reviews_their_own_assessment(world):
    from django.core.exceptions import PermissionDenied

    from strategia.assessments.services import assessment_review

    superuser = world.users["super"]
    assessment = _assessment(world.organisation, superuser)
    assessment.state = ImpactAssessment.State.READY
    assessment.save()
    with pytest.raises(PermissionDenied):
        assessment_review(user=superuser, assessment=assessment, version=assessment.version)
