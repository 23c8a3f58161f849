"""Guessed ids of other units' and other organisations' objects, at every address.

Every named pattern of the workspace (monitoring, environment, reports,
budget, decisions) and of user management is taken from the URL resolver —
a new page is covered without touching this file — and requested with the
ids of another town's objects, and of another unit's work in progress. The
other town's objects all carry a marker in their names, the unfinished
update another; neither may appear in any answer, and nothing answers 500.
The admin is walked the same way, over its registry.
"""

import pytest
from django.contrib import admin
from django.urls import reverse
from django.utils import translation

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.accounts.tests.scenario import build_scenario
from strategia.assessments.tests.factories import DecisionFactory
from strategia.ems.registers import REGISTERS
from strategia.ems.tests.factories import AspectFactory, SiteFactory
from strategia.indicators.tests.factories import IndicatorFactory
from strategia.monitoring.models import StatusUpdate
from strategia.monitoring.tests.factories import ReportingPeriodFactory, StatusUpdateFactory
from strategia.organisations.tests.factories import PersonFactory, UserFactory

from .addresses import fill, site_addresses

pytestmark = pytest.mark.django_db

FOREIGN = "VIERAS-KUNTA-SALAISUUS"
UNFINISHED = "TOISEN-YKSIKON-KESKENERAINEN"
WORKSPACE = ("monitoring:", "ems:", "reports:", "budget:", "assessments:", "accounts:user")
OTHER_VALUES = {
    "key": [register.key for register in REGISTERS],
    "format": ["csv", "xlsx", "pdf", "docx", "html"],
    "file_format": ["csv", "xlsx", "docx", "txt", "html"],
}


@pytest.fixture
def world(settings):
    settings.STAFF_REQUIRE_2FA = False
    s = build_scenario()
    other = s.other_organisation
    foreign_unit = s.units["other_org"]
    for measure in (s.measures["other_org"],):
        measure.name_fi = f"{FOREIGN} toimenpide"
        measure.save()
    foreign_unit.name_fi = f"{FOREIGN} yksikkö"
    foreign_unit.save()
    s.plans["other_org"].name_fi = f"{FOREIGN} suunnitelma"
    s.plans["other_org"].save()
    StatusUpdate.objects.filter(pk=s.updates["other_org"].pk).update(text_fi=FOREIGN)
    s.foreign = [
        IndicatorFactory(organisation=other, name_fi=f"{FOREIGN} mittari"),
        ReportingPeriodFactory(plan=s.plans["other_org"], state="open"),
        DecisionFactory(organisation=other, title_fi=f"{FOREIGN} päätös"),
        SiteFactory(organisation=other, name=f"{FOREIGN} kohde"),
        AspectFactory(organisation=other, activity=f"{FOREIGN} toiminta"),
        PersonFactory(organisation=other, first_name=FOREIGN, unit=foreign_unit),
    ]
    member = UserFactory(email="jasen@muukunta.fi", full_name=FOREIGN)
    RoleAssignmentFactory(
        user=member, organisation=other, role=Role.CONTACT_PERSON, unit=foreign_unit
    )
    s.foreign.append(member)
    # Another unit's work in progress in Kemi itself.
    period = ReportingPeriodFactory(plan=s.plans["other_unit"], number=4, state="open")
    s.unfinished = StatusUpdateFactory(
        measure=s.measures["other_unit"],
        reporting_period=period,
        state="returned",
        text_fi=UNFINISHED,
        risks_fi=UNFINISHED,
        return_comment=UNFINISHED,
    )
    return s


def _candidate_ids(s) -> list[int]:
    ids = {obj.pk for obj in s.foreign}
    ids |= {s.measures["other_org"].pk, s.updates["other_org"].pk, s.units["other_org"].pk}
    ids |= {s.plans["other_org"].pk, s.unfinished.pk, s.unfinished.reporting_period_id}
    ids |= {s.measures["other_unit"].pk}
    return sorted(ids)


def _check(client, path: str) -> None:
    response = client.get(path)
    assert response.status_code in (200, 302, 400, 403, 404, 405), (path, response.status_code)
    body = response.content.decode(errors="replace")
    assert FOREIGN not in body, path
    assert UNFINISHED not in body, path


@pytest.mark.parametrize("role", ["reader", "manager", "contact"])
def test_no_workspace_address_shows_another_towns_or_units_objects(client, world, role):
    client.force_login(world.users[role])
    ids = _candidate_ids(world)
    addresses = [a for a in site_addresses() if a.name.startswith(WORKSPACE)]
    assert len(addresses) > 30  # the walk found the workspace
    for address in addresses:
        for path in fill(address, ids, OTHER_VALUES):
            _check(client, path)


@pytest.mark.parametrize("role", ["admin", "manager"])
def test_no_admin_address_shows_another_towns_objects(client, world, role):
    client.force_login(world.users[role])
    foreign_objects = [
        *world.foreign,
        world.measures["other_org"],
        world.updates["other_org"],
        world.units["other_org"],
        world.plans["other_org"],
    ]
    registered = admin.site._registry
    checked = 0
    for obj in foreign_objects:
        if type(obj) not in registered:
            continue
        opts = obj._meta
        for view in ("change", "history", "delete"):
            with translation.override("fi"):
                path = reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])
            _check(client, path)
            checked += 1
        with translation.override("fi"):
            changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        _check(client, changelist)
    assert checked >= 15
