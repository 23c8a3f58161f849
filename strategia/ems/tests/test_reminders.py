"""Overdue corrective actions reach their owners: once a week, in their language, idempotent."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from strategia.ems.models import CorrectiveActionReminder

from .factories import NonconformityFactory

DUE = datetime.date(2026, 5, 14)


def run(day: datetime.date, hour: int = 9) -> None:
    moment = datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        call_command("send_reminders")


@pytest.fixture
def overdue(world):
    first = NonconformityFactory(
        organisation=world.organisation,
        owner=world.owner_person,
        due_date=DUE,
        description="Öljyvuoto",
    )
    second = NonconformityFactory(
        organisation=world.organisation,
        owner=world.owner_person,
        due_date=DUE,
        description="Pölyvalitus",
    )
    NonconformityFactory(  # closed: never reminded
        organisation=world.organisation,
        owner=world.owner_person,
        due_date=DUE,
        closed_on=DUE,
    )
    return first, second


def _ems_mails():
    return [m for m in mail.outbox if "/ymparisto/poikkeamat/" in m.body]


def test_nothing_until_the_due_date_has_passed(overdue):
    run(DUE)
    assert _ems_mails() == []


def test_one_digest_per_owner_each_week_and_reruns_send_nothing(overdue):
    first, second = overdue
    for hour in (6, 9, 23):
        run(DUE + datetime.timedelta(days=1), hour)
    assert len(_ems_mails()) == 1
    digest = _ems_mails()[0]
    assert digest.to == ["owner@example.fi"]
    assert "Öljyvuoto" in digest.body and "Pölyvalitus" in digest.body
    assert f"/fi/tyotila/ymparisto/poikkeamat/{first.pk}/" in digest.body or (
        f"/sv/tyotila/ymparisto/poikkeamat/{first.pk}/" in digest.body
    )
    for offset in range(2, 16):
        run(DUE + datetime.timedelta(days=offset))
    sequences = sorted(
        CorrectiveActionReminder.objects.filter(nonconformity=first).values_list(
            "sequence", flat=True
        )
    )
    assert sequences == [0, 1, 2]
    assert len(_ems_mails()) == 3


def test_the_mail_is_in_the_owners_language(overdue):
    run(DUE + datetime.timedelta(days=1))
    # The owner prefers Swedish.
    assert _ems_mails()[0].subject.startswith(("Korrigerande", "2 korrigerande"))


def test_closing_the_action_stops_the_reminders(overdue):
    first, second = overdue
    run(DUE + datetime.timedelta(days=1))
    first.closed_on = DUE + datetime.timedelta(days=2)
    first.save()
    second.closed_on = DUE + datetime.timedelta(days=2)
    second.save()
    run(DUE + datetime.timedelta(days=8))
    assert len(_ems_mails()) == 1


def test_a_dry_run_lists_the_reminders_and_sends_nothing(overdue):
    import io

    out = io.StringIO()
    moment = datetime.datetime(2026, 5, 15, 9, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        call_command("send_reminders", "--dry-run", stdout=out)
    assert "owner@example.fi" in out.getvalue()
    assert f"overdue corrective action #0: {overdue[0].pk}" in out.getvalue()
    assert _ems_mails() == [] and not CorrectiveActionReminder.objects.exists()
