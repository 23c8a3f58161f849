"""Final reports are frozen; drafts are live; publication; the workspace page; the command."""

import hashlib
import io

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from strategia.accounts.models import Role
from strategia.accounts.tests.factories import RoleAssignmentFactory
from strategia.indicators.models import Observation
from strategia.organisations.tests.factories import UserFactory
from strategia.reports import services
from strategia.reports.models import Report

from .conftest import build_data_set
from .helpers import build


def _final(data, **kwargs) -> Report:
    kwargs.setdefault("internal", False)
    report = services.report_create(
        user=data.office,
        organisation=data.organisation,
        kind="annual",
        plan=data.strategy,
        year=2026,
        language="en",
        **kwargs,
    )
    return services.report_make_final(user=data.office, report=report)


def _change_the_data(data):
    measure = data.measures["V-1"]
    measure.name_fi = "Ideakulttuuri uudella nimellä"
    measure.save()
    Observation.objects.filter(indicator=data.indicators["emissions"], period="2025").update(
        value=99.0
    )


def test_a_final_report_downloads_byte_for_byte_after_the_data_changes(data, client):
    report = _final(data)
    stored = {file.format: bytes(file.content) for file in report.files.all()}
    assert set(stored) == {"html", "pdf", "docx", "xlsx"}
    assert all(
        file.sha256 == hashlib.sha256(bytes(file.content)).hexdigest()
        for file in report.files.all()
    )
    _change_the_data(data)
    client.force_login(data.office)
    for format, content in stored.items():
        response = client.get(
            reverse("reports:download", kwargs={"pk": report.pk, "format": format})
        )
        assert response.status_code == 200
        assert response.content == content
    assert b"Ideakulttuuri uudella" not in stored["html"]
    # The preview of the final report is its snapshot too.
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Ideakulttuuri uudella" not in page and "Ideakulttuuri" in page
    # A draft is live.
    assert "Ideakulttuuri uudella nimellä" in build(data).sections[1].blocks[0].rows[0][1]


def test_making_final_records_who_and_when_and_happens_once(data):
    report = _final(data)
    assert report.state == Report.State.FINAL
    assert report.finalised_by == data.office and report.finalised_at is not None
    assert report.snapshot["title"] == "Annual report 2026: strategy and operational targets"
    with pytest.raises(ValidationError):
        services.report_make_final(user=data.office, report=report)


def test_only_the_strategy_office_prepares_and_makes_final(data):
    reader = UserFactory()
    RoleAssignmentFactory(user=reader, organisation=data.organisation, role=Role.READER)
    with pytest.raises(PermissionDenied):
        services.report_create(
            user=reader,
            organisation=data.organisation,
            kind="annual",
            plan=data.strategy,
            year=2026,
        )
    draft = services.report_create(
        user=data.office,
        organisation=data.organisation,
        kind="annual",
        plan=data.strategy,
        year=2026,
    )
    with pytest.raises(PermissionDenied):
        services.report_make_final(user=reader, report=draft)


def test_internal_reports_are_never_published(data):
    report = _final(data, internal=True)
    with pytest.raises(ValidationError):
        services.report_publish(user=data.office, report=report)
    draft = services.report_create(
        user=data.office,
        organisation=data.organisation,
        kind="annual",
        plan=data.strategy,
        year=2026,
    )
    with pytest.raises(ValidationError):
        services.report_publish(user=data.office, report=draft)


def test_published_reports_are_listed_by_plan_and_year_and_download(data, client):
    report = _final(data)
    hidden = _final(data, internal=True)
    url = reverse("published_reports:list")
    assert "Annual report" not in client.get(url).content.decode()
    services.report_publish(user=data.office, report=report)
    page = client.get(url).content.decode()
    assert "Kaupunkistrategia" in page and "2026" in page and report.title in page
    download = reverse("published_reports:download", kwargs={"pk": report.pk, "format": "pdf"})
    response = client.get(download)
    assert response.status_code == 200
    assert response.content == bytes(report.files.get(format="pdf").content)
    secret = reverse("published_reports:download", kwargs={"pk": hidden.pk, "format": "pdf"})
    assert client.get(secret).status_code == 404
    services.report_unpublish(user=data.office, report=report)
    assert client.get(download).status_code == 404


def _publish_reports(data, count: int) -> None:
    for year in range(2020, 2020 + count):
        report = services.report_create(
            user=data.office,
            organisation=data.organisation,
            kind="interim",
            plan=data.strategy,
            period=data.periods["T1"],
        )
        Report.objects.filter(pk=report.pk).update(
            state="final", snapshot={"title": "x", "language": "fi"}, year=year
        )
        report.refresh_from_db()
        report.files.create(format="pdf", content=b"%PDF", sha256="0" * 64, size=4)
        services.report_publish(user=data.office, report=report)


def test_the_public_list_makes_the_same_queries_for_one_and_many_reports(data, client):
    url = reverse("published_reports:list")
    _publish_reports(data, 1)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _publish_reports(data, 6)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(few) == len(many)


def test_the_workspace_page_prepares_previews_and_finalises(data, client):
    client.force_login(data.office)
    response = client.post(
        reverse("reports:list"),
        {"kind": "annual", "plan": data.strategy.pk, "year": "2026", "language": "en"},
    )
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    page = client.get(report.get_absolute_url()).content.decode()
    assert "Viisas Kemi" in page and "Ideapankki avattiin." in page
    assert "Salainen selvitys" not in page
    xlsx = client.get(reverse("reports:download", kwargs={"pk": report.pk, "format": "xlsx"}))
    assert (
        openpyxl.load_workbook(io.BytesIO(xlsx.content))
        .worksheets[0]["A1"]
        .value.startswith("Annual report 2026")
    )
    client.post(reverse("reports:finalise", kwargs={"pk": report.pk}))
    report.refresh_from_db()
    assert report.is_final


def test_the_form_names_what_is_missing(data, client):
    client.force_login(data.office)
    response = client.post(
        reverse("reports:list"), {"kind": "interim", "plan": data.strategy.pk, "language": "fi"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["period"]
    assert not Report.objects.exists()


@pytest.mark.parametrize("role", [Role.CONTACT_PERSON, None])
def test_the_reports_page_is_closed_to_those_without_the_right(data, client, role):
    user = UserFactory()
    if role:
        RoleAssignmentFactory(user=user, organisation=data.organisation, role=role)
    client.force_login(user)
    assert client.get(reverse("reports:list")).status_code == 403


def test_a_reader_previews_but_cannot_make_final(data, client):
    draft = services.report_create(
        user=data.office,
        organisation=data.organisation,
        kind="annual",
        plan=data.strategy,
        year=2026,
    )
    reader = UserFactory()
    RoleAssignmentFactory(user=reader, organisation=data.organisation, role=Role.READER)
    client.force_login(reader)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.post(reverse("reports:finalise", kwargs={"pk": draft.pk})).status_code == 403
    draft.refresh_from_db()
    assert not draft.is_final


def test_the_command_writes_a_file_and_can_make_it_final(data, tmp_path):
    output = tmp_path / "annual.xlsx"
    call_command(
        "build_report",
        "annual",
        "--plan",
        "kaupunkistrategia",
        "--year",
        "2026",
        "--format",
        "xlsx",
        "--output",
        str(output),
        "--language",
        "en",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    sheet = openpyxl.load_workbook(output).worksheets[0]
    assert sheet["A1"].value == "Annual report 2026: strategy and operational targets"
    assert not Report.objects.exists()
    final = tmp_path / "annual.docx"
    stderr = io.StringIO()
    call_command(
        "build_report",
        "annual",
        "--plan",
        "kaupunkistrategia",
        "--year",
        "2026",
        "--format",
        "docx",
        "--output",
        str(final),
        "--final",
        stdout=io.StringIO(),
        stderr=stderr,
    )
    report = Report.objects.get()
    assert report.is_final and report.finalised_by == data.office
    assert final.read_bytes() == bytes(report.files.get(format="docx").content)
    assert "5/5" in stderr.getvalue()  # the progress bar: build and four formats


def test_the_command_refuses_an_interim_report_without_a_period(data, tmp_path):
    from django.core.management.base import CommandError
    from django.utils import translation

    # The message is in the command's language; another test may have left one active.
    with translation.override("fi"), pytest.raises(CommandError, match="seurantajakso"):
        call_command(
            "build_report",
            "interim",
            "--plan",
            "kaupunkistrategia",
            "--format",
            "pdf",
            "--output",
            str(tmp_path / "x.pdf"),
            stderr=io.StringIO(),
        )


def test_building_the_annual_report_makes_as_many_queries_for_few_and_many_measures(db):
    small = build_data_set()
    with CaptureQueriesContext(connection) as few:
        build(small, internal=True)
    large = build_data_set(extra_measures=30, extra_indicators=12, slug="suurkaupunki")
    with CaptureQueriesContext(connection) as many:
        document = build(large, internal=True)
    assert "X-29" in str(document.to_dict())
    assert len(few) == len(many), [q["sql"][:120] for q in many.captured_queries]
