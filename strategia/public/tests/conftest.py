import datetime
from types import SimpleNamespace

import pytest

from strategia.monitoring.models import StatusUpdate
from strategia.monitoring.tests.factories import StatusUpdateFactory
from strategia.organisations.tests.factories import PersonFactory, UnitFactory
from strategia.strategy.models import Goal, MeasureStatus, Plan, Visibility
from strategia.strategy.tests.factories import (
    GoalFactory,
    MeasureFactory,
    PlanFactory,
)


@pytest.fixture
def strategy(organisation):
    """A small strategy: mission, vision with an aim, three goals, a programme, measures.

    One public and one internal measure serve the first goal; the internal one
    has a published update that must never reach an anonymous visitor.
    """
    plan = PlanFactory(
        organisation=organisation,
        slug="kaupunkistrategia",
        kind=Plan.Kind.STRATEGY,
        name_fi="Kaupunkistrategia",
        name_sv="Stadsstrategi",
        name_en="City strategy",
        approving_body_fi="Kaupunginvaltuusto",
        decision_date=datetime.date(2021, 11, 15),
        decision_paragraph="§ 90",
        monitoring_fi="Seurataan vastuualueittain.",
    )
    mission = GoalFactory(plan=plan, slug="missio", kind=Goal.Kind.MISSION, name_fi="Missio X")
    vision = GoalFactory(plan=plan, slug="visio", kind=Goal.Kind.VISION, name_fi="Visio Y")
    aim = GoalFactory(
        plan=plan, slug="veto", kind=Goal.Kind.SUB_GOAL, parent=vision, name_fi="Vetovoima"
    )
    goals = [
        GoalFactory(
            plan=plan,
            slug=slug,
            name_fi=name,
            name_sv=f"{name} SV",
            order=i,
            themes=["wellbeing"],
        )
        for i, (slug, name) in enumerate(
            [("viisas", "Viisas Kemi"), ("valittava", "Välittävä Kemi"), ("vihrea", "Vihreä Kemi")]
        )
    ]
    subgoal = GoalFactory(
        plan=plan, slug="oppiva", kind=Goal.Kind.SUB_GOAL, parent=goals[0], name_fi="Oppiva"
    )
    programme = PlanFactory(
        organisation=organisation,
        slug="ymparistopolitiikka",
        kind=Plan.Kind.POLICY,
        parent=plan,
        name_fi="Ympäristöpolitiikka",
        start_year=2018,
        end_year=2025,
    )
    commitment = GoalFactory(plan=programme, slug="pilaantuminen", name_fi="Pilaantumisen ehkäisy")
    unit = UnitFactory(organisation=organisation, slug="tekninen", name_fi="Tekniset palvelut")
    other_unit = UnitFactory(organisation=organisation, slug="sivistys", name_fi="Sivistys")
    person = PersonFactory(
        organisation=organisation,
        first_name="Maija",
        last_name="Meikäläinen",
        title="Kehittämispäällikkö",
        email="maija.secret@example.fi",
    )
    public_measure = MeasureFactory(
        organisation=organisation,
        identifier="V1",
        slug="sujuvoittaminen",
        name_fi="Sujuvoittamisen operaatio",
        name_sv="Smidighetsoperationen",
        description_fi="Palveluprosessit yksinkertaisemmiksi.",
        responsible_unit=unit,
        status=MeasureStatus.ON_TRACK,
        progress=40,
        start_date=datetime.date(2024, 1, 1),
        end_date=datetime.date(2025, 12, 31),
        goals=[goals[0], commitment],
    )
    public_measure.collaborating_units.add(other_unit)
    public_measure.contact_persons.add(person)
    subgoal_measure = MeasureFactory(
        organisation=organisation,
        identifier="V2",
        slug="oppiva-kaupunki",
        name_fi="Oppiva kaupunki",
        responsible_unit=other_unit,
        status=MeasureStatus.DELAYED,
        goals=[subgoal],
    )
    internal_measure = MeasureFactory(
        organisation=organisation,
        identifier="SALAINEN1",
        slug="salainen",
        name_fi="Salainen valmistelu",
        description_fi="Sisäinen hanke",
        responsible_unit=unit,
        status=MeasureStatus.AT_RISK,
        visibility=Visibility.INTERNAL,
        goals=[goals[0], commitment],
    )
    internal_measure.collaborating_units.add(other_unit)
    published = StatusUpdateFactory(
        measure=public_measure,
        date=datetime.date(2025, 3, 14),
        text_fi="Julkaistu päivitys",
        next_steps_fi="Seuraavaksi pilotoidaan",
        risks_fi="Henkilöstöresurssit ovat tiukilla",
        state=StatusUpdate.State.PUBLISHED,
    )
    draft = StatusUpdateFactory(
        measure=public_measure,
        date=datetime.date(2025, 4, 1),
        text_fi="Luonnospäivitys",
        state=StatusUpdate.State.DRAFT,
    )
    internal_update = StatusUpdateFactory(
        measure=internal_measure,
        date=datetime.date(2025, 5, 1),
        text_fi="Sisäinen päivitys",
        state=StatusUpdate.State.PUBLISHED,
    )
    return SimpleNamespace(
        organisation=organisation,
        plan=plan,
        mission=mission,
        vision=vision,
        aim=aim,
        goals=goals,
        subgoal=subgoal,
        programme=programme,
        commitment=commitment,
        unit=unit,
        other_unit=other_unit,
        person=person,
        public_measure=public_measure,
        subgoal_measure=subgoal_measure,
        internal_measure=internal_measure,
        published=published,
        draft=draft,
        internal_update=internal_update,
    )


def page_urls(strategy) -> dict[str, str]:
    """Every public page of the fixture, by name (call inside translation.override)."""
    from django.urls import reverse

    return {
        "home": reverse("public:home"),
        "plan_list": reverse("public:plan_list"),
        "plan": strategy.plan.get_absolute_url(),
        "programme": strategy.programme.get_absolute_url(),
        "goal": strategy.goals[0].get_absolute_url(),
        "mission": strategy.mission.get_absolute_url(),
        "commitment": strategy.commitment.get_absolute_url(),
        "measure_list": reverse("public:measure_list"),
        "measure": strategy.public_measure.get_absolute_url(),
        "unit": strategy.unit.get_absolute_url(),
        "other_unit": strategy.other_unit.get_absolute_url(),
        "overview": reverse("public:overview"),
        "statuses": reverse("public:statuses"),
        "accessibility": reverse("public:accessibility"),
    }


@pytest.fixture
def insider(organisation):
    """A signed-in member of the organisation, who may see internal content."""
    from strategia.organisations.tests.factories import UserFactory

    user = UserFactory(is_staff=True)
    try:
        from strategia.accounts.models import Role, RoleAssignment
    except ImportError:  # before role assignments existed, staff status was enough
        return user
    RoleAssignment.objects.create(user=user, organisation=organisation, role=Role.READER)
    return user
