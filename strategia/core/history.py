"""Change history told in people's words: event, local time, names, "label: old → new".

django-simple-history keeps every version of a row. Shown raw it reads as a
database dump (``[{'measure': 17, 'goal': 7}]``, ``2026-12-02 03:34:01+00:00``,
English reasons); ``changes_of`` turns historical records into ``Change``
rows: the event translated (from the change reason the services write, or
the kind of record), the person's name, and for each field that changed its
verbose name with the old and new value as a reader would write them —
choices by their label, related rows by their name, times in local time and
the language's format. Related names are looked up in one query per related
model, however long the history.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# The reasons the services write (``_change_reason``), as readers say them.
EVENTS = {
    "draft created": gettext_lazy("draft started"),
    "draft saved": gettext_lazy("draft saved"),
    "submitted": gettext_lazy("submitted for approval"),
    "submitted and published (no approval needed)": gettext_lazy(
        "submitted and published (no approval needed)"
    ),
    "approved and published": gettext_lazy("approved and published"),
    "returned": gettext_lazy("returned to its writer"),
    "details edited in the workspace": gettext_lazy("details edited in the workspace"),
    "edited in the workspace": gettext_lazy("edited in the workspace"),
    "added in the workspace": gettext_lazy("added in the workspace"),
    "changed in the admin": gettext_lazy("changed in the administration"),
    "added in the admin": gettext_lazy("added in the administration"),
    "opened": gettext_lazy("reporting period opened"),
    "closed": gettext_lazy("reporting period closed"),
    "monitoring settings changed": gettext_lazy("monitoring settings changed"),
    "default content": gettext_lazy("loaded from the default content"),
    "sample data": gettext_lazy("added as sample data"),
}
# Reasons that carry the person's own words after a prefix.
PREFIXED_EVENTS = {
    "correction: ": gettext_lazy("status corrected by the strategy office"),
    # An indicator's link to a goal or measure (indicators.services), the row's name after.
    "linked: ": gettext_lazy("linked to a goal or measure"),
    "unlinked: ": gettext_lazy("link to a goal or measure removed"),
}
RECORD_TYPES = {
    "+": gettext_lazy("created"),
    "~": gettext_lazy("changed"),
    "-": gettext_lazy("deleted"),
}


@dataclass
class Change:
    when: datetime.datetime
    who: object | None
    what: str
    event: str
    reason: str
    fields: list[tuple[str, str, str]] = field(default_factory=list)


def event_of(record) -> tuple[str, str]:
    """(the event in words, the person's own reason if any) of one historical record."""
    reason = record.history_change_reason or ""
    if reason in EVENTS:
        return str(EVENTS[reason]), ""
    for prefix, label in PREFIXED_EVENTS.items():
        if reason.startswith(prefix):
            return str(label), reason[len(prefix) :]
    return str(RECORD_TYPES.get(record.history_type, RECORD_TYPES["~"])), reason


def _local(value: datetime.datetime) -> datetime.datetime:
    return timezone.localtime(value) if timezone.is_aware(value) else value


def format_value(model_field, value: object, names: dict) -> str:
    """One stored value as a reader would write it."""
    if value is None or value == "" or value == []:
        return ""
    if model_field.many_to_many:
        target = model_field.m2m_reverse_field_name()
        ids = [row.get(target) if isinstance(row, dict) else row for row in value]
        model = model_field.related_model
        return ", ".join(sorted(str(names.get((model, pk), pk)) for pk in ids))
    if model_field.is_relation:
        return str(names.get((model_field.related_model, value), value))
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime.datetime):
        return formats.date_format(_local(value), "SHORT_DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal | float):
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _related_ids(model_field, value: object) -> Iterable[int]:
    if value in (None, ""):
        return []
    if model_field.many_to_many:
        target = model_field.m2m_reverse_field_name()
        return [row.get(target) if isinstance(row, dict) else row for row in value]
    return [value]


def changes_of(
    records: Iterable,
    *,
    model: type[models.Model],
    label_of: Callable[[object], str],
    hidden: Iterable[str] = (),
) -> list[Change]:
    """``Change`` rows of historical records (of one model), oldest first.

    ``records`` should come with ``history_user`` selected and in the order
    they were written; ``hidden`` names fields never shown (bookkeeping, the
    untranslated mirror of a translated field).
    """
    hidden = set(hidden)
    records = list(records)
    previous_of: dict[object, object] = {}
    deltas = []
    wanted: dict[type, set] = defaultdict(set)
    for record in records:
        previous = previous_of.get(record.id)
        changed = []
        if previous is not None:
            for delta in record.diff_against(previous).changes:
                if delta.field in hidden:
                    continue
                model_field = model._meta.get_field(delta.field)
                changed.append((model_field, delta.old, delta.new))
                if model_field.is_relation:
                    for value in (delta.old, delta.new):
                        wanted[model_field.related_model].update(
                            pk for pk in _related_ids(model_field, value) if pk is not None
                        )
        previous_of[record.id] = record
        deltas.append((record, changed))
    names = {
        (related, pk): obj
        for related, ids in wanted.items()
        for pk, obj in related._default_manager.in_bulk(ids).items()
    }
    changes = []
    for record, changed in deltas:
        rows = []
        for model_field, old, new in changed:
            before = format_value(model_field, old, names)
            after = format_value(model_field, new, names)
            if before != after:
                # modeltranslation's verbose names already say the language.
                rows.append((str(model_field.verbose_name), before, after))
        event, reason = event_of(record)
        changes.append(
            Change(
                when=record.history_date,
                who=record.history_user,
                what=label_of(record),
                event=event,
                reason=reason,
                fields=rows,
            )
        )
    return changes
