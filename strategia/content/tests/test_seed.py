"""The default content says what Kemi's strategy page (the seed) says."""

import datetime
import re

import pytest

from strategia.content.defaults import DEFAULT_CONTENT_FILE
from strategia.content.schema import GoalSpec, read_content_file
from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal, Measure, Plan

from .helpers import after_heading, bullet, seed_paragraphs

pytestmark = pytest.mark.django_db


def strategy_goal(kind: str) -> Goal:
    return Goal.objects.get(plan__slug="kaupunkistrategia", kind=kind)


def test_mission_and_vision_are_the_seeds_words(seed_text, default_content):
    paragraphs = seed_paragraphs(seed_text)
    mission = after_heading(paragraphs, "Missio")
    vision = after_heading(paragraphs, "Visio")
    # The seed wraps one line inside the mission's description: one paragraph.
    mission_description = " ".join(mission[1])
    assert mission_description.endswith("voimaannuttava niin asukkaalle kuin matkailijallekin.")

    assert strategy_goal(Goal.Kind.MISSION).name_fi == bullet(mission[0])
    assert strategy_goal(Goal.Kind.MISSION).description_fi == mission_description
    assert strategy_goal(Goal.Kind.VISION).name_fi == bullet(vision[0]) == "Kemi kutsuu"
    assert strategy_goal(Goal.Kind.VISION).description_fi == " ".join(vision[1])


def test_the_three_goals_have_the_seeds_names_and_descriptions(seed_text, default_content):
    paragraphs = seed_paragraphs(seed_text)
    names = [bullet([line]) for line in after_heading(paragraphs, "Tavoitteet")[0]]
    assert names == ["Viisas Kemi", "Välittävä Kemi", "Vihreä Kemi"]
    for name in names:
        seed_paragraph = next(p for p in paragraphs if p[0] == name and len(p) > 1)
        goal = Goal.objects.get(plan__slug="kaupunkistrategia", name_fi=name)
        assert goal.kind == Goal.Kind.GOAL
        assert goal.parent is None
        assert goal.description_fi == " ".join(seed_paragraph[1:])
        assert len(goal.description_fi) > 200


def test_environmental_policy_is_the_seeds_text_with_its_decision_date(seed_text, default_content):
    section = after_heading(seed_paragraphs(seed_text), "Ympäristöpolitiikka")
    approval = " ".join(section[0])
    day, month, year = re.search(r"(\d{1,2})\.(\d{1,2})\.(\d{4})", approval).groups()
    text = [" ".join(paragraph) for paragraph in section[1:4]]
    assert section[4] == ["Muut ohjelmat"]

    policy = Plan.objects.get(slug="ymparistopolitiikka")
    assert policy.kind == Plan.Kind.POLICY
    assert policy.parent.slug == "kaupunkistrategia"
    assert policy.decision_date == datetime.date(int(year), int(month), int(day))
    assert policy.decision_date == datetime.date(2018, 8, 27)
    assert policy.approving_body_fi == "kaupunginvaltuusto"
    assert policy.approving_body_fi in approval
    assert policy.summary_fi == approval
    assert policy.description_fi == f"{text[0]}\n\n{text[1]}"
    # How the policy is monitored: per responsibility area, to the council
    # with the financial statements.
    assert policy.monitoring_fi == text[2]
    assert "seurataan vastuualueittain" in policy.monitoring_fi


def test_environmental_policy_commitments_are_its_goals(default_content):
    goals = {goal.slug: goal for goal in Goal.objects.filter(plan__slug="ymparistopolitiikka")}
    commitments = {
        "pilaantumisen-ehkaisy": "pilaantumisen ehkäisy",
        "jatkuva-parantaminen": "jatkuvaan ympäristönsuojelutason parantamiseen",
        "velvoitteiden-tayttaminen": "ympäristövelvoitteidensa täyttämiseen",
        "ymparistovaikutusten-huomioiminen": "huomioidaan ympäristövaikutukset",
    }
    for slug, words in commitments.items():
        assert words in goals[slug].description_fi or words in goals[slug].name_fi.lower()


def test_every_programme_exists_with_its_period(seed_text, default_content):
    section = after_heading(seed_paragraphs(seed_text), "Muut ohjelmat")
    seed_periods = set()
    for (line,) in section:
        for start, end in re.findall(r"(\d{4})-(\d{2,4})", line):
            end = end if len(end) == 4 else start[:2] + end  # "2022-25"
            seed_periods.add((int(start), int(end)))
    assert seed_periods == {(2017, 2021), (2019, 2024), (2022, 2024), (2022, 2025)}

    expected = {
        "ikavihrea-kemi": ("Ikävihreä Kemi", 2022, 2024),
        "lasten-ja-nuorten-hyvinvointisuunnitelma": ("lasten ja nuorten", 2022, 2025),
        "hyvinvointi-ja-turvallisuuskertomus-2017-2021": ("turvallisuuskertomus", 2017, 2021),
        "hyvinvointisuunnitelma-2022-2025": ("Hyvinvointisuunnitelma", 2022, 2025),
        "kulttuuripalvelut-hyvinvointisuunnitelman-toteuttajana": ("Kulttuuripalvelut", None, None),
        "elinvoimaohjelma": ("elinvoimaohjelma", 2019, 2024),
        "jarjestostrategia": ("järjestöstrategia", 2022, 2025),
    }
    plans = {plan.slug: plan for plan in Plan.objects.all()}
    for slug, (words, start, end) in expected.items():
        plan = plans[slug]
        assert words in plan.name_fi
        assert (plan.start_year, plan.end_year) == (start, end)
    assert (
        plans["kulttuuripalvelut-hyvinvointisuunnitelman-toteuttajana"].parent
        == plans["hyvinvointisuunnitelma-2022-2025"]
    )
    assert plans["hyvinvointi-ja-turvallisuuskertomus-2017-2021"].kind == Plan.Kind.WELLBEING_REPORT
    loaded_periods = {(p.start_year, p.end_year) for p in plans.values() if p.start_year}
    assert loaded_periods == seed_periods


def test_the_wellbeing_plan_is_ready_for_its_own_list_of_measures(default_content):
    plan = Plan.objects.get(slug="hyvinvointisuunnitelma-2022-2025")
    assert "toimenpiteet" in plan.summary_fi
    # A goal to hang the plan's measures on, and no invented measure under it.
    goal = plan.goals.get()
    assert not goal.measures.exists()


def test_organisation_is_kemi(default_content):
    kemi = Organisation.objects.get(slug="kemi")
    assert kemi.municipality_code == "240"
    assert kemi.name_sv == "Kemi stad"


def test_seed_measures_have_no_invented_facts(default_content):
    measures = Measure.objects.all()
    assert measures.count() == 10
    for measure in measures:
        assert measure.status == "not_started"
        assert measure.progress is None
        assert measure.visibility == "public"
        assert not measure.is_sample
        assert measure.start_date is measure.end_date is None
        assert measure.responsible_unit is None
        assert measure.cost_estimate is None
        assert measure.name_sv and measure.name_en and measure.description_fi
    viisas = Measure.objects.get(identifier="VIISAS-1")
    assert "sujuvoittamisen operaatio" in viisas.name_fi
    assert "digitaalisuutta" in viisas.description_fi
    vihrea = Measure.objects.get(identifier="VIHREA-1")
    assert {goal.plan.slug for goal in vihrea.goals.all()} == {
        "kaupunkistrategia",
        "ymparistopolitiikka",
    }


def _walk(goals: tuple[GoalSpec, ...]):
    for goal in goals:
        yield goal
        yield from _walk(goal.children)


def test_database_holds_every_text_of_the_file_in_every_language(default_content):
    """Independent of the seed: the loader stores the file as written."""
    spec = read_content_file(DEFAULT_CONTENT_FILE)
    assert spec.plans[0].goals[0].name.fi == "Voimaannuttava merikaupunki Kemi."
    checked = 0
    for plan_spec in spec.plans:
        plan = Plan.objects.get(slug=plan_spec.slug)
        for field in ("name", "summary", "description", "monitoring", "approving_body"):
            for language in ("fi", "sv", "en"):
                wanted = getattr(getattr(plan_spec, field), language)
                assert (getattr(plan, f"{field}_{language}") or "") == wanted
        for goal_spec in _walk(plan_spec.goals):
            goal = plan.goals.get(slug=goal_spec.slug)
            assert goal.kind == goal_spec.kind
            assert goal.themes == list(goal_spec.themes)
            for language in ("fi", "sv", "en"):
                assert goal.name_fi and getattr(goal, f"name_{language}") == getattr(
                    goal_spec.name, language
                )
                assert (getattr(goal, f"description_{language}") or "") == getattr(
                    goal_spec.description, language
                )
                checked += 1
    for measure_spec in spec.measures:
        measure = Measure.objects.get(identifier=measure_spec.identifier)
        assert measure.name_sv == measure_spec.name.sv
        assert measure.description_en == measure_spec.description.en
        assert measure.goals.count() == len(measure_spec.goals)
    assert checked == 3 * Goal.objects.count()


def test_every_text_of_the_file_is_translated(default_content):
    for model, fields in (
        (Plan, ("name", "summary", "description", "monitoring")),
        (Goal, ("name", "description")),
        (Measure, ("name", "description")),
    ):
        for row in model.objects.all():
            for field in fields:
                if getattr(row, f"{field}_fi"):
                    assert getattr(row, f"{field}_sv"), (row, field)
                    assert getattr(row, f"{field}_en"), (row, field)
