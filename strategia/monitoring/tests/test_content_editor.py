"""The strategy editor: the strategy office keeps the strategy in the workspace,
through the services, with translations side by side, locking and history."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from strategia.indicators.models import Indicator, Target
from strategia.indicators.tests.factories import IndicatorFactory
from strategia.organisations.models import Person, Unit
from strategia.strategy.models import Goal, Plan


def _edit(kind, pk=None):
    if pk is None:
        return reverse("monitoring:content_add", kwargs={"kind": kind})
    return reverse("monitoring:content_edit", kwargs={"kind": kind, "pk": pk})


def _form_data(response) -> dict:
    """What the page's main form would post back unchanged."""
    form = response.context["form"]
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None:
            continue
        if isinstance(value, list | tuple):
            data[name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    return data


def test_the_office_adds_a_plan_in_three_languages(world):
    client = world.client_for(world.office)
    page = client.get(_edit("suunnitelmat"))
    assert page.status_code == 200
    rows = page.context["form"].translation_rows()
    assert [[field.name for field in row.fields] for row in rows][0] == [
        "name_fi",
        "name_sv",
        "name_en",
    ]
    response = client.post(
        _edit("suunnitelmat"),
        {
            "kind": "programme",
            "slug": "elinvoima",
            "name_fi": "Elinvoimaohjelma",
            "name_sv": "Livskraftsprogram",
            "name_en": "Vitality programme",
            "order": "3",
        },
    )
    assert response.status_code == 302
    plan = Plan.objects.get(slug="elinvoima")
    assert (plan.organisation, plan.name_sv, plan.version) == (
        world.organisation,
        "Livskraftsprogram",
        1,
    )
    assert plan.history.first().history_user == world.office


def test_a_stale_form_is_refused_with_both_versions(world):
    client = world.client_for(world.office)
    url = _edit("tavoitteet", world.goal.pk)
    data = _form_data(client.get(url))
    first = dict(data, name_fi="Ensimmäinen nimi")
    second = dict(data, name_fi="Toinen nimi")
    assert client.post(url, first).status_code == 302
    response = client.post(url, second)
    assert response.status_code == 200
    conflict = response.context["conflict"]
    assert conflict["current"] == conflict["yours"] + 1
    assert ("Toinen nimi", "Ensimmäinen nimi") in [
        (yours, saved) for _label, yours, saved in conflict["rows"] if yours != saved
    ]
    world.goal.refresh_from_db()
    assert world.goal.name_fi == "Ensimmäinen nimi"
    # The page shows the change in the history, in words.
    page = client.get(url)
    assert any(
        row[1:] == ("Viisas Kemi", "Ensimmäinen nimi")
        for change in page.context["history"]
        for row in change.fields
    )


def test_the_measure_editor_sets_goals_and_contact_persons_through_the_service(world):
    measure = world.add_measure(name_fi="Kielikylpy")
    other_goal = Goal.objects.create(plan=world.plan, slug="vihrea", name_fi="Vihreä Kemi")
    client = world.client_for(world.office)
    url = _edit("toimenpiteet", measure.pk)
    data = _form_data(client.get(url))
    data["goals"] = [str(world.goal.pk), str(other_goal.pk)]
    data["contact_persons"] = [str(world.other_person.pk)]
    data["responsible_unit"] = str(world.other_unit.pk)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    measure.refresh_from_db()
    assert set(measure.goals.all()) == {world.goal, other_goal}
    assert list(measure.contact_persons.all()) == [world.other_person]
    assert measure.responsible_unit == world.other_unit
    # Status and progress are not in the form: they come from published updates.
    assert "status" not in client.get(url).context["form"].fields
    history = client.get(url).context["history"]
    labels = {row[0] for change in history for row in change.fields}
    assert "tavoitteet, joita toimenpide palvelee" in labels or any(
        "Vihreä Kemi" in row[2] for change in history for row in change.fields
    )


def _goal_groups(html: str) -> list[tuple[str, list[tuple[str, bool]]]]:
    """The measure editor's goals as shown: (legend, [(goal, checked)]) per plan group."""
    goals = html[html.index('id="id_goals"') :]
    goals = goals[: re.search(r"</fieldset>\s*</div>", goals).end()]
    groups = []
    for part in re.split(r'<fieldset class="ws-choice-group"[^>]*>', goals)[1:]:
        legend = re.search(r"<legend>(.*?)</legend>", part).group(1)
        boxes = re.findall(r"<label[^>]*>\s*<input ([^>]*)>\s*(.*?)</label>", part, re.S)
        groups.append((legend, [(name.strip(), "checked" in attrs) for attrs, name in boxes]))
    return groups


def test_the_measure_editor_shows_each_goal_under_its_plan_ended_plans_last(world):
    from strategia.organisations.tests.factories import OrganisationFactory
    from strategia.strategy.tests.factories import GoalFactory, PlanFactory

    old = PlanFactory(
        organisation=world.organisation,
        slug="vanha",
        name_fi="Aiempi strategia",
        order=0,
        start_year=2018,
        end_year=2021,
    )
    old_goal = GoalFactory(plan=old, slug="viisas-2018", name_fi="Viisas Kemi")
    welfare = PlanFactory(
        organisation=world.organisation,
        slug="hyvinvointi",
        name_fi="Hyvinvointisuunnitelma",
        order=5,
    )
    GoalFactory(plan=welfare, slug="terveys", name_fi="Terve Kemi")
    GoalFactory(plan=PlanFactory(organisation=OrganisationFactory(slug="tornio")), name_fi="Muu")
    measure = world.add_measure(name_fi="Kielikylpy")
    measure.goals.set([old_goal])
    client = world.client_for(world.office)
    url = _edit("toimenpiteet", measure.pk)
    assert _goal_groups(client.get(url).content.decode()) == [
        ("Kaupunkistrategia", [("Viisas Kemi", False)]),
        ("Hyvinvointisuunnitelma", [("Terve Kemi", False)]),
        ("Aiempi strategia (päättynyt 2021)", [("Viisas Kemi", True)]),
    ]
    with translation.override("sv"):
        sv = client.get(
            reverse("monitoring:content_edit", kwargs={"kind": "toimenpiteet", "pk": measure.pk})
        )
    assert _goal_groups(sv.content.decode())[-1][0] == "Aiempi strategia (avslutad 2021)"
    # The grouped boxes post as before: the goal of the current plan is chosen.
    data = _form_data(client.get(url))
    data["goals"] = [str(world.goal.pk)]
    assert client.post(url, data).status_code == 302
    assert list(measure.goals.all()) == [world.goal]


def test_another_organisations_rows_are_not_offered(world):
    from strategia.organisations.tests.factories import OrganisationFactory, UnitFactory

    elsewhere = UnitFactory(organisation=OrganisationFactory(slug="tornio"), slug="muu")
    page = world.client_for(world.office).get(_edit("yksikot"))
    choices = [pk for pk, _label in page.context["form"].fields["parent"].choices if pk]
    assert elsewhere.pk not in [getattr(pk, "value", pk) for pk in choices]


def test_a_unit_can_not_be_put_under_its_own_sub_unit(world):
    client = world.client_for(world.office)
    division = world.unit.parent
    url = _edit("yksikot", division.pk)
    data = _form_data(client.get(url))
    data["parent"] = str(world.unit.pk)
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    division.refresh_from_db()
    assert division.parent is None


def test_people_are_kept_with_history(world):
    client = world.client_for(world.office)
    response = client.post(
        _edit("henkilot"),
        {"first_name": "Sanna", "last_name": "Saari", "email": "sanna@example.fi"},
    )
    assert response.status_code == 302
    person = Person.objects.get(email="sanna@example.fi")
    assert person.organisation == world.organisation
    assert person.history.count() == 1


def test_indicator_targets_are_added_replaced_and_removed(world):
    indicator = IndicatorFactory(organisation=world.organisation)
    client = world.client_for(world.office)
    add = reverse("monitoring:target_add", kwargs={"pk": indicator.pk})
    assert client.post(add, {"year": "2030", "value": "12.5"}).status_code == 302
    assert client.post(add, {"year": "2030", "value": "14"}).status_code == 302
    [target] = Target.objects.filter(indicator=indicator)
    assert (target.value, target.version) == (14.0, 2)
    bad = client.post(add, {"year": "", "value": "x"})
    assert bad.status_code == 400 and bad.context["target_form"].errors
    remove = reverse(
        "monitoring:target_delete", kwargs={"pk": indicator.pk, "target_pk": target.pk}
    )
    assert client.post(remove).status_code == 302
    assert not Target.objects.filter(indicator=indicator).exists()
    # The data source is the administrators': not in the workspace form.
    assert "source" not in client.get(_edit("mittarit", indicator.pk)).context["form"].fields
    assert Indicator.history.filter(id=indicator.pk).exists()


def test_only_those_who_manage_content_may_edit(world):
    for user in (world.manager, world.contact):
        client = world.client_for(user)
        assert client.get(reverse("monitoring:content_index")).status_code == 403
        assert client.get(_edit("suunnitelmat", world.plan.pk)).status_code == 403
        response = client.post(_edit("yksikot"), {"kind": "unit", "slug": "x", "name_fi": "X"})
        assert response.status_code == 403
    assert not Unit.objects.filter(slug="x").exists()


def test_lists_cost_the_same_queries_for_few_and_many(world):
    client = world.client_for(world.office)

    def count(kind) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert (
                client.get(reverse("monitoring:content_list", kwargs={"kind": kind})).status_code
                == 200
            )
        return len(queries.captured_queries)

    world.add_measure()
    small = {kind: count(kind) for kind in ("toimenpiteet", "tavoitteet", "mittarit", "henkilot")}
    for index in range(8):
        world.add_measure()
        Goal.objects.create(plan=world.plan, slug=f"g{index}", name_fi=f"Tavoite {index}")
        IndicatorFactory(organisation=world.organisation)
    assert {kind: count(kind) for kind in small} == small


def test_the_save_button_says_save(world):
    # Django's admin catalogue, read before ours, says "Save" is "Tallenna ja poistu"
    # (save and leave): the editor's button has its own context.
    html = world.client_for(world.office).get(_edit("yksikot", world.unit.pk)).content.decode()
    assert ">Tallenna</button>" in html
    assert "poistu" not in html
