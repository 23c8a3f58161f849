from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from strategia.organisations.models import Organisation


def organisation_for_host(host: str) -> Organisation | None:
    """The organisation whose site a host name shows.

    One installation can host several municipalities: an organisation lists
    its host names; a request for any other host gets the default one.
    """
    host = host.split(":")[0].lower()
    organisations = list(Organisation.objects.all())
    for organisation in organisations:
        if host in organisation.hostname_list:
            return organisation
    for organisation in organisations:
        if organisation.slug == settings.DEFAULT_ORGANISATION_SLUG:
            return organisation
    return organisations[0] if organisations else None


class OrganisationMiddleware:
    """Sets ``request.organisation``, lazily, so /healthz never touches it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from django.utils.functional import SimpleLazyObject

        request.organisation = SimpleLazyObject(lambda: organisation_for_host(request.get_host()))
        return self.get_response(request)
