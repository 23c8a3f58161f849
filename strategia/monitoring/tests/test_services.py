import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client

from strategia.monitoring.models import PlanMonitoring, ReportingPeriod, StatusUpdate
from strategia.monitoring.services import (
    StatusUpdateData,
    period_bounds,
    period_open,
    reporting_periods_create_for_year,
    status_update_approve,
    status_update_return,
    status_update_save,
    status_update_submit,
)
from strategia.strategy.models import MeasureStatus, Visibility

DATA = StatusUpdateData(status=MeasureStatus.AT_RISK, progress=30, text_fi="Sisäinen edistys X.")


def _submit(world, measure, period):
    update = status_update_save(
        user=world.contact, measure=measure, period=period, data=DATA, version=None
    )
    return status_update_submit(user=world.contact, update=update, version=update.version)


def test_approval_turned_off_publishes_on_submit(world):
    PlanMonitoring.objects.filter(plan=world.plan).update(approval_required=False)
    measure = world.add_measure()
    update = _submit(world, measure, world.period())
    assert update.state == StatusUpdate.State.PUBLISHED
    measure.refresh_from_db()
    assert measure.status == MeasureStatus.AT_RISK
    assert measure.progress == 30
    assert "Sisäinen edistys X." in Client().get(measure.get_absolute_url()).content.decode()


def test_approval_required_keeps_it_off_the_public_site(world):
    measure = world.add_measure()
    update = _submit(world, measure, world.period())
    assert update.state == StatusUpdate.State.SUBMITTED
    assert "Sisäinen edistys X." not in Client().get(measure.get_absolute_url()).content.decode()


def test_internal_measure_updates_never_reach_the_public_site(world):
    PlanMonitoring.objects.filter(plan=world.plan).update(approval_required=False)
    measure = world.add_measure(visibility=Visibility.INTERNAL)
    update = _submit(world, measure, world.period())
    assert update.state == StatusUpdate.State.PUBLISHED
    anonymous = Client()
    assert anonymous.get(measure.get_absolute_url()).status_code == 404
    for path in ("/fi/", "/fi/measures/"):
        assert "Sisäinen edistys X." not in anonymous.get(path).content.decode()


def test_writer_cannot_approve_their_own_and_others_cannot_write(world):
    measure = world.add_measure()
    update = _submit(world, measure, world.period())
    with pytest.raises(PermissionDenied):
        status_update_approve(user=world.contact, update=update, version=update.version)
    with pytest.raises(PermissionDenied):
        status_update_save(
            user=world.other_contact,
            measure=measure,
            period=update.reporting_period,
            data=DATA,
            version=update.version,
        )


def test_return_requires_a_comment_and_submitted_state(world):
    measure = world.add_measure()
    update = _submit(world, measure, world.period())
    with pytest.raises(ValidationError):
        status_update_return(user=world.manager, update=update, version=update.version, comment=" ")
    returned = status_update_return(
        user=world.manager, update=update, version=update.version, comment="Tarkenna."
    )
    assert returned.state == StatusUpdate.State.RETURNED
    with pytest.raises(ValidationError):
        status_update_approve(user=world.manager, update=returned, version=returned.version)
    history = list(StatusUpdate.history.filter(id=update.pk).order_by("history_id"))
    assert [h.history_change_reason for h in history] == ["draft created", "submitted", "returned"]
    assert history[-1].history_user == world.manager


def test_writing_needs_an_opened_period(world):
    measure = world.add_measure()
    period = world.period(state=ReportingPeriod.State.PLANNED)
    with pytest.raises(ValidationError):
        status_update_save(
            user=world.contact, measure=measure, period=period, data=DATA, version=None
        )


@pytest.mark.parametrize(
    ("kind", "number", "start", "end"),
    [
        ("tertial", 1, (2026, 1, 1), (2026, 4, 30)),
        ("tertial", 3, (2026, 9, 1), (2026, 12, 31)),
        ("quarter", 1, (2024, 1, 1), (2024, 3, 31)),
        ("quarter", 4, (2026, 10, 1), (2026, 12, 31)),
        ("year", 1, (2026, 1, 1), (2026, 12, 31)),
    ],
)
def test_period_bounds(kind, number, start, end):
    year = start[0]
    assert period_bounds(kind=kind, year=year, number=number) == (
        datetime.date(*start),
        datetime.date(*end),
    )


def test_quarterly_rhythm_creates_quarters_and_is_idempotent(world):
    PlanMonitoring.objects.filter(plan=world.plan).update(rhythm="quarter", annual_period=False)
    periods = reporting_periods_create_for_year(user=world.office, plan=world.plan, year=2027)
    assert [p.label for p in periods] == ["Q1/2027", "Q2/2027", "Q3/2027", "Q4/2027"]
    again = reporting_periods_create_for_year(user=world.office, plan=world.plan, year=2027)
    assert [p.pk for p in again] == [p.pk for p in periods]
    opened = period_open(user=world.office, period=periods[0])
    assert opened.opened_by == world.office
    latest = opened.history.first()
    assert (latest.history_user, latest.history_change_reason) == (world.office, "opened")
    with pytest.raises(PermissionDenied):
        period_open(user=world.manager, period=periods[1])


def test_a_measure_owes_updates_only_to_its_own_plans(world):
    from strategia.strategy.tests.factories import PlanFactory

    other_plan = PlanFactory(organisation=world.organisation)
    measure = world.add_measure()
    with pytest.raises(ValidationError):
        status_update_save(
            user=world.contact,
            measure=measure,
            period=world.period(plan=other_plan),
            data=DATA,
            version=None,
        )
