"""A workspace with one row of every kind staff write, for the stored-markup test.

Built on the permission scenario (``accounts/tests/scenario.py``): Kemi's unit
tree and one user per role. The unit manager's unit ("own") and another unit
each have a measure with a draft, a returned (with its return comment), a
submitted and a published update, all with risks; an indicator with internal
notes, targets and values; an idea assigned to the manager's unit with a
comment, a report, a blocked author and an official answer; an initiative; a
decision with its impact assessment; budget targets and an operating plan; a
report; a row in every register of the environmental management system.

``addresses(world)`` gives the values of each workspace address's arguments.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from strategia.accounts.tests.scenario import Scenario, build_scenario
from strategia.assessments import services as assessments
from strategia.assessments.defaults import load_default_assessment_template
from strategia.assessments.services import EffectData
from strategia.assessments.tests.factories import DecisionFactory
from strategia.budget.models import BudgetTarget, OperatingPlan, OperatingPlanMeasure
from strategia.ems.models import SignificanceCriterion
from strategia.ems.registers import REGISTERS
from strategia.ems.tests import factories as ems
from strategia.indicators.models import IndicatorGoal, IndicatorMeasure
from strategia.indicators.tests.factories import (
    IndicatorFactory,
    ObservationFactory,
    TargetFactory,
)
from strategia.monitoring.tests.factories import (
    PlanMonitoringFactory,
    ReportingPeriodFactory,
    StatusUpdateFactory,
)
from strategia.participation.models import ContentReport, IdeaAnswer, ModerationEvent
from strategia.participation.tests.factories import (
    CommentFactory,
    IdeaFactory,
    InitiativeFactory,
    ParticipantFactory,
)
from strategia.reports.services import report_create
from strategia.strategy.tests.factories import GoalFactory

UPDATE_STATES = ("draft", "returned", "submitted", "published")


def build_workspace_world() -> Scenario:
    s = build_scenario()
    kemi, office, admin = s.organisation, s.users["office"], s.users["admin"]
    plan = s.plans["own"]
    PlanMonitoringFactory(plan=plan)
    s.goal = GoalFactory(plan=plan)
    s.periods = [
        ReportingPeriodFactory(plan=plan, number=number, state="open")
        for number in range(1, len(UPDATE_STATES) + 1)
    ]
    s.work = {}
    for scope in ("own", "other_unit"):
        measure = s.measures[scope]
        measure.goals.add(s.goal)
        for period, state in zip(s.periods, UPDATE_STATES, strict=True):
            s.work[scope, state] = StatusUpdateFactory(
                measure=measure,
                reporting_period=period,
                author=s.users["contact"],
                state=state,
                text_fi="Teksti",
                next_steps_fi="Seuraavaksi",
                risks_fi="Riski",
                return_comment="Palaute" if state == "returned" else "",
            )
    s.indicator = IndicatorFactory(
        organisation=kemi,
        responsible_unit=s.units["own"],
        contact_person=s.users["contact"].person,
        internal_notes="Muistiinpano",
    )
    IndicatorMeasure.objects.create(indicator=s.indicator, measure=s.measures["own"])
    IndicatorGoal.objects.create(indicator=s.indicator, goal=s.goal)
    ObservationFactory(indicator=s.indicator)
    s.target = TargetFactory(indicator=s.indicator, note_fi="Tavoitteen huomio")

    s.participant = ParticipantFactory(organisation=kemi, blocked_reason="Estetty")
    s.idea = IdeaFactory(
        organisation=kemi,
        author=s.participant.user,
        unit=s.units["own"],
        state="under_consideration",
        due_date=datetime.date(2026, 6, 1),
        place="Paikka",
        service="Palvelu",
    )
    comment = CommentFactory(idea=s.idea, author=s.participant.user)
    ContentReport.objects.create(idea=s.idea, reporter=admin, reason="spam", note="Huomio")
    ContentReport.objects.create(comment=comment, reporter=admin, reason="spam", note="Huomio")
    ModerationEvent.objects.create(
        organisation=kemi, action="hide", idea=s.idea, moderator=admin, reason="Syy"
    )
    for published_at in (timezone.now(), None):  # a published answer and a draft
        IdeaAnswer.objects.create(
            idea=s.idea,
            kind="taken_forward",
            text="Vastaus",
            reasons="Perustelut",
            unit=s.units["own"],
            written_by=s.users["manager"],
            published_at=published_at,
        )
    s.initiative = InitiativeFactory(organisation=kemi, body=s.units["own"], decision="Päätös")

    load_default_assessment_template(organisation=kemi)
    s.decision = DecisionFactory(organisation=kemi)
    assessment = assessments.assessment_start(user=office, decision=s.decision)
    assessment = assessments.assessment_screen(
        user=office,
        assessment=assessment,
        answers={"residents": True},
        no_assessment_reason={},
        version=assessment.version,
    )
    s.option = assessment.options.get(is_proposal=True)
    assessments.effects_save(
        user=office,
        assessment=assessment,
        option=s.option,
        rows=[
            EffectData(
                dimension=dimension["key"],
                direction="positive",
                justification={"fi": "Perustelu"},
                mitigation={"fi": "Lievennys"},
                groups={"fi": "Ryhmät"},
            )
            for dimension in assessment.template_version.dimensions
        ],
        version=assessment.version,
    )

    s.budget_target = BudgetTarget.objects.create(
        organisation=kemi, year=2026, unit=s.units["own"], text_fi="Sitova tavoite"
    )
    operating_plan = OperatingPlan.objects.create(
        organisation=kemi, unit=s.units["own"], year=2026, description_fi="Kuvaus"
    )
    operating_plan.budget_targets.add(s.budget_target)
    OperatingPlanMeasure.objects.create(
        operating_plan=operating_plan, measure=s.measures["own"], resources_fi="Resurssit"
    )
    s.report = report_create(
        user=office, organisation=kemi, kind="annual", plan=plan, year=2026, internal=True
    )

    s.criterion = SignificanceCriterion.objects.create(
        organisation=kemi, name="Kriteeri", description="Kuvaus"
    )
    site = ems.SiteFactory(organisation=kemi, description="Kuvaus")
    obligation = ems.ObligationFactory(organisation=kemi, reference="Viite")
    obligation.sites.add(site)
    programme = ems.ProgrammeFactory(organisation=kemi, description="Kuvaus")
    audit = ems.AuditFactory(programme=programme, criteria="Kriteerit", report="Raportti")
    s.review = ems.ReviewFactory(organisation=kemi, participants="Osallistujat")
    rows = [
        site,
        ems.AspectFactory(organisation=kemi, controls="Ohjaus"),
        obligation,
        ems.EvaluationFactory(obligation=obligation, findings="Löydökset"),
        programme,
        audit,
        ems.FindingFactory(audit=audit, clause="6.1"),
        ems.NonconformityFactory(organisation=kemi, root_cause="Syy"),
        s.review,
        ems.ActionFactory(review=s.review),
    ]
    # One row of each register, by the register's key in the address.
    s.registers = {
        register.key: next(row for row in rows if isinstance(row, register.model))
        for register in REGISTERS
    }
    return s
