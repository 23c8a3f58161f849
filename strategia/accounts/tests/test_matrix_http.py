"""The permission matrix over HTTP: the workspace, user management, the admin,
and every public read path checked for internal rows.

Same scenario and same table form as ``test_rules.py``: one row per action
and scope, one mark per role. A row is easy to add: name the action in
``REQUESTS`` (how to make the request for a scope) and add its line.

Requests go to the Kemi site (the default organisation), so "other_org"
rows ask Kemi's site for another town's objects by id: everyone is denied.
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from strategia.indicators.tests.factories import IndicatorFactory
from strategia.monitoring.tests.factories import ReportingPeriodFactory, StatusUpdateFactory
from strategia.organisations.tests.factories import PersonFactory, UserFactory
from strategia.strategy.models import Visibility
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory

from .factories import RoleAssignmentFactory
from .scenario import ROLES, build_scenario
from .test_rules import parse_matrix

# Y: the page answers 200 (or a POST succeeds); N: 403, 404 or a sign-in redirect.
HTTP_MATRIX = """
action            scope      admin office manager contact reader outsider inactive anon super norole
ws_my_work        own        Y     Y      Y       Y       Y      N        N        N    Y     N
ws_measure        own        Y     Y      Y       Y       Y      N        N        N    Y     N
ws_measure        other_unit Y     Y      Y       Y       Y      N        N        N    Y     N
ws_measure        other_org  N     N      N       N       N      N        N        N    N     N
ws_measure_edit   own        Y     Y      Y       Y       N      N        N        N    Y     N
ws_measure_edit   sub        Y     Y      Y       N       N      N        N        N    Y     N
ws_measure_edit   other_unit Y     Y      N       N       N      N        N        N    Y     N
ws_measure_edit   other_org  N     N      N       N       N      N        N        N    N     N
ws_review         own        Y     Y      Y       N       N      N        N        N    Y     N
ws_review         sub        Y     Y      Y       N       N      N        N        N    Y     N
ws_review         other_unit Y     Y      N       N       N      N        N        N    Y     N
ws_review         other_org  N     N      N       N       N      N        N        N    N     N
ws_approve        own        Y     Y      Y       N       N      N        N        N    Y     N
ws_approve        sub        Y     Y      Y       N       N      N        N        N    Y     N
ws_approve        other_unit Y     Y      N       N       N      N        N        N    Y     N
ws_approve        other_org  N     N      N       N       N      N        N        N    N     N
ws_approve_own    own        Y     Y      N       N       N      N        N        N    Y     N
ws_review_own     own        Y     Y      N       N       N      N        N        N    Y     N
ws_indicator      own        Y     Y      Y       Y       N      N        N        N    Y     N
ws_indicator      sub        Y     Y      Y       N       N      N        N        N    Y     N
ws_indicator      other_unit Y     Y      N       N       N      N        N        N    Y     N
ws_indicator      other_org  N     N      N       N       N      N        N        N    N     N
ws_write_update   own        Y     Y      Y       Y       N      N        N        N    Y     N
ws_write_update   sub        Y     Y      Y       N       N      N        N        N    Y     N
ws_write_update   other_unit Y     Y      N       N       N      N        N        N    Y     N
ws_write_update   other_org  N     N      N       N       N      N        N        N    N     N
ws_enter_value    own        Y     Y      Y       Y       N      N        N        N    Y     N
ws_enter_value    sub        Y     Y      Y       N       N      N        N        N    Y     N
ws_enter_value    other_unit Y     Y      N       N       N      N        N        N    Y     N
ws_enter_value    other_org  N     N      N       N       N      N        N        N    N     N
ws_completeness   own        Y     Y      Y       N       Y      N        N        N    Y     N
ws_open_period    own        Y     Y      N       N       N      N        N        N    Y     N
ws_open_period    other_org  N     N      N       N       N      N        N        N    N     N
ws_draft          own        Y     Y      Y       Y       N      N        N        N    Y     N
ws_draft          sub        Y     Y      Y       N       N      N        N        N    Y     N
ws_draft          other_unit Y     Y      N       N       N      N        N        N    Y     N
ws_draft          other_org  N     N      N       N       N      N        N        N    N     N
ws_returned       own        Y     Y      Y       Y       N      N        N        N    Y     N
ws_returned       sub        Y     Y      Y       N       N      N        N        N    Y     N
ws_returned       other_unit Y     Y      N       N       N      N        N        N    Y     N
ws_returned       other_org  N     N      N       N       N      N        N        N    N     N
ws_submitted      own        Y     Y      Y       Y       N      N        N        N    Y     N
ws_submitted      sub        Y     Y      Y       N       N      N        N        N    Y     N
ws_submitted      other_unit Y     Y      N       N       N      N        N        N    Y     N
ws_submitted      other_org  N     N      N       N       N      N        N        N    N     N
ws_risks_history  own        Y     Y      Y       Y       N      N        N        N    Y     N
ws_risks_history  other_unit Y     Y      N       N       N      N        N        N    Y     N
ws_content        own        Y     Y      N       N       N      N        N        N    Y     N
ws_content_edit   own        Y     Y      N       N       N      N        N        N    Y     N
ws_content_edit   other_unit Y     Y      N       N       N      N        N        N    Y     N
ws_content_edit   other_org  N     N      N       N       N      N        N        N    N     N
ws_content_save   own        Y     Y      N       N       N      N        N        N    Y     N
ws_approvals      own        Y     Y      Y       Y       Y      N        N        N    Y     N
users_list        own        Y     N      Y       N       N      N        N        N    Y     N
user_detail       own        Y     N      Y       N       N      N        N        N    Y     N
user_detail       sub        Y     N      Y       N       N      N        N        N    Y     N
user_detail       other_unit Y     N      N       N       N      N        N        N    Y     N
user_detail       other_org  N     N      N       N       N      N        N        N    N     N
users_grant       own        Y     N      Y       N       N      N        N        N    Y     N
users_grant       other_unit Y     N      Y       N       N      N        N        N    Y     N
users_grant       other_org  N     N      N       N       N      N        N        N    Y     N
admin_on_site     own        Y     Y      Y       Y       N      N        N        N    Y     N
admin_on_site     other_org  N     N      N       N       N      Y        N        N    Y     N
"""

# save: change form with a Save button; view: read-only; hide: not shown
# (redirect to the admin index, 403 or 404); login: sent to sign in.
ADMIN_MATRIX = """
action        scope      admin office manager contact reader outsider inactive anon  super norole
admin_measure own        save  save   save    save    login  hide     login    login save  hide
admin_measure sub        save  save   save    view    login  hide     login    login save  hide
admin_measure other_unit save  save   view    view    login  hide     login    login save  hide
admin_measure other_org  hide  hide   hide    hide    login  save     login    login save  hide
admin_update  own        view  view   view    view    login  hide     login    login view  hide
admin_update  sub        view  view   view    hide    login  hide     login    login view  hide
admin_update  other_unit view  view   hide    hide    login  hide     login    login view  hide
admin_update  other_org  hide  hide   hide    hide    login  view     login    login view  hide
admin_unit    own        save  save   view    view    login  hide     login    login save  hide
admin_unit    other_org  hide  hide   hide    hide    login  save     login    login save  hide
"""


def url(name: str, **kwargs) -> str:
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs or None)


@pytest.fixture
def world(db):
    s = build_scenario()
    # Real indicators for the workspace (the rule matrix used stand-ins).
    contact_person = s.users["contact"].person
    s.real_indicators = {
        scope: IndicatorFactory(
            organisation=unit.organisation,
            responsible_unit=unit,
            contact_person=contact_person if scope == "own" else None,
        )
        for scope, unit in s.units.items()
    }
    s.periods = {
        scope: ReportingPeriodFactory(plan=s.plans[scope], state="planned")
        for scope in ("own", "other_org")
    }
    s.open_periods = {
        scope: ReportingPeriodFactory(plan=s.plans[scope], number=2, state="open")
        for scope in ("own", "other_org")
    }
    # Status updates are written for a period of a plan whose goals the measure serves.
    goals = {key: GoalFactory(plan=s.plans[key]) for key in ("own", "other_org")}
    for scope, measure in s.measures.items():
        measure.goals.add(goals["other_org" if scope == "other_org" else "own"])
    # A returned update in each scope's open period: work in progress, with a
    # return comment and risks that only the measure's unit chain may read.
    work_periods = {
        scope: ReportingPeriodFactory(plan=s.plans[scope], number=3, state="open")
        for scope in ("own", "other_org")
    }
    # And a draft and a submitted one, each in a period of its own.
    s.work = {}
    for number, state in enumerate(("returned", "draft", "submitted"), start=3):
        periods = {
            key: work_periods[key]
            if state == "returned"
            else ReportingPeriodFactory(plan=s.plans[key], number=number, state="open")
            for key in ("own", "other_org")
        }
        for scope, measure in s.measures.items():
            s.work[scope, state] = StatusUpdateFactory(
                measure=measure,
                reporting_period=periods["other_org" if scope == "other_org" else "own"],
                author=s.users["contact"],
                state=state,
                text_fi=f"{state.upper()}-TEKSTI-{scope}",
                risks_fi=f"{state.upper()}-RISKI-{scope}",
                return_comment=f"PALAUTE-{scope}" if state == "returned" else "",
            )
    s.returned = {scope: s.work[scope, "returned"] for scope in s.measures}
    # An internal measure in each organisation, for the admin's "view on site".
    s.internal = {
        scope: MeasureFactory(
            organisation=s.organisation_for(scope),
            responsible_unit=s.units[scope],
            visibility=Visibility.INTERNAL,
        )
        for scope in ("own", "other_org")
    }
    # A contact person in each unit, for the user management pages.
    s.members = {}
    for scope, unit in s.units.items():
        member = UserFactory(email=f"member-{scope}@example.fi")
        RoleAssignmentFactory(
            user=member, organisation=unit.organisation, role="contact_person", unit=unit
        )
        s.members[scope] = member
    return s


def _get(client, path: str) -> bool:
    response = client.get(path)
    assert response.status_code in (200, 302, 403, 404), (path, response.status_code)
    if response.status_code == 302:
        assert "/kirjaudu/" in response["Location"] or "/login/" in response["Location"]
    return response.status_code == 200


def _post_ok(client, path: str, data: dict) -> bool:
    response = client.post(path, data)
    assert response.status_code in (200, 302, 403, 404), (path, response.status_code)
    return response.status_code == 302 and "/kirjaudu/" not in response["Location"]


def _write_update(client, s, scope: str) -> bool:
    """POST a status update; allowed means it was saved."""
    from strategia.monitoring.models import StatusUpdate

    measure = s.measures[scope]
    period = s.open_periods["other_org" if scope == "other_org" else "own"]
    path = url("monitoring:update_edit", measure_pk=measure.pk, period_pk=period.pk)
    before = StatusUpdate.objects.filter(measure=measure, reporting_period=period).count()
    response = client.post(
        path, {"version": "", "status": "on_track", "progress": "40", "text_fi": "Etenee."}
    )
    assert response.status_code in (200, 302, 403, 404), (path, response.status_code)
    return StatusUpdate.objects.filter(measure=measure, reporting_period=period).count() > before


def _approve(client, update) -> bool:
    """POST an approval; allowed means the update was published."""
    path = url("monitoring:update_review", pk=update.pk)
    response = client.post(path, {"version": update.version, "approve": "1"})
    assert response.status_code in (200, 302, 403, 404), (path, response.status_code)
    update.refresh_from_db()
    return update.state == update.State.PUBLISHED


def _enter_value(client, indicator) -> bool:
    """POST a manual indicator value; allowed means it was stored."""
    path = url("monitoring:indicator_values", pk=indicator.pk)
    before = indicator.observations.count()
    response = client.post(path, {"period": "2025", "value": "42"})
    assert response.status_code in (200, 302, 403, 404), (path, response.status_code)
    return indicator.observations.count() > before


def _sees_work(client, s, scope: str, state: str) -> bool:
    """An unfinished update on the pages that show one — its period's form, its review page,
    its measure's page and history: allowed means its text, risks or return comment show
    on any of them."""
    update = s.work[scope, state]
    secrets = [f"{state.upper()}-TEKSTI-{scope}", f"{state.upper()}-RISKI-{scope}"]
    if state == "returned":
        secrets.append(f"PALAUTE-{scope}")
    paths = [
        url(
            "monitoring:update_edit",
            measure_pk=update.measure_id,
            period_pk=update.reporting_period_id,
        ),
        url("monitoring:update_review", pk=update.pk),
        url("monitoring:measure_detail", pk=update.measure_id),
    ]
    seen = False
    for path in paths:
        response = client.get(path)
        assert response.status_code in (200, 302, 403, 404), (path, response.status_code)
        html = response.content.decode()
        shown = [secret in html for secret in secrets]
        if response.status_code == 200 and any(shown) and path == paths[0]:
            # Whoever sees some of it is of the measure's unit chain, and sees all of it.
            assert all(shown), (path, shown)
        seen = seen or (response.status_code == 200 and any(shown))
    return seen


def _grants_a_role(client, s, scope: str) -> bool:
    """Invite the address of an existing account of the scope's unit as a contact person of
    Kemi's sub-unit: allowed means the account got the role (organisations are walls)."""
    from strategia.accounts.models import RoleAssignment

    member = s.members[scope]
    granted = RoleAssignment.objects.filter(
        user=member, organisation=s.organisation, role="contact_person", unit=s.units["sub"]
    )
    granted.delete()  # an earlier role's grant must not count
    response = client.post(
        url("accounts:user_invite"),
        {
            "email": member.email,
            "full_name": "Jäsen",
            "preferred_language": "fi",
            "role": "contact_person",
            "unit": s.units["sub"].pk,
        },
    )
    assert response.status_code in (200, 302, 400, 403, 404), response.status_code
    return granted.exists()


def _views_on_site(client, s, scope: str) -> bool:
    """The admin's "view on site" of an internal measure: allowed means it sends to its page."""
    from django.contrib.contenttypes.models import ContentType

    measure = s.internal[scope]
    content_type = ContentType.objects.get_for_model(measure)
    response = client.get(f"/fi/admin/r/{content_type.pk}/{measure.pk}/")
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code != 302 or "/login/" in response["Location"]:
        return False
    return measure.slug in response["Location"]


def _sees_risks_in_history(client, s, scope: str) -> bool:
    """The measure's workspace page after the risks of a published update changed."""
    from strategia.monitoring.models import StatusUpdate

    update = s.returned[scope]
    StatusUpdate.objects.filter(pk=update.pk).update(state="published")
    update.refresh_from_db()
    update.risks_fi = f"UUSI-RISKI-{scope}"
    update.save()
    response = client.get(url("monitoring:measure_detail", pk=update.measure_id))
    StatusUpdate.objects.filter(pk=update.pk).update(state="returned")
    return response.status_code == 200 and f"UUSI-RISKI-{scope}" in response.content.decode()


REQUESTS = {
    "ws_draft": lambda c, s, scope: _sees_work(c, s, scope, "draft"),
    "ws_returned": lambda c, s, scope: _sees_work(c, s, scope, "returned"),
    "ws_submitted": lambda c, s, scope: _sees_work(c, s, scope, "submitted"),
    "users_grant": lambda c, s, scope: _grants_a_role(c, s, scope),
    "admin_on_site": lambda c, s, scope: _views_on_site(c, s, scope),
    "ws_risks_history": lambda c, s, scope: _sees_risks_in_history(c, s, scope),
    "ws_my_work": lambda c, s, scope: _get(c, url("monitoring:my_work")),
    "ws_measure": lambda c, s, scope: _get(
        c, url("monitoring:measure_detail", pk=s.measures[scope].pk)
    ),
    "ws_measure_edit": lambda c, s, scope: _get(
        c, url("monitoring:measure_edit", pk=s.measures[scope].pk)
    ),
    "ws_review": lambda c, s, scope: _get(
        c, url("monitoring:update_review", pk=s.updates[scope].pk)
    ),
    "ws_review_own": lambda c, s, scope: _get(
        c, url("monitoring:update_review", pk=s.own_update_by_manager.pk)
    ),
    "ws_indicator": lambda c, s, scope: _get(
        c, url("monitoring:indicator_values", pk=s.real_indicators[scope].pk)
    ),
    "ws_write_update": lambda c, s, scope: _write_update(c, s, scope),
    "ws_approve": lambda c, s, scope: _approve(c, s.updates[scope]),
    "ws_approve_own": lambda c, s, scope: _approve(c, s.own_update_by_manager),
    "ws_enter_value": lambda c, s, scope: _enter_value(c, s.real_indicators[scope]),
    "ws_completeness": lambda c, s, scope: _get(c, url("monitoring:completeness")),
    "ws_open_period": lambda c, s, scope: _post_ok(
        c, url("monitoring:period_open", pk=s.periods[scope].pk), {"confirm": "1"}
    ),
    "ws_content": lambda c, s, scope: _get(c, url("monitoring:content_index")),
    "ws_content_edit": lambda c, s, scope: _get(
        c, url("monitoring:content_edit", kind="toimenpiteet", pk=s.measures[scope].pk)
    ),
    "ws_content_save": lambda c, s, scope: _post_ok(
        c,
        url("monitoring:content_add", kind="yksikot"),
        {"kind": "unit", "slug": f"uusi-{id(c)}", "name_fi": "Uusi yksikkö"},
    ),
    "ws_approvals": lambda c, s, scope: _get(c, url("monitoring:approvals")),
    "users_list": lambda c, s, scope: _get(c, url("accounts:user_list")),
    "user_detail": lambda c, s, scope: _get(c, url("accounts:user_detail", pk=s.members[scope].pk)),
}

HTTP_CELLS = parse_matrix(HTTP_MATRIX)


def _sign_in(client, user) -> None:
    if user.is_authenticated:
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")


def test_http_matrix_names_every_action():
    assert {cell[1] for cell in HTTP_CELLS} == set(REQUESTS)


@pytest.mark.parametrize("role", ROLES)
def test_http_matrix(client, world, role, settings):
    settings.STAFF_REQUIRE_2FA = False
    _sign_in(client, world.users[role])
    wrong = []
    for cell_role, action, scope, expected in HTTP_CELLS:
        if cell_role != role:
            continue
        allowed = REQUESTS[action](client, world, scope)
        if allowed is not expected:
            wrong.append((action, scope, "expected allowed" if expected else "expected denied"))
    assert wrong == []


def _admin_state(client, path: str) -> str:
    response = client.get(path)
    if response.status_code == 302:
        return "login" if "/login/" in response["Location"] else "hide"
    if response.status_code in (403, 404):
        return "hide"
    assert response.status_code == 200, (path, response.status_code)
    return "save" if 'name="_save"' in response.content.decode() else "view"


ADMIN_REQUESTS = {
    "admin_measure": lambda s, scope: url(
        "admin:strategy_measure_change", object_id=s.measures[scope].pk
    ),
    "admin_update": lambda s, scope: url(
        "admin:monitoring_statusupdate_change", object_id=s.returned[scope].pk
    ),
    "admin_unit": lambda s, scope: url(
        "admin:organisations_unit_change", object_id=s.units[scope].pk
    ),
}


def parse_words(text: str) -> list[tuple[str, str, str, str]]:
    lines = [line.split() for line in text.strip().splitlines()]
    cells = []
    for action, scope, *marks in lines[1:]:
        assert len(marks) == len(ROLES)
        cells.extend((role, action, scope, mark) for role, mark in zip(ROLES, marks, strict=True))
    return cells


ADMIN_CELLS = parse_words(ADMIN_MATRIX)


@pytest.mark.parametrize("role", ROLES)
def test_admin_matrix(client, world, role, settings):
    settings.STAFF_REQUIRE_2FA = False
    _sign_in(client, world.users[role])
    wrong = []
    for cell_role, action, scope, expected in ADMIN_CELLS:
        if cell_role != role:
            continue
        state = _admin_state(client, ADMIN_REQUESTS[action](world, scope))
        if state != expected:
            wrong.append((action, scope, f"expected {expected}, got {state}"))
    assert wrong == []


@pytest.mark.parametrize("role", ROLES)
def test_admin_lists_show_only_the_users_organisations(client, world, role, settings):
    settings.STAFF_REQUIRE_2FA = False
    user = world.users[role]
    _sign_in(client, user)
    response = client.get(url("admin:strategy_measure_changelist"))
    if response.status_code != 200:
        # Sent to sign in (not active staff), or refused (staff without a role).
        if response.status_code == 302:
            assert "/login/" in response["Location"]
            assert not (user.is_authenticated and user.is_active and user.is_staff)
        else:
            assert response.status_code == 403
            assert not user.role_assignments.exists()
        return
    html = response.content.decode()
    for scope, measure in world.measures.items():
        organisation = world.organisation_for(scope)
        expected = user.is_superuser or user.has_perm("strategy.view_internal", organisation)
        assert (f">{measure.identifier}<" in html) is expected, (scope, expected)


SECRET = "SALAINEN-SISAINEN-TOIMENPIDE"

PUBLIC_READ_PATHS = (
    ("public:home", {}),
    ("public:measure_list", {}),
    ("public:plan_list", {}),
    ("indicators:list", {}),
)


@pytest.mark.parametrize("role", ROLES)
def test_no_public_read_path_shows_internal_rows_to_those_who_may_not_see_them(
    client, world, role, settings
):
    settings.STAFF_REQUIRE_2FA = False
    internal = MeasureFactory(
        organisation=world.organisation,
        name_fi=SECRET,
        visibility=Visibility.INTERNAL,
        responsible_unit=world.units["own"],
    )
    secret_indicator = IndicatorFactory(
        organisation=world.organisation, name_fi=SECRET + "-M", visibility="internal"
    )
    # A published update of the internal measure, and a draft on a public one.
    StatusUpdateFactory(measure=internal, text_fi=SECRET + "-P", state="published")
    public = world.measures["own"]
    StatusUpdateFactory(measure=public, text_fi=SECRET + "-D", state="draft")
    user = world.users[role]
    _sign_in(client, user)
    may_see = user.has_perm("strategy.view_internal", world.organisation)
    paths = [url(name, **kwargs) for name, kwargs in PUBLIC_READ_PATHS]
    paths.append(url("public:measure_detail", slug=public.slug))
    paths += ["/api/v1/measures/", "/api/v1/status-updates/"]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        if not may_see:
            assert SECRET not in response.content.decode(), path
    detail = client.get(url("public:measure_detail", slug=internal.slug))
    assert (detail.status_code == 200) is may_see
    if not may_see:
        assert detail.status_code == 404
    api_detail = client.get(f"/api/v1/measures/{internal.pk}/")
    if not may_see:
        assert api_detail.status_code == 404
        assert client.get(url("indicators:detail", slug=secret_indicator.slug)).status_code == 404


def test_a_contact_person_of_one_organisation_is_a_stranger_in_another(client, world):
    # The same person can't carry rights across organisations through a Person row.
    stranger = PersonFactory(organisation=world.other_organisation, user=None)
    world.measures["other_org"].contact_persons.add(stranger)
    contact = world.users["contact"]
    assert not contact.has_perm("strategy.change_measure", world.measures["other_org"])
