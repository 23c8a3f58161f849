"""What has changed, told to the caches: one explicit call by the services that write.

Cached public pages and API answers carry in their cache key the version of
each content kind they show (``content_version``); a service that writes calls
``content_changed`` with the organisation and the kinds it touched, and the
versions are raised after the transaction commits, so no reader can cache the
old content under the new version and a rolled-back write invalidates nothing.
No signals: the call is part of the service, where a reader of the code sees it.

Kinds are short names of what a page shows: ``strategy`` (plans, goals,
measures, units), ``updates`` (published status updates), ``indicators``
(indicators, observations, targets) and what other apps add (``decisions``,
``participation``, ``ems``, ``reports``).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction


def _key(organisation_id: int, kind: str) -> str:
    return f"content-version:{organisation_id}:{kind}"


def content_version(*, organisation_id: int, kind: str) -> int:
    return cache.get_or_set(_key(organisation_id, kind), 1, timeout=None)


def _bump(organisation_id: int, kinds: tuple[str, ...]) -> None:
    for kind in kinds:
        key = _key(organisation_id, kind)
        try:
            cache.incr(key)
        except ValueError:
            # Not in the cache (evicted or never read): a fresh start above any old value.
            cache.set(key, content_version(organisation_id=organisation_id, kind=kind) + 1, None)


def content_changed(*, organisation_id: int, kinds: Iterable[str]) -> None:
    """Raise the versions of these kinds for the organisation after the transaction commits."""
    kinds = tuple(dict.fromkeys(kinds))
    transaction.on_commit(lambda: _bump(organisation_id, kinds))
