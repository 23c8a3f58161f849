import factory

from strategia.accounts.models import Role, RoleAssignment
from strategia.organisations.tests.factories import OrganisationFactory, UserFactory


class RoleAssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.READER
    unit = None
