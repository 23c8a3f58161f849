import datetime

import factory

from strategia.monitoring.models import PlanMonitoring, ReportingPeriod, StatusUpdate
from strategia.strategy.models import MeasureStatus
from strategia.strategy.tests.factories import MeasureFactory, PlanFactory


class PlanMonitoringFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanMonitoring
        django_get_or_create = ("plan",)

    plan = factory.SubFactory(PlanFactory)


class ReportingPeriodFactory(factory.django.DjangoModelFactory):
    """The first tertial of 2026, open, deadline 14 May."""

    class Meta:
        model = ReportingPeriod

    plan = factory.SubFactory(PlanFactory)
    kind = ReportingPeriod.Kind.TERTIAL
    year = 2026
    number = 1
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2026, 4, 30)
    deadline = datetime.date(2026, 5, 14)
    state = ReportingPeriod.State.OPEN


class StatusUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusUpdate

    measure = factory.SubFactory(MeasureFactory)
    # A published update unless told otherwise: most tests read public pages.
    state = StatusUpdate.State.PUBLISHED
    date = factory.LazyFunction(datetime.date.today)
    status = MeasureStatus.ON_TRACK
    progress = 50
    text_fi = "Edistyy suunnitellusti."
