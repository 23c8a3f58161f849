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


class PathIntegerRangeMiddleware:
    """A 404 for an ``<int:…>`` in a path that no row can have.

    Django's ``int`` converter accepts any run of digits; handed to the
    database, ``/tyotila/toimenpide/99999999999999999999999/`` would end in an
    overflow (SQLite) or "integer out of range" (PostgreSQL) — a 500. No id
    is above ``MAX_ID`` and no year outside 1900–2100 is meant, so such an
    address names nothing.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        from django.http import Http404

        from .validation import MAX_ID, is_valid_year

        for name, value in view_kwargs.items():
            if not isinstance(value, int) or isinstance(value, bool):
                continue
            if name == "year" or name.endswith("_year"):
                if not is_valid_year(value):
                    raise Http404
            elif not 0 <= value <= MAX_ID:
                raise Http404
        return None


class NulCharacterMiddleware:
    """A 400 for a NUL character in the query string, a 404 for one in the path.

    No address or filter of the site can mean one, and PostgreSQL refuses it in
    any text it is handed ("cannot contain NUL (0x00) bytes") — a 500 from
    whichever view passed a query parameter on. Form fields are already
    guarded by Django's own validator; this covers what views read raw.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from .errors import error_response

        if "\x00" in request.path:
            # No address has one: the same 404 as malformed UTF-8 in a path.
            return error_response(request, 404)
        if any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            return error_response(request, 400)
        return self.get_response(request)
