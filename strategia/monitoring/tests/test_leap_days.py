"""Dates that exist only every fourth year break no command: 29 February and 31 March after it."""

import datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from strategia.core.dates import add_months, add_years
from strategia.indicators.models import Indicator, Observation, Source
from strategia.monitoring.selectors import last_complete_period_start, strategy_health

LEAP_DAY = datetime.date(2028, 2, 29)
# 31 days after the leap day: "a month ago" is 29 February, a year before that doesn't exist.
MONTH_AFTER = datetime.date(2028, 3, 31)


def test_calendar_steps_fall_back_to_the_last_day_of_a_shorter_month():
    assert add_years(LEAP_DAY, -1) == datetime.date(2027, 2, 28)
    assert add_years(LEAP_DAY, 4) == datetime.date(2032, 2, 29)
    assert add_months(MONTH_AFTER, -1) == LEAP_DAY
    assert add_months(datetime.date(2027, 3, 31), -1) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2028, 1, 15), -13) == datetime.date(2026, 12, 15)


@pytest.mark.parametrize("resolution", ["date", "month", "quarter", "year"])
@pytest.mark.parametrize("day", [LEAP_DAY, MONTH_AFTER])
def test_last_complete_period_on_and_after_a_leap_day(resolution, day):
    start = last_complete_period_start(resolution, day)
    assert start < day
    assert add_years(start, -1) < start


@pytest.mark.parametrize("day", [LEAP_DAY, MONTH_AFTER])
def test_strategy_health_runs_on_and_after_a_leap_day(world, day):
    for source in (Source.MANUAL, Source.SOTKANET):
        indicator = Indicator.objects.create(
            organisation=world.organisation,
            slug=f"paivittainen-{source}",
            name_fi=f"Päivittäinen {source}",
            time_resolution="date",
            source=source,
        )
        Observation.objects.create(
            indicator=indicator,
            area=indicator.default_area,
            period="2026-01-01",
            period_start=datetime.date(2026, 1, 1),
            value=1.0,
            fetched_at=timezone.now(),
        )
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10), tick=False):
        report = strategy_health(organisation=world.organisation, today=timezone.localdate())
        output = StringIO()
        call_command("strategy_health", stdout=output)
    stale = {indicator.slug for indicator in report.indicators_without_recent_values}
    assert stale == {"paivittainen-manual", "paivittainen-sotkanet"}
    assert "Päivittäinen manual" in output.getvalue()


@pytest.mark.parametrize(
    ("day", "mailboxes"),
    [
        (LEAP_DAY, [["contact@example.fi"]]),  # the deadline day
        # A month late: the contact person again, and escalated to the manager.
        (MONTH_AFTER, [["contact@example.fi"], ["manager@example.fi"]]),
    ],
)
def test_send_reminders_runs_on_and_after_a_leap_day(world, day, mailboxes):
    world.period(
        year=2028,
        start_date=datetime.date(2028, 1, 1),
        end_date=datetime.date(2028, 2, 29),
        deadline=LEAP_DAY,
    )
    world.add_measure(name_fi="Karkauspäivä")
    with time_machine.travel(datetime.datetime(day.year, day.month, day.day, 10), tick=False):
        call_command("send_reminders", stdout=StringIO())
    from django.core import mail

    assert sorted(message.to for message in mail.outbox) == mailboxes
