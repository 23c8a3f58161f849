"""The approval nothing bypasses: four eyes on the text, corrections with a reason, mail."""

from io import StringIO

import pytest
from django.core import mail
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from strategia.accounts import limits
from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.monitoring.models import MailPreference, StatusUpdate, WorkflowNotice
from strategia.monitoring.services import (
    StatusUpdateData,
    mail_preference_set,
    status_correction_publish,
    status_update_approve,
    status_update_return,
    status_update_save,
    status_update_submit,
)
from strategia.organisations.tests.factories import PersonFactory, UserFactory
from strategia.strategy.models import MeasureStatus

DRAFT = StatusUpdateData(status=MeasureStatus.ON_TRACK, progress=40, text_fi="Etenee.")


def _draft(world, measure, period, *, user=None, data=DRAFT):
    return status_update_save(
        user=user or world.contact, measure=measure, period=period, data=data, version=None
    )


def _submitted(world, measure, period, *, commit, user=None):
    update = _draft(world, measure, period)
    with commit(execute=True):
        return status_update_submit(
            user=user or world.contact, update=update, version=update.version
        )


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run what the services leave for after the commit (the mail), as a real commit would."""
    return django_capture_on_commit_callbacks


# --- Four eyes ------------------------------------------------------------------------


def test_a_manager_who_rewrote_a_draft_cannot_approve_it(world, commit):
    measure = world.add_measure()
    period = world.period()
    update = _draft(world, measure, period)
    rewritten = status_update_save(
        user=world.manager,
        measure=measure,
        period=period,
        data=StatusUpdateData(status=MeasureStatus.ON_TRACK, progress=40, text_fi="Parempi."),
        version=update.version,
    )
    submitted = status_update_submit(user=world.manager, update=rewritten, version=2)
    assert submitted.author == world.contact  # the author is still the contact person
    assert not world.manager.has_perm("strategy.approve_statusupdate", submitted)
    with pytest.raises(PermissionDenied):
        status_update_approve(user=world.manager, update=submitted, version=submitted.version)
    # Someone who wrote nothing of it may.
    assert world.office.has_perm("strategy.approve_statusupdate", submitted)
    with commit(execute=True):
        status_update_approve(user=world.office, update=submitted, version=submitted.version)


def test_saving_without_changing_the_text_does_not_make_a_writer(world):
    measure = world.add_measure()
    period = world.period()
    update = _draft(world, measure, period)
    resaved = status_update_save(
        user=world.manager, measure=measure, period=period, data=DRAFT, version=update.version
    )
    submitted = status_update_submit(user=world.contact, update=resaved, version=resaved.version)
    assert submitted.writer_ids() == {world.contact.pk}
    assert world.manager.has_perm("strategy.approve_statusupdate", submitted)


def test_the_strategy_office_does_not_approve_what_it_wrote_either(world):
    measure = world.add_measure()
    period = world.period()
    update = _draft(world, measure, period, user=world.office)
    submitted = status_update_submit(user=world.office, update=update, version=update.version)
    assert not world.office.has_perm("strategy.approve_statusupdate", submitted)
    assert world.manager.has_perm("strategy.approve_statusupdate", submitted)


def test_the_approval_queue_applies_four_eyes_in_one_query_for_all(
    world, django_assert_num_queries
):
    from strategia.monitoring.selectors import updates_awaiting_approval

    period = world.period()
    for _ in range(3):
        measure = world.add_measure()
        update = _draft(world, measure, period, user=world.manager)
        status_update_submit(user=world.contact, update=update, version=update.version)
    world.manager.has_perm("strategy.view_internal", world.organisation)  # roles cached
    with django_assert_num_queries(2):  # the updates, then their history
        queue = updates_awaiting_approval(user=world.manager, organisation=world.organisation)
    assert queue == []
    assert len(updates_awaiting_approval(user=world.office, organisation=world.organisation)) == 3


# --- Status from the latest published update -----------------------------------------------


def test_the_measure_edit_form_no_longer_changes_status_or_progress(world):
    measure = world.add_measure(status=MeasureStatus.ON_TRACK, progress=50)
    client = world.client_for(world.contact)
    url = reverse("monitoring:measure_edit", kwargs={"pk": measure.pk})
    form = client.get(url).context["form"]
    assert "status" not in form.fields and "progress" not in form.fields
    response = client.post(
        url,
        {
            "version": measure.version,
            "name_fi": measure.name_fi,
            "status": MeasureStatus.AT_RISK,
            "progress": "5",
        },
    )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == (MeasureStatus.ON_TRACK, 50)


def test_approving_an_older_period_late_does_not_override_a_newer_update(world, commit):
    measure = world.add_measure()
    older = world.period()
    newer = world.period(number=2, start_date="2026-05-01", end_date="2026-08-31")
    old_update = _submitted(world, measure, older, commit=commit)
    new_update = _draft(
        world,
        measure,
        newer,
        data=StatusUpdateData(status=MeasureStatus.DELAYED, progress=60, text_fi="Uusi."),
    )
    StatusUpdate.objects.filter(pk=old_update.pk).update(date="2026-05-10")
    new_update = status_update_submit(
        user=world.contact, update=new_update, version=new_update.version
    )
    StatusUpdate.objects.filter(pk=new_update.pk).update(date="2026-09-10")
    with commit(execute=True):
        status_update_approve(user=world.manager, update=new_update, version=new_update.version)
        old_update.refresh_from_db()
        status_update_approve(user=world.manager, update=old_update, version=old_update.version)
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == (MeasureStatus.DELAYED, 60)


def test_the_strategy_office_corrects_a_status_only_by_publishing_an_update_with_a_reason(
    world, commit
):
    measure = world.add_measure(status=MeasureStatus.ON_TRACK, progress=50)
    correction = StatusUpdateData(status=MeasureStatus.AT_RISK, progress=45, text_fi="")
    with pytest.raises(PermissionDenied):
        status_correction_publish(
            user=world.manager, measure=measure, data=correction, reason="Väärin."
        )
    with pytest.raises(ValidationError):
        status_correction_publish(user=world.office, measure=measure, data=correction, reason=" ")
    client = world.client_for(world.office)
    url = reverse("monitoring:measure_correct", kwargs={"pk": measure.pk})
    assert world.client_for(world.manager).get(url).status_code == 403
    with commit(execute=True):
        response = client.post(
            url, {"status": "at_risk", "progress": "45", "reason": "Rahoitus peruttiin."}
        )
    assert response.status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.progress) == (MeasureStatus.AT_RISK, 45)
    update = measure.status_updates.get()
    assert update.state == StatusUpdate.State.PUBLISHED
    assert update.reporting_period is None
    assert (update.author, update.approved_by) == (world.office, world.office)
    assert update.correction_reason == "Rahoitus peruttiin."
    record = update.history.first()
    assert record.history_user == world.office
    assert record.history_change_reason == "correction: Rahoitus peruttiin."
    assert measure.history.first().history_change_reason == "correction: Rahoitus peruttiin."
    page = Client().get(measure.get_absolute_url()).content.decode()
    assert "45 %" in page


# --- Workflow mail -----------------------------------------------------------------------


def test_submit_mails_the_approvers_of_the_unit_at_once_in_their_language(world, commit):
    world.manager.preferred_language = "sv"
    world.manager.save()
    measure = world.add_measure(name_fi="Kielikylpy", name_sv="Språkbad")
    update = _submitted(world, measure, world.period(), commit=commit)
    assert [m.to for m in mail.outbox] == [["manager@example.fi"]]
    message = mail.outbox[0]
    assert "Språkbad" in message.body
    assert f"http://127.0.0.1:8000/sv/tyotila/paivitys/{update.pk}/" in message.body
    assert message.body.startswith("Hej")
    html, kind = message.alternatives[0]
    assert (
        kind == "text/html"
        and f'href="http://127.0.0.1:8000/sv/tyotila/paivitys/{update.pk}/' in html
    )
    assert '<html lang="sv">' in html
    notice = WorkflowNotice.objects.get()
    assert (notice.event, notice.delivery, notice.sent_at is not None) == (
        "submitted",
        "immediate",
        True,
    )


def test_no_mail_inside_the_transaction_and_none_if_it_rolls_back(world, commit):
    measure = world.add_measure()
    update = _draft(world, measure, world.period())
    with commit(execute=False) as callbacks:
        status_update_submit(user=world.contact, update=update, version=update.version)
    assert mail.outbox == []  # queued, not sent, until the commit
    assert len(callbacks) == 1
    assert WorkflowNotice.objects.filter(sent_at__isnull=True).count() == 1


def test_return_mails_the_author_with_the_comment_in_the_digest_by_default(world, commit):
    measure = world.add_measure()
    update = _submitted(world, measure, world.period(), commit=commit)
    mail.outbox.clear()
    with commit(execute=True):
        status_update_return(
            user=world.manager, update=update, version=update.version, comment="Lisää luvut."
        )
    # A contact person is not an approver: the daily digest by default, nothing at once.
    assert mail.outbox == []
    call_command("send_workflow_digest", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [["contact@example.fi"]]
    assert "Lisää luvut." in mail.outbox[0].body
    assert "Lisää luvut." in mail.outbox[0].alternatives[0][0]
    assert mail.outbox[0].body.startswith("Hei")
    # Idempotent: a second run mails nothing.
    call_command("send_workflow_digest", stdout=StringIO())
    assert len(mail.outbox) == 1


def test_publish_mails_the_author_and_every_contact_person_once(world, commit):
    swedish_user = UserFactory(email="kontakt@example.fi", preferred_language="sv")
    RoleAssignmentFactory(user=swedish_user, organisation=world.organisation, role="contact_person")
    swedish = PersonFactory(organisation=world.organisation, user=swedish_user, email="")
    no_account = PersonFactory(organisation=world.organisation, email="Ulkoinen@Example.fi")
    twin = PersonFactory(organisation=world.organisation, email="contact@example.fi")
    measure = world.add_measure()
    measure.contact_persons.add(swedish, no_account, twin)
    mail_preference_set(user=world.contact, delivery=MailPreference.Delivery.IMMEDIATE)
    update = _submitted(world, measure, world.period(), commit=commit)
    mail.outbox.clear()
    with commit(execute=True):
        status_update_approve(user=world.manager, update=update, version=update.version)
    assert [m.to for m in mail.outbox] == [["contact@example.fi"]]  # chose immediate
    call_command("send_workflow_digest", stdout=StringIO())
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["contact@example.fi", "kontakt@example.fi", "ulkoinen@example.fi"]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address["kontakt@example.fi"].body.startswith("Hej")
    assert by_address["ulkoinen@example.fi"].body.startswith("Hei")
    assert f"/fi/tyotila/toimenpide/{measure.pk}/jakso/" in by_address["contact@example.fi"].body


def test_a_person_chooses_immediate_or_digest_in_the_workspace(world):
    client = world.client_for(world.contact)
    url = reverse("monitoring:mail_settings")
    page = client.get(url)
    assert page.context["form"].initial["delivery"] == "digest"
    assert world.client_for(world.manager).get(url).context["form"].initial["delivery"] == (
        "immediate"
    )
    assert client.post(url, {"delivery": "immediate"}).status_code == 302
    assert MailPreference.objects.get(user=world.contact).delivery == "immediate"
    assert client.post(url, {"delivery": "hourly"}).status_code == 200
    with translation.override("fi"):
        assert (
            reverse("monitoring:mail_settings")
            in client.get(reverse("monitoring:my_work")).content.decode()
        )


def test_a_failed_immediate_mail_waits_for_the_digest_and_others_still_get_theirs(
    world, commit, monkeypatch
):
    from django.core.mail import EmailMultiAlternatives

    send = EmailMultiAlternatives.send
    second = UserFactory(email="toinen@example.fi")
    RoleAssignmentFactory(
        user=second, organisation=world.organisation, role=Role.UNIT_MANAGER, unit=world.unit
    )

    def fail_for_manager(self, *args, **kwargs):
        if self.to == ["toinen@example.fi"]:
            raise OSError("mailbox full")
        return send(self, *args, **kwargs)

    monkeypatch.setattr(EmailMultiAlternatives, "send", fail_for_manager)
    measure = world.add_measure()
    _submitted(world, measure, world.period(), commit=commit)
    # The unit's own manager is the nearest approver; the division's manager is not asked.
    assert WorkflowNotice.objects.filter(event="submitted").count() == 1
    assert mail.outbox == []
    with pytest.raises(CommandError):
        call_command("send_workflow_digest", stdout=StringIO())
    monkeypatch.setattr(EmailMultiAlternatives, "send", send)
    call_command("send_workflow_digest", stdout=StringIO())
    assert [m.to for m in mail.outbox] == [["toinen@example.fi"]]


def test_corrections_beyond_the_staff_notice_rate_are_refused_on_the_form(world, settings):
    settings.STAFF_NOTICE_RATE = "1/h"
    cache.clear()
    measures = [world.add_measure(status=MeasureStatus.ON_TRACK, progress=50) for _ in range(2)]
    client = world.client_for(world.office)
    form = {"status": "at_risk", "progress": "45", "reason": "Rahoitus peruttiin."}
    first = client.post(reverse("monitoring:measure_correct", kwargs={"pk": measures[0].pk}), form)
    refused = client.post(
        reverse("monitoring:measure_correct", kwargs={"pk": measures[1].pk}), form
    )
    cache.clear()
    assert (first.status_code, refused.status_code) == (302, 200)
    with translation.override("fi"):
        assert escape(str(limits.STAFF_NOTICE_REFUSED)) in refused.content.decode()
    assert "Rahoitus peruttiin." in refused.content.decode()
    assert not measures[1].status_updates.exists()
    measures[1].refresh_from_db()
    assert measures[1].status == MeasureStatus.ON_TRACK
