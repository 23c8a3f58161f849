"""A broken content file is refused with a message naming where, and writes nothing."""

import pytest
from django.core.management.base import CommandError

from strategia.content.schema import ContentFileError, parse_content
from strategia.organisations.models import Organisation

from .helpers import row_counts, run_command
from .test_load_default_content import write_content

pytestmark = pytest.mark.django_db


def rename_everything(data: dict) -> None:
    """Valid changes early in the file, to show that none of them is written."""
    data["organisation"]["name"]["fi"] = "Muutettu kaupunki"
    data["plans"][0]["name"]["fi"] = "Muutettu strategia"


def drop_plan_name_fi(data):
    del data["plans"][2]["name"]["fi"]


def drop_goal_name_fi(data):
    del data["plans"][0]["goals"][0]["name"]["fi"]


def unknown_plan_kind(data):
    data["plans"][1]["kind"] = "manifesto"


def unknown_goal(data):
    data["measures"][0]["goals"][0]["goal"] = "no-such-goal"


def unknown_plan(data):
    data["measures"][3]["goals"][0]["plan"] = "no-such-plan"


def unknown_theme(data):
    data["plans"][0]["goals"][3]["themes"] = ["happiness"]


def misspelt_key(data):
    data["plans"][1]["descripton"] = data["plans"][1].pop("description")


def parent_after_child(data):
    data["plans"][1]["parent"] = "jarjestostrategia"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (drop_plan_name_fi, "plans[2].name.fi: a Finnish text is required"),
        (drop_goal_name_fi, "plans[0].goals[0].name.fi: a Finnish text is required"),
        (unknown_plan_kind, "plans[1].kind: 'manifesto' is not one of: strategy"),
        (unknown_goal, "measures[0].goals[0].goal: plan 'kaupunkistrategia' has no goal"),
        (unknown_plan, "measures[3].goals[0].plan: no plan 'no-such-plan'"),
        (unknown_theme, "plans[0].goals[3].themes[0]: 'happiness' is not a theme"),
        (misspelt_key, "plans[1].descripton: is not a known key here"),
        (parent_after_child, "plans[1].parent: no plan 'jarjestostrategia' is defined before"),
    ],
)
def test_a_broken_file_names_the_path_and_changes_nothing(
    default_content, tmp_path, change, message
):
    def broken(data):
        rename_everything(data)
        change(data)

    path = write_content(tmp_path, broken)
    before = row_counts()
    with pytest.raises(CommandError) as raised:
        run_command("load_default_content", "--file", str(path))
    assert message in str(raised.value)
    assert "Nothing was loaded" in str(raised.value)
    assert row_counts() == before
    assert Organisation.objects.get().name_fi == "Kemin kaupunki"


def test_bad_yaml_syntax_names_the_line(default_content, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("organisation:\n  slug: kemi\n  name: {fi: Kemi\nplans: []\n")
    before = row_counts()
    with pytest.raises(CommandError, match=r"broken\.yaml line \d+, column \d+: not valid YAML"):
        run_command("load_default_content", "--file", str(path))
    assert row_counts() == before


def test_a_missing_file_is_reported(tmp_path):
    with pytest.raises(CommandError, match="can't be read"):
        run_command("load_default_content", "--file", str(tmp_path / "nothing.yaml"))
    assert not Organisation.objects.exists()


def test_every_problem_is_reported_at_once():
    source = """
organisation: {slug: kemi, name: {sv: Kemi}}
plans:
  - {slug: a, kind: strategy, name: {fi: A}, start_year: 2025, end_year: 2020}
  - {slug: a, kind: policy, name: {fi: B}}
measures:
  - {identifier: X-1, name: {fi: X}, goals: []}
"""
    with pytest.raises(ContentFileError) as raised:
        parse_content(source)
    assert raised.value.errors == [
        "organisation.name.fi: a Finnish text is required",
        "plans[0].end_year: is before start_year",
        "plans[1].slug: 'a' is already used by another plan",
        "measures[0].goals: a measure must serve at least one goal",
    ]


def test_a_key_given_twice_is_refused():
    with pytest.raises(ContentFileError, match="the key 'slug' appears twice"):
        parse_content("organisation:\n  slug: kemi\n  slug: tornio\n")


def test_a_plain_string_where_languages_are_expected_is_refused():
    source = "organisation: {slug: kemi, name: Kemi}\nplans: []\n"
    with pytest.raises(ContentFileError, match=r"organisation\.name: must be a mapping of langu"):
        parse_content(source)


def test_a_missing_key_is_reported_once():
    source = "organisation: {slug: kemi, name: {fi: Kemi}}\nplans:\n  - {slug: a, name: {fi: A}}\n"
    with pytest.raises(ContentFileError) as raised:
        parse_content(source)
    assert raised.value.errors == ["plans[0].kind: is missing"]
