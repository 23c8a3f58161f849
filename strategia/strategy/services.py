"""Writes of strategy content that have rules: the details of a measure.

A measure's details are kept up to date in the workspace (by its contact
persons and unit managers) and in the admin (where the strategy office also
sets its identity, goals, responsibility and visibility). Both save through
``measure_save``, which checks the rule for each kind of field, claims the
next version (``core.locking``) so that a stale form is refused, and leaves a
history row with who and why.

A measure's status and progress are not among the fields anyone saves here:
they are copied from the measure's latest published status update by the
monitoring services.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from strategia.accounts.models import User
from strategia.core.invalidation import content_changed
from strategia.core.locking import claim_version

from .models import Measure

# The details a contact person keeps up to date.
MEASURE_DETAIL_FIELDS = (
    "name_fi",
    "name_sv",
    "name_en",
    "description_fi",
    "description_sv",
    "description_en",
    "start_date",
    "end_date",
    "cost_estimate",
    "budget_reference",
)
# Derived from the latest published status update; never saved from a form.
MEASURE_DERIVED_FIELDS = ("status", "progress")


@dataclass(frozen=True, kw_only=True)
class MeasureData:
    name_fi: str
    name_sv: str = ""
    name_en: str = ""
    description_fi: str = ""
    description_sv: str = ""
    description_en: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    cost_estimate: Decimal | None = None
    budget_reference: str = ""


def _base_name(field: str) -> str:
    """``name_fi`` → ``name``: a form may name a translated field either way."""
    for suffix in ("_fi", "_sv", "_en"):
        if field.endswith(suffix):
            return field[: -len(suffix)]
    return field


def _detail_names() -> set[str]:
    return set(MEASURE_DETAIL_FIELDS) | {_base_name(name) for name in MEASURE_DETAIL_FIELDS}


def measure_save(
    *,
    user: User,
    measure: Measure,
    changed: Iterable[str],
    version: int | None,
    reason: str,
) -> Measure:
    """Save a measure whose fields the caller has set; ``changed`` names them.

    A new measure, or a change beyond the details (identity, goals, units,
    contact persons, visibility, order), needs ``strategy.manage_content``;
    a change of details needs ``strategy.change_measure``. Status and progress
    are refused. ``version`` is the version the form was loaded at.
    """
    changed = set(changed)
    derived = changed.intersection(MEASURE_DERIVED_FIELDS)
    if derived:
        raise ValidationError(
            _(
                "A measure's status and progress come from its latest published status "
                "update; publish an update to change them."
            )
        )
    if measure.pk is None:
        if not user.has_perm("strategy.manage_content", measure.organisation):
            raise PermissionDenied("strategy.manage_content")
        measure._history_user = user  # type: ignore[attr-defined]
        measure._change_reason = reason  # type: ignore[attr-defined]
        measure.save()
        content_changed(organisation_id=measure.organisation_id, kinds=["strategy"])
        return measure
    beyond_details = changed - _detail_names()
    permission = "strategy.manage_content" if beyond_details else "strategy.change_measure"
    target = measure.organisation if beyond_details else measure
    if not user.has_perm(permission, target):
        raise PermissionDenied(permission)
    with transaction.atomic():
        current = claim_version(model=Measure, pk=measure.pk, version=version or 0)
        moved = beyond_details and current.organisation_id != measure.organisation_id
        # Moving a measure to another organisation: the rule holds where it was too.
        if moved and not user.has_perm("strategy.manage_content", current.organisation):
            raise PermissionDenied("strategy.manage_content")
        measure.version = current.version
        # The derived fields as saved now, whatever the caller's object holds.
        measure.status = current.status
        measure.progress = current.progress
        measure._history_user = user  # type: ignore[attr-defined]
        measure._change_reason = reason  # type: ignore[attr-defined]
        measure.save()
    content_changed(organisation_id=measure.organisation_id, kinds=["strategy"])
    return measure


def measure_update(*, user: User, measure: Measure, data: MeasureData, version: int) -> Measure:
    """The workspace's edit of a measure's details."""
    if not user.has_perm("strategy.change_measure", measure):
        raise PermissionDenied("strategy.change_measure")
    measure = Measure.objects.get(pk=measure.pk)
    for name in MEASURE_DETAIL_FIELDS:
        setattr(measure, name, getattr(data, name))
    measure.full_clean(exclude=["organisation", "slug", "identifier"])
    return measure_save(
        user=user,
        measure=measure,
        changed=MEASURE_DETAIL_FIELDS,
        version=version,
        reason="details edited in the workspace",
    )
