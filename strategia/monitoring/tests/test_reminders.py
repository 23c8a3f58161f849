"""Reminders: once per occasion, one digest per person, in their language, escalated."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from strategia.monitoring.models import PlanMonitoring, ReminderSent
from strategia.monitoring.reminders import reminders_send
from strategia.monitoring.services import StatusUpdateData, status_update_save, status_update_submit
from strategia.strategy.models import MeasureStatus

# The period's deadline is Thursday 14 May 2026; reminders start 7 days before.
DEADLINE = datetime.date(2026, 5, 14)


def at(day: datetime.date, hour: int = 9):
    return time_machine.travel(
        datetime.datetime(day.year, day.month, day.day, hour, tzinfo=datetime.UTC), tick=False
    )


def run(day: datetime.date, hour: int = 9) -> None:
    with at(day, hour):
        call_command("send_reminders")


@pytest.fixture
def owed(world):
    world.period()
    first = world.add_measure(name_fi="Kielikylpy")
    second = world.add_measure(name_fi="Kerhot")
    swedish = world.add_measure(name_fi="Satama", unit=world.other_unit, person=world.other_person)
    return first, second, swedish


def test_nothing_before_the_reminder_window(owed):
    run(DEADLINE - datetime.timedelta(days=8))
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_hourly_runs_send_each_reminder_once_and_a_digest_per_person(owed, world):
    day = DEADLINE - datetime.timedelta(days=7)
    for hour in (6, 7, 8, 9, 23):
        run(day, hour)
    run(day + datetime.timedelta(days=1))
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == ["contact@example.fi", "other@example.fi"]
    digest = next(m for m in mail.outbox if m.to == ["contact@example.fi"])
    assert "Kielikylpy" in digest.body and "Kerhot" in digest.body
    html = digest.alternatives[0][0]
    assert digest.alternatives[0][1] == "text/html"
    assert "http://testserver" not in html
    assert f"/fi/tyotila/toimenpide/{owed[0].pk}/jakso/" in html
    assert ReminderSent.objects.filter(kind="before").count() == 3


def test_reminder_on_the_deadline_and_weekly_while_late(owed):
    run(DEADLINE - datetime.timedelta(days=3))  # before
    run(DEADLINE)  # on the deadline
    run(DEADLINE)
    for offset in range(1, 16):  # every day for 15 days after
        run(DEADLINE + datetime.timedelta(days=offset))
    kinds = list(
        ReminderSent.objects.filter(recipient_email="contact@example.fi", measure=owed[0])
        .order_by("sent_at", "pk")
        .values_list("kind", "sequence")
    )
    assert kinds == [("before", 0), ("deadline", 0), ("late", 0), ("late", 1), ("late", 2)]
    contact_mails = [m for m in mail.outbox if m.to == ["contact@example.fi"]]
    assert len(contact_mails) == 5


def test_mail_is_in_the_persons_language(owed):
    run(DEADLINE)
    swedish = next(m for m in mail.outbox if m.to == ["other@example.fi"])
    finnish = next(m for m in mail.outbox if m.to == ["contact@example.fi"])
    assert "/sv/tyotila/" in swedish.body
    assert "/fi/tyotila/" in finnish.body
    assert swedish.subject != finnish.subject
    assert swedish.body.startswith("Hej")
    assert finnish.body.startswith("Hei")


def test_escalation_to_the_unit_manager_after_the_delay(owed, world):
    PlanMonitoring.objects.filter(plan=world.plan).update(escalation_days=10)
    run(DEADLINE + datetime.timedelta(days=9))
    assert not any(m.to == ["manager@example.fi"] for m in mail.outbox)
    run(DEADLINE + datetime.timedelta(days=10))
    run(DEADLINE + datetime.timedelta(days=11))
    to_manager = [m for m in mail.outbox if m.to == ["manager@example.fi"]]
    # One digest with both late measures of the manager's (sub-)unit, not the other unit's.
    assert len(to_manager) == 1
    assert "Kielikylpy" in to_manager[0].body and "Kerhot" in to_manager[0].body
    assert "Satama" not in to_manager[0].body
    assert ReminderSent.objects.filter(kind="escalation").count() == 2


def test_handed_in_updates_are_not_reminded(owed, world):
    period = world.plan.reporting_periods.get()
    update = status_update_save(
        user=world.contact,
        measure=owed[0],
        period=period,
        data=StatusUpdateData(status=MeasureStatus.ON_TRACK, progress=None, text_fi="Valmis."),
        version=None,
    )
    status_update_submit(user=world.contact, update=update, version=update.version)
    with at(DEADLINE):
        result = reminders_send(today=DEADLINE)
    assert result.items == 3 - 1
    digest = next(m for m in mail.outbox if m.to == ["contact@example.fi"])
    assert "Kielikylpy" not in digest.body and "Kerhot" in digest.body


def test_a_failing_mail_is_retried_next_run(owed, monkeypatch):
    from django.core.mail import EmailMultiAlternatives

    def fail(self, *args, **kwargs):
        raise OSError("SMTP down")

    with monkeypatch.context() as patch:
        patch.setattr(EmailMultiAlternatives, "send", fail)
        with pytest.raises(CommandError) as error:
            run(DEADLINE)
    assert error.value.returncode == 1
    assert not ReminderSent.objects.exists()
    run(DEADLINE)
    assert ReminderSent.objects.count() == 3


def test_dry_run_lists_and_sends_nothing(owed):
    from io import StringIO

    out = StringIO()
    with at(DEADLINE):
        call_command("send_reminders", "--dry-run", stdout=out)
    assert "contact@example.fi (fi):" in out.getvalue()
    assert f"deadline #0: {owed[0].identifier} T1/2026" in out.getvalue()
    assert mail.outbox == []
    assert not ReminderSent.objects.exists()


def test_one_failing_mailbox_does_not_stop_the_others_and_the_exit_status_says_so(
    owed, monkeypatch, caplog
):
    from django.core.mail import EmailMultiAlternatives

    send = EmailMultiAlternatives.send

    def fail_for_one(self, *args, **kwargs):
        if self.to == ["other@example.fi"]:
            raise OSError("mailbox full")
        return send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", fail_for_one)
    with pytest.raises(CommandError) as error:
        run(DEADLINE)
    assert error.value.returncode == 1
    assert "other@example.fi" in str(error.value)
    assert [m.to for m in mail.outbox] == [["contact@example.fi"]]
    assert set(ReminderSent.objects.values_list("recipient_email", flat=True)) == {
        "contact@example.fi"
    }
    assert "Reminder to other@example.fi failed" in caplog.text


def test_two_people_rows_with_one_mailbox_get_one_mail_listing_each_item_once(owed, world):
    from strategia.organisations.tests.factories import PersonFactory

    # The same address twice on one measure, once in another case and with spaces.
    twin = PersonFactory(organisation=world.organisation, email="  Contact@Example.FI ")
    owed[0].contact_persons.add(twin)
    run(DEADLINE)
    to_contact = [m for m in mail.outbox if m.to == ["contact@example.fi"]]
    assert len(to_contact) == 1
    assert to_contact[0].body.count("Kielikylpy") == 1
    assert ReminderSent.objects.filter(recipient_email="contact@example.fi").count() == 2
    run(DEADLINE)
    assert len(mail.outbox) == 2


def test_reminders_list_the_manual_indicator_values_still_missing(owed, world):
    from strategia.indicators.services import observation_enter
    from strategia.indicators.tests.factories import IndicatorFactory

    missing = IndicatorFactory(
        organisation=world.organisation,
        name_fi="Kirjaston kävijät",
        source="manual",
        contact_person=world.contact_person,
    )
    entered = IndicatorFactory(
        organisation=world.organisation,
        name_fi="Kerhojen jäsenet",
        source="manual",
        contact_person=world.contact_person,
    )
    observation_enter(user=world.office, indicator=entered, period="2026", value=12)
    run(DEADLINE)
    digest = next(m for m in mail.outbox if m.to == ["contact@example.fi"])
    assert "Kirjaston kävijät — 2026" in digest.body
    assert f"/fi/tyotila/mittari/{missing.pk}/" in digest.body
    assert "Kerhojen jäsenet" not in digest.body
    assert "Kirjaston kävijät" in digest.alternatives[0][0]
    swedish = next(m for m in mail.outbox if m.to == ["other@example.fi"])
    assert "Kirjaston" not in swedish.body
