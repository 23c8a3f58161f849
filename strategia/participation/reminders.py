"""Reminders of ideas' answers to the managers of the responsible unit.

Run from ``manage.py send_reminders`` after the other reminders. An idea
under consideration is reminded ``DUE_SOON_DAYS`` days before its answer is
due (sequence -1), on the first day it is late (0) and then weekly (1, 2…),
to the managers of its unit (the nearest unit up with a manager) or, when
there are none, to the strategy office. Each reminder is recorded under a
unique key in the same transaction as the mail goes, so a rerun sends
nothing new and a failed mail is tried again on the next run.
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

from strategia.accounts.models import Role, RoleAssignment
from strategia.monitoring.notifications import language_of
from strategia.monitoring.selectors import unit_managers

from .models import AnswerReminder, Idea, IdeaState

logger = logging.getLogger(__name__)
DUE_SOON_DAYS = 3


@dataclass
class Recipient:
    email: str
    language: str
    items: list[tuple[Idea, int]] = field(default_factory=list)


@dataclass
class ReminderResult:
    mails: int = 0
    items: int = 0
    failures: list[str] = field(default_factory=list)


def sequence_of(due_date: datetime.date, today: datetime.date) -> int | None:
    """-1 when due within ``DUE_SOON_DAYS``, 0 on the first late day, 1 a week later…"""
    if today > due_date:
        return ((today - due_date).days - 1) // 7
    if (due_date - today).days <= DUE_SOON_DAYS:
        return -1
    return None


def answer_reminders_pending(*, today: datetime.date) -> list[Recipient]:
    ideas = list(
        Idea.objects.filter(
            state=IdeaState.UNDER_CONSIDERATION, due_date__isnull=False, unit__isnull=False
        )
        .select_related("unit")
        .order_by("due_date", "pk")
    )
    managers = unit_managers(units={idea.unit for idea in ideas})
    office: dict[int, list] = {}
    recipients: dict[str, Recipient] = {}
    for idea in ideas:
        sequence = sequence_of(idea.due_date, today)
        if sequence is None:
            continue
        users = managers.get(idea.unit_id) or office.setdefault(
            idea.organisation_id,
            [
                a.user
                for a in RoleAssignment.objects.filter(
                    organisation_id=idea.organisation_id,
                    role=Role.STRATEGY_OFFICE,
                    user__is_active=True,
                ).select_related("user")
            ],
        )
        for user in users:
            email = user.email.strip().lower()
            recipient = recipients.setdefault(
                email, Recipient(email=email, language=language_of(user))
            )
            recipient.items.append((idea, sequence))
    sent = set(
        AnswerReminder.objects.filter(recipient_email__in=list(recipients)).values_list(
            "idea_id", "recipient_email", "sequence"
        )
    )
    pending = []
    for recipient in recipients.values():
        recipient.items = [
            (idea, sequence)
            for idea, sequence in recipient.items
            if (idea.pk, recipient.email, sequence) not in sent
        ]
        if recipient.items:
            pending.append(recipient)
    return pending


def _absolute(path: str) -> str:
    return settings.SITE_BASE_URL.rstrip("/") + path


def _mail(recipient: Recipient, today: datetime.date) -> EmailMultiAlternatives:
    with translation.override(recipient.language):
        context = {
            "today": today,
            "lines": [
                {
                    "idea": idea,
                    "late": sequence >= 0,
                    "url": _absolute(reverse("participation_ws:idea", kwargs={"pk": idea.pk})),
                }
                for idea, sequence in recipient.items
            ],
            "workspace_url": _absolute(reverse("monitoring:my_work")),
        }
        subject = " ".join(
            render_to_string("participation/mail/reminder_subject.txt", context).split()
        )
        text = render_to_string("participation/mail/reminder.txt", context)
        html = render_to_string("participation/mail/reminder.html", context)
    mail = EmailMultiAlternatives(subject=subject, body=text, to=[recipient.email])
    mail.attach_alternative(html, "text/html")
    return mail


def answer_reminders_send(*, today: datetime.date) -> ReminderResult:
    """Send today's reminders of ideas' answers; safe to run any number of times."""
    result = ReminderResult()
    for recipient in answer_reminders_pending(today=today):
        rows = [
            AnswerReminder(idea=idea, recipient_email=recipient.email, sequence=sequence)
            for idea, sequence in recipient.items
        ]
        try:
            with transaction.atomic():
                AnswerReminder.objects.bulk_create(rows)
                _mail(recipient, today).send()
        except Exception:
            logger.exception("Answer reminder to %s failed; retried next run", recipient.email)
            result.failures.append(recipient.email)
            continue
        result.mails += 1
        result.items += len(rows)
    return result
