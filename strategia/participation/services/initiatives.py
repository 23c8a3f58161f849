"""The register of residents' initiatives (kuntalaisaloite), kept by staff."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from strategia.accounts.models import User
from strategia.core.invalidation import content_changed
from strategia.core.locking import claim_version
from strategia.organisations.models import Organisation, Unit
from strategia.strategy.models import Measure

from ..models import Initiative, Initiator
from .common import CONTENT_KIND, require


@dataclass
class InitiatorData:
    name: str
    show_name: bool = False


@dataclass
class InitiativeData:
    subject: str
    submitted_on: datetime.date
    channel: str
    body_id: int
    identifier: str = ""
    summary: str = ""
    external_url: str = ""
    status: str = Initiative.Status.RECEIVED
    decision: str = ""
    decision_date: datetime.date | None = None
    measure_ids: list[int] = field(default_factory=list)
    initiators: list[InitiatorData] = field(default_factory=list)


def _check(organisation: Organisation, data: InitiativeData) -> tuple[Unit, list[Measure]]:
    errors: dict[str, str] = {}
    if not data.subject.strip():
        errors["subject"] = _("The subject is required.")
    if data.channel not in Initiative.Channel.values:
        errors["channel"] = _("Choose how the initiative arrived.")
    if data.status not in Initiative.Status.values:
        errors["status"] = _("Choose the handling status.")
    if data.submitted_on and data.submitted_on > timezone.localdate():
        errors["submitted_on"] = _("The date submitted can't be in the future.")
    if data.status == Initiative.Status.DECIDED and not (
        data.decision.strip() and data.decision_date
    ):
        errors["decision"] = _("A decided initiative needs the decision and its date.")
    if data.decision_date and data.submitted_on and data.decision_date < data.submitted_on:
        errors["decision_date"] = _("The decision can't be dated before the initiative.")
    if data.external_url:
        try:
            URLValidator(schemes=["https", "http"])(data.external_url)
        except ValidationError:
            errors["external_url"] = _("Enter a web address starting with https://.")
    if not any(i.name.strip() for i in data.initiators):
        errors["initiators"] = _("Name at least one initiator.")
    body = Unit.objects.filter(pk=data.body_id, organisation=organisation).first()
    if body is None:
        errors["body"] = _("Choose the body responsible among this city's units.")
    ids = {int(pk) for pk in data.measure_ids}
    measures = list(Measure.objects.filter(pk__in=ids, organisation=organisation))
    if len(measures) != len(ids):
        errors["measures"] = _("Choose measures of this city only.")
    if errors:
        raise ValidationError(errors)
    return body, measures


def initiative_save(
    *,
    user: User,
    organisation: Organisation,
    data: InitiativeData,
    initiative: Initiative | None = None,
    version: int | None = None,
) -> Initiative:
    """Enter a new initiative or change one (optimistic locking on ``version``)."""
    require(user, "participation.manage_initiatives", organisation)
    body, measures = _check(organisation, data)
    with transaction.atomic():
        if initiative is None:
            initiative = Initiative(organisation=organisation)
        else:
            if initiative.organisation_id != organisation.pk:
                raise ValidationError(_("That initiative belongs to another city."))
            initiative = claim_version(model=Initiative, pk=initiative.pk, version=version or 0)
        initiative.identifier = data.identifier.strip()
        initiative.subject = " ".join(data.subject.split())
        initiative.summary = data.summary.strip()
        initiative.submitted_on = data.submitted_on
        initiative.channel = data.channel
        initiative.external_url = data.external_url.strip()
        initiative.body = body
        initiative.status = data.status
        initiative.decision = data.decision.strip()
        initiative.decision_date = data.decision_date
        initiative.save()
        initiative.measures.set(measures)
        initiative.initiators.all().delete()
        Initiator.objects.bulk_create(
            [
                Initiator(
                    initiative=initiative,
                    name=" ".join(i.name.split()),
                    show_name=i.show_name,
                    order=n,
                )
                for n, i in enumerate(data.initiators)
                if i.name.strip()
            ]
        )
    content_changed(organisation_id=organisation.pk, kinds=[CONTENT_KIND])
    return initiative
