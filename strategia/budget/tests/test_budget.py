"""Budget targets and operating plans: the services' rules, locking and history, the import."""

import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.budget import importer, services
from strategia.budget.models import Achievement, BudgetTarget, OperatingPlan
from strategia.core.tests.save_buttons import assert_save_buttons_say
from strategia.organisations.tests.factories import OrganisationFactory, UnitFactory, UserFactory
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory, PlanFactory


@pytest.fixture
def world(db):
    kemi = OrganisationFactory(slug="kemi", name_fi="Kemi")
    own = UnitFactory(organisation=kemi, slug="sivistys", name_fi="Sivistyspalvelut")
    other = UnitFactory(organisation=kemi, slug="tekniset", name_fi="Tekniset palvelut")
    plan = PlanFactory(organisation=kemi, slug="kaupunkistrategia")
    goal = GoalFactory(plan=plan, slug="viisas", name_fi="Viisas Kemi")
    office = UserFactory(email="office@example.fi")
    RoleAssignmentFactory(user=office, organisation=kemi, role=Role.STRATEGY_OFFICE)
    manager = UserFactory(email="manager@example.fi")
    RoleAssignmentFactory(user=manager, organisation=kemi, role=Role.UNIT_MANAGER, unit=own)
    return type(
        "World",
        (),
        {
            "kemi": kemi,
            "own": own,
            "other": other,
            "goal": goal,
            "office": office,
            "manager": manager,
        },
    )


def _data(world, **kwargs):
    values = {"year": 2026, "identifier": "SIV-1", "unit": world.own, "text_fi": "Sata ideaa"}
    values.update(kwargs)
    return services.BudgetTargetData(**values)


def test_a_unit_manager_writes_the_targets_of_their_unit_only(world):
    target = services.budget_target_save(
        user=world.manager, organisation=world.kemi, data=_data(world, goal=world.goal)
    )
    assert target.version == 1 and target.goal == world.goal
    with pytest.raises(PermissionDenied):
        services.budget_target_save(
            user=world.manager,
            organisation=world.kemi,
            data=_data(world, identifier="TEK-1", unit=world.other),
        )
    assert services.budget_target_save(
        user=world.office,
        organisation=world.kemi,
        data=_data(world, identifier="TEK-1", unit=world.other),
    )


def test_a_stale_form_is_refused_and_every_change_has_history(world):
    target = services.budget_target_save(
        user=world.office, organisation=world.kemi, data=_data(world)
    )
    changed = services.budget_target_save(
        user=world.manager,
        organisation=world.kemi,
        data=_data(world, achieved=Achievement.YES, explanation_fi="Ideoita tuli 120."),
        target=target,
        version=1,
    )
    assert changed.version == 2
    with pytest.raises(services.VersionConflict):
        services.budget_target_save(
            user=world.office,
            organisation=world.kemi,
            data=_data(world, achieved=Achievement.NO),
            target=target,
            version=1,
        )
    target.refresh_from_db()
    assert target.achieved == Achievement.YES
    history = list(target.history.order_by("history_date"))
    assert [h.history_user for h in history] == [world.office, world.manager]
    assert [h.history_change_reason for h in history] == ["created", "changed"]
    assert history[0].achieved == Achievement.NOT_ASSESSED


def test_a_goal_of_another_organisation_is_refused(world):
    foreign = GoalFactory(plan=PlanFactory(organisation=OrganisationFactory(slug="muu")))
    with pytest.raises(ValidationError) as error:
        services.budget_target_save(
            user=world.office, organisation=world.kemi, data=_data(world, goal=foreign)
        )
    assert "goal" in error.value.message_dict


def test_an_operating_plan_carries_the_units_measures_and_targets_with_history(world):
    measure = MeasureFactory(organisation=world.kemi, responsible_unit=world.own)
    foreign_measure = MeasureFactory(organisation=world.kemi, responsible_unit=world.other)
    target = services.budget_target_save(
        user=world.office, organisation=world.kemi, data=_data(world)
    )
    data = services.OperatingPlanData(
        approved_by="Sivistyslautakunta",
        approval_paragraph="§ 12",
        budget_targets=[target],
        lines=[services.OperatingPlanLine(measure=measure, resources_fi="2 htv")],
    )
    plan = services.operating_plan_save(
        user=world.manager, organisation=world.kemi, unit=world.own, year=2026, data=data
    )
    assert [line.measure for line in plan.lines.all()] == [measure]
    assert list(plan.budget_targets.all()) == [target]
    with pytest.raises(services.VersionConflict):
        services.operating_plan_save(
            user=world.manager, organisation=world.kemi, unit=world.own, year=2026, data=data
        )
    bad = services.OperatingPlanData(lines=[services.OperatingPlanLine(measure=foreign_measure)])
    with pytest.raises(ValidationError):
        services.operating_plan_save(
            user=world.manager,
            organisation=world.kemi,
            unit=world.own,
            year=2026,
            data=bad,
            version=1,
        )
    services.operating_plan_save(
        user=world.manager,
        organisation=world.kemi,
        unit=world.own,
        year=2026,
        data=services.OperatingPlanData(approved_by="Sivistyslautakunta"),
        version=1,
    )
    plan.refresh_from_db()
    assert plan.version == 2 and not plan.lines.exists()
    # The save and the change of its targets each leave a row, all by the manager.
    assert {h.history_change_reason for h in plan.history.all()} >= {"created", "changed"}
    assert {h.history_user for h in plan.history.all()} == {world.manager}
    with pytest.raises(PermissionDenied):
        services.operating_plan_save(
            user=world.manager, organisation=world.kemi, unit=world.other, year=2026, data=bad
        )


CSV_HEADER = "year;identifier;unit;binding;text_fi;goal;appropriation_net;achieved\n"


def _import(world, text: str, user=None):
    return importer.budget_targets_import(
        user=user or world.office, organisation=world.kemi, content=text.encode(), format="csv"
    )


def test_a_csv_template_imports_and_a_rerun_updates(world):
    text = (
        CSV_HEADER
        + "2026;SIV-1;sivistys;kyllä;Sata ideaa;kaupunkistrategia/viisas;950 000,50;\n"
        + "2026;TEK-1;tekniset;ei;LED-valot;;;osittain\n"
    )
    assert _import(world, text) == importer.ImportResult(created=2, updated=0)
    siv = BudgetTarget.objects.get(identifier="SIV-1")
    assert siv.binding and siv.goal == world.goal and str(siv.appropriation_net) == "950000.50"
    tek = BudgetTarget.objects.get(identifier="TEK-1")
    assert not tek.binding and tek.achieved == Achievement.PARTLY
    assert _import(world, text) == importer.ImportResult(created=0, updated=2)
    siv.refresh_from_db()
    assert siv.version == 2 and siv.history.count() == 2


def test_a_bad_file_names_every_problem_by_row_and_column_and_writes_nothing(world):
    text = (
        CSV_HEADER
        + "2026;SIV-1;sivistys;kyllä;Sata ideaa;;;\n"
        + "20x6;SIV-2;eiole;ehkä;;muu/tavoite;paljon;kenties\n"
        + "2026;SIV-1;sivistys;kyllä;Toinen;;;\n"
    )
    with pytest.raises(importer.BudgetImportError) as error:
        _import(world, text)
    located = {(e.row, e.column) for e in error.value.row_errors}
    assert located == {
        (3, "text_fi"),
        (3, "year"),
        (3, "unit"),
        (3, "binding"),
        (3, "goal"),
        (3, "appropriation_net"),
        (3, "achieved"),
        (4, "identifier"),
    }
    # Finnish, the default language: "Rivi 3, sarake unit: Tunnuksella ”eiole” ei ole yksikköä."
    assert "Rivi 3, sarake unit: Tunnuksella ”eiole” ei ole yksikköä." in error.value.messages
    assert not BudgetTarget.objects.exists()


def test_a_unit_manager_cannot_import_another_units_targets(world):
    text = CSV_HEADER + "2026;TEK-1;tekniset;kyllä;LED-valot;;;\n"
    with pytest.raises(importer.BudgetImportError) as error:
        _import(world, text, user=world.manager)
    assert [(e.row, e.column) for e in error.value.row_errors] == [(2, "unit")]
    assert not BudgetTarget.objects.exists()


def test_the_xlsx_template_round_trips(world):
    workbook = openpyxl.load_workbook(io.BytesIO(importer.template(format="xlsx")))
    sheet = workbook.active
    assert [c.value for c in sheet[1]] == importer.COLUMNS
    sheet["C2"] = "sivistys"
    sheet["H2"] = "kaupunkistrategia/viisas"
    buffer = io.BytesIO()
    workbook.save(buffer)
    result = importer.budget_targets_import(
        user=world.office, organisation=world.kemi, content=buffer.getvalue(), format="xlsx"
    )
    assert result.created == 1
    assert BudgetTarget.objects.get().appropriation_gross == 1200000


def test_a_missing_column_is_named(world):
    with pytest.raises(importer.BudgetImportError) as error:
        _import(world, "year;identifier;text_fi\n2026;X;y\n")
    assert [(e.row, e.column) for e in error.value.row_errors] == [(1, "unit")]


def test_the_workspace_pages(world, client):
    services.budget_target_save(user=world.office, organisation=world.kemi, data=_data(world))
    services.budget_target_save(
        user=world.office,
        organisation=world.kemi,
        data=_data(world, identifier="TEK-1", unit=world.other, text_fi="LED-valot"),
    )
    client.force_login(world.manager)
    page = client.get(reverse("budget:index") + "?year=2026").content.decode()
    assert "Sata ideaa" in page and "LED-valot" not in page
    target = BudgetTarget.objects.get(identifier="TEK-1")
    assert client.get(reverse("budget:target_edit", kwargs={"pk": target.pk})).status_code == 403
    own = BudgetTarget.objects.get(identifier="SIV-1")
    response = client.post(
        reverse("budget:target_edit", kwargs={"pk": own.pk}),
        {
            "version": "1",
            "year": "2026",
            "identifier": "SIV-1",
            "unit": world.own.pk,
            "binding": "on",
            "text_fi": "Sata ideaa vuodessa",
            "achieved": "yes",
        },
    )
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.text_fi == "Sata ideaa vuodessa" and own.version == 2
    # The same (now stale) form again: refused, both versions shown, nothing saved.
    response = client.post(
        reverse("budget:target_edit", kwargs={"pk": own.pk}),
        {
            "version": "1",
            "year": "2026",
            "identifier": "SIV-1",
            "unit": world.own.pk,
            "text_fi": "Vanha",
            "achieved": "no",
        },
    )
    assert response.status_code == 200 and response.context["conflict"]["current"] == 2
    own.refresh_from_db()
    assert own.text_fi == "Sata ideaa vuodessa"
    upload = io.BytesIO((CSV_HEADER + "2026;SIV-9;tekniset;kyllä;X;;;\n").encode())
    upload.name = "tavoitteet.csv"
    response = client.post(reverse("budget:import"), {"file": upload})
    assert response.status_code == 200
    assert any("Rivi 2, sarake unit" in e for e in response.context["errors"])
    plan_url = reverse("budget:operating_plan_edit", kwargs={"unit_pk": world.own.pk, "year": 2026})
    assert client.get(plan_url).status_code == 200
    response = client.post(
        plan_url,
        {
            "approved_by": "Sivistyslautakunta",
            "budget_targets": [own.pk],
            "lines-TOTAL_FORMS": "1",
            "lines-INITIAL_FORMS": "0",
            "lines-0-measure": "",
        },
    )
    assert response.status_code == 302
    assert OperatingPlan.objects.get().budget_targets.get() == own


def test_a_contact_person_has_no_budget_pages(world, client):
    contact = UserFactory()
    RoleAssignmentFactory(user=contact, organisation=world.kemi, role=Role.CONTACT_PERSON)
    client.force_login(contact)
    assert client.get(reverse("budget:index")).status_code == 403
    assert client.get(reverse("budget:target_new")).status_code == 403


@pytest.mark.parametrize("language, word", [("fi", "Tallenna"), ("sv", "Spara"), ("en", "Save")])
def test_the_save_buttons_say_save_in_each_language(world, client, language, word):
    # Their own context, not the admin's "Tallenna ja poistu" (core/tests/save_buttons.py).
    services.budget_target_save(user=world.office, organisation=world.kemi, data=_data(world))
    target = BudgetTarget.objects.get()
    client.force_login(world.office)
    with translation.override(language):
        pages = [
            reverse("budget:target_new"),
            reverse("budget:target_edit", kwargs={"pk": target.pk}),
            reverse("budget:operating_plan_edit", kwargs={"unit_pk": world.own.pk, "year": 2026}),
        ]
    assert_save_buttons_say(client, pages, word)
