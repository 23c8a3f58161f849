import factory
from django.utils import timezone

from strategia.organisations.tests.factories import OrganisationFactory, UserFactory
from strategia.participation.models import Comment, Idea, IdeaState, Initiative, Participant


class ParticipantFactory(factory.django.DjangoModelFactory):
    """A verified resident of Kemi with a display name."""

    class Meta:
        model = Participant

    user = factory.SubFactory(UserFactory, full_name="")
    organisation = factory.SubFactory(OrganisationFactory)
    display_name = factory.Sequence(lambda n: f"Asukas {n}")
    email_verified_at = factory.LazyFunction(timezone.now)


class IdeaFactory(factory.django.DjangoModelFactory):
    """A published idea."""

    class Meta:
        model = Idea
        skip_postgeneration_save = True

    organisation = factory.SubFactory(OrganisationFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Idea {n}")
    text = "Puistoon lisää penkkejä."
    state = IdeaState.PUBLISHED
    published_at = factory.LazyFunction(timezone.now)


class CommentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Comment

    idea = factory.SubFactory(IdeaFactory)
    author = factory.SubFactory(UserFactory)
    text = "Hyvä ajatus."


class InitiativeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Initiative

    organisation = factory.SubFactory(OrganisationFactory)
    subject = factory.Sequence(lambda n: f"Aloite {n}")
    submitted_on = factory.LazyFunction(lambda: timezone.localdate().replace(month=1, day=15))
    channel = Initiative.Channel.PAPER
    body = factory.SubFactory("strategia.organisations.tests.factories.UnitFactory")
