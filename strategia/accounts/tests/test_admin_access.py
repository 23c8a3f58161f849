from types import SimpleNamespace

import pytest
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from strategia.accounts.admin_access import detect_organisation_path
from strategia.accounts.models import User
from strategia.monitoring.models import StatusUpdate
from strategia.strategy.models import Goal, Measure

from .scenario import build_scenario


@pytest.fixture
def s(db):
    return build_scenario()


def request_as(user):
    request = RequestFactory().get("/fi/admin/")
    request.user = user
    return request


def test_organisation_paths_are_detected():
    assert detect_organisation_path(Measure) == "organisation"
    assert detect_organisation_path(Goal) == "plan__organisation"
    assert detect_organisation_path(StatusUpdate) == "measure__organisation"


def test_unit_manager_cannot_move_a_measure_out_of_their_units(s):
    measure_admin = admin.site._registry[Measure]
    request = request_as(s.users["manager"])
    measure = s.measures["own"]
    measure.responsible_unit = s.units["other_unit"]
    # The admin's version check reads the form; the version is current.
    form = SimpleNamespace(
        cleaned_data={"loaded_version": getattr(measure, "version", 0)}, changed_data=[]
    )
    with pytest.raises(PermissionDenied):
        measure_admin.save_model(request, measure, form=form, change=True)
    measure.refresh_from_db()
    assert measure.responsible_unit == s.units["own"]


def test_strategy_office_cannot_create_content_in_another_organisation(s):
    measure_admin = admin.site._registry[Measure]
    request = request_as(s.users["office"])
    new = Measure(organisation=s.other_organisation, identifier="X1", slug="x1", name_fi="Vieras")
    with pytest.raises(PermissionDenied):
        form = SimpleNamespace(cleaned_data={}, changed_data=[])
        measure_admin.save_model(request, new, form=form, change=False)
    assert not Measure.objects.filter(identifier="X1").exists()


def test_bulk_delete_checks_every_row(s):
    measure_admin = admin.site._registry[Measure]
    request = request_as(s.users["office"])
    mixed = Measure.objects.filter(pk__in=[s.measures["own"].pk, s.measures["other_org"].pk])
    with pytest.raises(PermissionDenied):
        measure_admin.delete_queryset(request, mixed)
    assert mixed.count() == 2


def test_choices_are_limited_to_the_users_organisations(s):
    measure_admin = admin.site._registry[Measure]
    request = request_as(s.users["office"])
    field = measure_admin.formfield_for_foreignkey(
        Measure._meta.get_field("responsible_unit"), request
    )
    units = set(field.queryset)
    assert s.units["own"] in units
    assert s.units["other_org"] not in units


def test_only_superusers_make_superusers(s):
    user_admin = admin.site._registry[User]
    assert "is_superuser" in user_admin.get_readonly_fields(request_as(s.users["admin"]))
    assert "is_superuser" not in user_admin.get_readonly_fields(request_as(s.users["super"]))


def test_administrator_sees_the_users_of_their_organisation_only(s):
    user_admin = admin.site._registry[User]
    visible = set(user_admin.get_queryset(request_as(s.users["admin"])))
    assert s.users["contact"] in visible
    assert s.users["outsider"] not in visible
    assert s.users["super"] not in visible
    assert not user_admin.has_module_permission(request_as(s.users["manager"]))


def test_inlines_follow_the_parent_rules(client, s, settings):
    from django.urls import reverse
    from django.utils import translation

    from strategia.strategy.tests.factories import GoalFactory

    settings.STAFF_REQUIRE_2FA = False
    plan = s.plans["own"]
    GoalFactory(plan=plan, name_fi="Inline-tavoite")
    with translation.override("fi"):
        path = reverse("admin:strategy_plan_change", kwargs={"object_id": plan.pk})
    client.force_login(s.users["office"], backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(path).content.decode()
    assert "Inline-tavoite" in html
    assert 'name="goals-TOTAL_FORMS"' in html
    # A unit manager may view the plan but not change it, so the goals are read-only.
    client.force_login(s.users["manager"], backend="django.contrib.auth.backends.ModelBackend")
    html = client.get(path).content.decode()
    assert "Inline-tavoite" in html
    assert 'name="_save"' not in html


def test_workspace_access_per_organisation(s):
    assert s.users["manager"].has_perm("accounts.access_workspace", s.organisation)
    assert not s.users["manager"].has_perm("accounts.access_workspace", s.other_organisation)
    assert s.users["outsider"].has_perm("accounts.access_workspace")
    assert not s.users["outsider"].has_perm("accounts.access_workspace", s.organisation)
