"""Reminders of overdue corrective actions, one digest per owner.

``corrective_action_reminders_send`` runs from ``manage.py send_reminders``
(hourly from cron) after the status-update reminders. An open nonconformity
whose due date has passed is reminded to its owner on the first day it is
late and then once a week (``sequence`` = whole weeks late). Each reminder is
recorded under a unique key (nonconformity, mailbox, sequence) in the same
transaction as the mail is sent, so a rerun the same day or week sends
nothing new, and a failed send is retried on the next run.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import CorrectiveActionReminder, Nonconformity

logger = logging.getLogger(__name__)


@dataclass
class Recipient:
    email: str
    name: str
    language: str
    items: list[tuple[Nonconformity, int]] = field(default_factory=list)


@dataclass
class ReminderResult:
    mails: int = 0
    items: int = 0


def weeks_late(due_date: datetime.date, today: datetime.date) -> int:
    """0 from the first day after the due date, 1 a week later, and so on."""
    return ((today - due_date).days - 1) // 7


def _language(user) -> str:
    languages = {code for code, _name in settings.LANGUAGES}
    if user is not None and user.preferred_language in languages:
        return user.preferred_language
    return settings.LANGUAGE_CODE


def corrective_action_reminders_pending(*, today: datetime.date) -> list[Recipient]:
    overdue = (
        Nonconformity.objects.filter(
            closed_on__isnull=True, due_date__lt=today, owner__isnull=False
        )
        .select_related("owner__user")
        .order_by("due_date", "pk")
    )
    recipients: dict[str, Recipient] = {}
    for item in overdue:
        owner = item.owner
        email = (owner.email or (owner.user.email if owner.user else "")).strip().lower()
        if not email:
            continue
        recipient = recipients.setdefault(
            email, Recipient(email=email, name=str(owner), language=_language(owner.user))
        )
        recipient.items.append((item, weeks_late(item.due_date, today)))
    sent = set(
        CorrectiveActionReminder.objects.filter(recipient_email__in=list(recipients)).values_list(
            "nonconformity_id", "recipient_email", "sequence"
        )
    )
    pending = []
    for recipient in recipients.values():
        recipient.items = [
            (item, sequence)
            for item, sequence in recipient.items
            if (item.pk, recipient.email, sequence) not in sent
        ]
        if recipient.items:
            pending.append(recipient)
    return pending


def _absolute(path: str) -> str:
    return settings.SITE_BASE_URL.rstrip("/") + path


def _mail(recipient: Recipient) -> EmailMultiAlternatives:
    with translation.override(recipient.language):
        context = {
            "recipient": recipient,
            "lines": [
                {
                    "item": item,
                    "url": _absolute(
                        reverse("ems:edit", kwargs={"key": "poikkeamat", "pk": item.pk})
                    ),
                }
                for item, _sequence in recipient.items
            ],
            "workspace_url": _absolute(reverse("monitoring:my_work")),
        }
        subject = " ".join(render_to_string("ems/mail/overdue_subject.txt", context).split())
        text = render_to_string("ems/mail/overdue.txt", context)
        html = render_to_string("ems/mail/overdue.html", context)
    mail = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email])
    mail.attach_alternative(html, "text/html")
    return mail


def corrective_action_reminders_send(*, today: datetime.date) -> ReminderResult:
    """Send today's reminders of overdue corrective actions; safe to run any number of times."""
    result = ReminderResult()
    for recipient in corrective_action_reminders_pending(today=today):
        rows = [
            CorrectiveActionReminder(
                nonconformity=item, recipient_email=recipient.email, sequence=sequence
            )
            for item, sequence in recipient.items
        ]
        try:
            with transaction.atomic():
                CorrectiveActionReminder.objects.bulk_create(rows)
                _mail(recipient).send()
        except Exception:
            logger.exception(
                "Corrective action reminder to %s failed; retried next run", recipient.email
            )
            continue
        result.mails += 1
        result.items += len(rows)
    return result
