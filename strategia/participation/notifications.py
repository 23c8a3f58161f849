"""News of followed ideas: who hears of what, and when.

Followers hear of an idea's state changes and answers (written as
``IdeaNotice`` rows by the services, in the same transaction as the change)
and of the published status updates of the measures that carry it out
(collected by ``send_participation_digest`` from what was published since
they started following). Each follower's choice on their profile decides
the delivery: at once (after the transaction commits; measure updates at the
next run of the command), in a daily or a weekly digest, or not at all.

The sending itself — one mail per mailbox or per notice, failures logged and
retried on the next run, ``sent_at`` stamped once mailed — is the workflow
mail's ``send_grouped``; only the content of the mail is participation's.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from strategia.monitoring.models import StatusUpdate
from strategia.monitoring.notifications import SendResult, language_of, send_grouped
from strategia.strategy.models import Visibility

from .models import Follow, Idea, IdeaNotice, IdeaState, Participant

Delivery = Participant.Delivery
WEEK = datetime.timedelta(days=7)
# A weekly digest is due a little before seven full days, so a daily cron run
# at a slightly different minute does not push it to the eighth day.
WEEKLY_SLACK = datetime.timedelta(hours=2)


def _absolute(path: str) -> str:
    return settings.SITE_BASE_URL.rstrip("/") + path


def _followers(idea: Idea):
    return (
        Follow.objects.filter(idea=idea, user__is_active=True, user__participant__isnull=False)
        .exclude(user__participant__delivery=Delivery.NONE)
        .select_related("user__participant")
    )


def notices_queue(*, idea: Idea, event: str, state: str = "") -> list[IdeaNotice]:
    """Record the news for every follower; mail those who want it at once after commit."""
    notices = IdeaNotice.objects.bulk_create(
        [
            IdeaNotice(
                idea=idea,
                user=follow.user,
                recipient_email=follow.user.email,
                language=language_of(follow.user),
                delivery=follow.user.participant.delivery,
                event=event,
                state=state,
            )
            for follow in _followers(idea)
        ]
    )
    immediate = [n.pk for n in notices if n.delivery == Delivery.IMMEDIATE]
    if immediate:
        transaction.on_commit(lambda: notices_send(notice_ids=immediate))
    return notices


def measure_update_notices_collect() -> int:
    """One notice per follower for each update of a linked measure published since they followed.

    Only public measures of public ideas count. The unique constraint on
    (follower, idea, update) makes a rerun add nothing.
    """
    follows = (
        Follow.objects.filter(user__is_active=True, user__participant__isnull=False)
        .exclude(user__participant__delivery=Delivery.NONE)
        .filter(idea__is_hidden=False, idea__measures__isnull=False)
        .exclude(idea__state=IdeaState.SUBMITTED)
        .select_related("user__participant")
        .distinct()
    )
    follows = list(follows)
    if not follows:
        return 0
    idea_ids = {follow.idea_id for follow in follows}
    measures_of: dict[int, set[int]] = defaultdict(set)
    for idea_id, measure_id in Idea.measures.through.objects.filter(
        idea_id__in=idea_ids, measure__visibility=Visibility.PUBLIC
    ).values_list("idea_id", "measure_id"):
        measures_of[idea_id].add(measure_id)
    all_measures = {m for ids in measures_of.values() for m in ids}
    earliest = min(follow.created_at for follow in follows)
    updates = list(
        StatusUpdate.objects.filter(state=StatusUpdate.State.PUBLISHED, measure_id__in=all_measures)
        .filter(
            Q(approved_at__gte=earliest) | Q(approved_at__isnull=True, created_at__gte=earliest)
        )
        .values_list("pk", "measure_id", "approved_at", "created_at")
    )
    rows = []
    for follow in follows:
        for pk, measure_id, approved_at, created_at in updates:
            if measure_id in measures_of[follow.idea_id] and (approved_at or created_at) >= (
                follow.created_at
            ):
                rows.append(
                    IdeaNotice(
                        idea_id=follow.idea_id,
                        user=follow.user,
                        recipient_email=follow.user.email,
                        language=language_of(follow.user),
                        delivery=follow.user.participant.delivery,
                        event=IdeaNotice.Event.MEASURE_UPDATE,
                        status_update_id=pk,
                    )
                )
    before = IdeaNotice.objects.filter(event=IdeaNotice.Event.MEASURE_UPDATE).count()
    IdeaNotice.objects.bulk_create(rows, ignore_conflicts=True)
    return IdeaNotice.objects.filter(event=IdeaNotice.Event.MEASURE_UPDATE).count() - before


def _unsent(notice_ids: Iterable[int] | None = None):
    notices = IdeaNotice.objects.filter(sent_at__isnull=True).select_related(
        "idea", "user__participant", "status_update__measure"
    )
    if notice_ids is not None:
        notices = notices.filter(pk__in=list(notice_ids))
    return notices.order_by("recipient_email", "created_at", "pk")


def _line(notice: IdeaNotice) -> dict:
    return {
        "notice": notice,
        "idea": notice.idea,
        "update": notice.status_update,
        "state_label": IdeaState(notice.state).label if notice.state else "",
        "url": _absolute(reverse("participation:idea_detail", kwargs={"pk": notice.idea_id})),
    }


def render_mail(notices: list[IdeaNotice], *, digest: bool) -> EmailMultiAlternatives:
    """One mail to one follower, in their language, as text and HTML."""
    first = notices[0]
    with translation.override(first.language or settings.LANGUAGE_CODE):
        context = {
            "lines": [_line(notice) for notice in notices],
            "digest": digest,
            "weekly": first.delivery == Delivery.WEEKLY,
            "participant": getattr(first.user, "participant", None),
            "settings_url": _absolute(reverse("participation:account")),
        }
        subject = " ".join(
            render_to_string("participation/mail/notice_subject.txt", context).split()
        )
        text = render_to_string("participation/mail/notice.txt", context)
        html = render_to_string("participation/mail/notice.html", context)
    mail = EmailMultiAlternatives(subject=subject, body=text, to=[first.recipient_email])
    mail.attach_alternative(html, "text/html")
    return mail


def notices_send(*, notice_ids: Iterable[int]) -> SendResult:
    """Mail these notices now, one mail each."""
    return send_grouped(list(_unsent(notice_ids)), digest=False, render=render_mail)


@dataclass
class DigestResult:
    collected: int
    immediate: SendResult
    digests: SendResult


def _weekly_due(participant: Participant, now: datetime.datetime) -> bool:
    last = participant.last_digest_at
    return last is None or now - last >= WEEK - WEEKLY_SLACK


def digest_send(*, now: datetime.datetime | None = None) -> DigestResult:
    """Collect measure updates, mail immediate notices, then the daily and due weekly digests.

    Run it daily (or hourly: daily digests then go out once the day's news is
    in, weekly ones only when a week has passed since the last). Safe to rerun.
    """
    now = now or timezone.now()
    collected = measure_update_notices_collect()
    immediate, digests, silenced = [], [], []
    for notice in _unsent():
        # The follower's choice now decides, not the one when the notice was written.
        participant = getattr(notice.user, "participant", None)
        delivery = participant.delivery if participant else notice.delivery
        if delivery == Delivery.NONE:
            silenced.append(notice.pk)
        elif delivery == Delivery.IMMEDIATE:
            immediate.append(notice)
        elif delivery == Delivery.DAILY or _weekly_due(participant, now):
            digests.append(notice)
    # Nothing piles up for someone who chose no mail (they'd get it all at once later).
    IdeaNotice.objects.filter(pk__in=silenced).update(sent_at=now)
    immediate_result = send_grouped(immediate, digest=False, render=render_mail)
    digest_result = send_grouped(digests, digest=True, render=render_mail)
    mailed = {n.recipient_email for n in digests} - set(digest_result.failures)
    user_ids = {n.user_id for n in digests if n.recipient_email in mailed}
    Participant.objects.filter(user_id__in=user_ids).update(last_digest_at=now)
    return DigestResult(collected=collected, immediate=immediate_result, digests=digest_result)
