"""The workspace and the completeness grid cost the same queries for 3 or 30 measures."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from strategia.monitoring.models import ReminderSent
from strategia.monitoring.services import StatusUpdateData, status_update_save, status_update_submit
from strategia.strategy.models import MeasureStatus

DATA = StatusUpdateData(status=MeasureStatus.ON_TRACK, progress=10, text_fi="Etenee.")


def _add(world, period, count):
    for _ in range(count):
        measure = world.add_measure()
        update = status_update_save(
            user=world.contact, measure=measure, period=period, data=DATA, version=None
        )
        status_update_submit(user=world.contact, update=update, version=update.version)
        ReminderSent.objects.create(
            period=period, measure=measure, kind="before", recipient_email="contact@example.fi"
        )
        world.add_measure()  # and one still owed


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries.captured_queries)


def test_my_work_queries_are_constant(world):
    period = world.period()
    contact = world.client_for(world.contact)
    manager = world.client_for(world.manager)
    url = reverse("monitoring:my_work")
    _add(world, period, 2)
    small_contact, small_manager = _count(contact, url), _count(manager, url)
    _add(world, period, 15)
    assert _count(contact, url) == small_contact
    assert _count(manager, url) == small_manager
    assert len(manager.get(url).context["work"].to_approve) == 17


def test_manager_sees_what_is_late_in_their_units(world):
    import datetime

    period = world.period(deadline=datetime.date(2020, 1, 1))
    late = world.add_measure(name_fi="Myöhässä")
    world.add_measure(unit=world.other_unit, person=world.other_person, name_fi="Muualla")
    work = world.client_for(world.manager).get(reverse("monitoring:my_work")).context["work"]
    assert [(item.measure, item.period) for item in work.late_in_my_units] == [(late, period)]


def test_completeness_grid_queries_are_constant(world):
    period = world.period()
    office = world.client_for(world.office)
    url = reverse("monitoring:completeness")
    _add(world, period, 2)
    small = _count(office, url)
    _add(world, period, 15)
    assert _count(office, url) == small
    cell = office.get(url).context["grid"].totals[0]
    assert (cell.due, cell.submitted, cell.reminders) == (34, 17, 17)


def test_unit_manager_sees_only_their_units_in_the_grid(world):
    period = world.period()
    world.add_measure()
    world.add_measure(unit=world.other_unit, person=world.other_person)
    manager = world.client_for(world.manager)
    grid = manager.get(reverse("monitoring:completeness")).context["grid"]
    assert [unit for unit, _cells in grid.rows] == [world.unit]
    assert grid.periods == [period]


def test_measure_page_queries_are_constant_in_history_length(world):
    period = world.period()
    measure = world.add_measure()
    client = world.client_for(world.contact)
    url = reverse("monitoring:measure_detail", kwargs={"pk": measure.pk})
    status_update_save(user=world.contact, measure=measure, period=period, data=DATA, version=None)
    small = _count(client, url)
    for version in range(1, 8):
        status_update_save(
            user=world.contact, measure=measure, period=period, data=DATA, version=version
        )
    assert _count(client, url) == small


def test_grid_cells_link_to_the_units_items(world):
    period = world.period()
    measure = world.add_measure(name_fi="Kielikylpy")
    world.add_measure(unit=world.other_unit, person=world.other_person, name_fi="Satama")
    office = world.client_for(world.office)
    url = reverse(
        "monitoring:completeness_detail", kwargs={"period_pk": period.pk, "unit_pk": world.unit.pk}
    )
    assert url in office.get(reverse("monitoring:completeness")).content.decode()
    page = office.get(url)
    assert [item.measure for item in page.context["items"]] == [measure]
    assert "Satama" not in page.content.decode()
    # A unit manager may open their own units' cells only.
    manager = world.client_for(world.manager)
    assert manager.get(url).status_code == 200
    other = reverse(
        "monitoring:completeness_detail",
        kwargs={"period_pk": period.pk, "unit_pk": world.other_unit.pk},
    )
    assert manager.get(other).status_code == 403
