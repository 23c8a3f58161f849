"""The admin writes only through the services (``accounts/admin_services.py``).

Walked as a superuser and as an organisation administrator: every add, change
and delete of plans, goals, measures, indicators, units and persons leaves the
service's history row (who, and "… in the admin"), claims the next version,
refuses a stale form and tells the caches after commit; the read-only inlines
(a plan's goals, a unit's sub-units, an indicator's targets) write nothing
however they are posted; an indicator's links to goals and measures and a
user's roles are saved through their services (the audit trail of grants).
"""

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation

from strategia.accounts.admin_services import VersionedForm
from strategia.accounts.models import AuditEvent, Role, RoleAssignment
from strategia.core.invalidation import content_version
from strategia.indicators.models import Indicator, IndicatorGoal, Target
from strategia.indicators.tests.factories import IndicatorFactory, TargetFactory
from strategia.organisations.models import Person, Unit
from strategia.organisations.tests.factories import PersonFactory, UserFactory
from strategia.strategy.models import Goal, Plan
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory

from .factories import RoleAssignmentFactory
from .scenario import build_scenario

pytestmark = pytest.mark.django_db
BACKEND = "django.contrib.auth.backends.ModelBackend"
WRITERS = ("super", "admin")


def url(name: str, *args) -> str:
    with translation.override("fi"):
        return reverse(name, args=args or None)


def _value(value):
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    if isinstance(value, bool):
        return "on" if value else None
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _fields(form, data: dict) -> None:
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        value = _value(value)
        if value is not None:
            data[form.add_prefix(name)] = value


def _posted_back(response) -> dict:
    """What the admin change page would post back unchanged, inlines included."""
    data: dict = {}
    _fields(response.context["adminform"].form, data)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        _fields(formset.management_form, data)
        for form in formset.forms:
            _fields(form, data)
    return data


@pytest.fixture
def s(settings):
    settings.STAFF_REQUIRE_2FA = False
    return build_scenario()


def _client(client, user):
    client.force_login(user, backend=BACKEND)
    return client


def _rows(s):
    kemi = s.organisation
    goal = GoalFactory(plan=s.plans["own"])
    indicator = IndicatorFactory(organisation=kemi, slug="mittari")
    return {
        "plan": (s.plans["own"], "name_fi", "strategy"),
        "goal": (goal, "name_fi", "strategy"),
        # Not one with status updates: those keep their measure from being deleted.
        "measure": (MeasureFactory(organisation=kemi), "name_fi", "strategy"),
        "indicator": (indicator, "name_fi", "indicators"),
        "unit": (s.units["sub"], "name_fi", "strategy"),
        "person": (PersonFactory(organisation=kemi), "last_name", "strategy"),
    }


def _admin_name(obj, page: str) -> str:
    return f"admin:{obj._meta.app_label}_{obj._meta.model_name}_{page}"


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("kind", ["plan", "goal", "measure", "indicator", "unit", "person"])
def test_a_change_in_the_admin_is_the_services(
    client, s, writer, kind, django_capture_on_commit_callbacks
):
    obj, field, content_kind = _rows(s)[kind]
    user = s.users[writer]
    client = _client(client, user)
    change = url(_admin_name(obj, "change"), obj.pk)
    page = client.get(change)
    assert page.status_code == 200
    data = _posted_back(page)
    stale = {**data, field: "Vanha lomake"}
    data[field] = "Muutettu adminissa"
    before = content_version(organisation_id=s.organisation.pk, kind=content_kind)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    obj.refresh_from_db()
    assert getattr(obj, field) == "Muutettu adminissa"
    assert obj.version == 2
    record = obj.history.first()
    assert (record.history_user, record.history_change_reason) == (user, "changed in the admin")
    assert content_version(organisation_id=s.organisation.pk, kind=content_kind) > before

    # The form loaded at version 1 is refused, and says so.
    response = client.post(change, stale)
    assert response.status_code == 200
    [error] = response.context["adminform"].form.errors.as_data()["__all__"]
    assert error.code == "version_conflict"
    obj.refresh_from_db()
    assert (getattr(obj, field), obj.version) == ("Muutettu adminissa", 2)

    # simple-history's "revert to this version" is no way around the service.
    revert = change.replace("/change/", f"/history/{obj.history.last().history_id}/")
    assert 'name="_save"' not in client.get(revert).content.decode()
    assert client.post(revert, data).status_code == 403

    # Deleting leaves the service's history row.
    before = content_version(organisation_id=s.organisation.pk, kind=content_kind)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(_admin_name(obj, "delete"), obj.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not type(obj).objects.filter(pk=obj.pk).exists()
    record = obj.history.first()
    assert (record.history_type, record.history_user, record.history_change_reason) == (
        "-",
        user,
        "removed in the admin",
    )
    assert content_version(organisation_id=s.organisation.pk, kind=content_kind) > before


def _added(s, kind: str) -> tuple[type, dict]:
    kemi = str(s.organisation.pk)
    common = {"organisation": kemi, "name_fi": "Adminissa lisätty", "order": "0"}
    return {
        "plan": (Plan, {**common, "kind": "programme", "slug": "lisatty"}),
        "goal": (
            Goal,
            {**common, "plan": str(s.plans["own"].pk), "kind": "goal", "slug": "lisatty"},
        ),
        "indicator": (
            Indicator,
            {
                **common,
                "slug": "lisatty",
                "visibility": "public",
                "decimals": "1",
                "polarity": "higher_is_better",
                "time_resolution": "year",
                "source": "manual",
            },
        ),
        "unit": (Unit, {**common, "kind": "unit", "slug": "lisatty"}),
        "person": (
            Person,
            {"organisation": kemi, "first_name": "Aino", "last_name": "Adminissa lisätty"},
        ),
    }[kind]


def test_a_conflict_found_by_the_service_is_an_admin_error(client, s, monkeypatch):
    """Someone saves between the form's check and the service's claim: nothing is saved."""
    plan = s.plans["own"]
    client = _client(client, s.users["admin"])
    change = url("admin:strategy_plan_change", plan.pk)
    data = {**_posted_back(client.get(change)), "name_fi": "Myöhässä", "loaded_version": "0"}
    monkeypatch.setattr(VersionedForm, "clean", forms.ModelForm.clean)
    response = client.post(change, data, follow=True)
    assert response.redirect_chain[-1][0].endswith(change)
    assert "Nothing was saved" in str(list(response.context["messages"])) or any(
        "tallennettu" in str(message) for message in response.context["messages"]
    )
    plan.refresh_from_db()
    assert (plan.name_fi, plan.version) != ("Myöhässä", 2)
    assert plan.version == 1


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("kind", ["plan", "goal", "indicator", "unit", "person"])
def test_an_addition_in_the_admin_is_the_services(client, s, writer, kind):
    model, data = _added(s, kind)
    client = _client(client, s.users[writer])
    add = url(f"admin:{model._meta.app_label}_{model._meta.model_name}_add")
    response = client.post(add, {**_posted_back(client.get(add)), **data})
    assert response.status_code == 302, response.context and response.context["errors"]
    lookup = "last_name" if model is Person else "name_fi"
    obj = model.objects.get(**{lookup: "Adminissa lisätty"})
    record = obj.history.first()
    assert (record.history_user, record.history_change_reason) == (
        s.users[writer],
        "added in the admin",
    )


@pytest.mark.parametrize("writer", WRITERS)
def test_read_only_inlines_write_nothing(client, s, writer):
    client = _client(client, s.users[writer])
    plan = s.plans["own"]
    goal = GoalFactory(plan=plan, name_fi="Tavoite")
    indicator = IndicatorFactory(organisation=s.organisation, slug="mittari")
    target = TargetFactory(indicator=indicator, year=2030, value=10)
    snapshot = (
        list(Goal.objects.values_list("pk", "name_fi", "plan_id")),
        list(Unit.objects.values_list("pk", "name_fi", "parent_id")),
        list(Target.objects.values_list("pk", "year", "value")),
    )
    posts = [
        (plan, "goals", {"id": goal.pk, "plan": plan.pk, "name_fi": "Muutettu", "kind": "goal"}),
        (
            s.units["own"],
            "children",
            {"id": s.units["sub"].pk, "parent": s.units["own"].pk, "name_fi": "Muutettu"},
        ),
        (indicator, "targets", {"id": target.pk, "indicator": indicator.pk, "value": "99"}),
    ]
    for parent, prefix, row in posts:
        change = url(_admin_name(parent, "change"), parent.pk)
        page = client.get(change)
        assert page.status_code == 200
        formsets = [inline.formset for inline in page.context["inline_admin_formsets"]]
        prefix = next(f.prefix for f in formsets if f.prefix.startswith(prefix[:5]))
        data = _posted_back(page)
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "2",
                f"{prefix}-INITIAL_FORMS": "1",
                **{f"{prefix}-0-{name}": value for name, value in row.items()},
                **{f"{prefix}-1-{name}": value for name, value in row.items() if name != "id"},
                f"{prefix}-1-slug": "uusi",
                f"{prefix}-1-year": "2031",
                f"{prefix}-0-DELETE": "on",
            }
        )
        client.post(change, data)
    assert snapshot == (
        list(Goal.objects.values_list("pk", "name_fi", "plan_id")),
        list(Unit.objects.values_list("pk", "name_fi", "parent_id")),
        list(Target.objects.values_list("pk", "year", "value")),
    )


@pytest.mark.parametrize("writer", WRITERS)
def test_an_indicators_goal_links_are_saved_by_the_service(
    client, s, writer, django_capture_on_commit_callbacks
):
    client = _client(client, s.users[writer])
    indicator = IndicatorFactory(organisation=s.organisation, slug="mittari")
    goal = GoalFactory(plan=s.plans["own"])
    change = url("admin:indicators_indicator_change", indicator.pk)
    data = _posted_back(client.get(change))
    data.update(
        {
            "goal_links-TOTAL_FORMS": "1",
            "goal_links-0-indicator": str(indicator.pk),
            "goal_links-0-goal": str(goal.pk),
            "goal_links-0-expected_effect": "increases",
            "goal_links-0-order": "0",
        }
    )
    before = content_version(organisation_id=s.organisation.pk, kind="strategy")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assert IndicatorGoal.objects.filter(indicator=indicator, goal=goal).exists()
    # The goal's page lists its indicators: the strategy pages are told too.
    assert content_version(organisation_id=s.organisation.pk, kind="strategy") > before

    # Another organisation's goal is not offered, and not saved if posted.
    foreign = GoalFactory(plan=s.plans["other_org"])
    data = _posted_back(client.get(change))
    data.update(
        {
            "goal_links-TOTAL_FORMS": "2",
            "goal_links-1-indicator": str(indicator.pk),
            "goal_links-1-goal": str(foreign.pk),
            "goal_links-1-order": "0",
        }
    )
    client.post(change, data)
    assert not IndicatorGoal.objects.filter(goal=foreign).exists()


@pytest.mark.parametrize("writer", WRITERS)
def test_roles_given_in_the_user_admin_are_the_grant_services(client, s, writer):
    client = _client(client, s.users[writer])
    # A reader of Kemi, so that Kemi's administrator manages the account.
    person = UserFactory(email="uusi@example.fi", is_staff=True)
    RoleAssignmentFactory(user=person, organisation=s.organisation, role=Role.READER)
    change = url("admin:accounts_user_change", person.pk)
    data = _posted_back(client.get(change))
    data.update(
        {
            "role_assignments-TOTAL_FORMS": "2",
            "role_assignments-1-organisation": str(s.organisation.pk),
            "role_assignments-1-role": Role.STRATEGY_OFFICE,
        }
    )
    response = client.post(change, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    assignment = RoleAssignment.objects.get(user=person, role=Role.STRATEGY_OFFICE)
    granted = AuditEvent.objects.get(kind=AuditEvent.Kind.ROLE_GRANTED, subject=person)
    assert granted.actor == s.users[writer]

    # An existing grant is not edited in place: its role stays.
    data = _posted_back(client.get(change))
    prefix = next(
        key[: -len("-id")]
        for key, value in data.items()
        if key.startswith("role_assignments-")
        and key.endswith("-id")
        and value == str(assignment.pk)
    )
    client.post(change, {**data, f"{prefix}-role": Role.ADMINISTRATOR})
    assignment.refresh_from_db()
    assert assignment.role == Role.STRATEGY_OFFICE

    # Removing it is a revocation, in the audit trail.
    assert client.post(change, {**data, f"{prefix}-DELETE": "on"}).status_code == 302
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    revoked = AuditEvent.objects.get(kind=AuditEvent.Kind.ROLE_REVOKED, subject=person)
    assert revoked.actor == s.users[writer]


def test_the_user_admin_refuses_a_role_on_another_organisations_account(client, s):
    """The wall of issue 8: the administrator may not pull in the other town's account."""
    client = _client(client, s.users["super"])
    outsider = s.users["outsider"]  # an administrator of the other town
    change = url("admin:accounts_user_change", outsider.pk)
    data = _posted_back(client.get(change))
    total = int(data["role_assignments-TOTAL_FORMS"])
    data.update(
        {
            "role_assignments-TOTAL_FORMS": str(total + 1),
            f"role_assignments-{total}-organisation": str(s.organisation.pk),
            f"role_assignments-{total}-role": Role.READER,
        }
    )
    # A superuser may; an organisation administrator never reaches the page.
    assert client.post(change, data).status_code == 302
    admin_client = _client(type(client)(), s.users["admin"])
    assert admin_client.get(change).status_code in (302, 403, 404)
    before = RoleAssignment.objects.filter(user=outsider).count()
    admin_client.post(change, data)
    assert RoleAssignment.objects.filter(user=outsider).count() == before


def test_a_unit_managers_change_of_details_is_the_services(client, s):
    """A unit manager changes a measure's details in the admin; the service records it."""
    client = _client(client, s.users["manager"])
    measure = s.measures["own"]
    change = url("admin:strategy_measure_change", measure.pk)
    page = client.get(change)
    assert page.status_code == 200
    data = _posted_back(page)
    data["name_fi"] = "Yksikön nimi"
    assert client.post(change, data).status_code == 302
    measure.refresh_from_db()
    assert measure.name_fi == "Yksikön nimi"
    assert measure.history.first().history_user == s.users["manager"]
