"""Shared reads of participation, every one visibility-aware.

Every public read of ideas starts from ``ideas_visible_to``: ideas waiting
for moderation and hidden ones reach only moderators, staff who handle ideas
and (for their own) the author; comments likewise through
``comments_visible_to``. Linked measures are read through the strategy's
``measures_visible_to``, so an internal measure never appears to the public
beside an idea. Authors are shown by their display name only: no read here
hands out an e-mail address.
"""

from __future__ import annotations

import datetime

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet

from strategia.monitoring.selectors import published_updates
from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal, Measure
from strategia.strategy.selectors import measures_visible_to

from .models import (
    Comment,
    ContentReport,
    Follow,
    Idea,
    IdeaAnswer,
    IdeaState,
    Initiative,
    Initiator,
    Participant,
    ParticipationSettings,
    Support,
)

AnyUser = AbstractBaseUser | AnonymousUser
OPEN_STATES = (IdeaState.PUBLISHED, IdeaState.UNDER_CONSIDERATION)


def settings_of(organisation: Organisation) -> ParticipationSettings:
    """The organisation's settings, or the defaults when none are saved."""
    found = ParticipationSettings.objects.filter(organisation=organisation).first()
    return found or ParticipationSettings(organisation=organisation)


def participant_of(user: AnyUser) -> Participant | None:
    if not user.is_authenticated:
        return None
    return Participant.objects.filter(user=user).first()


def sees_all_ideas(user: AnyUser, organisation: Organisation) -> bool:
    return user.has_perm("participation.view_ideas", organisation) or user.has_perm(
        "participation.moderate", organisation
    )


def ideas_visible_to(*, user: AnyUser, organisation: Organisation) -> QuerySet[Idea]:
    ideas = Idea.objects.filter(organisation=organisation)
    if sees_all_ideas(user, organisation):
        return ideas
    public = Q(is_hidden=False) & ~Q(state=IdeaState.SUBMITTED)
    if user.is_authenticated:
        return ideas.filter(public | Q(author_id=user.pk))
    return ideas.filter(public)


def _author_prefetch() -> Prefetch:
    return Prefetch("author__participant")


def idea_list(
    *,
    user: AnyUser,
    organisation: Organisation,
    state: str = "",
    goal_id: int | None = None,
    text: str = "",
) -> QuerySet[Idea]:
    """Ideas for the public list, newest first, with what a row shows fetched in fixed queries."""
    ideas = (
        ideas_visible_to(user=user, organisation=organisation)
        .select_related("unit", "author__participant")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.order_by("order", "pk")))
        .annotate(
            support_count=Count("supports", distinct=True),
            comment_count=Count("comments", filter=Q(comments__is_hidden=False), distinct=True),
        )
        .order_by("-created_at", "-pk")
    )
    if state in IdeaState.values:
        ideas = ideas.filter(state=state)
    if goal_id:
        ideas = ideas.filter(goals__pk=goal_id)
    text = (text or "").strip()
    if text:
        ideas = ideas.filter(Q(title__icontains=text) | Q(text__icontains=text))
    return ideas


def idea_for_page(*, user: AnyUser, organisation: Organisation, pk: int) -> Idea | None:
    return (
        ideas_visible_to(user=user, organisation=organisation)
        .select_related("unit", "author__participant", "organisation")
        .prefetch_related("goals__plan")
        .annotate(support_count=Count("supports", distinct=True))
        .filter(pk=pk)
        .first()
    )


def published_answers(idea: Idea) -> list[IdeaAnswer]:
    """The answer's history, newest first: the first is the answer in force."""
    return list(
        idea.answers.filter(published_at__isnull=False)
        .select_related("unit")
        .order_by("-published_at", "-pk")
    )


def draft_answer(idea: Idea) -> IdeaAnswer | None:
    return idea.answers.filter(published_at__isnull=True).select_related("unit").first()


def comments_visible_to(*, user: AnyUser, idea: Idea) -> list[Comment]:
    """Top-level comments with their replies, each marked whether its text may be read.

    A hidden comment keeps its place in the thread (as "hidden by a
    moderator"), but its text is readable only by moderators and its author;
    ``text_visible`` says which, so a template can't get it wrong.
    """
    moderator = user.has_perm("participation.moderate", idea.organisation)
    replies = Comment.objects.select_related("author__participant").order_by("created_at", "pk")
    comments = list(
        idea.comments.filter(parent__isnull=True)
        .select_related("author__participant")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "pk")
    )
    for comment in comments:
        for item in (comment, *comment.replies.all()):
            item.text_visible = (
                not item.is_hidden
                or moderator
                or (user.is_authenticated and item.author_id == user.pk)
            )
    return comments


def linked_measures(*, user: AnyUser, idea: Idea) -> list[Measure]:
    """The measures that carry out the idea, as far as this user may see them, with progress."""
    latest = published_updates().order_by("-date", "-pk")
    return list(
        measures_visible_to(user=user, organisation=idea.organisation)
        .filter(ideas=idea)
        .select_related("responsible_unit")
        .prefetch_related(Prefetch("status_updates", queryset=latest, to_attr="published"))
        .order_by("identifier")
    )


def engagement_of(*, user: AnyUser, idea: Idea) -> dict[str, bool]:
    if not user.is_authenticated:
        return {"supports": False, "follows": False}
    return {
        "supports": Support.objects.filter(idea=idea, user=user).exists(),
        "follows": Follow.objects.filter(idea=idea, user=user).exists(),
    }


def goals_for_ideas(organisation: Organisation) -> QuerySet[Goal]:
    """The goals an idea can serve: those of the city's plans, in tree order."""
    return (
        Goal.objects.filter(plan__organisation=organisation)
        .select_related("plan")
        .order_by("plan__order", "plan__pk", "order", "pk")
    )


# --- Staff -------------------------------------------------------------------------


def staff_queue(
    *, user: AnyUser, organisation: Organisation, unit_id: int | None = None, state: str = ""
) -> QuerySet[Idea]:
    """Ideas for the staff queue: open ones first, due soonest first."""
    ideas = (
        Idea.objects.filter(organisation=organisation)
        .select_related("unit", "author__participant")
        .annotate(
            support_count=Count("supports", distinct=True),
            open_reports=Count(
                "reports", filter=Q(reports__resolved_at__isnull=True), distinct=True
            ),
            has_draft=Exists(
                IdeaAnswer.objects.filter(idea=OuterRef("pk"), published_at__isnull=True)
            ),
        )
        .order_by("due_date", "-created_at", "pk")
    )
    if unit_id:
        ideas = ideas.filter(unit_id=unit_id)
    if state in IdeaState.values:
        ideas = ideas.filter(state=state)
    else:
        ideas = ideas.filter(state__in=(IdeaState.SUBMITTED, *OPEN_STATES))
    return ideas


def ideas_to_answer(*, user: AnyUser, organisation: Organisation) -> QuerySet[Idea]:
    """Ideas under consideration that this user may answer (their units, or all)."""
    from strategia.accounts.access import access_of

    access = access_of(user).in_organisation(organisation.pk)
    ideas = Idea.objects.filter(
        organisation=organisation, state=IdeaState.UNDER_CONSIDERATION
    ).select_related("unit")
    if not access.manages_all:
        ideas = ideas.filter(unit_id__in=access.managed_unit_ids)
    return ideas.order_by("due_date", "pk")


def my_idea_work(
    *, user: AnyUser, organisation: Organisation, today: datetime.date
) -> dict[str, list[Idea]]:
    """For "My work": ideas to answer, late and due; for moderators the moderation count."""
    ideas = list(ideas_to_answer(user=user, organisation=organisation))
    late = [idea for idea in ideas if idea.is_late(today)]
    due = [idea for idea in ideas if not idea.is_late(today)]
    return {"late": late, "due": due}


def moderation_queue(*, organisation: Organisation) -> dict[str, list]:
    """What waits for a moderator: pre-moderated ideas, reported and auto-hidden content."""
    open_reports = ContentReport.objects.filter(resolved_at__isnull=True)
    ideas = list(
        Idea.objects.filter(organisation=organisation)
        .filter(
            Q(state=IdeaState.SUBMITTED, is_hidden=False)
            | Q(awaits_review=True)
            | Q(reports__resolved_at__isnull=True)
        )
        .select_related("author__participant")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .distinct()
        .order_by("created_at", "pk")
    )
    comments = list(
        Comment.objects.filter(idea__organisation=organisation)
        .filter(Q(awaits_review=True) | Q(reports__resolved_at__isnull=True))
        .select_related("author__participant", "idea")
        .prefetch_related(Prefetch("reports", queryset=open_reports, to_attr="open_reports"))
        .distinct()
        .order_by("created_at", "pk")
    )
    return {"ideas": ideas, "comments": comments}


def moderation_count(*, organisation: Organisation) -> int:
    queue = moderation_queue(organisation=organisation)
    return len(queue["ideas"]) + len(queue["comments"])


# --- Initiatives -------------------------------------------------------------------


def initiatives_of(organisation: Organisation) -> QuerySet[Initiative]:
    return (
        Initiative.objects.filter(organisation=organisation)
        .select_related("body")
        .prefetch_related(
            Prefetch("initiators", queryset=Initiator.objects.order_by("order", "pk"))
        )
        .order_by("-submitted_on", "-pk")
    )


def initiative_measures(*, user: AnyUser, initiative: Initiative) -> list[Measure]:
    return list(
        measures_visible_to(user=user, organisation=initiative.organisation)
        .filter(initiatives=initiative)
        .order_by("identifier")
    )
