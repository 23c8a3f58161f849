"""Schemathesis against the API's own OpenAPI schema: no 500, no answer that breaks it.

The schema is generated in-process (drf-spectacular) and every operation is
called through the WSGI application with a bounded, derandomised set of
examples, so the test takes seconds and fails the same way each time.
Anonymous, the default site's organisation, with a little content so that
detail addresses and filters meet real rows as well as missing ones.

Schemathesis calls the WSGI application itself, not Django's test client, so
the request signals run Django's ``close_old_connections``: at the end of the
first answer it would close the test's connection in the middle of the test's
transaction (on PostgreSQL every later request then fails with "the
connection is closed"). The test client keeps the connection by disconnecting
that handler around each request; ``kept_connection`` does the same for the
whole test.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from strategia.monitoring.tests.factories import StatusUpdateFactory
from strategia.organisations.tests.factories import OrganisationFactory, UnitFactory
from strategia.strategy.tests.factories import GoalFactory, MeasureFactory, PlanFactory

schema = schemathesis.openapi.from_dict(
    SchemaGenerator(patterns=None).get_schema(request=None, public=True)
)
schema.app = get_wsgi_application()

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept_connection():
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def content(db, settings):
    settings.API_ANON_RATE = ""  # the examples would otherwise hit the limit
    kemi = OrganisationFactory(slug="kemi", name_fi="Kemi")
    unit = UnitFactory(organisation=kemi, slug="yksikko")
    plan = PlanFactory(organisation=kemi, slug="strategia")
    goal = GoalFactory(plan=plan, slug="tavoite")
    measure = MeasureFactory(
        organisation=kemi, identifier="A-1", slug="a-1", goals=[goal], responsible_unit=unit
    )
    StatusUpdateFactory(measure=measure)


@schema.parametrize()
@settings(
    max_examples=12,
    derandomize=True,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_the_api_keeps_its_schema(case):
    # Undocumented 400 and 404 answers to out-of-range input are right, so the
    # status-code checks are not used; what must hold is: no server error,
    # and every answer of a documented kind matches its schema.
    case.call_and_validate(
        checks=[
            not_a_server_error,
            status_code_conformance,
            content_type_conformance,
            response_schema_conformance,
        ]
    )


def test_the_examples_reach_the_content():
    # The examples are worth something only if the application they call
    # serves the content's organisation: a detail address of a real row
    # answers with that row, through the same transport and connection.
    case = schema["/api/v1/measures/{slug}/"]["GET"].Case(path_parameters={"slug": "a-1"})
    response = case.call()
    assert response.status_code == 200
    assert response.json()["identifier"] == "A-1"
