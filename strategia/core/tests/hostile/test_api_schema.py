"""Schemathesis against the API's own OpenAPI schema: no 500, no answer that breaks it.

The schema is generated in-process (drf-spectacular) and every operation is
called through the WSGI application with a bounded, derandomised set of
examples, so the test takes seconds and fails the same way each time.
Anonymous, the default site's organisation, with a little content so that
detail addresses and filters meet real rows as well as missing ones.
"""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
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
        checks=[not_a_server_error, response_schema_conformance, content_type_conformance]
    )
