"""The whole monitoring cycle over HTTP, as the people doing it would click through it."""

import datetime

import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from strategia.monitoring.models import ReminderSent, ReportingPeriod, StatusUpdate
from strategia.strategy.models import MeasureStatus

UPDATE_FORM = {
    "status": MeasureStatus.DELAYED,
    "progress": "40",
    "text_fi": "Kaksi koulua aloitti kokeilun.",
    "next_steps_fi": "Laajennetaan syksyllä.",
    "risks_fi": "Rahoitus epävarma.",
    "text_sv": "Två skolor började försöket.",
}


def _edit_url(measure, period):
    return reverse(
        "monitoring:update_edit", kwargs={"measure_pk": measure.pk, "period_pk": period.pk}
    )


@time_machine.travel(datetime.datetime(2026, 5, 8, 9, 0, tzinfo=datetime.UTC), tick=False)
def test_full_cycle_open_remind_write_submit_approve_publish_complete(world):
    first = world.add_measure(name_fi="Kielikylpy")
    second = world.add_measure(name_fi="Kerhot")
    office = world.client_for(world.office)
    contact = world.client_for(world.contact)
    manager = world.client_for(world.manager)

    # The strategy office creates the year's periods and opens the first tertial.
    response = office.post(
        reverse("monitoring:periods_create", kwargs={"plan_pk": world.plan.pk}), {"year": 2026}
    )
    assert response.status_code == 302
    periods = ReportingPeriod.objects.filter(plan=world.plan).order_by("start_date", "kind")
    assert [p.label for p in periods] == ["T1/2026", "2026", "T2/2026", "T3/2026"]
    tertial = periods.get(kind="tertial", number=1)
    assert tertial.deadline == datetime.date(2026, 5, 14)
    office.post(reverse("monitoring:period_open", kwargs={"pk": tertial.pk}), {"confirm": "1"})
    tertial.refresh_from_db()
    assert tertial.state == ReportingPeriod.State.OPEN

    # Six days before the deadline the contact person gets one reminder listing both.
    call_command("send_reminders")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["contact@example.fi"]
    assert "Kielikylpy" in mail.outbox[0].body and "Kerhot" in mail.outbox[0].body
    assert ReminderSent.objects.filter(kind=ReminderSent.Kind.BEFORE).count() == 2

    # My work lists both as due.
    page = contact.get(reverse("monitoring:my_work"))
    assert page.status_code == 200
    assert page.content.decode().count(_edit_url(first, tertial)) == 1
    assert "Kerhot" in page.content.decode()

    # A draft first, then submit.
    response = contact.post(_edit_url(first, tertial), {**UPDATE_FORM, "save": "1"})
    assert response.status_code == 302
    update = StatusUpdate.objects.get(measure=first, reporting_period=tertial)
    assert update.state == StatusUpdate.State.DRAFT
    assert update.next_steps_fi == "Laajennetaan syksyllä."
    response = contact.post(
        _edit_url(first, tertial),
        {**UPDATE_FORM, "version": str(update.version), "submit": "1"},
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.state == StatusUpdate.State.SUBMITTED
    assert update.submitted_by == world.contact
    response = contact.post(
        _edit_url(second, tertial), {**UPDATE_FORM, "text_fi": "Kerhot alkoivat.", "submit": "1"}
    )
    assert response.status_code == 302

    # Not yet public.
    public = Client().get(first.get_absolute_url())
    assert "Kaksi koulua aloitti kokeilun." not in public.content.decode()

    # The manager sees both waiting, returns one with a comment, approves the other.
    page = manager.get(reverse("monitoring:my_work"))
    assert reverse("monitoring:update_review", kwargs={"pk": update.pk}) in page.content.decode()
    second_update = StatusUpdate.objects.get(measure=second, reporting_period=tertial)
    response = manager.post(
        reverse("monitoring:update_review", kwargs={"pk": second_update.pk}),
        {"version": second_update.version, "return": "1", "comment": "Lisää luvut."},
    )
    assert response.status_code == 302
    second_update.refresh_from_db()
    assert second_update.state == StatusUpdate.State.RETURNED
    assert second_update.return_comment == "Lisää luvut."
    assert "Lisää luvut." in contact.get(reverse("monitoring:my_work")).content.decode()

    response = manager.post(
        reverse("monitoring:update_review", kwargs={"pk": update.pk}),
        {"version": update.version, "approve": "1"},
    )
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.state == StatusUpdate.State.PUBLISHED
    assert update.approved_by == world.manager
    first.refresh_from_db()
    assert first.status == MeasureStatus.DELAYED and first.progress == 40

    # The public measure page shows the approved update.
    public = Client().get(first.get_absolute_url())
    assert public.status_code == 200
    assert "Kaksi koulua aloitti kokeilun." in public.content.decode()

    # The returned one is fixed and approved; the grid then shows 100 %.
    contact.post(
        _edit_url(second, tertial),
        {
            **UPDATE_FORM,
            "text_fi": "Kerhot alkoivat, 120 osallistujaa.",
            "version": second_update.version,
            "submit": "1",
        },
    )
    second_update.refresh_from_db()
    assert second_update.state == StatusUpdate.State.SUBMITTED
    manager.post(
        reverse("monitoring:update_review", kwargs={"pk": second_update.pk}),
        {"version": second_update.version, "approve": "1"},
    )
    grid = office.get(reverse("monitoring:completeness"))
    assert grid.status_code == 200
    rows = grid.context["grid"].rows
    assert len(rows) == 1
    unit, cells = rows[0]
    assert unit == world.unit
    cell = cells[grid.context["grid"].periods.index(tertial)]
    assert (cell.due, cell.submitted, cell.approved, cell.percent) == (2, 2, 2, 100)
    assert cell.reminders == 2
    assert "2/2 raportoitu" in grid.content.decode()
    assert "2 hyväksytty" in grid.content.decode()

    # Nothing is owed any more: no more reminders, even after the deadline.
    with time_machine.travel(datetime.datetime(2026, 5, 20, 9, 0, tzinfo=datetime.UTC)):
        call_command("send_reminders")
    assert len(mail.outbox) == 1


def test_workspace_requires_sign_in_and_a_role(world, client):
    response = client.get(reverse("monitoring:my_work"))
    assert response.status_code == 302
    assert response["Location"].startswith(resolve_url(settings.LOGIN_URL))
    from strategia.organisations.tests.factories import UserFactory

    nobody = UserFactory(email="nobody@example.fi")
    client.force_login(nobody, backend="django.contrib.auth.backends.ModelBackend")
    assert client.get(reverse("monitoring:my_work")).status_code == 403


def test_completeness_and_health_are_for_the_office_not_contact_persons(world):
    contact = world.client_for(world.contact)
    assert contact.get(reverse("monitoring:completeness")).status_code == 403
    assert contact.get(reverse("monitoring:health")).status_code == 403
    assert contact.get(reverse("monitoring:periods")).status_code == 403
    office = world.client_for(world.office)
    assert office.get(reverse("monitoring:completeness")).status_code == 200
    assert office.get(reverse("monitoring:health")).status_code == 200
    assert office.get(reverse("monitoring:periods")).status_code == 200


def test_contact_person_cannot_open_a_period(world):
    period = world.period(state=ReportingPeriod.State.PLANNED)
    response = world.client_for(world.contact).post(
        reverse("monitoring:period_open", kwargs={"pk": period.pk})
    )
    assert response.status_code == 403
    period.refresh_from_db()
    assert period.state == ReportingPeriod.State.PLANNED


def test_admin_lists_periods_settings_and_reminders_to_the_office(world):
    period = world.period()
    ReminderSent.objects.create(
        period=period,
        measure=world.add_measure(),
        kind=ReminderSent.Kind.BEFORE,
        recipient_email="contact@example.fi",
    )
    office = world.client_for(world.office)
    for name in ("reportingperiod", "planmonitoring", "remindersent"):
        response = office.get(reverse(f"admin:monitoring_{name}_changelist"))
        assert response.status_code == 200, name
    assert (
        "contact@example.fi"
        in office.get(reverse("admin:monitoring_remindersent_changelist")).content.decode()
    )
    contact = world.client_for(world.contact)
    response = contact.get(reverse("admin:monitoring_reportingperiod_change", args=[period.pk]))
    # Members of the organisation may look, but only the office may change.
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
