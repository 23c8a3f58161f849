"""The workspace and public pages over HTTP: the preparer's whole path, rights, query counts."""

import io

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from strategia.assessments.models import Decision, ImpactAssessment
from strategia.core.tests.save_buttons import assert_save_buttons_say
from strategia.strategy.tests.factories import GoalFactory, PlanFactory

from .factories import DecisionFactory
from .flow import published

BACKEND = "django.contrib.auth.backends.ModelBackend"


def client_for(user) -> Client:
    client = Client()
    client.force_login(user, backend=BACKEND)
    return client


def _errors(response) -> str:
    return response.content.decode()


def test_a_preparer_screens_assesses_and_exports(organisation, template, preparer, reviewer):
    plan = PlanFactory(organisation=organisation)
    goal = GoalFactory(plan=plan, name_fi="Vihreä Kemi")
    client = client_for(preparer)
    assert client.get("/fi/tyotila/paatokset/").status_code == 200
    response = client.post(
        "/fi/tyotila/paatokset/uusi/",
        {
            "title_fi": "Katuvalaistuksen LED-saneeraus",
            "body": "Kaupunginhallitus",
            "body_kind": "board",
            "meeting_date": "2026-03-02",
            "paragraph": "46",
            "status": "in_preparation",
        },
    )
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(
        f"/{decision.pk}/esiarviointi/"
    )
    assessment = decision.assessment
    base = f"/fi/tyotila/paatokset/{decision.pk}"

    assert client.get(f"{base}/esiarviointi/").status_code == 200
    response = client.post(
        f"{base}/esiarviointi/", {"version": assessment.version, "q_emissions": "on"}
    )
    assert response["Location"].endswith("/vaikutukset/"), _errors(response)

    assessment.refresh_from_db()
    page = client.get(f"{base}/vaikutukset/")
    assert "Ilmasto" in page.content.decode()
    data = {"version": assessment.version, "summary_fi": "Päästöt laskevat."}
    for dimension in assessment.template_version.dimensions:
        data[f"{dimension['key']}-direction"] = "none"
    data["climate-direction"] = "strongly_positive"
    data["climate-climate_tco2e"] = "-85"
    data["climate-horizon"] = "longer"
    data["climate-justification_fi"] = "Sähkönkulutus laskee noin 60 %."
    response = client.post(f"{base}/vaikutukset/", data)
    assert response["Location"].endswith("/tavoitteet/"), _errors(response)

    assessment.refresh_from_db()
    response = client.post(
        f"{base}/tavoitteet/", {"version": assessment.version, f"goal_{goal.pk}": "advances"}
    )
    assert response.status_code == 302, _errors(response)

    assessment.refresh_from_db()
    response = client.post(f"{base}/tila/", {"version": assessment.version, "submit": "1"})
    assessment.refresh_from_db()
    assert assessment.state == ImpactAssessment.State.READY

    # The preparer sees no review buttons; a second preparer reviews, then publishes.
    assert 'name="review"' not in client.get(f"{base}/").content.decode()
    other = client_for(reviewer)
    other.post(f"{base}/tila/", {"version": assessment.version, "review": "1"})
    assessment.refresh_from_db()
    other.post(f"{base}/tila/", {"version": assessment.version, "publish": "1"})
    assessment.refresh_from_db()
    assert assessment.is_published and assessment.reviewer == reviewer

    text = client.get(f"{base}/vienti.txt?lang=fi").content.decode()
    assert text.startswith("VAIKUTUSTEN ARVIOINTI\n")
    assert "Ilmasto: Merkittävä myönteinen, pidempi aikaväli, −85,0 t CO2e/v" in text
    assert "Edistää strategian tavoitteita: Vihreä Kemi" in text
    html = client.get(f"{base}/vienti.html?lang=sv").content.decode()
    assert "<h2" in html and "Klimat" in html and 'lang="sv"' in html

    import docx

    response = client.get(f"{base}/vienti.docx?lang=en")
    assert response["Content-Disposition"].startswith("attachment;")
    document = docx.Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == "Impact assessment"
    cells = [cell.text for cell in document.tables[0].rows[7].cells]
    assert cells[0] == "Climate" and cells[1].startswith(
        "Strongly positive, longer, −85.0 t CO2e/year"
    )

    # On the public site, next to the decision, and on the goal's page.
    public = Client()
    page = public.get(f"/fi/decisions/{decision.pk}/").content.decode()
    assert "Katuvalaistuksen LED-saneeraus" in page and "Vaikutusten arviointi" in page
    goal_page = public.get(goal.get_absolute_url()).content.decode()
    assert "Päätökset, jotka vaikuttavat tähän tavoitteeseen" in goal_page
    assert f"/fi/decisions/{decision.pk}/" in goal_page


def test_unpublished_decisions_are_not_public(organisation, template, preparer):
    decision = DecisionFactory(organisation=organisation)
    client = Client()
    assert client.get(f"/fi/decisions/{decision.pk}/").status_code == 404
    assert decision.title_fi not in client.get("/fi/decisions/").content.decode()


def test_a_reader_reads_but_may_not_write(organisation, template, preparer, reviewer, reader):
    decision = DecisionFactory(organisation=organisation)
    published(decision, preparer, reviewer)
    client = client_for(reader)
    assert client.get("/fi/tyotila/paatokset/").status_code == 200
    assert client.get(f"/fi/tyotila/paatokset/{decision.pk}/").status_code == 200
    assert client.get("/fi/tyotila/paatokset/tilastot/").status_code == 200
    assert client.get("/fi/tyotila/paatokset/uusi/").status_code == 403
    assert client.get("/fi/tyotila/paatokset/tuonti/").status_code == 403
    assert client.post(f"/fi/tyotila/paatokset/{decision.pk}/aloita/").status_code == 403
    assert (
        client.post(f"/fi/tyotila/paatokset/{decision.pk}/tila/", {"publish": "1"}).status_code
        == 403
    )
    assert ImpactAssessment.objects.get().state == ImpactAssessment.State.PUBLISHED
    anonymous = Client().get("/fi/tyotila/paatokset/")
    assert anonymous.status_code == 302 and "/kirjaudu/" in anonymous["Location"]


def test_a_stale_form_is_refused_with_the_input_kept(organisation, template, preparer, reviewer):
    decision = DecisionFactory(organisation=organisation)
    client = client_for(preparer)
    client.post(f"/fi/tyotila/paatokset/{decision.pk}/aloita/")
    assessment = (
        decision.assessment if hasattr(decision, "assessment") else ImpactAssessment.objects.get()
    )
    stale = assessment.version
    client_for(reviewer).post(
        f"/fi/tyotila/paatokset/{decision.pk}/esiarviointi/",
        {"version": stale, "q_personnel": "on"},
    )
    response = client.post(
        f"/fi/tyotila/paatokset/{decision.pk}/esiarviointi/",
        {"version": stale, "q_costs": "on"},
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Joku muu tallensi tämän sillä välin" in content or "conflict-title" in content
    assessment.refresh_from_db()
    assert assessment.screening["personnel"] is True and assessment.screening["costs"] is False


def test_import_page_names_the_problems(organisation, template, preparer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for(preparer)
    bad = SimpleUploadedFile("a.csv", b"body,meeting_date,title_fi\nKH,32.1.2026,Asia\n")
    response = client.post("/fi/tyotila/paatokset/tuonti/", {"kind": "csv", "file": bad})
    assert "Rivi 2, sarake meeting_date" in response.content.decode()
    assert not Decision.objects.exists()
    good = SimpleUploadedFile("a.csv", b"body,meeting_date,title_fi\nKH,31.1.2026,Asia\n")
    response = client.post("/fi/tyotila/paatokset/tuonti/", {"kind": "csv", "file": good})
    assert response.status_code == 302 and Decision.objects.count() == 1


def _make_decisions(organisation, preparer, reviewer, count, start):
    plan = PlanFactory(organisation=organisation)
    goal = GoalFactory(plan=plan)
    for i in range(start, start + count):
        decision = DecisionFactory(organisation=organisation, paragraph=str(1000 + i))
        if i % 3 == 0:
            assessment = published(decision, preparer, reviewer)
            assessment.goal_links.create(goal=goal, relation="advances")
    return goal


def _count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("who", ["preparer", "anonymous"])
def test_list_pages_make_as_many_queries_for_few_and_many(
    organisation, template, preparer, reviewer, who
):
    goal = _make_decisions(organisation, preparer, reviewer, 3, 0)
    client = client_for(preparer) if who == "preparer" else Client()
    urls = ["/fi/decisions/", goal.get_absolute_url()]
    if who == "preparer":
        urls += ["/fi/tyotila/paatokset/", "/fi/tyotila/paatokset/tilastot/"]
    few = {url: _count(client, url) for url in urls}
    _make_decisions(organisation, preparer, reviewer, 30, 3)
    many = {url: _count(client, url) for url in urls}
    assert few == many


def test_internal_indicators_are_not_cited_publicly(organisation, template, preparer, reviewer):
    from strategia.assessments.services import EffectData
    from strategia.indicators.tests.factories import IndicatorFactory
    from strategia.strategy.models import Visibility

    public = IndicatorFactory(organisation=organisation, name_fi="Sähkönkulutus")
    internal = IndicatorFactory(
        organisation=organisation, name_fi="Sisäinen mittari", visibility=Visibility.INTERNAL
    )
    decision = DecisionFactory(organisation=organisation)
    evidence = EffectData(
        dimension="climate", direction="positive", indicator_ids=[public.pk, internal.pk]
    )
    published(decision, preparer, reviewer, climate=evidence)
    page = Client().get(f"/fi/decisions/{decision.pk}/").content.decode()
    assert "Mittari: Sähkönkulutus" in page and "Sisäinen mittari" not in page
    staff_page = client_for(reviewer).get(f"/fi/tyotila/paatokset/{decision.pk}/").content.decode()
    assert "Sisäinen mittari" in staff_page


@pytest.mark.parametrize("language, word", [("fi", "Tallenna"), ("sv", "Spara"), ("en", "Save")])
def test_the_decision_forms_save_button_says_save(organisation, preparer, language, word):
    # The edit form's button saves and stays: its own context (core/tests/save_buttons.py).
    decision = DecisionFactory(organisation=organisation)
    page = f"/{language}/tyotila/paatokset/{decision.pk}/muokkaa/"
    assert_save_buttons_say(client_for(preparer), [page], word)
