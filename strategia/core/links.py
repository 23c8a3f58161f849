"""Addresses of content pages, reversed once per process instead of on every link.

A public list page links hundreds of measures, goals and units; Django's
``reverse`` walks the URL resolver each time (a tenth of a plan page's time on
the large city). An address depends only on the view, its arguments, the
active language (the ``/fi/`` prefix), the script prefix and the URL
configuration, so it is memoised by all of them.
"""

from __future__ import annotations

from functools import lru_cache

from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@lru_cache(maxsize=16384)
def _reverse(name: str, kwargs: tuple, language: str | None, prefix: str, urlconf) -> str:
    return reverse(name, kwargs=dict(kwargs))


def content_url(name: str, **kwargs: str) -> str:
    """``reverse(name, kwargs=kwargs)``, memoised."""
    return _reverse(
        name, tuple(sorted(kwargs.items())), get_language(), get_script_prefix(), get_urlconf()
    )
