"""The one door: rights, locking, history and what follows from a write."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from strategia.ems import services
from strategia.ems.locking import VersionConflict
from strategia.ems.models import ComplianceEvaluation, Nonconformity, Obligation

from .factories import NonconformityFactory, ObligationFactory


def test_a_reader_can_not_add_and_an_owner_can_only_edit_their_own(world):
    with pytest.raises(PermissionDenied):
        services.register_entry_save(
            user=world.reader,
            instance=Nonconformity(organisation=world.organisation),
            values={
                "source": "incident",
                "identified_on": datetime.date(2026, 1, 1),
                "description": "Vuoto",
            },
        )
    mine = NonconformityFactory(organisation=world.organisation, owner=world.owner_person)
    other = NonconformityFactory(organisation=world.organisation)
    services.register_entry_save(
        user=world.owner,
        instance=mine,
        values={"corrective_action": "Korjattu"},
        version=mine.version,
    )
    mine.refresh_from_db()
    assert mine.corrective_action == "Korjattu"
    with pytest.raises(PermissionDenied):
        services.register_entry_save(
            user=world.owner,
            instance=other,
            values={"corrective_action": "x"},
            version=other.version,
        )


def test_a_stale_version_is_refused_and_nothing_is_overwritten(world):
    item = NonconformityFactory(organisation=world.organisation)
    first = services.register_entry_save(
        user=world.coordinator, instance=item, values={"root_cause": "A"}, version=1
    )
    assert first.version == 2
    with pytest.raises(VersionConflict) as error:
        services.register_entry_save(
            user=world.coordinator, instance=item, values={"root_cause": "B"}, version=1
        )
    assert error.value.current.root_cause == "A"
    item.refresh_from_db()
    assert item.root_cause == "A"
    reasons = [h.history_user for h in item.history.all()]
    assert world.coordinator in reasons


def test_bad_input_names_the_field_and_changes_nothing(world):
    item = NonconformityFactory(organisation=world.organisation, description="Alku")
    with pytest.raises(ValidationError) as error:
        services.register_entry_save(
            user=world.coordinator, instance=item, values={"description": ""}, version=1
        )
    assert "description" in error.value.message_dict
    item.refresh_from_db()
    assert (item.description, item.version) == ("Alku", 1)


def test_an_evaluation_sets_the_obligations_latest_result_and_next_evaluation(world):
    obligation = ObligationFactory(organisation=world.organisation, evaluation_interval_months=6)
    for day, result in (
        (datetime.date(2025, 8, 31), "partly"),
        (datetime.date(2025, 3, 1), "compliant"),
    ):
        services.register_entry_save(
            user=world.coordinator,
            instance=ComplianceEvaluation(obligation=obligation),
            values={"date": day, "result": result},
        )
    obligation.refresh_from_db()
    # The latest by date counts, not the latest saved; 31 Aug + 6 months = 28 Feb.
    assert obligation.latest_result == "partly"
    assert obligation.next_evaluation == datetime.date(2026, 2, 28)
    services.register_entry_save(
        user=world.coordinator,
        instance=obligation,
        values={"evaluation_interval_months": 12},
        version=obligation.version,
    )
    assert Obligation.objects.get(pk=obligation.pk).next_evaluation == datetime.date(2026, 8, 31)


def test_another_organisations_row_is_out_of_reach(world):
    from strategia.organisations.tests.factories import OrganisationFactory

    foreign = NonconformityFactory(organisation=OrganisationFactory())
    with pytest.raises(PermissionDenied):
        services.register_entry_save(
            user=world.coordinator, instance=foreign, values={"root_cause": "x"}, version=1
        )
