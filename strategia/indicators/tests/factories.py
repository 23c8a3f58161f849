import factory
from django.utils import timezone

from strategia.indicators.models import Indicator, Observation, Target, TimeResolution
from strategia.organisations.tests.factories import OrganisationFactory


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"mittari-{n}")
    name_fi = factory.Sequence(lambda n: f"Mittari {n}")
    unit_fi = "%"
    time_resolution = TimeResolution.YEAR


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    area = "240"
    period = factory.Sequence(lambda n: str(2000 + n))
    period_start = factory.LazyAttribute(lambda o: f"{o.period[:4]}-01-01")
    value = 10.0
    fetched_at = factory.LazyFunction(timezone.now)


class TargetFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Target

    indicator = factory.SubFactory(IndicatorFactory)
    year = 2030
    value = 20.0
