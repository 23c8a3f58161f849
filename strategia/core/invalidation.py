"""What has changed, told to the caches: one explicit call by the services that write.

Cached public pages and API answers carry in their cache key the version of
each content kind they show (``content_versions``); a service that writes calls
``content_changed`` with the organisation and the kinds it touched, and the
versions are raised after the transaction commits, so no reader can cache the
old content under the new version and a rolled-back write invalidates nothing.
No signals: the call is part of the service, where a reader of the code sees it.

Kinds are short names of what a page shows (``KINDS``): ``strategy`` (plans,
goals, measures, units, people, the organisation), ``updates`` (published
status updates), ``indicators`` (indicators, observations, targets),
``sample`` (whether the organisation has sample data: the notice on every
page), ``decisions`` (decisions with a published impact assessment),
``participation`` (ideas, answers, comments, initiatives), ``ems`` (the
environmental management system's public rows and reports) and ``reports``
(reports published to the council). docs/deployment.md lists which pages show
each kind and which services raise it.

A version that is missing from the cache (never read, or evicted by Redis
under memory pressure) starts again from the current time in microseconds,
not from 1: it is then above every value it had before, so a page cached
under an old version can never be served again.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

KINDS = (
    "strategy",
    "updates",
    "indicators",
    "sample",
    "decisions",
    "participation",
    "ems",
    "reports",
)


def _key(organisation_id: int, kind: str) -> str:
    return f"content-version:{organisation_id}:{kind}"


def _fresh_version() -> int:
    return time.time_ns() // 1000


def content_version(*, organisation_id: int, kind: str) -> int:
    return cache.get_or_set(_key(organisation_id, kind), _fresh_version, timeout=None)


def content_versions(*, organisation_id: int, kinds: Iterable[str]) -> tuple[int, ...]:
    """The versions of these kinds, in the order given: one cache round trip when all are known."""
    kinds = tuple(kinds)
    keys = [_key(organisation_id, kind) for kind in kinds]
    found = cache.get_many(keys)
    return tuple(
        found[key] if key in found else content_version(organisation_id=organisation_id, kind=kind)
        for key, kind in zip(keys, kinds, strict=True)
    )


def _bump(organisation_id: int, kinds: tuple[str, ...]) -> None:
    for kind in kinds:
        key = _key(organisation_id, kind)
        try:
            cache.incr(key)
        except ValueError:
            # Not in the cache: a fresh start above any old value.
            cache.set(key, content_version(organisation_id=organisation_id, kind=kind) + 1, None)


def content_changed(*, organisation_id: int, kinds: Iterable[str]) -> None:
    """Raise the versions of these kinds for the organisation after the transaction commits."""
    kinds = tuple(dict.fromkeys(kinds))
    unknown = set(kinds) - set(KINDS)
    if unknown:
        raise ValueError(f"unknown content kinds: {', '.join(sorted(unknown))}")
    transaction.on_commit(lambda: _bump(organisation_id, kinds))


def everything_changed(*, organisation_id: int) -> None:
    """For bulk loads (default content, sample data) that touch every kind at once."""
    content_changed(organisation_id=organisation_id, kinds=KINDS)
