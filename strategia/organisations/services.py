"""Writes of the organisation tree and its people: units and contact persons.

The strategy office and administrators keep them (``strategy.manage_content``),
in the workspace or the admin; each save claims the next version
(``core.locking``) so a stale form is refused, and leaves a history row with
who and why.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from strategia.accounts.models import User
from strategia.core.invalidation import content_changed
from strategia.core.locking import delete_recorded, save_versioned

from .models import Person, Unit


def _require_manage(user: User, organisation) -> None:
    if not user.has_perm("strategy.manage_content", organisation):
        raise PermissionDenied("strategy.manage_content")


def unit_save(
    *, user: User, unit: Unit, version: int | None, reason: str = "edited in the workspace"
) -> Unit:
    """Save a unit whose fields the caller has set; a unit can't sit under itself."""
    _require_manage(user, unit.organisation)
    if unit.parent_id is not None:
        if unit.parent.organisation_id != unit.organisation_id:
            raise ValidationError(
                {"parent": _("The parent unit must be of the same organisation.")}
            )
        ancestor, seen = unit.parent, set()
        while ancestor is not None and ancestor.pk not in seen:
            if unit.pk is not None and ancestor.pk == unit.pk:
                raise ValidationError({"parent": _("A unit can't be placed under itself.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent
    unit.full_clean()
    save_versioned(instance=unit, version=version, user=user, reason=reason)
    content_changed(organisation_id=unit.organisation_id, kinds=["strategy"])
    return unit


def person_save(
    *, user: User, person: Person, version: int | None, reason: str = "edited in the workspace"
) -> Person:
    """Save a person (a contact person of measures and indicators)."""
    _require_manage(user, person.organisation)
    if person.unit_id is not None and person.unit.organisation_id != person.organisation_id:
        raise ValidationError({"unit": _("The unit must be of the same organisation.")})
    person.full_clean(exclude=["user"])
    save_versioned(instance=person, version=version, user=user, reason=reason)
    content_changed(organisation_id=person.organisation_id, kinds=["strategy"])
    return person


def unit_delete(*, user: User, unit: Unit, reason: str = "removed in the workspace") -> None:
    _require_manage(user, unit.organisation)
    delete_recorded(instance=unit, user=user, reason=reason)
    content_changed(organisation_id=unit.organisation_id, kinds=["strategy"])


def person_delete(*, user: User, person: Person, reason: str = "removed in the workspace") -> None:
    _require_manage(user, person.organisation)
    delete_recorded(instance=person, user=user, reason=reason)
    content_changed(organisation_id=person.organisation_id, kinds=["strategy"])
