from pathlib import Path

import pytest
import yaml
from django.core.management.base import CommandError

from strategia.content.defaults import CHANGE_REASON, DEFAULT_CONTENT_FILE
from strategia.content.management.commands import load_default_content
from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal, Measure, MeasureStatus, Plan
from strategia.strategy.tests.factories import GoalFactory, PlanFactory

from .helpers import row_counts, run_command

pytestmark = pytest.mark.django_db

extension_calls: list = []


def record_extension(*, organisation, stdout) -> None:
    extension_calls.append(organisation)
    stdout.write("extension ran")


def failing_extension(*, organisation, stdout) -> None:
    raise RuntimeError("the indicators could not be loaded")


def write_content(tmp_path: Path, change) -> Path:
    data = yaml.safe_load(DEFAULT_CONTENT_FILE.read_text(encoding="utf-8"))
    change(data)
    path = tmp_path / "content.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def test_first_load_reports_what_it_created():
    output = run_command("load_default_content")
    assert "plans: 9 created, 0 updated, 0 unchanged" in output
    assert "measures: 10 created" in output
    assert Plan.objects.count() == 9
    history = Goal.history.all()
    assert history.count() == Goal.objects.count()
    assert set(history.values_list("history_change_reason", flat=True)) == {CHANGE_REASON}


def test_loading_twice_changes_nothing_and_writes_no_history():
    run_command("load_default_content")
    before = row_counts()
    assert before["strategy.HistoricalMeasure"] > 0
    output = run_command("load_default_content")
    assert "Total: 0 created, 0 updated, 36 unchanged." in output
    assert row_counts() == before


def test_an_edited_file_updates_only_what_changed(tmp_path):
    run_command("load_default_content")
    goal = Goal.objects.get(slug="viisas-kemi")
    history_before = goal.history.count()
    measure_version = Measure.objects.get(identifier="VIISAS-2").version

    def change(data):
        data["plans"][0]["goals"][2]["name"]["en"] = "Clever Kemi"
        data["measures"][1]["description"]["sv"] = "Ny text."

    output = run_command("load_default_content", "--file", str(write_content(tmp_path, change)))
    assert "goals: 0 created, 1 updated, 15 unchanged" in output
    assert "measures: 0 created, 1 updated, 9 unchanged" in output
    # A form opened on the old version must not write the old text back.
    assert Measure.objects.get(identifier="VIISAS-2").version == measure_version + 1
    goal.refresh_from_db()
    assert goal.name_en == "Clever Kemi"
    assert goal.history.count() == history_before + 1
    latest = goal.history.latest()
    assert latest.history_change_reason == CHANGE_REASON
    assert latest.prev_record.name_en == "Wise Kemi"


def test_what_the_city_keeps_survives_a_reload():
    run_command("load_default_content")
    measure = Measure.objects.get(identifier="VIISAS-1")
    measure.status = MeasureStatus.ON_TRACK
    measure.progress = 40
    measure.save()
    other_plan = PlanFactory(organisation=measure.organisation)
    extra_goal = GoalFactory(plan=other_plan)
    measure.goals.add(extra_goal)

    output = run_command("load_default_content")

    assert "Total: 0 created, 0 updated" in output
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == (MeasureStatus.ON_TRACK, 40)
    assert extra_goal in measure.goals.all()


def test_a_lost_goal_link_is_restored():
    run_command("load_default_content")
    measure = Measure.objects.get(identifier="VIHREA-1")
    measure.goals.remove(Goal.objects.get(slug="ymparistovaikutusten-huomioiminen"))
    output = run_command("load_default_content")
    assert "measures: 0 created, 1 updated, 9 unchanged" in output
    assert measure.goals.count() == 2


def test_if_empty_leaves_a_database_with_an_organisation_alone(organisation):
    output = run_command("load_default_content", "--if-empty")
    assert "nothing loaded" in output
    assert not Plan.objects.exists()


def test_if_empty_loads_into_an_empty_database():
    run_command("load_default_content", "--if-empty")
    assert Organisation.objects.get().slug == "kemi"
    assert Plan.objects.filter(kind=Plan.Kind.STRATEGY, parent=None).count() == 1


def test_other_apps_add_their_content_with_one_line(monkeypatch):
    extension_calls.clear()
    monkeypatch.setattr(
        load_default_content,
        "CONTENT_EXTENSIONS",
        [f"{__name__}.record_extension", "not_installed_app.defaults.load"],
    )
    output = run_command("load_default_content")
    assert "extension ran" in output
    assert extension_calls == [Organisation.objects.get(slug="kemi")]


def test_a_failing_extension_rolls_the_whole_load_back(monkeypatch):
    monkeypatch.setattr(
        load_default_content, "CONTENT_EXTENSIONS", [f"{__name__}.failing_extension"]
    )
    before = row_counts()
    with pytest.raises(RuntimeError):
        run_command("load_default_content")
    assert row_counts() == before
    assert not Organisation.objects.exists()


def test_a_slug_taken_by_another_measure_is_reported_before_writing(organisation):
    Measure.objects.create(
        organisation=organisation, identifier="OMA-1", slug="viisas-1", name_fi="Oma"
    )
    before = row_counts()
    with pytest.raises(CommandError, match=r"measures\[0\]\.slug: 'viisas-1' is already used"):
        run_command("load_default_content")
    assert row_counts() == before
