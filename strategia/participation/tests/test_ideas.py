"""The lifecycle of an idea and its rules, through the services."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from strategia.participation import services
from strategia.participation.models import (
    AnswerKind,
    Follow,
    IdeaNotice,
    IdeaState,
    ParticipationSettings,
)
from strategia.strategy.tests.factories import MeasureFactory

from .factories import IdeaFactory, ParticipantFactory


def _submit(user, organisation, **kwargs):
    data = services.IdeaData(
        title=kwargs.pop("title", "Valaistus Pohjoispuistoon"),
        text=kwargs.pop("text", "Polku on pimeä iltaisin."),
        **kwargs,
    )
    return services.idea_submit(user=user, organisation=organisation, data=data)


def test_submit_publishes_at_once_and_the_author_follows(resident, organisation, goal):
    idea = _submit(resident, organisation, goal_ids=[goal.pk], place="Pohjoispuisto")
    assert idea.state == IdeaState.PUBLISHED
    assert idea.published_at is not None
    assert list(idea.goals.all()) == [goal]
    assert Follow.objects.filter(idea=idea, user=resident).exists()


def test_premoderation_keeps_it_waiting_until_a_moderator_publishes(
    resident, organisation, moderator
):
    ParticipationSettings.objects.create(organisation=organisation, premoderation=True)
    idea = _submit(resident, organisation)
    assert idea.state == IdeaState.SUBMITTED and idea.published_at is None
    with pytest.raises(PermissionDenied):
        services.idea_publish(user=resident, idea=idea)
    idea = services.idea_publish(user=moderator, idea=idea)
    assert idea.state == IdeaState.PUBLISHED
    # The author, a follower, hears of it.
    assert IdeaNotice.objects.filter(idea=idea, user=resident, state="published").exists()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"title": "  "}, "title"),
        ({"text": ""}, "text"),
        ({"text": "x" * 5001}, "text"),
        ({"text": "https://a.example https://b.example http://c.example www.d.example"}, "text"),
        ({"place": "p" * 201}, "place"),
    ],
)
def test_bad_input_names_its_field_and_writes_nothing(resident, organisation, kwargs, field):
    with pytest.raises(ValidationError) as error:
        _submit(resident, organisation, **kwargs)
    assert field in error.value.message_dict
    assert not organisation.ideas.exists()


def test_goals_of_another_town_are_refused(resident, organisation):
    from strategia.organisations.tests.factories import OrganisationFactory
    from strategia.strategy.tests.factories import GoalFactory, PlanFactory

    foreign = GoalFactory(plan=PlanFactory(organisation=OrganisationFactory(slug="muu")))
    with pytest.raises(ValidationError) as error:
        _submit(resident, organisation, goal_ids=[foreign.pk])
    assert "goals" in error.value.message_dict


def test_unverified_blocked_and_staff_accounts_do_not_submit(organisation, office):
    unverified = ParticipantFactory(organisation=organisation, email_verified_at=None).user
    blocked = ParticipantFactory(organisation=organisation, blocked_at=timezone.now()).user
    for user in (unverified, blocked, office):
        with pytest.raises(PermissionDenied):
            _submit(user, organisation)


def test_assign_sets_unit_and_default_due_date(office, organisation, unit, resident):
    ParticipationSettings.objects.create(organisation=organisation, answer_days=14)
    idea = IdeaFactory(organisation=organisation, author=resident)
    Follow.objects.create(idea=idea, user=resident)
    idea = services.idea_assign(
        user=office, idea=idea, unit=unit, due_date=None, version=idea.version
    )
    assert idea.state == IdeaState.UNDER_CONSIDERATION
    assert idea.due_date == timezone.localdate() + datetime.timedelta(days=14)
    assert IdeaNotice.objects.filter(idea=idea, state=IdeaState.UNDER_CONSIDERATION).count() == 1


def test_assign_with_a_stale_version_is_refused(office, organisation, unit):
    idea = IdeaFactory(organisation=organisation)
    services.idea_assign(user=office, idea=idea, unit=unit, due_date=None, version=1)
    with pytest.raises(services.VersionConflict):
        services.idea_assign(user=office, idea=idea, unit=unit, due_date=None, version=1)


@pytest.fixture
def assigned(office, organisation, unit, resident):
    idea = IdeaFactory(organisation=organisation, author=resident)
    Follow.objects.create(idea=idea, user=resident)
    return services.idea_assign(user=office, idea=idea, unit=unit, due_date=None, version=1)


def test_not_taken_forward_needs_reasons(manager, assigned):
    data = services.AnswerData(kind=AnswerKind.NOT_TAKEN_FORWARD, text="Ei rahaa.")
    with pytest.raises(ValidationError) as error:
        services.idea_answer_save(user=manager, idea=assigned, data=data, publish=True)
    assert "reasons" in error.value.message_dict
    assert not assigned.answers.exists()


def test_taken_forward_needs_measures_or_a_date(manager, assigned, measure):
    data = services.AnswerData(kind=AnswerKind.TAKEN_FORWARD, text="Hyvä idea.")
    with pytest.raises(ValidationError) as error:
        services.idea_answer_save(user=manager, idea=assigned, data=data, publish=True)
    assert "measures" in error.value.message_dict
    data.decide_by = timezone.localdate() + datetime.timedelta(days=60)
    answer = services.idea_answer_save(user=manager, idea=assigned, data=data, publish=True)
    assigned.refresh_from_db()
    assert answer.is_published and assigned.state == IdeaState.ANSWERED


def test_a_draft_is_not_public_until_published_and_history_stays(
    manager, assigned, measure, resident
):
    data = services.AnswerData(
        kind=AnswerKind.TAKEN_FORWARD, text="Luonnos.", measure_ids=[measure.pk]
    )
    draft = services.idea_answer_save(user=manager, idea=assigned, data=data, publish=False)
    assigned.refresh_from_db()
    assert not draft.is_published and assigned.state == IdeaState.UNDER_CONSIDERATION
    assert not IdeaNotice.objects.filter(event=IdeaNotice.Event.ANSWERED).exists()
    # A second draft would be a twin: the existing one is edited instead.
    with pytest.raises(ValidationError):
        services.idea_answer_save(user=manager, idea=assigned, data=data, publish=False)
    data.text = "Viedään eteenpäin toimenpiteellä."
    first = services.idea_answer_save(
        user=manager, idea=assigned, data=data, publish=True, draft_version=draft.version
    )
    assigned.refresh_from_db()
    assert first.pk == draft.pk and first.is_published
    assert assigned.state == IdeaState.CARRIED_OUT
    assert list(assigned.measures.all()) == [measure]
    assert IdeaNotice.objects.filter(user=resident, event=IdeaNotice.Event.ANSWERED).count() == 1
    # A corrected answer is a new version; the first stays in the history.
    data.text = "Tarkennettu vastaus."
    services.idea_answer_save(user=manager, idea=assigned, data=data, publish=True)
    assert assigned.answers.filter(published_at__isnull=False).count() == 2


def test_a_stale_draft_is_refused(manager, assigned):
    data = services.AnswerData(kind=AnswerKind.UNDERWAY, text="Luonnos.")
    draft = services.idea_answer_save(user=manager, idea=assigned, data=data, publish=False)
    services.idea_answer_save(
        user=manager, idea=assigned, data=data, publish=False, draft_version=draft.version
    )
    with pytest.raises(services.VersionConflict):
        services.idea_answer_save(
            user=manager, idea=assigned, data=data, publish=False, draft_version=draft.version
        )


def test_only_the_units_manager_or_the_office_answers(assigned, moderator, organisation):
    from strategia.accounts.models import Role
    from strategia.organisations.tests.factories import UnitFactory

    from .conftest import staff

    other = staff(
        organisation,
        "muu@example.fi",
        Role.UNIT_MANAGER,
        unit=UnitFactory(organisation=organisation),
    )
    data = services.AnswerData(kind=AnswerKind.UNDERWAY, text="Vastaus.")
    for user in (moderator, other):
        with pytest.raises(PermissionDenied):
            services.idea_answer_save(user=user, idea=assigned, data=data, publish=True)


def test_measures_linked_later_carry_it_out(manager, assigned, measure, organisation):
    data = services.AnswerData(kind=AnswerKind.PARTLY, text="Osittain.")
    services.idea_answer_save(user=manager, idea=assigned, data=data, publish=True)
    assigned.refresh_from_db()
    assert assigned.state == IdeaState.ANSWERED
    idea = services.idea_measures_set(
        user=manager, idea=assigned, measure_ids=[measure.pk], version=assigned.version
    )
    assert idea.state == IdeaState.CARRIED_OUT
    foreign = MeasureFactory()
    with pytest.raises(ValidationError):
        services.idea_measures_set(
            user=manager, idea=idea, measure_ids=[foreign.pk], version=idea.version
        )
