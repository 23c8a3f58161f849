import io

from strategia.assessments import demo
from strategia.assessments.models import Decision, ImpactAssessment
from strategia.assessments.statistics import assessment_statistics


def test_sample_decisions_are_added_once_and_removed(organisation, template, preparer, reviewer):
    demo.add_sample_data(organisation=organisation, stdout=io.StringIO())
    demo.add_sample_data(organisation=organisation, stdout=io.StringIO())
    assert Decision.objects.filter(is_sample=True).count() == 4
    assert ImpactAssessment.objects.filter(state="published").count() == 2
    stats = assessment_statistics(organisation=organisation)
    assert (stats.decisions, stats.screened, stats.assessed) == (4, 4, 3)
    assert stats.climate_positive == 1 and stats.climate_negative == 1
    demo.remove_sample_data(stdout=io.StringIO())
    assert not Decision.objects.exists() and not Decision.history.exists()
