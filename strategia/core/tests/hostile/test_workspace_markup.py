"""Stored markup in the workspace: what staff read of other staff's (and residents') text.

Script and HTML payloads go into every free-text column of every row of the
workspace world (``workspace_world.py``: plans, goals, measures, units,
persons, status updates in every state with their risks and return comments,
indicators with their internal notes, ideas, answers, comments, moderation
notes, initiatives, assessments, budget targets, reports, the registers of the
environmental management system, and the users' names). Every workspace page
from the URL resolver is then read as the strategy office, an administrator
(user management, moderation and the registers' settings are theirs) and a
unit manager; each must show the payloads inert, as ``markup.py`` checks,
compared with the same page before the payloads were written.

A new workspace address fails ``test_every_workspace_address_is_read`` until
``VALUES`` says which rows its arguments name, or ``NOT_PAGES`` why no page of
it shows stored text.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.apps import apps
from django.test import Client
from django.utils.html import escape

from strategia.monitoring.content_views import EDITORS

from .addresses import site_addresses
from .markup import PAYLOADS, elements, findings, store
from .workspace_world import build_workspace_world

pytestmark = pytest.mark.django_db

WORKSPACE = (
    "monitoring:",
    "ems:",
    "reports:",
    "budget:",
    "assessments:",
    "participation_ws:",
    "accounts:user",
    "accounts:role",
    "accounts:account",
)
# Addresses that answer a GET with no page (405, a download, a redirect), each
# checked by ``test_the_addresses_that_are_no_pages_show_none``.
NOT_PAGES = {
    "monitoring:periods_create": "a POST (the periods page has its form)",
    "accounts:user_invite": "a POST (the user list has its form)",
    "monitoring:target_add": "a POST (the indicator's edit page has its form)",
    "ems:report_publish": "a POST that publishes the report",
    "ems:review_hold": "a POST that marks the review held",
    "reports:download": "a file (its HTML format is the preview's text, checked on the detail)",
    "reports:finalise": "a POST",
    "reports:publish": "a POST",
    "reports:delete": "a POST",
    "budget:template": "a spreadsheet template",
    "participation_ws:moderate": "a POST",
    "participation_ws:block": "a POST",
    "monitoring:target_delete": "a POST",
    "monitoring:goal_link_add": "a POST (the indicator's edit page has its form)",
    "monitoring:goal_link_delete": "a POST",
    "monitoring:measure_link_add": "a POST (the indicator's edit page has its form)",
    "monitoring:measure_link_delete": "a POST",
    "assessments:start": "a POST",
    "assessments:state": "a POST",
    "accounts:role_revoke": "a POST",
    "accounts:user_deactivate": "a POST",
}
Values = Callable[[object], list[dict]]


def _each(**arguments: Callable[[object], object]) -> Values:
    return lambda s: [{name: value(s) for name, value in arguments.items()}]


def _measures(s) -> list[dict]:
    return [{"pk": s.measures[scope].pk} for scope in ("own", "other_unit")]


def _content(s) -> dict[str, object]:
    return {
        "suunnitelmat": s.plans["own"],
        "tavoitteet": s.goal,
        "toimenpiteet": s.measures["own"],
        "mittarit": s.indicator,
        "yksikot": s.units["own"],
        "henkilot": s.users["contact"].person,
    }


decision = _each(pk=lambda s: s.decision.pk)
VALUES: dict[str, Values] = {
    "ems:criterion_edit": _each(pk=lambda s: s.criterion.pk),
    "ems:review": _each(pk=lambda s: s.review.pk),
    "ems:list": lambda s: [{"key": key} for key in s.registers],
    "ems:add": lambda s: [{"key": key} for key in s.registers],
    "ems:edit": lambda s: [{"key": key, "pk": row.pk} for key, row in s.registers.items()],
    "reports:detail": _each(pk=lambda s: s.report.pk),
    "budget:target_edit": _each(pk=lambda s: s.budget_target.pk),
    "budget:operating_plan_edit": _each(unit_pk=lambda s: s.units["own"].pk, year=lambda s: 2026),
    "participation_ws:idea": _each(pk=lambda s: s.idea.pk),
    "participation_ws:initiative_edit": _each(pk=lambda s: s.initiative.pk),
    "monitoring:measure_detail": _measures,
    "monitoring:measure_edit": _measures,
    "monitoring:measure_correct": _measures,
    "monitoring:update_edit": lambda s: [
        {"measure_pk": update.measure_id, "period_pk": update.reporting_period_id}
        for update in s.work.values()
    ],
    "monitoring:update_review": lambda s: [{"pk": update.pk} for update in s.work.values()],
    "monitoring:indicator_values": _each(pk=lambda s: s.indicator.pk),
    "monitoring:target_add": _each(pk=lambda s: s.indicator.pk),
    "monitoring:periods_create": _each(plan_pk=lambda s: s.plans["own"].pk),
    "monitoring:plan_settings": _each(plan_pk=lambda s: s.plans["own"].pk),
    "monitoring:period_open": _each(pk=lambda s: s.periods[0].pk),
    "monitoring:completeness_period": _each(period_pk=lambda s: s.periods[0].pk),
    "monitoring:completeness_detail": _each(
        period_pk=lambda s: s.periods[0].pk, unit_pk=lambda s: s.units["own"].pk
    ),
    "monitoring:content_list": lambda s: [{"kind": kind} for kind in EDITORS],
    "monitoring:content_add": lambda s: [{"kind": kind} for kind in EDITORS],
    "monitoring:content_edit": lambda s: [
        {"kind": kind, "pk": row.pk} for kind, row in _content(s).items()
    ],
    "assessments:detail": decision,
    "assessments:edit": decision,
    "assessments:screen": decision,
    "assessments:effects": decision,
    "assessments:compare": decision,
    "assessments:goals": decision,
    "assessments:option_effects": _each(
        pk=lambda s: s.decision.pk, option_pk=lambda s: s.option.pk
    ),
    "assessments:export": _each(pk=lambda s: s.decision.pk, file_format=lambda s: "html"),
    "accounts:user_detail": lambda s: [
        {"pk": s.users[role].pk} for role in ("manager", "contact", "reader")
    ],
}


def _workspace_addresses():
    return [a for a in site_addresses() if a.name.startswith(WORKSPACE)]


def _pages(s) -> dict[str, str]:
    """Every workspace page of the world: address name and arguments → path."""
    pages = {}
    for address in _workspace_addresses():
        if address.name in NOT_PAGES:
            continue
        for values in VALUES[address.name](s) if address.arguments else [{}]:
            path = address.path(values)
            pages[f"{address.name} {values}"] = path
    return pages


def _rows(s) -> list:
    """Every row of Strategia's own models in the world, history rows included."""
    rows = []
    for model in apps.get_models():
        if model.__module__.startswith("strategia."):
            rows += model._default_manager.all()
    return rows


def _read(clients: list, pages: dict[str, str]) -> dict[str, str]:
    """The HTML of each page as the first of ``clients`` whose user may open it; pages that
    refuse them all (as the permission matrix says) are left out."""
    read = {}
    for name, path in pages.items():
        for client in clients:
            response = client.get(path)
            assert response.status_code in (200, 302, 403, 404), (name, path, response.status_code)
            if response.status_code == 200:
                assert response["Content-Type"].startswith("text/html"), (name, path)
                read[name] = response.content.decode()
                break
    return read


def _clients(s, roles: tuple[str, ...]) -> list[Client]:
    clients = []
    for role in roles:
        client = Client()
        client.force_login(s.users[role])
        clients.append(client)
    return clients


def test_every_workspace_address_is_read():
    names = {address.name for address in _workspace_addresses()}
    assert len(names) > 50  # the walk found the workspace
    with_arguments = {a.name for a in _workspace_addresses() if a.arguments}
    assert with_arguments - NOT_PAGES.keys() - VALUES.keys() == set()
    assert (VALUES.keys() | NOT_PAGES.keys()) - names == set()  # no stale entries


def test_the_addresses_that_are_no_pages_show_none(settings):
    settings.STAFF_REQUIRE_2FA = False
    s = build_workspace_world()
    (client,) = _clients(s, ("admin",))
    for address in _workspace_addresses():
        if address.name not in NOT_PAGES:
            continue
        values = dict.fromkeys(address.arguments, 1) | {"format": "csv"}
        response = client.get(address.path(values))
        is_html = response.get("Content-Type", "").startswith("text/html")
        assert response.status_code != 200 or not is_html, address.name


# Who reads: the strategy office, and an administrator where the office is refused (user
# management, moderation, the registers' settings and forms), so that every page is read;
# and a unit manager, who reads their own unit's work. The figure is the fewest pages each
# must reach, so that a world that no longer opens them fails.
READERS = {("office", "admin"): 120, ("manager",): 50}


@pytest.mark.parametrize("roles", READERS, ids="+".join)
def test_payloads_in_every_text_field_are_inert_on_every_workspace_page(settings, roles):
    settings.STAFF_REQUIRE_2FA = False
    s = build_workspace_world()
    clients = _clients(s, roles)
    pages = _pages(s)
    before = {name: elements(html) for name, html in _read(clients, pages).items()}
    assert len(before) >= READERS[roles], sorted(set(pages) - set(before))
    if "admin" in roles:
        assert before.keys() == pages.keys()

    assert store(_rows(s), PAYLOADS) > 500

    after = _read(clients, pages)
    assert after.keys() == before.keys()
    wrong = {name: findings(before[name], html) for name, html in after.items()}
    assert {name: found for name, found in wrong.items() if found} == {}
    # The payloads are on the pages, as text.
    escaped = [escape(payload) for payload in PAYLOADS]
    shown = [name for name, html in after.items() if any(text in html for text in escaped)]
    assert len(shown) >= len(after) // 2, sorted(set(after) - set(shown))
