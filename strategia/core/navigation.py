"""The staff header's sections: each app registers the workspace pages it offers.

An app calls ``register_section`` from its ``AppConfig.ready`` with the
address of its page and the permission a person needs to see the link (asked
with the site's organisation, the same question the page itself asks), so the
header never offers a page that answers 403. A later app (participation,
say) adds its own section the same way, without touching the header.

``allowed`` replaces ``permission`` where the question is not one permission
of the organisation (the admin: staff status and a role).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse

# Where a section stands in the header: workspace pages first, tools after.
WORKSPACE = "workspace"
TOOLS = "tools"


@dataclass(frozen=True)
class Section:
    key: str
    label: object  # a lazy translation
    url_name: str
    permission: str | None = None
    allowed: Callable[[object, object], bool] | None = None
    group: str = WORKSPACE
    order: int = 100

    def is_allowed(self, user, organisation) -> bool:
        if self.allowed is not None:
            return self.allowed(user, organisation)
        if self.permission is None:
            return True
        return user.has_perm(self.permission, organisation)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_sections: dict[str, Section] = {}


def register_section(
    key: str,
    label: object,
    url_name: str,
    *,
    permission: str | None = None,
    allowed: Callable[[object, object], bool] | None = None,
    group: str = WORKSPACE,
    order: int = 100,
) -> None:
    """Add (or replace, by ``key``) one link of the staff header."""
    _sections[key] = Section(
        key=key,
        label=label,
        url_name=url_name,
        permission=permission,
        allowed=allowed,
        group=group,
        order=order,
    )


def registered_sections() -> list[Section]:
    return sorted(_sections.values(), key=lambda section: (section.order, section.key))


@dataclass(frozen=True)
class Link:
    key: str
    label: object
    url: str
    group: str
    current: bool


def links_for(*, user, organisation, path: str = "") -> list[Link]:
    """The sections this user may open on this organisation's site, in header order.

    ``current`` marks the section whose address is the longest prefix of
    ``path``, so that a page deep inside a section still marks it.
    """
    if organisation is None or not getattr(user, "is_authenticated", False):
        return []
    found = []
    for section in registered_sections():
        if not section.is_allowed(user, organisation):
            continue
        try:
            url = section.url
        except NoReverseMatch:
            continue
        found.append((section, url))
    matching = [url for _section, url in found if path.startswith(url)]
    current = max(matching, key=len) if matching else None
    return [
        Link(
            key=section.key,
            label=section.label,
            url=url,
            group=section.group,
            current=url == current,
        )
        for section, url in found
    ]
