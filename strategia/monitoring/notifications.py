"""Mail of the status-update workflow: who hears of what, when, in which language.

- submitted → the approvers of the measure's unit (its nearest unit managers;
  the strategy office when the unit has none), except those who wrote it;
- returned → its author, with the comment;
- published → its author and the measure's contact persons.

The services call ``notices_queue`` inside their transaction: it writes one
``WorkflowNotice`` per mailbox (addresses compared in lower case, so one
person with two rows is mailed once) and, after the transaction commits,
mails the notices of people who chose immediate mail. Nothing is mailed from
inside the transaction, so a rolled-back approval mails nobody. Everyone else
gets the day's notices in one digest from ``manage.py send_workflow_digest``,
which also retries immediate mail that failed. A notice is stamped
``sent_at`` once mailed, so a rerun mails nothing twice.

Each mail is rendered in its recipient's language, as text and HTML, with
direct links (``SITE_BASE_URL``) to the update.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from strategia.accounts.models import Role, RoleAssignment, User

from .models import MailPreference, StatusUpdate, WorkflowNotice
from .selectors import unit_managers

logger = logging.getLogger(__name__)

APPROVER_ROLES = (Role.UNIT_MANAGER, Role.STRATEGY_OFFICE, Role.ADMINISTRATOR)


@dataclass
class Mailbox:
    email: str
    user: User | None = None
    language: str = ""


@dataclass
class SendResult:
    mails: int = 0
    notices: int = 0
    failures: list[str] = field(default_factory=list)


def language_of(user: User | None) -> str:
    languages = {code for code, _name in settings.LANGUAGES}
    if user is not None and user.preferred_language in languages:
        return user.preferred_language
    return settings.LANGUAGE_CODE


def mail_delivery_of(user: User | None) -> str:
    """The person's choice, else immediate for approvers and the daily digest for others."""
    if user is None:
        return MailPreference.Delivery.DIGEST
    chosen = MailPreference.objects.filter(user=user).values_list("delivery", flat=True).first()
    if chosen:
        return chosen
    approves = RoleAssignment.objects.filter(user=user, role__in=APPROVER_ROLES).exists()
    return MailPreference.Delivery.IMMEDIATE if approves else MailPreference.Delivery.DIGEST


def _absolute(path: str) -> str:
    return settings.SITE_BASE_URL.rstrip("/") + path


# --- Who ------------------------------------------------------------------------


def _mailboxes(candidates: Iterable[Mailbox]) -> list[Mailbox]:
    """One mailbox per normalised address, the first with a user account winning."""
    found: dict[str, Mailbox] = {}
    for candidate in candidates:
        email = (candidate.email or "").strip().lower()
        if not email:
            continue
        existing = found.get(email)
        if existing is None:
            found[email] = Mailbox(email=email, user=candidate.user)
        elif existing.user is None and candidate.user is not None:
            existing.user = candidate.user
    for mailbox in found.values():
        mailbox.language = language_of(mailbox.user)
    return list(found.values())


def _user_box(user: User | None) -> list[Mailbox]:
    return [Mailbox(email=user.email, user=user)] if user is not None and user.is_active else []


def approvers_of(update: StatusUpdate) -> list[User]:
    """Who is asked to approve: the nearest unit managers, else the strategy office."""
    measure = update.measure
    managers: list[User] = []
    if measure.responsible_unit_id:
        managers = unit_managers(units=[measure.responsible_unit]).get(
            measure.responsible_unit_id, []
        )
    if not managers:
        managers = [
            assignment.user
            for assignment in RoleAssignment.objects.filter(
                organisation_id=measure.organisation_id,
                role=Role.STRATEGY_OFFICE,
                user__is_active=True,
            ).select_related("user")
        ]
    writers = update.writer_ids()
    return [user for user in managers if user.pk not in writers]


def recipients_for(update: StatusUpdate, event: str) -> list[Mailbox]:
    if event == WorkflowNotice.Event.SUBMITTED:
        boxes = [box for user in approvers_of(update) for box in _user_box(user)]
    elif event == WorkflowNotice.Event.RETURNED:
        boxes = _user_box(update.author) or _user_box(update.submitted_by)
    else:
        boxes = _user_box(update.author)
        for person in update.measure.contact_persons.select_related("user"):
            user = person.user if person.user and person.user.is_active else None
            boxes.append(Mailbox(email=person.email or (user.email if user else ""), user=user))
    return _mailboxes(boxes)


# --- Queue and send ------------------------------------------------------------


def notices_queue(*, update: StatusUpdate, event: str, comment: str = "") -> list[WorkflowNotice]:
    """Record who should hear of the event; mail the immediate ones after commit."""
    notices = WorkflowNotice.objects.bulk_create(
        [
            WorkflowNotice(
                update=update,
                event=event,
                recipient_email=box.email,
                user=box.user,
                language=box.language,
                delivery=mail_delivery_of(box.user),
                comment=comment,
            )
            for box in recipients_for(update, event)
        ]
    )
    immediate = [n.pk for n in notices if n.delivery == MailPreference.Delivery.IMMEDIATE]
    if immediate:
        transaction.on_commit(lambda: notices_send(notice_ids=immediate))
    return notices


def _unsent(notice_ids: Iterable[int] | None = None):
    notices = WorkflowNotice.objects.filter(sent_at__isnull=True).select_related(
        "user",
        "update",
        "update__measure",
        "update__reporting_period",
        "update__author",
        "update__returned_by",
    )
    if notice_ids is not None:
        notices = notices.filter(pk__in=list(notice_ids))
    return notices.order_by("recipient_email", "created_at", "pk")


def _line(notice: WorkflowNotice) -> dict:
    update = notice.update
    if notice.event == WorkflowNotice.Event.SUBMITTED:
        path = reverse("monitoring:update_review", kwargs={"pk": update.pk})
    elif update.reporting_period_id:
        path = reverse(
            "monitoring:update_edit",
            kwargs={"measure_pk": update.measure_id, "period_pk": update.reporting_period_id},
        )
    else:
        path = reverse("monitoring:measure_detail", kwargs={"pk": update.measure_id})
    return {"notice": notice, "update": update, "measure": update.measure, "url": _absolute(path)}


def render_mail(notices: list[WorkflowNotice], *, digest: bool) -> EmailMultiAlternatives:
    """One mail to one mailbox, in the language of its first notice."""
    first = notices[0]
    with translation.override(first.language or settings.LANGUAGE_CODE):
        context = {
            "lines": [_line(notice) for notice in notices],
            "digest": digest,
            "recipient": first.user or first.recipient_email,
            "workspace_url": _absolute(reverse("monitoring:my_work")),
            "settings_url": _absolute(reverse("monitoring:mail_settings")),
        }
        subject = " ".join(
            render_to_string("monitoring/mail/workflow_subject.txt", context).split()
        )
        text = render_to_string("monitoring/mail/workflow.txt", context)
        html = render_to_string("monitoring/mail/workflow.html", context)
    mail = EmailMultiAlternatives(subject=subject, body=text, to=[first.recipient_email])
    mail.attach_alternative(html, "text/html")
    return mail


def send_grouped(
    notices: list, *, digest: bool, render: Callable[..., EmailMultiAlternatives]
) -> SendResult:
    """Mail notices grouped by ``recipient_email`` and stamp each ``sent_at`` once sent.

    ``digest`` puts a mailbox's notices in one mail, else one mail each;
    ``render(batch, digest=…)`` makes the mail. Any notice model with
    ``recipient_email`` and ``sent_at`` can go through here (participation's
    idea notices do), so retries and failure handling are written once.
    """
    result = SendResult()
    by_mailbox: dict[str, list] = defaultdict(list)
    for notice in notices:
        by_mailbox[notice.recipient_email].append(notice)
    for email, group in by_mailbox.items():
        batches = [group] if digest else [[notice] for notice in group]
        for batch in batches:
            try:
                render(batch, digest=digest).send()
            except Exception:
                # One bad mailbox must not stop the others; the notice stays
                # unsent and the next digest run tries again.
                logger.exception("Mail to %s failed; it will be retried", email)
                result.failures.append(email)
                continue
            type(batch[0])._default_manager.filter(pk__in=[n.pk for n in batch]).update(
                sent_at=timezone.now()
            )
            result.mails += 1
            result.notices += len(batch)
    return result


def _send_grouped(notices: list[WorkflowNotice], *, digest: bool) -> SendResult:
    return send_grouped(notices, digest=digest, render=render_mail)


def notices_send(*, notice_ids: Iterable[int]) -> SendResult:
    """Mail these notices now, one mail each (what happens after a workflow commit)."""
    return _send_grouped(list(_unsent(notice_ids)), digest=False)


def digest_send() -> SendResult:
    """Mail every unsent notice, one digest per mailbox; safe to run any number of times."""
    return _send_grouped(list(_unsent()), digest=True)
