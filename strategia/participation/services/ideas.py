"""The lifecycle of an idea: submit, publish, assign, answer, carry out with measures."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from strategia.accounts.models import User
from strategia.core.invalidation import content_changed
from strategia.core.locking import VersionConflict, claim_version
from strategia.organisations.models import Organisation, Unit
from strategia.strategy.models import Goal, Measure

from .. import notifications
from ..models import AnswerKind, Follow, Idea, IdeaAnswer, IdeaNotice, IdeaState, ModerationEvent
from ..selectors import settings_of
from .common import CONTENT_KIND, active_participant, check_text, require

__all__ = ["VersionConflict"]

TITLE_MAX = 200
TEXT_MAX = 5000
ANSWER_MAX = 10000


@dataclass
class IdeaData:
    title: str
    text: str
    goal_ids: list[int] = field(default_factory=list)
    place: str = ""
    service: str = ""


def _changed(organisation_id: int) -> None:
    content_changed(organisation_id=organisation_id, kinds=[CONTENT_KIND])


def _goals(organisation: Organisation, goal_ids: list[int]) -> list[Goal]:
    ids = {int(pk) for pk in goal_ids}
    goals = list(Goal.objects.filter(pk__in=ids, plan__organisation=organisation))
    if len(goals) != len(ids):
        raise ValidationError({"goals": _("Choose goals of this city's strategy only.")})
    return goals


def _short(field_name: str, value: str, label: str, max_length: int = 200) -> str:
    value = " ".join((value or "").split())
    if len(value) > max_length:
        raise ValidationError(
            {
                field_name: _("%(field)s can be at most %(max)s characters.")
                % {"field": label, "max": max_length}
            }
        )
    return value


def idea_submit(*, user: User, organisation: Organisation, data: IdeaData) -> Idea:
    """A resident's new idea: public at once, or after pre-moderation if the city wants it.

    The author follows their own idea from the start.
    """
    active_participant(user)
    title = check_text("title", data.title, label=_("Title"), max_length=TITLE_MAX)
    title = " ".join(title.split())
    text = check_text("text", data.text, label=_("Text"), max_length=TEXT_MAX)
    place = _short("place", data.place, _("Place"))
    service = _short("service", data.service, _("Service"))
    goals = _goals(organisation, data.goal_ids)
    premoderated = settings_of(organisation).premoderation
    now = timezone.now()
    with transaction.atomic():
        idea = Idea.objects.create(
            organisation=organisation,
            author=user,
            title=title,
            text=text,
            place=place,
            service=service,
            state=IdeaState.SUBMITTED if premoderated else IdeaState.PUBLISHED,
            published_at=None if premoderated else now,
            created_at=now,
        )
        idea.goals.set(goals)
        Follow.objects.create(idea=idea, user=user)
    if not premoderated:
        _changed(organisation.pk)
    return idea


def _locked(idea: Idea) -> Idea:
    """The idea's row, locked for this transaction and its version raised.

    For writes that don't come from a form holding a version (publishing,
    answering — the answer's draft has its own version): they still make any
    form loaded before them stale.
    """
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    locked.version += 1
    return locked


def _set_state(idea: Idea, state: str, *, notify: bool = True) -> None:
    """Change the state and tell the followers (inside the caller's transaction)."""
    if idea.state == state:
        return
    idea.state = state
    if notify:
        notifications.notices_queue(idea=idea, event=IdeaNotice.Event.STATE, state=state)


def idea_publish(*, user: User, idea: Idea) -> Idea:
    """A moderator lets a pre-moderated idea through."""
    require(user, "participation.moderate", idea.organisation)
    if idea.state != IdeaState.SUBMITTED:
        raise ValidationError(_("Only an idea waiting for moderation can be published."))
    with transaction.atomic():
        idea = _locked(idea)
        idea.published_at = timezone.now()
        _set_state(idea, IdeaState.PUBLISHED)
        idea.save()
        ModerationEvent.objects.create(
            organisation_id=idea.organisation_id,
            action=ModerationEvent.Action.PUBLISH,
            idea=idea,
            moderator=user,
        )
    _changed(idea.organisation_id)
    return idea


def idea_assign(
    *,
    user: User,
    idea: Idea,
    unit: Unit,
    due_date: datetime.date | None,
    version: int,
) -> Idea:
    """Pass the idea to the unit that answers it, with the date the answer is due."""
    require(user, "participation.assign_idea", idea.organisation)
    if unit.organisation_id != idea.organisation_id:
        raise ValidationError({"unit": _("Choose a unit of this city.")})
    if idea.state == IdeaState.SUBMITTED:
        raise ValidationError(_("Publish the idea before assigning it."))
    today = timezone.localdate()
    if due_date is None:
        due_date = today + datetime.timedelta(days=settings_of(idea.organisation).answer_days)
    elif due_date < today and idea.state in (IdeaState.PUBLISHED,):
        raise ValidationError({"due_date": _("The due date can't be in the past.")})
    with transaction.atomic():
        idea = claim_version(model=Idea, pk=idea.pk, version=version)
        idea.unit = unit
        idea.due_date = due_date
        idea.assigned_at = idea.assigned_at or timezone.now()
        if idea.state == IdeaState.PUBLISHED:
            _set_state(idea, IdeaState.UNDER_CONSIDERATION)
        idea.save()
    _changed(idea.organisation_id)
    return idea


@dataclass
class AnswerData:
    kind: str
    text: str
    reasons: str = ""
    decide_by: datetime.date | None = None
    measure_ids: list[int] = field(default_factory=list)


def _measures(idea: Idea, measure_ids: list[int]) -> list[Measure]:
    ids = {int(pk) for pk in measure_ids}
    measures = list(Measure.objects.filter(pk__in=ids, organisation_id=idea.organisation_id))
    if len(measures) != len(ids):
        raise ValidationError({"measures": _("Choose measures of this city only.")})
    return measures


def _check_answer(data: AnswerData, *, publishing: bool, measures: list[Measure]) -> None:
    if data.kind not in AnswerKind.values:
        raise ValidationError({"kind": _("Choose what the answer is.")})
    check_text("text", data.text, label=_("Official answer"), max_length=ANSWER_MAX)
    if not publishing:
        return
    if data.kind == AnswerKind.NOT_TAKEN_FORWARD and not (data.reasons or "").strip():
        raise ValidationError(
            {"reasons": _("An idea that is not taken forward needs the reasons why.")}
        )
    if data.kind == AnswerKind.TAKEN_FORWARD and not measures and data.decide_by is None:
        raise ValidationError(
            {
                "measures": _(
                    "An idea taken forward needs the measures that carry it out, or the date "
                    "by which they are decided."
                )
            }
        )


def _state_after_answer(idea: Idea, measures: list[Measure]) -> str:
    return IdeaState.CARRIED_OUT if measures else IdeaState.ANSWERED


def idea_answer_save(
    *,
    user: User,
    idea: Idea,
    data: AnswerData,
    publish: bool,
    draft_version: int | None = None,
) -> IdeaAnswer:
    """Write the official answer as a draft, or publish it; a published answer stays in history.

    A draft is edited in place (with optimistic locking on ``draft_version``);
    publishing makes it the public answer, moves the idea to answered (carried
    out when it has measures) and tells its followers.
    """
    require(user, "participation.answer_idea", idea)
    if idea.state == IdeaState.SUBMITTED:
        raise ValidationError(_("Publish the idea before answering it."))
    if idea.unit_id is None:
        raise ValidationError(_("Assign the idea to a unit before answering it."))
    measures = _measures(idea, data.measure_ids)
    _check_answer(data, publishing=publish, measures=measures)
    now = timezone.now()
    with transaction.atomic():
        idea = _locked(idea)
        draft = idea.answers.filter(published_at__isnull=True).first()
        if draft is not None:
            if draft_version is None:
                raise ValidationError(_("A draft answer exists already: edit that one."))
            draft = claim_version(model=IdeaAnswer, pk=draft.pk, version=draft_version)
        else:
            draft = IdeaAnswer(idea=idea, unit_id=idea.unit_id, created_at=now)
        draft.kind = data.kind
        draft.text = data.text.strip()
        draft.reasons = (data.reasons or "").strip()
        draft.decide_by = data.decide_by
        draft.written_by = user
        draft.unit_id = idea.unit_id
        if publish:
            draft.published_at = now
        draft.save()
        idea.measures.set(measures)
        if publish:
            idea.answered_at = idea.answered_at or now
            # One piece of news: the answer (which says what became of the idea).
            notifications.notices_queue(idea=idea, event=IdeaNotice.Event.ANSWERED)
            _set_state(idea, _state_after_answer(idea, measures), notify=False)
        elif idea.state in (IdeaState.ANSWERED, IdeaState.CARRIED_OUT):
            _set_state(idea, _state_after_answer(idea, measures))
        idea.save()
    if publish or idea.state in (IdeaState.ANSWERED, IdeaState.CARRIED_OUT):
        _changed(idea.organisation_id)
    return draft


def idea_measures_set(*, user: User, idea: Idea, measure_ids: list[int], version: int) -> Idea:
    """Link the measures that carry out an answered idea (carried out when there are any)."""
    require(user, "participation.answer_idea", idea)
    measures = _measures(idea, measure_ids)
    with transaction.atomic():
        idea = claim_version(model=Idea, pk=idea.pk, version=version)
        idea.measures.set(measures)
        if idea.state in (IdeaState.ANSWERED, IdeaState.CARRIED_OUT):
            _set_state(idea, _state_after_answer(idea, measures))
        idea.save()
    _changed(idea.organisation_id)
    return idea
