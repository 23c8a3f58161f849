"""Status updates written before the move to monitoring are all still there after ``migrate``.

The database is taken back to the schema of before the move (strategy 0002,
monitoring 0003), filled through the models of that time, and migrated
forward again: rows, history, content types and the measure's status must
come through. Runs on SQLite and PostgreSQL alike.
"""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("strategy", "0002_historicalmeasure_version_and_more"), ("monitoring", "0003_history")]


def _migrate(targets) -> object:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_status_updates_keep_their_rows_and_history_through_the_move():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    old = _migrate(BEFORE)
    Organisation = old.get_model("organisations", "Organisation")
    Measure = old.get_model("strategy", "Measure")
    OldUpdate = old.get_model("strategy", "StatusUpdate")
    OldHistory = old.get_model("strategy", "HistoricalStatusUpdate")
    ContentType = old.get_model("contenttypes", "ContentType")
    ContentType.objects.get_or_create(app_label="strategy", model="statusupdate")

    kemi = Organisation.objects.create(slug="kemi", name="Kemi", name_fi="Kemi")
    # The contradiction the move fixes: the measure's form said "at risk 5 %"
    # while the latest published update said "on track 50 %".
    measure = Measure.objects.create(
        organisation=kemi,
        identifier="T1",
        slug="t1",
        name="Toimenpide",
        name_fi="Toimenpide",
        status="at_risk",
        progress=5,
    )
    older = OldUpdate.objects.create(
        measure=measure,
        date=datetime.date(2026, 1, 10),
        status="delayed",
        progress=20,
        text_fi="Vanhempi.",
        state="published",
    )
    newest = OldUpdate.objects.create(
        measure=measure,
        date=datetime.date(2026, 5, 10),
        status="on_track",
        progress=50,
        text_fi="Uusin.",
        text_sv="Nyast.",
        state="published",
    )
    OldUpdate.objects.create(
        measure=measure,
        date=datetime.date(2026, 6, 1),
        status="completed",
        progress=100,
        text_fi="Luonnos.",
        state="draft",
    )
    OldHistory.objects.create(
        id=newest.pk,
        measure_id=measure.pk,
        date=newest.date,
        status="on_track",
        progress=50,
        text_fi="Uusin.",
        state="published",
        version=1,
        history_date=datetime.datetime(2026, 5, 10, 12, tzinfo=datetime.UTC),
        history_type="+",
        created_at=datetime.datetime(2026, 5, 10, 12, tzinfo=datetime.UTC),
    )

    _migrate(latest)

    from django.contrib.contenttypes.models import ContentType as CurrentContentType

    from strategia.monitoring.models import StatusUpdate
    from strategia.strategy.models import Measure as CurrentMeasure

    assert StatusUpdate._meta.db_table == "strategy_statusupdate"
    moved = StatusUpdate.objects.get(pk=newest.pk)
    assert (moved.text_fi, moved.text_sv, moved.state) == ("Uusin.", "Nyast.", "published")
    assert StatusUpdate.objects.filter(measure_id=measure.pk).count() == 3
    assert StatusUpdate.objects.get(pk=older.pk).text_fi == "Vanhempi."
    assert list(StatusUpdate.history.filter(id=newest.pk).values_list("text_fi", flat=True)) == [
        "Uusin."
    ]
    # The public status now follows the latest published update (not the draft).
    current = CurrentMeasure.objects.get(pk=measure.pk)
    assert (current.status, current.progress) == ("on_track", 50)
    # The content type moved with the model, so permissions and log entries stay.
    assert CurrentContentType.objects.filter(app_label="monitoring", model="statusupdate").exists()
    assert not CurrentContentType.objects.filter(
        app_label="strategy", model="statusupdate"
    ).exists()
    # New rows are drafts by default, and the sequences go on after the old rows.
    fresh = StatusUpdate.objects.create(
        measure_id=measure.pk, date=datetime.date(2026, 9, 1), status="on_track"
    )
    assert fresh.state == StatusUpdate.State.DRAFT
    assert fresh.pk > newest.pk
