import datetime

from django.utils import translation

from strategia.public.selectors import measure_change_summary
from strategia.strategy.models import MeasureStatus


def test_change_summary_lists_changed_fields(client, strategy):
    measure = strategy.public_measure
    measure.status = MeasureStatus.DELAYED
    measure.progress = 55
    measure.save()
    measure.description_sv = "Beskrivning"
    measure.save()

    with translation.override("en"):
        changes = measure_change_summary(measure)
    assert changes[-1].created
    assert changes[0].fields == ["description"]
    assert set(changes[1].fields) == {"status", "progress (%)"}

    html = client.get("/en/measures/sujuvoittaminen/").content.decode()
    assert "<td>Description</td>" in html
    assert "<td>Status, progress (%)</td>" in html
    assert "Measure added" in html


def test_change_summary_on_the_page_names_the_fields_and_not_the_editor(client, strategy, insider):
    measure = strategy.public_measure
    measure.end_date = None
    measure._history_user = insider
    measure.save()
    response = client.get("/en/measures/sujuvoittaminen/")
    html = response.content.decode()
    assert "<td>End date</td>" in html
    assert insider.email not in html
    assert insider.full_name not in html


def test_goal_link_changes_are_summarised(strategy):
    import time_machine

    measure = strategy.public_measure
    with time_machine.travel(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=1)):
        measure.goals.add(strategy.goals[1])
    with translation.override("en"):
        changes = measure_change_summary(measure)
    assert any("goals served" in change.fields for change in changes)


def test_adding_a_measure_with_its_goals_is_one_line(strategy):
    from strategia.strategy.tests.factories import MeasureFactory

    measure = MeasureFactory(organisation=strategy.organisation, goals=[strategy.goals[0]])
    changes = measure_change_summary(measure)
    assert len(changes) == 1
    assert changes[0].created
