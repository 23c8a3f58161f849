import datetime

import factory

from strategia.assessments.models import Decision
from strategia.organisations.tests.factories import OrganisationFactory


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    organisation = factory.SubFactory(OrganisationFactory)
    body = "Kaupunginhallitus"
    body_kind = "board"
    meeting_date = datetime.date(2026, 3, 2)
    paragraph = factory.Sequence(lambda n: str(n + 1))
    title_fi = factory.Sequence(lambda n: f"Päätösasia {n}")
