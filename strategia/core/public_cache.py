"""Cached public pages and API answers for anonymous visitors, invalidated exactly.

A view says which content kinds it shows (``@public_page("strategy", "updates")``,
or ``public_cache_kinds`` on an API view class). For an anonymous GET of such a
view, ``PublicCacheMiddleware`` stores the answer under a key made of the host,
the language, the full path with its query string, the values of the request
headers the answer varies on, the organisation and the current version of each
kind it shows (``core.invalidation``). A write raises the versions of the kinds
it touched, so the next visitor's key is new and the page is rendered again;
pages that show none of those kinds keep their entries. Old entries are never
deleted, they expire (``PUBLIC_CACHE_SECONDS``).

What is never cached or served from the cache:

- a request that carries a session cookie: signed-in staff always get their
  own page, and no page rendered for them is stored;
- anything but GET, and any answer but a 200;
- an answer that sets a cookie (a CSRF token, a session), used the messages
  framework, or carries a per-request CSP nonce.

The lookup runs before sessions, authentication and the view, so a cache hit
costs a few cache reads. The versions are read *before* the view renders: if a
write commits while the page is being rendered, the page is stored under the
old versions and never served again.

Every cacheable answer, fresh or cached, has an ``ETag`` and a
``Last-Modified`` (when it was rendered), and a conditional GET that matches
gets a 304.

A cached API answer still counts against the anonymous rate limit of the API:
the same counter (``core.throttle``) that the API's throttle class uses.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date

from .invalidation import KINDS, content_versions
from .throttle import ANON_API_THROTTLE, anon_api_allowed, throttled_response

View = Callable[..., HttpResponse]
# Headers a cached answer depends on through the key itself, or never.
_KEYED_HEADERS = {"cookie", "accept-language"}
_NOT_REPLAYED = {"set-cookie", "date"}


def public_page(*kinds: str) -> Callable[[View], View]:
    """Mark a view as cacheable for anonymous visitors; ``kinds`` are what it shows.

    Every page also shows the sample-data notice of the page frame, so
    ``sample`` is always among the kinds.
    """
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown content kinds: {', '.join(sorted(unknown))}")

    def mark(view: View) -> View:
        view.public_cache_kinds = tuple(dict.fromkeys((*kinds, "sample")))  # type: ignore[attr-defined]
        return view

    return mark


def _view_kinds(view_func: Any) -> tuple[str, ...] | None:
    kinds = getattr(view_func, "public_cache_kinds", None)
    if kinds is None:
        # Django REST framework's as_view() keeps the class as ``cls``.
        kinds = getattr(getattr(view_func, "cls", None), "public_cache_kinds", None)
    return tuple(kinds) if kinds is not None else None


def _view_is_throttled(view_func: Any) -> bool:
    cls = getattr(view_func, "cls", None)
    return ANON_API_THROTTLE in getattr(cls, "throttle_classes", ())


@dataclass
class _Plan:
    """What process_view learnt about the view, for storing its answer."""

    organisation_id: int
    kinds: tuple[str, ...]
    versions: tuple[int, ...]
    throttled: bool


def _digest(*parts: object) -> str:
    return hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=16).hexdigest()


def _vary_values(request: HttpRequest, headers: tuple[str, ...]) -> list[str]:
    return [request.META.get("HTTP_" + h.upper().replace("-", "_"), "") for h in headers]


class PublicCacheMiddleware:
    """Serves and stores anonymous visitors' public pages; see the module's description.

    Sits right after WhiteNoise, before the session middleware: a hit is
    answered before sessions, authentication or the view run.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    # --- keys -------------------------------------------------------------

    @staticmethod
    def _eligible(request: HttpRequest) -> bool:
        return (
            settings.PUBLIC_CACHE
            and request.method == "GET"
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        )

    @staticmethod
    def _base(request: HttpRequest) -> str:
        language = translation.get_language_from_request(request, check_path=True)
        return _digest(request.get_host(), language, request.get_full_path())

    @staticmethod
    def _page_key(base: str, request: HttpRequest, vary: tuple[str, ...], plan: _Plan) -> str:
        return "public-page:" + _digest(
            base, *_vary_values(request, vary), plan.organisation_id, *plan.versions
        )

    # --- the request ------------------------------------------------------

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not self._eligible(request):
            return self.get_response(request)
        base = self._base(request)
        request._public_cache_base = base  # type: ignore[attr-defined]
        cached = self._cached(request, base)
        if cached is not None:
            return cached
        response = self.get_response(request)
        plan: _Plan | None = getattr(request, "_public_cache_plan", None)
        if plan is None or not self._storable(request, response):
            return response
        rendered_at = self._store(request, base, plan, response)
        response["X-Public-Cache"] = "miss"
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=rendered_at, response=response
        )

    def process_view(self, request: HttpRequest, view_func, view_args, view_kwargs) -> None:
        if getattr(request, "_public_cache_base", None) is None:
            return None
        kinds = _view_kinds(view_func)
        organisation = getattr(request, "organisation", None)
        if kinds is None or not organisation:
            return None
        request._public_cache_plan = _Plan(  # type: ignore[attr-defined]
            organisation_id=organisation.pk,
            kinds=kinds,
            versions=content_versions(organisation_id=organisation.pk, kinds=kinds),
            throttled=_view_is_throttled(view_func),
        )
        return None

    def _cached(self, request: HttpRequest, base: str) -> HttpResponse | None:
        meta = cache.get("public-meta:" + base)
        if meta is None:
            return None
        organisation_id, kinds, vary, throttled = meta
        plan = _Plan(
            organisation_id=organisation_id,
            kinds=kinds,
            versions=content_versions(organisation_id=organisation_id, kinds=kinds),
            throttled=throttled,
        )
        entry = cache.get(self._page_key(base, request, vary, plan))
        if entry is None:
            return None
        if throttled:
            wait = anon_api_allowed(request)
            if wait is not None:
                return throttled_response(wait)
        status, headers, content, rendered_at = entry
        response = HttpResponse(content, status=status)
        for name, value in headers:
            response[name] = value
        response["X-Public-Cache"] = "hit"
        return get_conditional_response(
            request, etag=response["ETag"], last_modified=rendered_at, response=response
        )

    # --- storing ----------------------------------------------------------

    @staticmethod
    def _storable(request: HttpRequest, response: HttpResponse) -> bool:
        user = getattr(request, "user", None)
        messages = getattr(request, "_messages", None)
        return (
            response.status_code == 200
            and not response.streaming
            and not response.cookies
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and "nonce-" not in response.get("Content-Security-Policy", "")
            and not (user is not None and user.is_authenticated)
            and not (messages is not None and getattr(messages, "used", False))
            and "private" not in response.get("Cache-Control", "")
            and "no-store" not in response.get("Cache-Control", "")
        )

    def _store(self, request: HttpRequest, base: str, plan: _Plan, response: HttpResponse) -> int:
        """Store the answer (and what its key is made of); return when it was rendered."""
        rendered_at = int(time.time())
        patch_vary_headers(response, ["Cookie"])
        if not response.has_header("ETag"):
            response["ETag"] = f'"{_digest(response.content)}"'
        response["Last-Modified"] = http_date(rendered_at)
        vary = tuple(
            sorted(
                name.strip().lower()
                for name in response.get("Vary", "").split(",")
                if name.strip() and name.strip().lower() not in _KEYED_HEADERS
            )
        )
        headers = [
            (name, value) for name, value in response.items() if name.lower() not in _NOT_REPLAYED
        ]
        timeout = settings.PUBLIC_CACHE_SECONDS
        cache.set_many(
            {
                "public-meta:" + base: (plan.organisation_id, plan.kinds, vary, plan.throttled),
                self._page_key(base, request, vary, plan): (
                    response.status_code,
                    headers,
                    response.content,
                    rendered_at,
                ),
            },
            timeout,
        )
        return rendered_at
