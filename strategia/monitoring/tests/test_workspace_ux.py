"""The workspace as people meet it: header, guidance, errors, comparison, bulk approval,
history in words, periods in order and behind a confirmation, the grid in words."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from strategia.monitoring.models import ReportingPeriod, StatusUpdate
from strategia.monitoring.services import (
    StatusUpdateData,
    status_update_save,
    status_update_submit,
)
from strategia.strategy.models import MeasureStatus

from .factories import StatusUpdateFactory

DATA = StatusUpdateData(status=MeasureStatus.ON_TRACK, progress=75, text_fi="Etenee.")


def _submitted(world, measure, period, *, writer=None, progress=75):
    writer = writer or world.contact
    data = StatusUpdateData(status=MeasureStatus.DELAYED, progress=progress, text_fi="Teksti.")
    update = status_update_save(
        user=writer, measure=measure, period=period, data=data, version=None
    )
    return status_update_submit(user=writer, update=update, version=update.version)


# --- The staff header -------------------------------------------------------------


def test_the_header_names_the_person_and_offers_what_their_roles_allow(world):
    office = world.client_for(world.office).get(reverse("public:home")).content.decode()
    assert "staff-bar" in office
    assert str(world.office) in office
    for name in ("monitoring:completeness", "monitoring:periods", "monitoring:health"):
        assert f'href="{reverse(name)}"' in office
    assert f'href="{reverse("admin:index")}"' in office  # staff with a role
    assert f'action="{reverse("accounts:logout")}"' in office  # sign-out is a POST form

    world.contact.is_staff = False
    world.contact.save(update_fields=["is_staff"])
    contact = world.client_for(world.contact).get(reverse("monitoring:my_work")).content.decode()
    assert "Kaisa K" in contact
    assert f'href="{reverse("monitoring:my_work")}" aria-current="page"' in contact
    assert f'href="{reverse("monitoring:completeness")}"' not in contact
    assert f'href="{reverse("admin:index")}"' not in contact  # not staff: no admin
    # A contact person keeps no indicator here: no value entry link either.
    assert f'href="{reverse("monitoring:indicator_list")}"' not in contact


def test_value_entry_is_offered_to_whoever_keeps_an_indicator(world):
    from strategia.indicators.models import Source
    from strategia.indicators.tests.factories import IndicatorFactory

    indicator = IndicatorFactory(
        organisation=world.organisation, source=Source.MANUAL, contact_person=world.contact_person
    )
    client = world.client_for(world.contact)
    page = client.get(reverse("monitoring:my_work")).content.decode()
    assert f'href="{reverse("monitoring:indicator_list")}"' in page
    listing = client.get(reverse("monitoring:indicator_list"))
    assert list(listing.context["indicators"]) == [indicator]
    assert reverse("monitoring:indicator_values", kwargs={"pk": indicator.pk}) in (
        listing.content.decode()
    )


def test_anonymous_visitors_get_no_staff_header(client, organisation):
    assert "staff-bar" not in client.get(reverse("public:home")).content.decode()


def test_the_header_costs_the_same_queries_on_every_page_size(world):
    period = world.period()
    client = world.client_for(world.contact)
    url = reverse("public:home")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    world.add_measure()
    small = count()
    for _ in range(10):
        status_update_save(
            user=world.contact, measure=world.add_measure(), period=period, data=DATA, version=None
        )
    assert count() == small


def test_every_health_problem_links_to_where_it_is_fixed(world):
    orphan = world.add_measure(name_fi="Orpo")
    orphan.contact_persons.clear()
    page = world.client_for(world.office).get(reverse("monitoring:health")).content.decode()
    edit = "monitoring:content_edit"
    assert reverse(edit, kwargs={"kind": "toimenpiteet", "pk": orphan.pk}) in page
    # The goal has no indicators: its editor.
    assert reverse(edit, kwargs={"kind": "tavoitteet", "pk": world.goal.pk}) in page


# --- The status update form -------------------------------------------------------------


def test_the_form_shows_the_previous_update_and_guidance(world):
    measure = world.add_measure()
    StatusUpdateFactory(measure=measure, text_fi="Viime kerralla tehtiin paljon.", progress=70)
    period = world.period()
    url = reverse(
        "monitoring:update_edit", kwargs={"measure_pk": measure.pk, "period_pk": period.pk}
    )
    page = world.client_for(world.contact).get(url)
    html = page.content.decode()
    assert page.context["previous"].text_fi == "Viime kerralla tehtiin paljon."
    assert "Viime kerralla tehtiin paljon." in html
    assert "data-warn-unsaved" in html and "workspace.js" in html
    # Guidance under each field, tied to it for screen readers.
    assert 'id="id_progress_helptext"' in html
    assert 'aria-describedby="id_progress_helptext"' in html


def test_a_refused_form_lists_every_error_at_the_top_linking_to_its_field(world):
    measure = world.add_measure()
    period = world.period()
    url = reverse(
        "monitoring:update_edit", kwargs={"measure_pk": measure.pk, "period_pk": period.pk}
    )
    response = world.client_for(world.contact).post(
        url, {"status": "", "progress": "150", "text_fi": "", "save": "1"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert 'href="#id_status_0"' in html  # a radio group links to its first choice
    assert 'href="#id_progress"' in html
    assert 'href="#id_text_fi"' in html
    assert not StatusUpdate.objects.exists()


# --- The reviewer ------------------------------------------------------------------------


def test_the_reviewer_sees_the_change_from_the_previous_update(world):
    measure = world.add_measure()
    StatusUpdateFactory(measure=measure, status=MeasureStatus.ON_TRACK, progress=70)
    update = _submitted(world, measure, world.period(), progress=75)
    page = world.client_for(world.manager).get(
        reverse("monitoring:update_review", kwargs={"pk": update.pk})
    )
    change = page.context["change"]
    assert (change.previous.progress, change.update.progress) == (70, 75)
    assert change.status_changed
    html = " ".join(page.content.decode().split())
    assert "70 → <strong>75 %</strong>" in html


def test_bulk_approval_approves_each_and_reports_what_it_could_not(world):
    period = world.period()
    first = _submitted(world, world.add_measure(), period)
    second = _submitted(world, world.add_measure(), period)
    stale = _submitted(world, world.add_measure(), period)
    client = world.client_for(world.manager)
    page = client.get(reverse("monitoring:approvals"))
    assert [change.update for change in page.context["changes"]] == [first, second, stale]
    response = client.post(
        reverse("monitoring:approvals"),
        {
            "update": [first.pk, second.pk, stale.pk],
            f"version-{first.pk}": first.version,
            f"version-{second.pk}": second.version,
            # The reviewer read an older version of this one.
            f"version-{stale.pk}": stale.version - 1,
        },
    )
    assert response.status_code == 200
    results = {result.update.pk: result for result in response.context["results"]}
    assert results[first.pk].approved and results[second.pk].approved
    assert not results[stale.pk].approved
    assert "lue uudelleen" in results[stale.pk].message
    states = dict(StatusUpdate.objects.values_list("pk", "state"))
    assert states[first.pk] == states[second.pk] == StatusUpdate.State.PUBLISHED
    assert states[stale.pk] == StatusUpdate.State.SUBMITTED


def test_bulk_approval_keeps_the_four_eyes_rule(world):
    period = world.period()
    # The manager wrote this one: it is not theirs to approve, in bulk or not.
    own = _submitted(world, world.add_measure(), period, writer=world.manager)
    from strategia.monitoring.services import status_updates_approve

    [result] = status_updates_approve(user=world.manager, items=[(own, own.version)])
    assert not result.approved
    own.refresh_from_db()
    assert own.state == StatusUpdate.State.SUBMITTED
    # Nor can it be posted to the page: it is not among the choices.
    response = world.client_for(world.manager).post(
        reverse("monitoring:approvals"), {"update": [own.pk], f"version-{own.pk}": own.version}
    )
    assert response.status_code == 200 and response.context["form"].errors


def test_the_approval_page_costs_the_same_queries_for_few_and_many(world):
    period = world.period()
    client = world.client_for(world.manager)
    url = reverse("monitoring:approvals")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries.captured_queries)

    for _ in range(2):
        measure = world.add_measure()
        StatusUpdateFactory(measure=measure)
        _submitted(world, measure, period)
    small = count()
    for _ in range(10):
        measure = world.add_measure()
        StatusUpdateFactory(measure=measure)
        _submitted(world, measure, period)
    assert count() == small


# --- History -------------------------------------------------------------------------------


def test_history_is_told_in_words_local_time_and_names(world, settings):
    settings.LANGUAGE_CODE = "fi"
    measure = world.add_measure()
    other_goal = world.goal.__class__.objects.create(
        plan=world.plan, slug="valittava", name_fi="Välittävä Kemi"
    )
    measure.goals.add(other_goal)  # a many-to-many change, recorded with the next save
    from strategia.strategy.services import measure_save

    measure.end_date = datetime.date(2027, 3, 31)
    measure_save(user=world.office, measure=measure, version=measure.version, reason="edited")
    update = _submitted(world, measure, world.period())
    page = world.client_for(world.office).get(
        reverse("monitoring:measure_detail", kwargs={"pk": measure.pk})
    )
    html = page.content.decode()
    events = [change.event for change in page.context["history"]]
    assert "lähetetty hyväksyttäväksi" in events  # "submitted", in Finnish
    assert "luonnos aloitettu" in events
    # Times in Helsinki time and the Finnish format, never the stored UTC value.
    assert "+00:00" not in html
    submitted_at = update.submitted_at.astimezone(datetime.timezone(datetime.timedelta(hours=2)))
    assert f"{submitted_at:%-d.%-m.%Y} {submitted_at:%-H.%M}" in html
    # Field changes as "label: old → new", with names instead of ids.
    goal_change = next(
        row
        for change in page.context["history"]
        for row in change.fields
        if "Välittävä Kemi" in row[2]
    )
    assert "Viisas Kemi" in goal_change[2]
    assert "{'measure'" not in html and "31.3.2027" in html


# --- Periods ---------------------------------------------------------------------------------


def test_periods_are_listed_in_date_order(world):
    from strategia.monitoring.services import reporting_periods_create_for_year

    reporting_periods_create_for_year(user=world.office, plan=world.plan, year=2027)
    page = world.client_for(world.office).get(reverse("monitoring:periods"))
    [(_plan, _settings, periods, _can_open)] = [
        row for row in page.context["rows"] if row[0] == world.plan
    ]
    assert [period.label for period in periods] == ["T1/2027", "T2/2027", "T3/2027", "2027"]


def test_ended_plans_are_folded_below_the_current_ones(world):
    from strategia.strategy.tests.factories import PlanFactory

    ended = PlanFactory(
        organisation=world.plan.organisation,
        name_fi="Vanha ohjelma",
        start_year=2017,
        end_year=2021,
    )
    page = world.client_for(world.office).get(reverse("monitoring:periods"))
    assert [row[0] for row in page.context["ended_rows"]] == [ended]
    assert world.plan in [row[0] for row in page.context["rows"]]
    html = page.content.decode()
    assert html.index(world.plan.name) < html.index("<details") < html.index("Vanha ohjelma")


def test_opening_a_period_asks_for_confirmation_first(world):
    world.add_measure()
    period = world.period(state=ReportingPeriod.State.PLANNED)
    client = world.client_for(world.office)
    url = reverse("monitoring:period_open", kwargs={"pk": period.pk})
    page = client.get(url)
    assert page.status_code == 200 and page.context["owed"] == 1
    # A POST without the confirmation only shows the question again.
    assert client.post(url, {}).status_code == 200
    period.refresh_from_db()
    assert period.state == ReportingPeriod.State.PLANNED
    assert client.post(url, {"confirm": "1"}).status_code == 302
    period.refresh_from_db()
    assert period.state == ReportingPeriod.State.OPEN


def test_closed_periods_have_no_primary_button(world):
    closed = world.period(state=ReportingPeriod.State.CLOSED)
    html = world.client_for(world.office).get(reverse("monitoring:periods")).content.decode()
    link = reverse("monitoring:period_open", kwargs={"pk": closed.pk})
    assert f'<a href="{link}">' in html
    assert f'class="ws-button" href="{link}"' not in html


# --- Completeness ---------------------------------------------------------------------------


def test_published_updates_count_as_reported_and_approved(world):
    period = world.period(state=ReportingPeriod.State.CLOSED)
    in_cycle = world.add_measure()
    outside = world.add_measure()
    world.add_measure()  # owes its update still
    update = _submitted(world, in_cycle, period)
    from strategia.monitoring.services import status_update_approve

    status_update_approve(user=world.manager, update=update, version=update.version)
    # Published without a period (as the public site shows it), inside T1's window.
    StatusUpdateFactory(measure=outside, date=datetime.date(2026, 3, 1))
    # Outside every window of the period: it says nothing of T1.
    StatusUpdateFactory(measure=world.add_measure(), date=datetime.date(2025, 6, 1))
    page = world.client_for(world.office).get(reverse("monitoring:completeness"))
    cell = page.context["grid"].totals[0]
    assert (cell.due, cell.submitted, cell.approved) == (4, 2, 2)
    assert "2/4 raportoitu" in page.content.decode()
    detail = world.client_for(world.office).get(
        reverse("monitoring:completeness_period", kwargs={"period_pk": period.pk})
    )
    states = {item.measure.pk: item.state for item in detail.context["items"]}
    assert states[outside.pk] == StatusUpdate.State.PUBLISHED
    assert states[in_cycle.pk] == StatusUpdate.State.PUBLISHED


def test_the_grid_scrolls_in_its_own_labelled_box(world):
    world.add_measure()
    world.period()
    html = world.client_for(world.office).get(reverse("monitoring:completeness")).content.decode()
    assert 'role="region" aria-labelledby="grid-caption" tabindex="0"' in html
    assert '<caption id="grid-caption">' in html
