from strategia.public.selectors import measure_change_summary
from strategia.strategy.models import MeasureStatus


def test_change_summary_lists_changed_fields(client, strategy):
    measure = strategy.public_measure
    measure.status = MeasureStatus.DELAYED
    measure.progress = 55
    measure.save()
    measure.description_sv = "Beskrivning"
    measure.save()

    changes = measure_change_summary(measure)
    assert changes[-1].created
    assert changes[0].fields == ["description"]
    assert set(changes[1].fields) == {"status", "progress (%)"}

    html = client.get("/en/measures/sujuvoittaminen/").content.decode()
    assert "Changed: description" in html
    assert "Changed: status, progress (%)" in html
    assert "Measure added" in html


def test_change_summary_on_the_page_names_the_fields_and_not_the_editor(client, strategy, insider):
    measure = strategy.public_measure
    measure.end_date = None
    measure._history_user = insider
    measure.save()
    response = client.get("/en/measures/sujuvoittaminen/")
    html = response.content.decode()
    assert "end date" in html
    assert insider.email not in html
    assert insider.full_name not in html


def test_goal_link_changes_are_summarised(strategy):
    measure = strategy.public_measure
    measure.goals.add(strategy.goals[1])
    assert any("goals served" in change.fields for change in measure_change_summary(measure))
