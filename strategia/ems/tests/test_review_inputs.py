"""The management review's inputs are the registers, nothing more and nothing less."""

import datetime

from strategia.ems import selectors, services
from strategia.ems.models import Aspect, Obligation
from strategia.indicators.models import IndicatorGoal
from strategia.indicators.tests.factories import IndicatorFactory

from .factories import (
    ActionFactory,
    AspectFactory,
    AuditFactory,
    EvaluationFactory,
    FindingFactory,
    NonconformityFactory,
    ObligationFactory,
    ReviewFactory,
)


def test_inputs_equal_the_registers(world):
    org = world.organisation
    previous = ReviewFactory(
        organisation=org, date=datetime.date(2024, 12, 1), covers_from=datetime.date(2024, 1, 1)
    )
    previous_actions = [
        ActionFactory(review=previous),
        ActionFactory(review=previous, done_on=datetime.date(2025, 2, 1)),
    ]
    review = ReviewFactory(
        organisation=org, date=datetime.date(2025, 12, 10), covers_from=datetime.date(2025, 1, 1)
    )
    ActionFactory(review=review)  # this review's own action is not an input
    significant = AspectFactory(organisation=org, is_significant=True)
    AspectFactory(organisation=org, is_significant=False)
    # Obligations: one added in the period (through the service), one older.
    ObligationFactory(organisation=org)
    Obligation.history.update(history_date=datetime.datetime(2024, 5, 1, tzinfo=datetime.UTC))
    added = services.register_entry_save(
        user=world.coordinator,
        instance=Obligation(organisation=org),
        values={"title": "Uusi lupa", "requirement": "Vaatimus"},
    )
    Obligation.history.filter(id=added.pk).update(
        history_date=datetime.datetime(2025, 4, 1, 12, tzinfo=datetime.UTC)
    )
    inside = EvaluationFactory(obligation=added, date=datetime.date(2025, 6, 1))
    EvaluationFactory(obligation=added, date=datetime.date(2024, 6, 1))  # before the period
    audit = AuditFactory(programme__organisation=org, date=datetime.date(2025, 9, 1))
    FindingFactory(audit=audit)
    AuditFactory(programme__organisation=org, date=datetime.date(2025, 10, 1), state="planned")
    open_one = NonconformityFactory(organisation=org, identified_on=datetime.date(2025, 2, 1))
    closed_after = NonconformityFactory(
        organisation=org,
        identified_on=datetime.date(2025, 2, 1),
        closed_on=datetime.date(2026, 1, 5),
    )
    NonconformityFactory(
        organisation=org,
        identified_on=datetime.date(2025, 2, 1),
        closed_on=datetime.date(2025, 5, 1),
    )
    complaint = NonconformityFactory(
        organisation=org, source="complaint", identified_on=datetime.date(2025, 7, 1)
    )
    NonconformityFactory(
        organisation=org,
        source="complaint",
        identified_on=datetime.date(2024, 7, 1),
        closed_on=datetime.date(2024, 8, 1),
    )
    indicator = IndicatorFactory(organisation=org)
    IndicatorGoal.objects.create(indicator=indicator, goal=world.goals[0])

    inputs = selectors.review_inputs(review=review)

    assert inputs.previous_review == previous
    assert {a.pk for a in inputs.previous_actions} == {a.pk for a in previous_actions}
    assert [(o.pk, change) for o, change in inputs.obligation_changes] == [(added.pk, "added")]
    assert (
        {a.pk for a in inputs.significant_aspects}
        == set(
            Aspect.objects.filter(organisation=org, is_significant=True).values_list(
                "pk", flat=True
            )
        )
        == {significant.pk}
    )
    assert [i.pk for i, _judgement in inputs.objectives] == [indicator.pk]
    assert [e.pk for e in inputs.compliance_results] == [inside.pk]
    assert [(a.pk, a.finding_count) for a in inputs.audits] == [(audit.pk, 1)]
    assert {n.pk for n in inputs.open_nonconformities} == {
        open_one.pk,
        closed_after.pk,
        complaint.pk,
    }
    assert [n.pk for n in inputs.complaints] == [complaint.pk]


def test_holding_a_review_freezes_its_inputs(world):
    org = world.organisation
    review = ReviewFactory(organisation=org)
    AspectFactory(organisation=org, is_significant=True, activity="Lämmitys")
    held = services.management_review_hold(user=world.coordinator, review=review, version=1)
    assert held.state == "held"
    AspectFactory(organisation=org, is_significant=True, activity="Myöhemmin lisätty")
    held.refresh_from_db()
    assert [a["activity"] for a in held.inputs_snapshot["significant_aspects"]] == ["Lämmitys"]
