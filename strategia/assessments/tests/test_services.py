from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from strategia.assessments import services
from strategia.assessments.models import Effect, ImpactAssessment
from strategia.assessments.services import EffectData, VersionConflict
from strategia.strategy.tests.factories import GoalFactory, PlanFactory

from .flow import assess_all, published, screened


def test_starting_keeps_the_current_template_version_and_a_proposal(decision, preparer, template):
    assessment = services.assessment_start(user=preparer, decision=decision)
    assert assessment.template_version == template
    assert assessment.preparer == preparer
    assert [o.name_fi for o in assessment.options.all()] == ["Päätösehdotus"]
    # Starting again returns the same assessment.
    assert services.assessment_start(user=preparer, decision=decision).pk == assessment.pk


def test_screening_with_nothing_applying_needs_a_reason(decision, preparer):
    assessment = services.assessment_start(user=preparer, decision=decision)
    with pytest.raises(ValidationError) as error:
        services.assessment_screen(
            user=preparer,
            assessment=assessment,
            answers={},
            no_assessment_reason={},
            version=assessment.version,
        )
    assert "no_assessment_reason_fi" in error.value.message_dict
    assessment.refresh_from_db()
    assert not assessment.is_screened


def test_screening_only_is_done_and_can_go_to_review(decision, preparer):
    assessment = screened(decision, preparer, applies=())
    assert assessment.is_screened and not assessment.needs_assessment
    assert services.missing_for_review(assessment) == []
    assessment = services.assessment_submit(
        user=preparer, assessment=assessment, version=assessment.version
    )
    assert assessment.state == ImpactAssessment.State.READY


def test_a_full_assessment_needs_every_dimension_before_review(decision, preparer):
    assessment = screened(decision, preparer)
    missing = services.missing_for_review(assessment)
    assert len(missing) == len(assessment.template_version.dimensions)
    with pytest.raises(ValidationError):
        services.assessment_submit(user=preparer, assessment=assessment, version=assessment.version)
    assessment = assess_all(assessment, preparer, direction="none")
    assert services.missing_for_review(assessment) == []


def test_the_whole_cycle_with_four_eyes(decision, preparer, reviewer):
    assessment = screened(decision, preparer)
    assessment = assess_all(assessment, preparer, climate="negative")
    assessment = services.assessment_submit(
        user=preparer, assessment=assessment, version=assessment.version
    )
    # The preparer can't review their own assessment.
    with pytest.raises(PermissionDenied):
        services.assessment_review(user=preparer, assessment=assessment, version=assessment.version)
    returned = services.assessment_return(
        user=reviewer,
        assessment=assessment,
        comment="Lisää lapsivaikutukset.",
        version=assessment.version,
    )
    assert returned.state == ImpactAssessment.State.DRAFT
    assert returned.review_comment == "Lisää lapsivaikutukset."
    again = services.assessment_submit(user=preparer, assessment=returned, version=returned.version)
    reviewed = services.assessment_review(user=reviewer, assessment=again, version=again.version)
    assert reviewed.reviewer == reviewer and reviewed.state == ImpactAssessment.State.REVIEWED
    done = services.assessment_publish(user=preparer, assessment=reviewed, version=reviewed.version)
    assert done.is_published and done.published_at is not None
    reasons = list(
        done.history.order_by("history_date").values_list("history_change_reason", flat=True)
    )
    assert reasons[:3] == ["assessment started", "screened", "effects assessed"]
    assert reasons[-1] == "published"


def test_only_a_draft_can_be_edited(decision, preparer, reviewer):
    assessment = published(decision, preparer, reviewer)
    with pytest.raises(ValidationError):
        assess_all(assessment, preparer, direction="negative")
    assert set(Effect.objects.values_list("direction", flat=True)) == {"positive"}


def test_a_stale_version_is_refused_and_nothing_is_overwritten(decision, preparer, reviewer):
    assessment = screened(decision, preparer)
    stale = assessment.version
    assess_all(assessment, preparer)
    with pytest.raises(VersionConflict):
        services.assessment_screen(
            user=reviewer,
            assessment=assessment,
            answers={"personnel": True},
            no_assessment_reason={},
            version=stale,
        )
    assessment.refresh_from_db()
    assert assessment.screening["personnel"] is False


def test_effect_errors_name_the_input_and_write_nothing(decision, preparer, organisation):
    assessment = screened(decision, preparer)
    option = assessment.options.get()
    rows = [
        EffectData(dimension="children", direction="sideways"),
        EffectData(dimension="health", direction="positive", evidence_links="ei osoite"),
        EffectData(dimension="equality", direction="positive", climate_tco2e=Decimal("3")),
        EffectData(dimension="climate", direction="positive", climate_tco2e=Decimal("-120.5")),
    ]
    with pytest.raises(ValidationError) as error:
        services.effects_save(
            user=preparer,
            assessment=assessment,
            option=option,
            rows=rows,
            version=assessment.version,
        )
    assert set(error.value.message_dict) == {
        "children-direction",
        "health-evidence_links",
        "equality-climate_tco2e",
    }
    assert not Effect.objects.exists()


def test_an_empty_row_removes_the_effect(decision, preparer):
    assessment = assess_all(screened(decision, preparer), preparer)
    option = assessment.options.get()
    services.effects_save(
        user=preparer,
        assessment=assessment,
        option=option,
        rows=[EffectData(dimension="children")],
        version=assessment.version,
    )
    assert not option.effects.filter(dimension="children").exists()
    assert option.effects.count() == len(assessment.template_version.dimensions) - 1


def test_options_and_goals(decision, preparer, organisation):
    assessment = screened(decision, preparer)
    option = services.option_add(
        user=preparer,
        assessment=assessment,
        names={"fi": "Nollavaihtoehto"},
        version=assessment.version,
    )
    assessment.refresh_from_db()
    assess_all(assessment, preparer, option=option, direction="negative")
    plan = PlanFactory(organisation=organisation)
    advanced, hurt = GoalFactory(plan=plan), GoalFactory(plan=plan)
    assessment.refresh_from_db()
    services.goals_save(
        user=preparer,
        assessment=assessment,
        relations={advanced.pk: "advances", hurt.pk: "works_against"},
        version=assessment.version,
    )
    assert dict(assessment.goal_links.values_list("goal_id", "relation")) == {
        advanced.pk: "advances",
        hurt.pk: "works_against",
    }
    other_goal = GoalFactory()  # another organisation's
    assessment.refresh_from_db()
    with pytest.raises(ValidationError):
        services.goals_save(
            user=preparer,
            assessment=assessment,
            relations={other_goal.pk: "advances"},
            version=assessment.version,
        )
    assessment.refresh_from_db()
    with pytest.raises(ValidationError):
        services.option_remove(
            user=preparer,
            assessment=assessment,
            option=assessment.options.get(is_proposal=True),
            version=assessment.version,
        )


def test_a_reader_can_do_nothing(decision, reader):
    with pytest.raises(PermissionDenied):
        services.assessment_start(user=reader, decision=decision)
