"""The yearly list of initiatives to the council and the annual report's participation section,
through the report machinery; the register's service rules; the answer reminders."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from strategia.participation import services
from strategia.participation.models import Initiative
from strategia.participation.reminders import answer_reminders_send
from strategia.participation.report import annual_participation_section
from strategia.reports.registry import ReportRequest, annual_sections, report_kind
from strategia.reports.renderers import render

from .factories import IdeaFactory

YEAR = 2025


def _save(user, organisation, unit, **kwargs):
    data = services.InitiativeData(
        subject=kwargs.pop("subject", "Koirapuisto Karihaaraan"),
        submitted_on=kwargs.pop("submitted_on", datetime.date(YEAR, 3, 2)),
        channel=kwargs.pop("channel", Initiative.Channel.NATIONAL),
        body_id=unit.pk,
        initiators=kwargs.pop(
            "initiators",
            [services.InitiatorData("Aino A", True), services.InitiatorData("Pertti P", False)],
        ),
        **kwargs,
    )
    return services.initiative_save(user=user, organisation=organisation, data=data)


def test_the_register_refuses_bad_input_with_its_field(office, organisation, unit):
    with pytest.raises(ValidationError) as error:
        _save(office, organisation, unit, subject="", initiators=[], status="decided")
    assert {"subject", "initiators", "decision"} <= set(error.value.message_dict)
    with pytest.raises(ValidationError) as error:
        _save(office, organisation, unit, submitted_on=timezone.localdate() + datetime.timedelta(1))
    assert "submitted_on" in error.value.message_dict
    assert not Initiative.objects.exists()


def test_editing_a_stale_initiative_is_refused(office, organisation, unit):
    initiative = _save(office, organisation, unit)
    data = services.InitiativeData(
        subject="Uusi",
        submitted_on=datetime.date(YEAR, 3, 2),
        channel="paper",
        body_id=unit.pk,
        initiators=[services.InitiatorData("A")],
    )
    services.initiative_save(
        user=office, organisation=organisation, data=data, initiative=initiative, version=1
    )
    with pytest.raises(services.VersionConflict):
        services.initiative_save(
            user=office, organisation=organisation, data=data, initiative=initiative, version=1
        )


@pytest.fixture
def register(office, organisation, unit, measure):
    decided = _save(
        office,
        organisation,
        unit,
        status="decided",
        decision="Koirapuisto rakennetaan 2026.",
        decision_date=datetime.date(YEAR, 9, 1),
        measure_ids=[measure.pk],
    )
    _save(office, organisation, unit, subject="Uimahallin aukiolo", channel="paper")
    _save(
        office,
        organisation,
        unit,
        subject="Vanha aloite",
        submitted_on=datetime.date(YEAR - 1, 5, 1),
    )
    return decided


def test_the_yearly_initiatives_list_renders_in_every_format(register, organisation):
    kind = report_kind("initiatives")
    document = kind.build(ReportRequest(kind="initiatives", organisation=organisation, year=YEAR))
    table = document.sections[1].blocks[0]
    subjects = [row[1] for row in table.rows]
    assert subjects == ["Koirapuisto Karihaaraan", "Uimahallin aukiolo"]
    first = table.rows[0]
    assert "Aino A" in first[2] and "Pertti P" not in first[2]
    assert "Koirapuisto rakennetaan 2026." in first
    assert "Vanha aloite" in str(document.to_dict())
    for fmt in ("html", "docx", "xlsx", "pdf"):
        content = render(document, fmt)
        assert content and len(content) > 200, fmt


def test_the_annual_report_gets_a_participation_section(register, organisation, goal):
    idea = IdeaFactory(
        organisation=organisation, created_at=timezone.make_aware(datetime.datetime(YEAR, 4, 1, 12))
    )
    idea.goals.add(goal)
    request = ReportRequest(kind="annual", organisation=organisation, year=YEAR)
    section = annual_participation_section(request)
    assert section is not None
    headings = [s.heading for s in annual_sections(request)]
    assert section.heading in headings
    rows = {row[0]: row[1] for row in section.blocks[0].rows}
    assert rows["Tehdyt aloitteet"] == 2 and rows["Julkaistut ideat"] == 1
    empty = ReportRequest(kind="annual", organisation=organisation, year=1999)
    assert annual_participation_section(empty) is None


def test_answers_due_and_late_are_reminded_to_the_units_manager_once(
    organisation, unit, manager, office
):
    today = timezone.localdate()
    late = IdeaFactory(organisation=organisation, title="Myöhässä oleva")
    services.idea_assign(
        user=office, idea=late, unit=unit, due_date=today + datetime.timedelta(days=1), version=1
    )
    result = answer_reminders_send(today=today)
    assert result.mails == 1 and mail.outbox[0].to == ["johtaja@example.fi"]
    assert "Myöhässä oleva" in mail.outbox[0].body
    assert answer_reminders_send(today=today).mails == 0
    assert answer_reminders_send(today=today + datetime.timedelta(days=2)).mails == 1
    assert answer_reminders_send(today=today + datetime.timedelta(days=3)).mails == 0
    assert answer_reminders_send(today=today + datetime.timedelta(days=9)).mails == 1


def test_my_work_lists_the_ideas_to_answer(organisation, unit, manager, office):
    from django.test import Client
    from django.urls import reverse

    idea = IdeaFactory(organisation=organisation, title="Vastattava idea")
    services.idea_assign(
        user=office,
        idea=idea,
        unit=unit,
        due_date=timezone.localdate() + datetime.timedelta(days=5),
        version=1,
    )
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("monitoring:my_work")).content.decode()
    assert "Vastattava idea" in page
