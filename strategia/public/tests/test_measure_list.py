"""Filters, search and pagination of the measure list (a plain GET form)."""

from strategia.strategy.models import MeasureStatus
from strategia.strategy.tests.factories import MeasureFactory


def _identifiers(response) -> list[str]:
    return [measure.identifier for measure in response.context["page"].object_list]


def test_without_filters_all_public_measures_are_listed(client, strategy):
    response = client.get("/en/measures/")
    assert sorted(_identifiers(response)) == ["V1", "V2"]
    assert "2 measures found" in response.content.decode()


def test_goal_filter_includes_measures_of_sub_goals(client, strategy):
    response = client.get("/fi/measures/", {"goal": strategy.goals[0].pk})
    assert sorted(_identifiers(response)) == ["V1", "V2"]
    response = client.get("/fi/measures/", {"goal": strategy.subgoal.pk})
    assert _identifiers(response) == ["V2"]
    response = client.get("/fi/measures/", {"goal": strategy.goals[2].pk})
    assert _identifiers(response) == []


def test_plan_filter(client, strategy):
    response = client.get("/fi/measures/", {"plan": strategy.programme.pk})
    assert _identifiers(response) == ["V1"]


def test_unit_filter(client, strategy):
    response = client.get("/fi/measures/", {"unit": strategy.other_unit.pk})
    assert _identifiers(response) == ["V2"]


def test_status_filter(client, strategy):
    response = client.get("/fi/measures/", {"status": MeasureStatus.DELAYED})
    assert _identifiers(response) == ["V2"]


def test_text_search_in_identifier_name_and_description_any_language(client, strategy):
    assert _identifiers(client.get("/fi/measures/", {"q": "oppiva"})) == ["V2"]
    assert _identifiers(client.get("/fi/measures/", {"q": "v1"})) == ["V1"]
    assert _identifiers(client.get("/fi/measures/", {"q": "yksinkertaisemmiksi"})) == ["V1"]
    # Found by its Swedish name while browsing in Finnish.
    assert _identifiers(client.get("/fi/measures/", {"q": "smidighet"})) == ["V1"]


def test_filters_combine_and_keep_their_state_in_the_form(client, strategy):
    response = client.get(
        "/fi/measures/",
        {"q": "operaatio", "status": MeasureStatus.ON_TRACK, "unit": strategy.unit.pk},
    )
    assert _identifiers(response) == ["V1"]
    html = response.content.decode()
    assert 'value="operaatio"' in html
    assert f'<option value="{strategy.unit.pk}" selected>' in html
    assert '<option value="on_track" selected>' in html


def test_filter_choices_come_from_this_organisation_only(client, strategy):
    foreign = MeasureFactory(name_fi="Vieras")
    html = client.get("/fi/measures/").content.decode()
    assert str(strategy.unit.name) in html
    assert foreign.organisation.name not in html


def test_invalid_filter_values_do_not_crash(client, strategy):
    response = client.get("/fi/measures/", {"goal": "999999", "status": "nonsense", "page": "x"})
    assert response.status_code == 200


def test_pagination_keeps_the_filters(client, strategy):
    for i in range(30):
        MeasureFactory(
            organisation=strategy.organisation,
            identifier=f"P{i:02d}",
            slug=f"p-{i}",
            name_fi=f"Pilotti {i}",
            status=MeasureStatus.ON_TRACK,
        )
    response = client.get("/fi/measures/", {"q": "pilotti", "status": "on_track"})
    assert response.context["result_count"] == 30
    assert len(_identifiers(response)) == 25
    html = response.content.decode()
    assert 'href="?q=pilotti&amp;status=on_track&amp;page=2"' in html
    page_two = client.get("/fi/measures/", {"q": "pilotti", "status": "on_track", "page": 2})
    assert len(_identifiers(page_two)) == 5
    assert 'aria-current="page">2<' in page_two.content.decode()


def test_plan_and_goal_pages_list_their_measures_a_page_at_a_time_counting_them_all(
    client, strategy
):
    goal = strategy.goals[0]
    for i in range(30):
        MeasureFactory(
            organisation=strategy.organisation,
            identifier=f"G{i:02d}",
            slug=f"g-{i}",
            name_fi=f"Kasvu {i}",
            status=MeasureStatus.ON_TRACK,
            goals=[goal],
        )
    totals = {}
    for url in (strategy.plan.get_absolute_url(), goal.get_absolute_url()):
        first = client.get(url)
        assert len(first.context["page"].object_list) == 25, url
        total = totals[url] = first.context["page"].paginator.count
        assert total >= 32, url  # the 30 above and the strategy's own V1 and V2
        assert 'href="?page=2#measures-heading"' in first.content.decode(), url
        rest = client.get(url, {"page": 2})
        assert len(rest.context["page"].object_list) == total - 25, url
        assert 'aria-current="page">2<' in rest.content.decode(), url
        # Junk in the page number shows the nearest page, never an error.
        assert client.get(url, {"page": "99999999999999999999"}).status_code == 200
    # The plan's summary counts every measure, not just the page shown.
    counts = client.get(strategy.plan.get_absolute_url()).context["plan_counts"]
    assert sum(counts.values()) == totals[strategy.plan.get_absolute_url()]
