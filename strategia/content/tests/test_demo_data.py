import datetime

import pytest
from django.apps import apps
from django.core.management.base import CommandError
from django.utils import timezone

from strategia.content.management.commands import load_demo_data
from strategia.monitoring.models import StatusUpdate
from strategia.organisations.models import Person, Unit
from strategia.strategy.models import Measure, MeasureStatus, Plan, Visibility

from .helpers import row_counts, run_command

pytestmark = pytest.mark.django_db

SAMPLE_MODELS = (Unit, Person, Measure, StatusUpdate)
sample_calls: list[str] = []


def add_sample_data(*, organisation, stdout) -> None:
    sample_calls.append(f"add {organisation.slug}")


def remove_sample_data(*, stdout) -> None:
    sample_calls.append("remove")


def real_measures() -> list[dict]:
    return list(Measure.objects.filter(is_sample=False).order_by("pk").values())


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


@pytest.fixture
def strategy_samples_only(monkeypatch):
    """Just this app's sample data, without what other apps hook in."""
    monkeypatch.setattr(load_demo_data, "SAMPLE_DATA_MODULES", ["strategia.content.demo"])


def is_history(model) -> bool:
    return hasattr(model, "instance_type")  # django-simple-history's historical models


def sample_models() -> list:
    return [
        model
        for model in apps.get_models()
        if not is_history(model)
        and any(field.name == "is_sample" for field in model._meta.concrete_fields)
    ]


def all_row_counts(*, history: bool) -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if history or not is_history(model)
    }


def test_refused_without_debug(default_content, settings):
    settings.DEBUG = False
    before = row_counts()
    with pytest.raises(CommandError, match="DEBUG is off.*--allow-production"):
        run_command("load_demo_data")
    with pytest.raises(CommandError, match="DEBUG is off"):
        run_command("load_demo_data", "--remove")
    assert row_counts() == before


def test_allow_production_overrides_the_refusal(default_content, settings):
    settings.DEBUG = False
    run_command("load_demo_data", "--allow-production")
    assert Measure.objects.filter(is_sample=True).exists()


def test_needs_the_default_content_first(debug, organisation):
    with pytest.raises(CommandError, match="Load the default content first"):
        run_command("load_demo_data")
    assert not Unit.objects.exists()


def test_every_row_it_adds_is_flagged_and_labelled(debug, default_content, strategy_samples_only):
    before = {model: model.objects.count() for model in SAMPLE_MODELS}
    output = run_command("load_demo_data")
    assert "13 measures" in output
    for model in SAMPLE_MODELS:
        added = model.objects.count() - before[model]
        assert added > 0
        assert model.objects.filter(is_sample=True).count() == added
    for unit in Unit.objects.all():
        assert unit.name_fi.startswith("Esimerkki: ")
    for measure in Measure.objects.filter(is_sample=True):
        assert measure.identifier.startswith("ESIM-")
        assert measure.name_fi.endswith("(esimerkki)")
        assert measure.goals.exists()
    assert not Plan.objects.filter(is_sample=True).exists()


def test_units_form_a_tree_with_governing_bodies(debug, default_content):
    run_command("load_demo_data")
    library = Unit.objects.get(slug="esim-paakirjasto")
    assert library.kind == Unit.Kind.UNIT
    assert library.parent.kind == Unit.Kind.AREA
    assert library.parent.parent.kind == Unit.Kind.DIVISION
    assert library.parent.parent.governing_body_fi == "Esimerkki: Sivistyslautakunta"


def test_sample_measures_cover_every_status_and_both_visibilities(
    debug, default_content, strategy_samples_only
):
    run_command("load_demo_data")
    samples = Measure.objects.filter(is_sample=True)
    assert set(samples.values_list("status", flat=True)) == set(MeasureStatus.values)
    assert samples.filter(visibility=Visibility.INTERNAL).count() >= 2
    assert samples.filter(visibility=Visibility.PUBLIC).count() >= 8
    assert samples.exclude(responsible_unit=None).count() == samples.count()
    assert samples.filter(contact_persons__isnull=False).distinct().count() == samples.count()


def test_published_updates_over_the_last_year_tell_each_measures_story(
    debug, default_content, strategy_samples_only
):
    run_command("load_demo_data")
    today = timezone.localdate()
    updates = StatusUpdate.objects.all()
    assert updates.count() > 20
    assert set(updates.values_list("state", flat=True)) == {StatusUpdate.State.PUBLISHED}
    assert all(today - datetime.timedelta(days=366) <= u.date < today for u in updates)
    for measure in Measure.objects.filter(is_sample=True).exclude(status="not_started"):
        latest = measure.status_updates.latest()
        assert (latest.status, latest.progress) == (measure.status, measure.progress)
        assert latest.text_fi.endswith("(esimerkki)")
    assert not StatusUpdate.objects.filter(measure__is_sample=False).exists()


def test_running_twice_writes_nothing_not_even_history(
    debug, default_content, strategy_samples_only
):
    run_command("load_demo_data")
    before = all_row_counts(history=True)
    run_command("load_demo_data")
    assert all_row_counts(history=True) == before


def test_removal_leaves_no_history_of_sample_rows(debug, default_content, strategy_samples_only):
    history_before = {
        model: model.history.count() for model in (*SAMPLE_MODELS, Plan) if model is not Person
    }
    run_command("load_demo_data")
    run_command("load_demo_data", "--remove")
    assert {model: model.history.count() for model in history_before} == history_before


def test_the_real_measures_are_left_as_they_were(debug, default_content):
    before = real_measures()
    history_before = Measure.history.filter(is_sample=False).count()
    run_command("load_demo_data")
    run_command("load_demo_data", "--remove")
    assert real_measures() == before
    assert Measure.history.filter(is_sample=False).count() == history_before


# The whole command, with every app's sample data hooked in.


def test_running_twice_adds_no_rows(debug, default_content):
    run_command("load_demo_data")
    before = all_row_counts(history=False)
    output = run_command("load_demo_data")
    assert "0 units, 0 contact persons, 0 measures and 0 status updates added" in output
    assert all_row_counts(history=False) == before


def test_remove_deletes_every_sample_row_and_only_those(debug, default_content):
    content = {model: model.objects.count() for model in (*SAMPLE_MODELS, Plan)}
    run_command("load_demo_data")
    assert Measure.objects.filter(is_sample=True).count() == 13
    output = run_command("load_demo_data", "--remove")
    assert "13 measures" in output
    for model in sample_models():
        assert not model._default_manager.filter(is_sample=True).exists(), model
    assert {model: model.objects.count() for model in (*SAMPLE_MODELS, Plan)} == content


def test_other_apps_add_their_sample_data_with_one_line(debug, default_content, monkeypatch):
    sample_calls.clear()
    monkeypatch.setattr(load_demo_data, "SAMPLE_DATA_MODULES", ["strategia.content.demo", __name__])
    run_command("load_demo_data")
    run_command("load_demo_data", "--remove")
    assert sample_calls == ["add kemi", "remove"]
    assert not Measure.objects.filter(is_sample=True).exists()
