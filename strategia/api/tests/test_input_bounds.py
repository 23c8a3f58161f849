"""Numbers and text in API filters and addresses: a 400 or a 404, never a 500."""

import pytest

from strategia.monitoring.tests.factories import StatusUpdateFactory
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory, PlanFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "query",
    [
        "goal=9999999999999999999999999",
        "goal=9223372036854775808",
        "goal=-1",
        "goal=0",
        "goal=1.5",
        "goal=abc",
        "goal=1e400",
        "status=nonsense",
        "plan=%00",
        "q=%00",
        "responsible_unit=%00",
    ],
)
def test_a_filter_value_no_row_can_have_is_a_400(client, organisation, query):
    response = client.get(f"/api/v1/measures/?{query}")
    assert response.status_code == 400, response.content
    assert response["Content-Type"].startswith("application/json")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/goals/9999999999999999999999999/",
        "/api/v1/goals/9223372036854775808/",
        "/api/v1/status-updates/99999999999999999999/",
        "/api/v1/goals/-1/",
        "/api/v1/plans/%00/",
        "/api/v1/measures/%00/",
        "/api/v1/units/%00/",
    ],
)
def test_an_address_no_row_can_have_is_a_404(client, organisation, path):
    response = client.get(path)
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/json")


def test_goals_filter_by_plan_and_updates_by_measure(client, organisation):
    plan = PlanFactory(organisation=organisation, slug="strategia")
    other = PlanFactory(organisation=organisation, slug="ohjelma")
    goal = GoalFactory(plan=plan)
    GoalFactory(plan=other)
    measure = MeasureFactory(organisation=organisation, identifier="A-1", goals=[goal])
    StatusUpdateFactory(measure=measure)
    StatusUpdateFactory(measure=MeasureFactory(organisation=organisation, identifier="B-2"))

    goals = client.get("/api/v1/goals/?plan=strategia").json()["results"]
    assert [g["id"] for g in goals] == [goal.pk]
    updates = client.get("/api/v1/status-updates/?measure=A-1").json()["results"]
    assert len(updates) == 1
    assert client.get("/api/v1/status-updates/?measure=%00").status_code == 400


def test_the_schema_describes_the_filters_and_no_indicators(client, organisation):
    schema = client.get("/api/v1/schema/?format=json").json()

    def parameters(path: str) -> set[str]:
        return {p["name"] for p in schema["paths"][path]["get"].get("parameters", [])}

    assert {"plan", "kind"} <= parameters("/api/v1/goals/")
    assert {"measure", "status"} <= parameters("/api/v1/status-updates/")
    assert "indicator" not in schema["info"]["description"].lower()
    assert not any("indicator" in path for path in schema["paths"])


@pytest.mark.parametrize(
    ("language", "word"), [("fi", "löydy"), ("sv", "hittades"), ("en", "found")]
)
def test_api_errors_are_json_in_the_requests_language(client, organisation, language, word):
    response = client.get("/api/v1/measures/no-such-measure/", HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 404
    assert word in response.json()["detail"].lower()
    unknown = client.get("/api/v1/no-such-endpoint/", HTTP_ACCEPT_LANGUAGE=language)
    assert unknown.status_code == 404
    assert unknown["Content-Type"].startswith("application/json")
