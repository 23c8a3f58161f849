import factory

from strategia.organisations.tests.factories import OrganisationFactory
from strategia.strategy.models import Goal, Measure, MeasureStatus, Plan


class PlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Plan

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"suunnitelma-{n}")
    kind = Plan.Kind.PROGRAMME
    name_fi = factory.Sequence(lambda n: f"Ohjelma {n}")


class GoalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Goal

    plan = factory.SubFactory(PlanFactory)
    slug = factory.Sequence(lambda n: f"tavoite-{n}")
    kind = Goal.Kind.GOAL
    name_fi = factory.Sequence(lambda n: f"Tavoite {n}")


class MeasureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measure
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    identifier = factory.Sequence(lambda n: f"T{n}")
    slug = factory.Sequence(lambda n: f"toimenpide-{n}")
    name_fi = factory.Sequence(lambda n: f"Toimenpide {n}")
    # What the admin's forms store for an empty translation (None for a
    # CharField's, "" for a TextField's), so that an edit through a form
    # records only the fields the official really changed.
    description_fi = ""
    description_sv = ""
    description_en = ""
    status = MeasureStatus.ON_TRACK

    @factory.post_generation
    def goals(self, create, extracted, **kwargs):
        if create and extracted:
            self.goals.set(extracted)
