import datetime

import factory

from strategia.ems.models import (
    Aspect,
    Audit,
    AuditFinding,
    AuditProgramme,
    ComplianceEvaluation,
    ManagementReview,
    Nonconformity,
    Obligation,
    ReviewAction,
    Site,
)
from strategia.organisations.tests.factories import OrganisationFactory


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"Kohde {n}")


class AspectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Aspect

    organisation = factory.SubFactory(OrganisationFactory)
    activity = factory.Sequence(lambda n: f"Toiminta {n}")
    aspect = "Energiankulutus"
    impact = "Päästöt"


class ObligationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Obligation

    organisation = factory.SubFactory(OrganisationFactory)
    title = factory.Sequence(lambda n: f"Velvoite {n}")
    requirement = "Vaatimus"


class EvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ComplianceEvaluation

    obligation = factory.SubFactory(ObligationFactory)
    date = datetime.date(2025, 6, 1)
    result = "compliant"


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditProgramme

    organisation = factory.SubFactory(OrganisationFactory)
    year = 2025
    name = factory.Sequence(lambda n: f"Ohjelma {n}")


class AuditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Audit

    programme = factory.SubFactory(ProgrammeFactory)
    scope = factory.Sequence(lambda n: f"Auditointi {n}")
    date = datetime.date(2025, 9, 1)
    auditors = "Auditoija"
    state = Audit.State.DONE


class FindingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AuditFinding

    audit = factory.SubFactory(AuditFactory)
    kind = AuditFinding.Kind.NONCONFORMITY
    description = "Havainto"


class NonconformityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Nonconformity

    organisation = factory.SubFactory(OrganisationFactory)
    source = Nonconformity.Source.INCIDENT
    identified_on = datetime.date(2025, 3, 1)
    description = factory.Sequence(lambda n: f"Poikkeama {n}")


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ManagementReview

    organisation = factory.SubFactory(OrganisationFactory)
    date = datetime.date(2025, 12, 10)
    covers_from = datetime.date(2025, 1, 1)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ReviewAction

    review = factory.SubFactory(ReviewFactory)
    description = factory.Sequence(lambda n: f"Toimi {n}")
