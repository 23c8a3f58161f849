import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from strategia.monitoring.models import StatusUpdate
from strategia.monitoring.tests.factories import StatusUpdateFactory
from strategia.organisations.tests.factories import UnitFactory, UserFactory
from strategia.strategy.models import Visibility
from strategia.strategy.tests.factories import (
    GoalFactory,
    MeasureFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def strategy(organisation):
    plan = PlanFactory(organisation=organisation, slug="kaupunkistrategia")
    goal = GoalFactory(plan=plan, slug="viisas-kemi", name_fi="Viisas Kemi", name_sv="Klokt Kemi")
    public = MeasureFactory(organisation=organisation, identifier="P-1", goals=[goal])
    internal = MeasureFactory(
        organisation=organisation,
        identifier="I-1",
        goals=[goal],
        visibility=Visibility.INTERNAL,
    )
    StatusUpdateFactory(measure=public, text_fi="Julkinen päivitys")
    StatusUpdateFactory(measure=internal, text_fi="Sisäinen päivitys")
    return {"plan": plan, "goal": goal, "public": public, "internal": internal}


def test_measure_list_gives_every_language_and_hides_internal_measures(client, strategy):
    response = client.get("/api/v1/measures/")

    assert response.status_code == 200
    body = response.json()
    assert [m["identifier"] for m in body["results"]] == ["P-1"]
    assert body["count"] == 1
    assert set(body["results"][0]["name"]) == {"fi", "sv", "en"}


def test_internal_measure_is_not_found_by_direct_address_for_anonymous(client, strategy):
    response = client.get(f"/api/v1/measures/{strategy['internal'].slug}/")

    assert response.status_code == 404


def test_status_updates_of_internal_measures_stay_hidden(client, strategy):
    StatusUpdateFactory(
        measure=strategy["public"], state=StatusUpdate.State.DRAFT, text_fi="Luonnos"
    )

    texts = [u["text"]["fi"] for u in client.get("/api/v1/status-updates/").json()["results"]]

    assert texts == ["Julkinen päivitys"]


def test_staff_who_may_view_internal_content_see_internal_measures(client, strategy, admin_user):
    client.force_login(admin_user)

    identifiers = {m["identifier"] for m in client.get("/api/v1/measures/").json()["results"]}

    assert identifiers == {"P-1", "I-1"}


def test_measures_filter_by_plan_status_and_text(client, strategy):
    other_plan = PlanFactory(organisation=strategy["plan"].organisation, slug="muu")
    MeasureFactory(
        organisation=strategy["plan"].organisation,
        identifier="X-9",
        name_fi="Pyöräilyn edistäminen",
        goals=[GoalFactory(plan=other_plan)],
    )

    by_plan = client.get("/api/v1/measures/", {"plan": "muu"}).json()["results"]
    by_text = client.get("/api/v1/measures/", {"q": "pyöräily"}).json()["results"]
    by_status = client.get("/api/v1/measures/", {"status": "completed"}).json()["results"]

    assert [m["identifier"] for m in by_plan] == ["X-9"]
    assert [m["identifier"] for m in by_text] == ["X-9"]
    assert by_status == []


def test_measure_filter_rejects_an_unknown_status_with_a_message(client, strategy):
    response = client.get("/api/v1/measures/", {"status": "valmis"})

    assert response.status_code == 400
    assert "status" in response.json()


def test_plans_and_goals_are_listed(client, strategy):
    plans = client.get("/api/v1/plans/").json()["results"]
    goals = client.get("/api/v1/goals/", {"plan": "kaupunkistrategia"}).json()["results"]

    assert [p["slug"] for p in plans] == ["kaupunkistrategia"]
    assert goals[0]["name"] == {"fi": "Viisas Kemi", "sv": "Klokt Kemi", "en": None}


def measure_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/measures/").status_code == 200
    return len(queries)


@pytest.mark.parametrize("path", ["/api/v1/measures/", "/api/v1/status-updates/"])
def test_list_query_count_does_not_grow_with_the_number_of_measures(client, organisation, path):
    goal = GoalFactory(plan=PlanFactory(organisation=organisation))
    unit = UnitFactory(organisation=organisation)

    def add(n: int) -> None:
        for _ in range(n):
            measure = MeasureFactory(organisation=organisation, goals=[goal], responsible_unit=unit)
            measure.collaborating_units.add(unit)
            StatusUpdateFactory(measure=measure)

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(path).status_code == 200
        return len(queries)

    add(10)
    small = count()
    add(190)
    large = count()

    assert small == large


@pytest.mark.parametrize(
    "query",
    [
        "/api/v1/measures/?plan=ohjelma&status=on_track",
        "/api/v1/measures/?goal={goal}&responsible_unit=yksikko",
        "/api/v1/measures/?q=Toimenpide&plan=ohjelma",
        "/api/v1/status-updates/?status=on_track",
        "/api/v1/goals/?plan=ohjelma&kind=goal",
        "/api/v1/plans/?kind=programme",
    ],
)
def test_filtered_list_query_count_does_not_grow_with_the_number_of_rows(
    client, organisation, query
):
    plan = PlanFactory(organisation=organisation, slug="ohjelma", kind="programme")
    goal = GoalFactory(plan=plan, kind="goal")
    unit = UnitFactory(organisation=organisation, slug="yksikko")
    path = query.format(goal=goal.pk)

    def add(n: int) -> None:
        for i in range(n):
            PlanFactory(organisation=organisation, kind="programme")
            GoalFactory(plan=plan, kind="goal", parent=goal)
            measure = MeasureFactory(
                organisation=organisation,
                name_fi=f"Toimenpide {i}",
                goals=[goal],
                responsible_unit=unit,
                status="on_track",
            )
            measure.collaborating_units.add(unit)
            StatusUpdateFactory(measure=measure, status="on_track")

    def count() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200, response.content
        return len(queries), response.json()["count"]

    add(5)
    small, few_rows = count()
    add(60)
    large, many_rows = count()

    assert many_rows > few_rows > 0
    assert small == large


def test_anonymous_clients_are_rate_limited(client, strategy, settings):
    settings.API_ANON_RATE = "3/minute"

    codes = [client.get("/api/v1/plans/").status_code for _ in range(4)]

    assert codes == [200, 200, 200, 429]


def test_the_openapi_schema_describes_the_endpoints(client, db):
    response = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")

    assert response.status_code == 200
    assert "/api/v1/measures/" in response.json()["paths"]


def test_staff_user_without_rights_sees_no_internal_rows(client, strategy):
    client.force_login(UserFactory(is_staff=False))

    identifiers = {m["identifier"] for m in client.get("/api/v1/measures/").json()["results"]}

    assert identifiers == {"P-1"}


def test_the_schema_generates_without_warnings_and_validates(tmp_path, db):
    from django.core.management import call_command

    target = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(target))

    assert "/api/v1/plans/{slug}/" in target.read_text()


def test_the_schema_describes_the_filters_and_errors_the_api_has(client, db):
    schema = client.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()

    def parameters(path: str) -> set[str]:
        return {parameter["name"] for parameter in schema["paths"][path]["get"]["parameters"]}

    assert {"plan", "kind"} <= parameters("/api/v1/goals/")
    assert {"measure", "status"} <= parameters("/api/v1/status-updates/")
    assert not [path for path in schema["paths"] if "indicator" in path]
    assert not [name for name in schema["components"]["schemas"] if "Indicator" in name]
    goals = schema["paths"]["/api/v1/goals/"]["get"]["responses"]
    assert {"200", "400", "404", "429"} <= set(goals)
    assert "400" not in schema["paths"]["/api/v1/goals/{id}/"]["get"]["responses"]
