import factory

from strategia.accounts.models import User
from strategia.organisations.models import Organisation, Person, Unit


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"user{n}@example.fi")
    full_name = factory.Faker("name", locale="fi_FI")
    password = factory.django.Password("correct-horse-battery-staple")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("slug",)

    slug = factory.Sequence(lambda n: f"kunta-{n}")
    name_fi = factory.Sequence(lambda n: f"Kunta {n}")
    municipality_code = factory.Sequence(lambda n: f"{900 + n % 99:03d}")


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    organisation = factory.SubFactory(OrganisationFactory)
    slug = factory.Sequence(lambda n: f"yksikko-{n}")
    name_fi = factory.Sequence(lambda n: f"Yksikkö {n}")
    kind = Unit.Kind.UNIT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    first_name = factory.Faker("first_name", locale="fi_FI")
    last_name = factory.Faker("last_name", locale="fi_FI")
    email = factory.Sequence(lambda n: f"person{n}@example.fi")
