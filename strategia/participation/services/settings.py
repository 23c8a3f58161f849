"""The organisation's participation settings."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from strategia.accounts.models import User
from strategia.organisations.models import Organisation

from ..models import ParticipationSettings
from .common import require


def participation_settings_update(
    *, user: User, organisation: Organisation, premoderation: bool, answer_days: int
) -> ParticipationSettings:
    require(user, "participation.change_settings", organisation)
    if not 1 <= int(answer_days) <= 365:
        raise ValidationError({"answer_days": _("Give the days to answer as 1–365.")})
    row, _created = ParticipationSettings.objects.update_or_create(
        organisation=organisation,
        defaults={"premoderation": bool(premoderation), "answer_days": int(answer_days)},
    )
    return row
