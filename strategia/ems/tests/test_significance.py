"""The significance rule, alone and as the services apply it."""

import pytest
from django.core.exceptions import ValidationError

from strategia.ems import services
from strategia.ems.models import Aspect
from strategia.ems.significance import Criterion, judge_significance

CRITERIA = [
    Criterion(pk=1, weight=2, max_score=5),
    Criterion(pk=2, weight=1, max_score=5),
    Criterion(pk=3, weight=1, max_score=5, decisive_score=4),
]


@pytest.mark.parametrize(
    ("scores", "threshold", "total", "significant"),
    [
        ({1: 3, 2: 3, 3: 1}, 10, 10, True),  # exactly the threshold
        ({1: 3, 2: 2, 3: 1}, 10, 9, False),  # one below
        ({1: 1, 2: 1, 3: 4}, 10, 7, True),  # low sum, but a decisive criterion at 4
        ({1: 1, 2: 1, 3: 3}, 10, 6, False),  # decisive criterion below its score
        ({}, 1, 0, False),  # nothing scored
        ({1: 5, 99: 5}, 10, 10, True),  # unknown criteria are ignored
    ],
)
def test_rule(scores, threshold, total, significant):
    result = judge_significance(scores=scores, criteria=CRITERIA, threshold=threshold)
    assert (result.total, result.is_significant) == (total, significant)


def _aspect(world, **scores):
    by_name = {c.name: c.pk for c in world.criteria}
    return services.aspect_save(
        user=world.coordinator,
        aspect=Aspect(organisation=world.organisation),
        values={"activity": "Lämmitys", "aspect": "Energia", "impact": "Päästöt"},
        many={"goals": [world.goals[0]]},
        scores={by_name[name]: value for name, value in scores.items()},
    )


def test_saving_scores_judges_the_aspect(world):
    # Threshold 12 (default); weights 2, 1, 1.
    aspect = _aspect(world, Vakavuus=4, Laajuus=3, Laki=1)
    aspect.refresh_from_db()
    assert (aspect.total_score, aspect.is_significant) == (12, True)
    low = _aspect(world, Vakavuus=2, Laajuus=2, Laki=2)
    low.refresh_from_db()
    assert (low.total_score, low.is_significant) == (8, False)
    assert low.history.count() >= 1


def test_changing_the_threshold_or_a_criterion_judges_every_aspect_again(world):
    aspect = _aspect(world, Vakavuus=4, Laajuus=3, Laki=1)
    settings_ = services.ems_settings_get_or_create(organisation=world.organisation)
    services.ems_settings_update(
        user=world.coordinator,
        organisation=world.organisation,
        policy=world.policy,
        threshold=20,
        version=settings_.version,
    )
    aspect.refresh_from_db()
    assert not aspect.is_significant
    law = next(c for c in world.criteria if c.name == "Laki")
    services.criterion_save(
        user=world.coordinator,
        criterion=law,
        values={"decisive_score": 1},
        version=law.version,
    )
    aspect.refresh_from_db()
    assert aspect.is_significant


def test_a_score_out_of_range_names_the_criterion_and_saves_nothing(world):
    with pytest.raises(ValidationError) as error:
        _aspect(world, Vakavuus=9)
    assert "Vakavuus" in str(error.value)
    assert not Aspect.objects.exists()
