"""The workspace and public pages: who reaches what, filters, exports, query counts, no leaks."""

import csv
import io

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse
from django.utils import translation

from strategia.core.tests.save_buttons import assert_save_buttons_say
from strategia.ems.models import Nonconformity
from strategia.ems.registers import REGISTERS

from .factories import (
    AspectFactory,
    AuditFactory,
    EvaluationFactory,
    FindingFactory,
    NonconformityFactory,
    ObligationFactory,
    ReviewFactory,
    SiteFactory,
)

SECRET = "SALAINEN-REKISTERIRIVI"


def url(name, **kwargs):
    with translation.override("fi"):
        return reverse(name, kwargs=kwargs or None)


def _fill(world, n: int) -> None:
    org = world.organisation
    for _i in range(n):
        site = SiteFactory(organisation=org, owner=world.coordinator_person)
        aspect = AspectFactory(organisation=org, site=site, owner=world.coordinator_person)
        aspect.goals.add(world.goals[0])
        obligation = ObligationFactory(organisation=org, owner=world.coordinator_person)
        obligation.sites.add(site)
        EvaluationFactory(obligation=obligation, owner=world.coordinator_person)
        audit = AuditFactory(programme__organisation=org, site=site)
        FindingFactory(audit=audit)
        NonconformityFactory(organisation=org, site=site, owner=world.owner_person)
        ReviewFactory(organisation=org)


@pytest.mark.parametrize("register", REGISTERS, ids=lambda r: r.key)
def test_register_lists_make_the_same_queries_at_two_sizes(
    world, register, django_assert_num_queries
):
    client = world.client_for(world.coordinator)
    path = url("ems:list", key=register.key)
    _fill(world, 2)
    client.get(path)  # warm the session and the access cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        assert client.get(path).status_code == 200
    _fill(world, 6)
    with CaptureQueriesContext(connection) as large:
        response = client.get(path)
    assert response.status_code == 200
    assert len(large) == len(small), register.key


def test_public_programme_makes_the_same_queries_at_two_sizes(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = Client()
    _fill(world, 2)
    client.get(url("ems_public:programme"))
    with CaptureQueriesContext(connection) as small:
        client.get(url("ems_public:programme"))
    _fill(world, 6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url("ems_public:programme")).status_code == 200
    assert len(large) == len(small)


def test_dashboard_makes_the_same_queries_at_two_sizes(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = world.client_for(world.coordinator)
    _fill(world, 2)
    client.get(url("ems:dashboard"))
    with CaptureQueriesContext(connection) as small:
        client.get(url("ems:dashboard"))
    _fill(world, 6)
    with CaptureQueriesContext(connection) as large:
        assert client.get(url("ems:dashboard")).status_code == 200
    assert len(large) == len(small)


def test_filters_and_exports(world):
    org = world.organisation
    NonconformityFactory(organisation=org, description="Avoin vuoto")
    NonconformityFactory(organisation=org, description="Suljettu asia", closed_on="2025-05-01")
    client = world.client_for(world.coordinator)
    path = url("ems:list", key="poikkeamat")
    html = client.get(path, {"state": "open"}).content.decode()
    assert "Avoin vuoto" in html and "Suljettu asia" not in html
    html = client.get(path, {"q": "suljettu"}).content.decode()
    assert "Suljettu asia" in html and "Avoin vuoto" not in html
    response = client.get(path, {"state": "closed", "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[1][1] == "Suljettu asia"
    response = client.get(path, {"format": "xlsx"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.max_row == 3


def test_coordinator_adds_and_edits_through_the_pages_and_a_stale_form_is_refused(world):
    client = world.client_for(world.coordinator)
    response = client.post(
        url("ems:add", key="poikkeamat"),
        {
            "source": "incident",
            "identified_on": "2026-04-01",
            "description": "Vuoto",
            "owner": world.owner_person.pk,
            "due_date": "2026-05-01",
            "version": "",
        },
    )
    assert response.status_code == 302
    item = Nonconformity.objects.get(description="Vuoto")
    edit = url("ems:edit", key="poikkeamat", pk=item.pk)
    data = {
        "source": "incident",
        "identified_on": "2026-04-01",
        "description": "Vuoto",
        "root_cause": "Tiiviste",
        "version": "1",
    }
    assert client.post(edit, data).status_code == 302
    stale = client.post(edit, {**data, "root_cause": "Toinen"})
    assert stale.status_code == 200
    assert "Tiiviste" in stale.content.decode()
    item.refresh_from_db()
    assert (item.root_cause, item.version) == ("Tiiviste", 2)


def test_aspect_form_scores_make_the_aspect_significant(world):
    client = world.client_for(world.coordinator)
    data = {
        "activity": "Lämmitys",
        "aspect": "Energia",
        "impact": "Päästöt",
        "condition": "normal",
        "life_cycle_stage": "use",
        "version": "",
    }
    for criterion, score in zip(world.criteria, (5, 2, 1), strict=True):
        data[f"score_{criterion.pk}"] = str(score)
    assert client.post(url("ems:add", key="nakokohdat"), data).status_code == 302
    from strategia.ems.models import Aspect

    aspect = Aspect.objects.get()
    assert (aspect.total_score, aspect.is_significant) == (13, True)


@pytest.mark.parametrize("who", ["coordinator", "reader", "owner", "anon"])
def test_who_reaches_the_workspace_pages(world, who):
    user = getattr(world, who, None) if who != "anon" else AnonymousUser()
    client = world.client_for(user) if who != "anon" else Client()
    mine = NonconformityFactory(
        organisation=world.organisation, owner=world.owner_person, description="Oma poikkeama"
    )
    NonconformityFactory(organisation=world.organisation, description=SECRET)
    dashboard = client.get(url("ems:dashboard"))
    listing = client.get(url("ems:list", key="poikkeamat"))
    edit = client.get(url("ems:edit", key="poikkeamat", pk=mine.pk))
    add = client.get(url("ems:add", key="poikkeamat"))
    expected = {
        # dashboard, list shows all, own row page, add page
        "coordinator": (200, True, 200, 200),
        "reader": (200, True, 200, 403),
        "owner": (403, False, 200, 403),
        "anon": (302, False, 302, 302),
    }[who]
    assert dashboard.status_code == expected[0]
    assert (SECRET in listing.content.decode()) is expected[1]
    assert edit.status_code == expected[2]
    assert add.status_code == expected[3]
    if who == "reader":
        # Readers see the row, not a form to change it.
        assert 'class="ws-form"' not in edit.content.decode()


def test_overdue_corrective_actions_are_in_my_work(world):
    NonconformityFactory(
        organisation=world.organisation,
        owner=world.owner_person,
        description="Myöhässä oleva korjaus",
        due_date="2020-01-01",
    )
    NonconformityFactory(
        organisation=world.organisation,
        owner=world.coordinator_person,
        description="Jonkun muun",
        due_date="2020-01-01",
    )
    html = world.client_for(world.owner).get(url("monitoring:my_work")).content.decode()
    assert "Myöhässä oleva korjaus" in html and "Jonkun muun" not in html


@pytest.mark.parametrize("who", ["anon", "owner", "reader"])
def test_public_pages_show_internal_rows_only_to_those_who_may_view_the_registers(world, who):
    org = world.organisation
    shown = AspectFactory(
        organisation=org, activity="Julkinen näkökohta", is_significant=True, is_public=True
    )
    hidden = AspectFactory(organisation=org, activity=SECRET, is_significant=True)
    hidden_obligation = ObligationFactory(organisation=org, title=SECRET + "-V")
    for row in (shown, hidden, hidden_obligation):
        row.goals.add(world.goals[0])
    client = Client() if who == "anon" else world.client_for(getattr(world, who))
    html = client.get(url("ems_public:programme")).content.decode()
    assert "Julkinen näkökohta" in html
    assert (SECRET in html) is (who == "reader")


def test_a_child_row_is_added_from_its_parents_page(world):
    audit = AuditFactory(programme__organisation=world.organisation)
    client = world.client_for(world.coordinator)
    page = client.get(url("ems:edit", key="auditoinnit", pk=audit.pk)).content.decode()
    assert f"/tyotila/ymparisto/havainnot/uusi/?audit={audit.pk}" in page
    form = client.get(url("ems:add", key="havainnot"), {"audit": audit.pk}).content.decode()
    assert f'<option value="{audit.pk}" selected>' in form


@pytest.mark.parametrize("language, word", [("fi", "Tallenna"), ("sv", "Spara"), ("en", "Save")])
def test_the_save_buttons_say_save_in_each_language(world, language, word):
    # Their own context, not the admin's "Tallenna ja poistu" (core/tests/save_buttons.py).
    item = NonconformityFactory(organisation=world.organisation, owner=world.owner_person)
    client = world.client_for(world.coordinator)
    with translation.override(language):
        pages = [
            reverse("ems:settings"),
            reverse("ems:criterion_add"),
            reverse("ems:criterion_edit", kwargs={"pk": world.criteria[0].pk}),
            reverse("ems:add", kwargs={"key": "poikkeamat"}),
            reverse("ems:edit", kwargs={"key": "poikkeamat", "pk": item.pk}),
        ]
    assert_save_buttons_say(client, pages, word)
