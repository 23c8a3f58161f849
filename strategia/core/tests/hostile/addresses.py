"""Every address of the site, read from the URL resolver, so a new page is covered by itself.

``site_addresses`` walks the resolver and yields one ``Address`` per named
pattern: its name, its route with placeholders, and the converters of its
arguments. ``Address.path`` fills the placeholders from a mapping of
argument names to values (the world of ``world.py`` provides one whose
objects exist), or ``None`` when an argument has no value there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import translation

PLACEHOLDER = re.compile(r"<(?:(\w+):)?(\w+)>")
# Names the hostile tests don't walk: the admin (its own tests and helper suites),
# the API (a router of regex patterns, tested by the schema-based test), static files.
SKIPPED_PREFIXES = ("admin:", "api:")


@dataclass(frozen=True)
class Address:
    name: str
    route: str

    @property
    def arguments(self) -> list[str]:
        return [match.group(2) for match in PLACEHOLDER.finditer(self.route)]

    def path(self, values: Mapping[str, object]) -> str | None:
        if any(name not in values for name in self.arguments):
            return None
        return "/" + PLACEHOLDER.sub(lambda match: str(values[match.group(2)]), self.route)


def _walk(patterns, prefix: str, namespace: str) -> Iterator[Address]:
    for pattern in patterns:
        route = str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            space = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _walk(pattern.url_patterns, prefix + route, space)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield Address(name=namespace + pattern.name, route=prefix + route)


def site_addresses() -> list[Address]:
    """The named addresses of the site's pages (Finnish routes), without the admin and API."""
    with translation.override("fi"):
        found = _walk(get_resolver().url_patterns, "", "")
        return [
            address
            for address in found
            if not address.name.startswith(SKIPPED_PREFIXES) and "(?P<" not in address.route
        ]
