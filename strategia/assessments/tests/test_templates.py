import copy
import io

import pytest
from django.core.exceptions import ValidationError

from strategia.assessments import services
from strategia.assessments.block import block_data, block_text
from strategia.assessments.defaults import DEFAULT_TEMPLATE_FILE, load_default_assessment_template
from strategia.assessments.models import TemplateVersion
from strategia.assessments.selectors import assessment_with_content
from strategia.assessments.template_schema import TemplateDefinitionError, check_definition

from .flow import assess_all, published, screened


def test_the_default_template_loads_once(organisation):
    assert load_default_assessment_template(organisation=organisation) == "created"
    assert load_default_assessment_template(organisation=organisation) == "unchanged"
    version = TemplateVersion.objects.get()
    assert version.number == 1
    assert [q["key"] for q in version.screening_questions] == [
        "residents",
        "personnel",
        "costs",
        "businesses",
        "service_network",
        "strategy_goals",
        "emissions",
    ]
    assert len(version.dimensions) == 11
    assert [d["key"] for d in version.dimensions if d.get("climate")] == ["climate"]


def test_a_changed_file_becomes_a_new_version(organisation, tmp_path):
    load_default_assessment_template(organisation=organisation)
    changed = DEFAULT_TEMPLATE_FILE.read_text(encoding="utf-8").replace(
        "fi: Ilmasto\n", "fi: Ilmasto ja päästöt\n"
    )
    path = tmp_path / "template.yaml"
    path.write_text(changed, encoding="utf-8")
    assert load_default_assessment_template(organisation=organisation, path=path) == "new version"
    assert list(TemplateVersion.objects.values_list("number", flat=True)) == [2, 1]


def test_the_file_of_another_organisation_is_skipped(db):
    from strategia.organisations.tests.factories import OrganisationFactory

    assert (
        load_default_assessment_template(organisation=OrganisationFactory(slug="tornio"))
        == "skipped"
    )
    assert not TemplateVersion.objects.exists()


def test_changing_the_template_never_changes_a_finished_assessment(
    decision, preparer, reviewer, template, organisation
):
    finished = published(decision, preparer, reviewer)
    before = block_text(block_data(assessment_with_content(finished.pk), language="fi"))

    definition = copy.deepcopy(template.definition)
    definition["dimensions"] = [d for d in definition["dimensions"] if d["key"] != "children"]
    for dimension in definition["dimensions"]:
        if dimension["key"] == "residents":
            dimension["label"]["fi"] = "Asukkaat"
    for direction in definition["directions"]:
        if direction["key"] == "positive":
            direction["label"]["fi"] = "Hyvä"
    new = services.template_version_create(
        template=template.template, definition=definition, note="lapset yhdistetty asukkaisiin"
    )
    assert new.number == 2
    assert services.current_template_version(organisation) == new

    finished = assessment_with_content(finished.pk)
    assert finished.template_version == template
    after = block_text(block_data(finished, language="fi"))
    assert after == before
    assert "Lapset ja nuoret" in after and "Kuntalaiset ja väestöryhmät: Myönteinen" in after

    # A new assessment uses the new version: its labels and its dimensions.
    from .factories import DecisionFactory

    fresh = assess_all(screened(DecisionFactory(organisation=organisation), preparer), preparer)
    fresh_text = block_text(block_data(assessment_with_content(fresh.pk), language="fi"))
    assert "Asukkaat: Hyvä" in fresh_text and "Lapset ja nuoret" not in fresh_text


def test_a_version_in_use_is_protected(decision, preparer, template):
    screened(decision, preparer)
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        template.delete()


def test_definition_problems_are_located(template):
    broken = copy.deepcopy(template.definition)
    broken["dimensions"][1]["label"] = {"sv": "Barn"}
    broken["dimensions"][2]["key"] = broken["dimensions"][0]["key"]
    broken["directions"][0]["value"] = 9
    broken["horizons"] = []
    with pytest.raises(TemplateDefinitionError) as error:
        check_definition(broken)
    assert error.value.errors == [
        "dimensions[1].label.fi: a Finnish text is required",
        "dimensions[2].key: 'residents' is used twice",
        "directions[0].value: a whole number from -3 to 3, or empty",
        "horizons: a non-empty list is required",
    ]
    with pytest.raises(ValidationError):
        services.template_version_create(template=template.template, definition=broken)
    assert TemplateVersion.objects.count() == 1


def test_load_default_content_loads_the_template_once(db):
    from django.core.management import call_command

    call_command("load_default_content", stdout=io.StringIO())
    call_command("load_default_content", stdout=io.StringIO())
    version = TemplateVersion.objects.select_related("template__organisation").get()
    assert version.template.organisation.slug == "kemi" and version.number == 1
