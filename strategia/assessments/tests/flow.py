"""Steps of an assessment for tests: screen, assess, review, publish."""

from strategia.assessments import services
from strategia.assessments.services import EffectData


def assess_all(assessment, user, *, direction="positive", option=None, **overrides):
    """Give every dimension of the template the same direction (overrides per dimension key)."""
    option = option or assessment.options.get(is_proposal=True)
    rows = []
    for dimension in assessment.template_version.dimensions:
        value = overrides.get(dimension["key"], direction)
        if isinstance(value, EffectData):
            rows.append(value)
        else:
            rows.append(
                EffectData(
                    dimension=dimension["key"],
                    direction=value,
                    justification={"fi": f"Perustelu: {dimension['key']}"},
                )
            )
    assessment.refresh_from_db()
    return services.effects_save(
        user=user, assessment=assessment, option=option, rows=rows, version=assessment.version
    )


def screened(decision, user, *, applies=("residents",)):
    assessment = services.assessment_start(user=user, decision=decision)
    answers = dict.fromkeys(applies, True)
    return services.assessment_screen(
        user=user,
        assessment=assessment,
        answers=answers,
        no_assessment_reason={} if applies else {"fi": "Rutiiniasia, ei vaikutuksia."},
        version=assessment.version,
    )


def published(decision, preparer, reviewer, **kwargs):
    """Screen, assess everything, review (someone else) and publish."""
    assessment = screened(decision, preparer)
    assessment = assess_all(assessment, preparer, **kwargs)
    assessment = services.assessment_submit(
        user=preparer, assessment=assessment, version=assessment.version
    )
    assessment = services.assessment_review(
        user=reviewer, assessment=assessment, version=assessment.version
    )
    return services.assessment_publish(
        user=preparer, assessment=assessment, version=assessment.version
    )
