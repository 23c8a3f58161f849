"""Error pages in the site's look and language; JSON errors under /api/.

Django's own handlers render a bare English page. These render
``errors/<status>.html`` (extending the public base template) in the
request's language, and answer JSON with a translated ``detail`` for the
API, like DRF's own errors. The 500 page is rendered with as little as
possible — when the database is what failed, a template that asks it
something would fail too — and falls back to a static text.
"""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

logger = logging.getLogger(__name__)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _messages() -> dict[int, tuple[str, str]]:
    """Status → (title, explanation), translated in the active language."""
    return {
        400: (
            pgettext("error page", "The request could not be understood"),
            _(
                "Something in the address or the form was not valid: a number out of range, "
                "a malformed date or text the service cannot read. Check it and try again."
            ),
        ),
        403: (
            pgettext("error page", "You do not have access to this page"),
            _(
                "Your account does not give access to this page. If you think it should, "
                "ask your organisation's administrator."
            ),
        ),
        404: (
            pgettext("error page", "Page not found"),
            _("There is no page at this address. It may have been moved or removed."),
        ),
        429: (
            pgettext("error page", "Too many requests"),
            _("Too many requests came in a short time. Wait a while and try again."),
        ),
        500: (
            pgettext("error page", "Something went wrong"),
            _(
                "The service could not complete the request because of an error on our side. "
                "The error has been logged. Try again in a moment."
            ),
        ),
    }


def error_response(request: HttpRequest, status: int, *, detail: str = "") -> HttpResponse:
    title, text = _messages()[status]
    if _is_api(request):
        return JsonResponse({"detail": detail or title}, status=status)
    context = {"status": status, "title": title, "text": detail or text}
    try:
        body = render_to_string(f"errors/{status}.html", context, request)
    except Exception:
        # A 400 for a forged Host header cannot render the site's frame (which
        # asks the host for its organisation); the minimal page can.
        logger.warning("The %s page fell back to the minimal one", status, exc_info=True)
        body = render_to_string("errors/500.html", context)
    return HttpResponse(body, status=status)


def too_many_requests(request: HttpRequest) -> HttpResponse:
    return error_response(request, 429)


def bad_request(request: HttpRequest, exception=None) -> HttpResponse:
    return error_response(request, 400)


def permission_denied(request: HttpRequest, exception=None) -> HttpResponse:
    return error_response(request, 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent without its security token, with a forged one or from another site.

    Django's own page is bare English and speaks of cookies to developers; this
    one tells the visitor what to do. ``reason`` is not shown: Django has
    already logged it (``django.security.csrf``).
    """
    return error_response(
        request,
        403,
        detail=_(
            "The form could not be accepted because its security check failed: the page "
            "may have been open for a long time, or it was sent from another site. Reload "
            "the page and send the form again."
        ),
    )


def page_not_found(request: HttpRequest, exception=None) -> HttpResponse:
    return error_response(request, 404)


def server_error(request: HttpRequest) -> HttpResponse:
    title, text = _messages()[500]
    if _is_api(request):
        return JsonResponse({"detail": title}, status=500)
    try:
        body = render_to_string("errors/500.html", {"status": 500, "title": title, "text": text})
    except Exception:  # the page must answer even when the template cannot
        logger.exception("The 500 page could not be rendered")
        body = f"<!DOCTYPE html><title>{title}</title><h1>{title}</h1><p>{text}</p>"
    return HttpResponse(body, status=500)
