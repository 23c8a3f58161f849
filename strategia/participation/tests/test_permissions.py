"""The permission matrix of participation: role × action × scope, by the rules and over HTTP.

The accounts scenario (two towns, a unit tree, one user per role) plus a
moderator and a resident. Scopes: ``own`` is an idea assigned to the unit
manager's unit (or the organisation itself for organisation-wide actions),
``sub`` one in its sub-unit, ``other_unit`` one elsewhere in Kemi and
``other_org`` another town's.
"""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.accounts.tests.scenario import ROLES, build_scenario
from strategia.organisations.tests.factories import UserFactory

from .factories import IdeaFactory, ParticipantFactory

COLUMNS = (*ROLES, "mod", "res")

MATRIX = """
action   scope      admin office manager contact reader outsider inactive anon super norole mod res
moderate own        Y     N      N       N       N      N        N        N    Y     N      Y   N
moderate other_org  N     N      N       N       N      Y        N        N    Y     N      N   N
view     own        Y     Y      Y       N       Y      N        N        N    Y     N      Y   N
view     other_org  N     N      N       N       N      Y        N        N    Y     N      N   N
assign   own        Y     Y      N       N       N      N        N        N    Y     N      Y   N
assign   other_org  N     N      N       N       N      Y        N        N    Y     N      N   N
answer   own        Y     Y      Y       N       N      N        N        N    Y     N      N   N
answer   sub        Y     Y      Y       N       N      N        N        N    Y     N      N   N
answer   other_unit Y     Y      N       N       N      N        N        N    Y     N      N   N
answer   other_org  N     N      N       N       N      Y        N        N    Y     N      N   N
initiat  own        Y     Y      N       N       N      N        N        N    Y     N      N   N
initiat  other_org  N     N      N       N       N      Y        N        N    Y     N      N   N
settings own        Y     N      N       N       N      N        N        N    Y     N      N   N
settings other_org  N     N      N       N       N      Y        N        N    Y     N      N   N
"""

PERMISSION = {
    "moderate": "participation.moderate",
    "view": "participation.view_ideas",
    "assign": "participation.assign_idea",
    "answer": "participation.answer_idea",
    "initiat": "participation.manage_initiatives",
    "settings": "participation.change_settings",
}
ORGANISATION_ACTIONS = {"moderate", "view", "assign", "initiat", "settings"}


def _cells(matrix: str):
    lines = [line.split() for line in matrix.strip().splitlines()]
    header, rows = lines[0], lines[1:]
    assert tuple(header[2:]) == COLUMNS
    for action, scope, *marks in rows:
        assert len(marks) == len(COLUMNS), f"row {action} {scope}"
        for role, mark in zip(COLUMNS, marks, strict=True):
            yield role, action, scope, mark == "Y"


@pytest.fixture
def world(db):
    s = build_scenario()
    moderator = UserFactory(email="moderator@example.fi")
    RoleAssignmentFactory(user=moderator, organisation=s.organisation, role=Role.MODERATOR)
    s.users["mod"] = moderator
    s.users["res"] = ParticipantFactory(organisation=s.organisation).user
    s.ideas = {
        scope: IdeaFactory(organisation=unit.organisation, unit=unit, state="under_consideration")
        for scope, unit in s.units.items()
    }
    return s


def test_participation_permission_matrix(world):
    wrong = []
    for role, action, scope, expected in _cells(MATRIX):
        user = world.users[role]
        target = (
            world.organisation_for(scope) if action in ORGANISATION_ACTIONS else world.ideas[scope]
        )
        if user.has_perm(PERMISSION[action], target) is not expected:
            wrong.append((role, action, scope, "expected allowed" if expected else "denied"))
    assert wrong == []


HTTP_MATRIX = """
action   scope      admin office manager contact reader outsider inactive anon super norole mod res
queue    own        Y     Y      Y       N       Y      N        N        N    Y     N      Y   N
handle   own        Y     Y      Y       N       Y      N        N        N    Y     N      Y   N
handle   other_org  N     N      N       N       N      N        N        N    N     N      N   N
moderat  own        Y     N      N       N       N      N        N        N    Y     N      Y   N
initiat  own        Y     Y      N       N       N      N        N        N    Y     N      N   N
settings own        Y     N      N       N       N      N        N        N    Y     N      N   N
answer   own        Y     Y      Y       N       N      N        N        N    Y     N      N   N
answer   other_unit Y     Y      N       N       N      N        N        N    Y     N      N   N
answer   other_org  N     N      N       N       N      N        N        N    N     N      N   N
"""


def _url(name, **kwargs):
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs or None)


def _request(client, world, action, scope) -> bool:
    idea = world.ideas[scope]
    if action == "answer":
        response = client.post(
            _url("participation_ws:idea", pk=idea.pk),
            {"action": "draft", "kind": "underway", "text": "Vastaus", "measures": []},
        )
        return response.status_code == 302 and idea.answers.exists()
    path = {
        "queue": lambda: _url("participation_ws:queue"),
        "handle": lambda: _url("participation_ws:idea", pk=idea.pk),
        "moderat": lambda: _url("participation_ws:moderation"),
        "initiat": lambda: _url("participation_ws:initiative_list"),
        "settings": lambda: _url("participation_ws:settings"),
    }[action]()
    response = client.get(path)
    assert response.status_code in (200, 302, 403, 404), (path, response.status_code)
    return response.status_code == 200


def test_participation_workspace_matrix_over_http(world):
    wrong = []
    for role, action, scope, expected in _cells(HTTP_MATRIX):
        client = Client()
        user = world.users[role]
        if user.is_authenticated:
            client.force_login(user)
        if _request(client, world, action, scope) is not expected:
            wrong.append((role, action, scope, "expected allowed" if expected else "denied"))
        world.ideas[scope].answers.all().delete()
    assert wrong == []
