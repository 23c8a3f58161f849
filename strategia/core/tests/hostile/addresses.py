"""Every address of the site, from the URL resolver, so new pages are covered by themselves.

``site_addresses`` walks the resolver and yields one ``Address`` per named
pattern: its name, the path with placeholders, and the converters of its
arguments. ``fill`` turns an address into concrete paths for given
candidate values of each kind of argument.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter
from django.utils import translation


@dataclass(frozen=True)
class Address:
    name: str
    # The pattern's pieces, e.g. ("fi/", "tyotila/", "toimenpide/<int:pk>/").
    route: str
    converters: dict

    @property
    def int_arguments(self) -> list[str]:
        return [n for n, c in self.converters.items() if isinstance(c, IntConverter)]

    @property
    def other_arguments(self) -> list[str]:
        return [n for n in self.converters if n not in self.int_arguments]


def _walk(patterns, prefix: str, namespace: str, converters: dict) -> Iterator[Address]:
    for pattern in patterns:
        route = str(pattern.pattern)
        found = {**converters, **getattr(pattern.pattern, "converters", {})}
        if isinstance(pattern, URLResolver):
            space = namespace
            if pattern.namespace:
                space = f"{namespace}{pattern.namespace}:"
            yield from _walk(pattern.url_patterns, prefix + route, space, found)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield Address(name=namespace + pattern.name, route=prefix + route, converters=found)


def site_addresses() -> list[Address]:
    with translation.override("fi"):
        return list(_walk(get_resolver().url_patterns, "", "", {}))


def _render(route: str, values: dict[str, object]) -> str | None:
    import re

    def value(match: re.Match) -> str:
        return str(values[match.group(2)])

    if "(?P<" in route or "^" in route:
        return None  # regex patterns (the admin's few) are reached through their names
    path = re.sub(r"<(?:(\w+):)?(\w+)>", value, route)
    return "/" + path


def fill(address: Address, ints: list[int], others: dict[str, list[str]]) -> Iterator[str]:
    """Concrete paths: every candidate int in every int argument (the same one in all
    of them, and each other one once), and each listed value of the other arguments."""
    names = address.int_arguments
    other_names = address.other_arguments
    other_choices = [others.get(name, ["x"]) for name in other_names]
    int_choices: list[tuple[int, ...]] = [tuple([i] * len(names)) for i in ints]
    if len(names) > 1:
        int_choices += list(itertools.permutations(ints[:4], len(names)))
    seen = set()
    for int_values in int_choices or [()]:
        for other_values in itertools.product(*other_choices):
            values = dict(zip(names, int_values, strict=True))
            values.update(zip(other_names, other_values, strict=True))
            path = _render(address.route, values)
            if path and path not in seen:
                seen.add(path)
                yield path
