"""An indicator's links to goals and measures, kept on its editor page through the
services the admin uses, with the indicator's version claimed."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from strategia.core.history import PREFIXED_EVENTS
from strategia.indicators import services
from strategia.indicators.models import Indicator, IndicatorGoal, IndicatorMeasure
from strategia.indicators.tests.factories import IndicatorFactory
from strategia.monitoring.content_links import _conflict_message
from strategia.organisations.tests.factories import OrganisationFactory
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory, PlanFactory


def _edit(kind: str, pk: int) -> str:
    return reverse("monitoring:content_edit", kwargs={"kind": kind, "pk": pk})


def _add(target: str, indicator) -> str:
    return reverse(f"monitoring:{target}_link_add", kwargs={"pk": indicator.pk})


def _remove(target: str, indicator, link) -> str:
    return reverse(
        f"monitoring:{target}_link_delete", kwargs={"pk": indicator.pk, "link_pk": link.pk}
    )


def test_the_office_links_an_indicator_to_a_goal_and_a_measure(world):
    indicator = IndicatorFactory(organisation=world.organisation, name_fi="Työllisyysaste")
    measure = world.add_measure(name_fi="Työllisyyspalvelut")
    client = world.client_for(world.office)
    page = client.get(_edit("mittarit", indicator.pk))
    assert page.status_code == 200
    assert "goal-link-goal" in page.content.decode()
    response = client.post(
        _add("goal", indicator),
        {
            "goal-link-version": str(indicator.version),
            "goal-link-goal": str(world.goal.pk),
            "goal-link-expected_effect": "increases",
        },
    )
    assert response.status_code == 302
    [link] = IndicatorGoal.objects.filter(indicator=indicator)
    assert (link.goal, link.expected_effect) == (world.goal, "increases")
    indicator.refresh_from_db()
    assert indicator.version == 2
    # Linking the same goal again changes its effect, without a second link.
    response = client.post(
        _add("goal", indicator),
        {
            "goal-link-version": "2",
            "goal-link-goal": str(world.goal.pk),
            "goal-link-expected_effect": "decreases",
        },
    )
    assert response.status_code == 302
    assert list(IndicatorGoal.objects.values_list("expected_effect", flat=True)) == ["decreases"]
    response = client.post(
        _add("measure", indicator),
        {"measure-link-version": "3", "measure-link-measure": str(measure.pk)},
    )
    assert response.status_code == 302
    assert list(IndicatorMeasure.objects.values_list("measure", flat=True)) == [measure.pk]
    # The history tells who linked what; the goal's and measure's pages show the indicator.
    page = client.get(_edit("mittarit", indicator.pk))
    with translation.override("fi"):
        linked = str(PREFIXED_EVENTS["linked: "])
    events = [(change.event, change.reason) for change in page.context["history"]]
    assert events[0] == (linked, str(measure))
    assert (linked, str(world.goal)) in events
    for kind, obj in (("tavoitteet", world.goal), ("toimenpiteet", measure)):
        html = client.get(_edit(kind, obj.pk)).content.decode()
        assert "Työllisyysaste" in html
        assert _edit("mittarit", indicator.pk) in html
    # Removing a link.
    link = IndicatorMeasure.objects.get()
    assert client.post(_remove("measure", indicator, link), {"version": "4"}).status_code == 302
    assert not IndicatorMeasure.objects.exists()


def test_a_stale_page_changes_no_link(world):
    indicator = IndicatorFactory(organisation=world.organisation)
    link = IndicatorGoal.objects.create(indicator=indicator, goal=world.goal)
    other_goal = GoalFactory(plan=world.plan, slug="vihrea", name_fi="Vihreä Kemi")
    client = world.client_for(world.office)
    # Someone saved the indicator after this page was loaded at version 1.
    services.indicator_save(user=world.office, indicator=indicator, version=1)
    response = client.post(
        _add("goal", indicator),
        {"goal-link-version": "1", "goal-link-goal": str(other_goal.pk)},
    )
    assert response.status_code == 409
    with translation.override("fi"):
        assert response.context["link_conflict"] == _conflict_message(Indicator(version=2))
    # The choice is kept, now at the saved version: sending again is deliberate.
    assert response.context["goal_link_form"]["version"].value() == "2"
    assert list(IndicatorGoal.objects.values_list("goal", flat=True)) == [world.goal.pk]
    response = client.post(_remove("goal", indicator, link), {"version": "1"})
    assert response.status_code == 409
    assert IndicatorGoal.objects.filter(pk=link.pk).exists()
    indicator.refresh_from_db()
    assert indicator.version == 2


def test_another_organisations_goal_is_refused(world):
    indicator = IndicatorFactory(organisation=world.organisation)
    elsewhere = OrganisationFactory(slug="tornio")
    foreign_goal = GoalFactory(plan=PlanFactory(organisation=elsewhere, slug="t"), slug="g")
    foreign_measure = MeasureFactory(organisation=elsewhere)
    client = world.client_for(world.office)
    page = client.get(_edit("mittarit", indicator.pk))
    offered = page.context["goal_link_form"].fields["goal"].queryset
    assert foreign_goal not in offered and world.goal in offered
    response = client.post(
        _add("goal", indicator),
        {"goal-link-version": "1", "goal-link-goal": str(foreign_goal.pk)},
    )
    assert response.status_code == 400
    assert response.context["goal_link_form"].errors["goal"]
    # The service refuses it too, whoever calls it.
    for link in (
        IndicatorGoal(indicator=indicator, goal=foreign_goal),
        IndicatorMeasure(indicator=indicator, measure=foreign_measure),
    ):
        with pytest.raises(ValidationError):
            services.indicator_link_save(user=world.office, link=link, version=1)
    assert not IndicatorGoal.objects.exists() and not IndicatorMeasure.objects.exists()
    indicator.refresh_from_db()
    assert indicator.version == 1


def test_only_the_strategy_office_links(world):
    indicator = IndicatorFactory(organisation=world.organisation)
    for user in (world.manager, world.contact):
        response = world.client_for(user).post(
            _add("goal", indicator),
            {"goal-link-version": "1", "goal-link-goal": str(world.goal.pk)},
        )
        assert response.status_code == 403
    assert not IndicatorGoal.objects.exists()
