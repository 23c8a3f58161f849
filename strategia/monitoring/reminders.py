"""Reminder mail for status updates, one digest per person.

``reminders_send`` is what ``manage.py send_reminders`` runs, hourly from cron.
For every open period it finds the updates still owed and decides, per item,
which reminder (if any) is due today:

* ``before``: from ``reminder_days_before`` days before the deadline;
* ``deadline``: on the deadline day;
* ``late``: after the deadline, once a week (``sequence`` = weeks late);
* ``escalation``: to the unit manager once ``escalation_days`` have passed.

Each item a person is reminded of is recorded in ``ReminderSent`` under a
unique key (mailbox, period, measure, kind, sequence). Items already recorded
are left out, so running the command again the same hour, day or week sends
nothing new; a person with several items gets one mail listing all of them.
The rows are written in the same transaction as the mail is sent: if sending
fails, nothing is recorded and the next run tries again. Recipients are
keyed by their normalised (trimmed, lower-case) address, so two Person rows
with one mailbox get one mail; a failure for one mailbox is logged, the
others are still sent, and the command exits non-zero.

A contact person's mail also lists the manual indicators they keep whose
value for the period is still missing (``indicators_missing_values``): those
are entered in the same round as the status updates.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from strategia.accounts.models import User
from strategia.organisations.models import Person

from .models import ReminderSent
from .selectors import DueItem, due_items, monitoring_settings_of, open_periods, unit_managers

logger = logging.getLogger(__name__)


@dataclass
class Recipient:
    email: str
    name: str
    language: str
    person: Person | None = None
    user: User | None = None
    items: list[tuple[DueItem, str, int]] = field(default_factory=list)


@dataclass
class ReminderResult:
    mails: int = 0
    items: int = 0
    # Mailboxes whose reminder could not be sent this time (retried next run).
    failures: list[str] = field(default_factory=list)


def reminder_for(item: DueItem, today: datetime.date) -> tuple[str, int] | None:
    """Which reminder the contact persons of an owed item get today, if any."""
    settings_ = monitoring_settings_of(item.period.plan)
    days_left = (item.period.deadline - today).days
    if days_left < 0:
        return ReminderSent.Kind.LATE, (-days_left - 1) // 7
    if days_left == 0:
        return ReminderSent.Kind.DEADLINE, 0
    if days_left <= settings_.reminder_days_before:
        return ReminderSent.Kind.BEFORE, 0
    return None


def is_escalated(item: DueItem, today: datetime.date) -> bool:
    settings_ = monitoring_settings_of(item.period.plan)
    return (today - item.period.deadline).days >= settings_.escalation_days


def _language_of(user: User | None) -> str:
    languages = {code for code, _name in settings.LANGUAGES}
    if user is not None and user.preferred_language in languages:
        return user.preferred_language
    return settings.LANGUAGE_CODE


def _contact_recipient(person: Person) -> tuple[str, Recipient] | None:
    email = (person.email or (person.user.email if person.user else "")).strip().lower()
    if not email:
        return None
    return email, Recipient(
        email=email,
        name=str(person),
        language=_language_of(person.user),
        person=person,
        user=person.user,
    )


def collect_reminders(*, today: datetime.date) -> dict[str, Recipient]:
    """Who should be reminded of what today, before removing what was already sent."""
    items = [item for item in due_items(periods=open_periods()) if not item.is_handed_in]
    recipients: dict[str, Recipient] = {}

    def add(email: str, candidate: Recipient, entry: tuple[DueItem, str, int]) -> None:
        # Addresses are compared normalised: two Person rows (or a person and
        # a manager) with one mailbox get one mail, each item in it once.
        recipient = recipients.setdefault(email, candidate)
        item, kind, sequence = entry
        key = (item.period.pk, item.measure.pk, kind, sequence)
        if all((i.period.pk, i.measure.pk, k, s) != key for i, k, s in recipient.items):
            recipient.items.append(entry)

    escalated: list[DueItem] = []
    for item in items:
        reminder = reminder_for(item, today)
        if reminder is None:
            continue
        for person in item.measure.contact_persons.all():
            found = _contact_recipient(person)
            if found:
                add(found[0], found[1], (item, reminder[0], reminder[1]))
        if is_escalated(item, today) and item.measure.responsible_unit_id:
            escalated.append(item)
    managers = unit_managers(units={item.measure.responsible_unit for item in escalated})
    for item in escalated:
        for manager in managers.get(item.measure.responsible_unit_id, []):
            email = manager.email.strip().lower()
            if not email:
                continue
            candidate = Recipient(
                email=email, name=str(manager), language=_language_of(manager), user=manager
            )
            add(email, candidate, (item, ReminderSent.Kind.ESCALATION, 0))
    return recipients


def _already_sent(recipients: dict[str, Recipient]) -> set[tuple]:
    period_ids = {item.period.pk for r in recipients.values() for item, _k, _s in r.items}
    rows = ReminderSent.objects.filter(
        recipient_email__in=list(recipients), period_id__in=period_ids
    ).values_list("recipient_email", "period_id", "measure_id", "kind", "sequence")
    return set(rows)


def _absolute(path: str) -> str:
    return settings.SITE_BASE_URL.rstrip("/") + path


def indicators_missing_values(recipient: Recipient) -> list[dict]:
    """Manual indicators this contact person keeps whose value for the period is missing.

    The period is the one the reminded reporting periods report: the
    indicator period in which the latest of them ends (``2026`` for a yearly
    indicator, ``2026Q2`` for a quarterly one…).
    """
    from strategia.indicators.models import Indicator, Observation, Source

    from .services import default_observation_period

    ends = [
        item.period.end_date
        for item, kind, _sequence in recipient.items
        if kind != ReminderSent.Kind.ESCALATION
    ]
    if recipient.person is None or not ends:
        return []
    day = max(ends)
    indicators = list(
        Indicator.objects.filter(contact_person=recipient.person, source=Source.MANUAL)
        .select_related("organisation")
        .order_by("order", "name")
    )
    wanted = {
        indicator.pk: default_observation_period(resolution=indicator.time_resolution, day=day)
        for indicator in indicators
    }
    present = set(
        Observation.objects.filter(
            indicator__in=indicators, period__in=set(wanted.values()), dimensions_key=""
        ).values_list("indicator_id", "period", "area")
    )
    return [
        {
            "indicator": indicator,
            "period": wanted[indicator.pk],
            "url": _absolute(reverse("monitoring:indicator_values", kwargs={"pk": indicator.pk})),
        }
        for indicator in indicators
        if (indicator.pk, wanted[indicator.pk], indicator.default_area) not in present
    ]


def _render_mail(recipient: Recipient) -> EmailMultiAlternatives:
    with translation.override(recipient.language):
        lines = []
        for item, kind, _sequence in recipient.items:
            lines.append(
                {
                    "item": item,
                    "kind": kind,
                    "escalation": kind == ReminderSent.Kind.ESCALATION,
                    "url": _absolute(
                        reverse(
                            "monitoring:update_edit",
                            kwargs={"measure_pk": item.measure.pk, "period_pk": item.period.pk},
                        )
                    ),
                }
            )
        context = {
            "recipient": recipient,
            "lines": lines,
            "indicators": indicators_missing_values(recipient),
            "workspace_url": _absolute(reverse("monitoring:my_work")),
            "any_late": any(
                kind in (ReminderSent.Kind.LATE, ReminderSent.Kind.ESCALATION)
                for _item, kind, _s in recipient.items
            ),
        }
        subject = " ".join(
            render_to_string("monitoring/mail/reminder_subject.txt", context).split()
        )
        text = render_to_string("monitoring/mail/reminder.txt", context)
        html = render_to_string("monitoring/mail/reminder.html", context)
    mail = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email])
    mail.attach_alternative(html, "text/html")
    return mail


def reminders_pending(*, today: datetime.date) -> list[Recipient]:
    """Today's reminders not sent yet, one recipient each with their items."""
    recipients = collect_reminders(today=today)
    sent = _already_sent(recipients)
    pending = []
    for recipient in recipients.values():
        recipient.items = [
            (item, kind, sequence)
            for item, kind, sequence in recipient.items
            if (recipient.email, item.period.pk, item.measure.pk, kind, sequence) not in sent
        ]
        if recipient.items:
            pending.append(recipient)
    return pending


def reminders_send(*, today: datetime.date) -> ReminderResult:
    """Send today's reminders that have not been sent yet; safe to run any number of times."""
    result = ReminderResult()
    for recipient in reminders_pending(today=today):
        rows = [
            ReminderSent(
                period=item.period,
                measure=item.measure,
                unit_id=item.measure.responsible_unit_id,
                kind=kind,
                sequence=sequence,
                recipient_email=recipient.email,
                person=recipient.person,
                user=recipient.user,
            )
            for item, kind, sequence in recipient.items
        ]
        try:
            with transaction.atomic():
                ReminderSent.objects.bulk_create(rows)
                _render_mail(recipient).send()
        except Exception:
            # One bad address must not stop everyone else's reminders.
            logger.exception("Reminder to %s failed; it will be retried", recipient.email)
            result.failures.append(recipient.email)
            continue
        result.mails += 1
        result.items += len(rows)
    return result
