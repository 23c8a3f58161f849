"""Optimistic locking: no save silently overwrites someone else's.

A form carries the ``version`` its object had when the form was loaded. A save
first claims the next version with one conditional statement::

    UPDATE … SET version = version + 1 WHERE id = %s AND version = %s

If no row matched, someone saved in between: the save is refused with
``VersionConflict``, which carries the row as it is now so that the page can
show both versions side by side. If the row matched, the claim holds the row
(PostgreSQL row lock; SQLite's write lock) until the transaction ends, so the
full ``save()`` that follows — the one django-simple-history records, with who
and why — cannot interleave with another writer's.

Reading, comparing and then writing would leave a gap in which two writers
both see the old version; the conditional UPDATE has no such gap.
"""

from typing import TypeVar

from django.db import models, transaction
from django.db.models import F
from django.utils.translation import gettext_lazy as _

ModelT = TypeVar("ModelT", bound=models.Model)


class VersionConflict(Exception):
    """Someone saved the object after this form was loaded."""

    def __init__(self, *, current: models.Model, expected_version: int) -> None:
        self.current = current
        self.expected_version = expected_version
        super().__init__(
            _("Saved in the meantime: you edited version %(yours)s, the current is %(current)s.")
            % {"yours": expected_version, "current": getattr(current, "version", "?")}
        )


def claim_version(*, model: type[ModelT], pk: int, version: int) -> ModelT:
    """Raise the row's version if it is still ``version``; return the row as now saved.

    Must run inside ``transaction.atomic()``; the caller changes the returned
    object and calls ``save()``, keeping its (new) version.
    """
    claimed = model._default_manager.filter(pk=pk, version=version).update(version=F("version") + 1)
    current = model._default_manager.get(pk=pk)
    if not claimed:
        raise VersionConflict(current=current, expected_version=version)
    return current


def save_versioned(*, instance: ModelT, version: int | None, user, reason: str) -> ModelT:
    """Save a new row, or a changed one at the version its form was loaded with.

    The caller has set the fields and checked the rules; this claims the next
    version (``VersionConflict`` if someone saved in between) and saves once,
    so that django-simple-history records who and why.
    """
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
    with transaction.atomic():
        if instance.pk is None:
            instance.save()
            return instance
        current = claim_version(model=type(instance), pk=instance.pk, version=version or 0)
        instance.version = current.version
        instance.save()
    return instance


def delete_recorded(*, instance: models.Model, user, reason: str) -> None:
    """Delete a row so that django-simple-history records who removed it and why."""
    instance._history_user = user  # type: ignore[attr-defined]
    instance._change_reason = reason  # type: ignore[attr-defined]
    instance.delete()
