"""Sample agenda items and assessments, so the statistics and public pages can be tried.

Called by ``load_demo_data``; every row is marked ``is_sample`` and removed
with ``--remove``. A second run adds nothing. The sample assessments are made
against the organisation's current template version, with the preparer and
reviewer accounts of ``strategia.accounts.demo`` when they exist.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TextIO

from django.db.models import Q
from django.utils import timezone

from strategia.accounts.models import User
from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal

from .models import Decision, DecisionOption, Effect, GoalLink, ImpactAssessment
from .services import current_template_version

# title, body, kind, month, §, screening that applies, state, {dimension: (direction, text)},
# climate t CO2e/year, goal slug and relation
SAMPLES = [
    (
        "Katuvalaistuksen LED-saneeraus",
        "Kaupunginhallitus",
        "board",
        2,
        45,
        ["costs", "strategy_goals", "emissions"],
        "published",
        {
            "climate": ("strongly_positive", "Sähkönkulutus laskee noin 60 %."),
            "municipal_economy": ("positive", "Investointi maksaa itsensä takaisin säästöinä."),
            "residents": ("positive", "Valaistus paranee myös kevyen liikenteen väylillä."),
        },
        Decimal("-85"),
        ("vihrea-kemi", "advances"),
    ),
    (
        "Kouluverkon tiivistäminen",
        "Sivistyslautakunta",
        "committee",
        3,
        12,
        ["residents", "service_network", "costs"],
        "reviewed",
        {
            "children": ("negative", "Koulumatkat pitenevät noin 60 oppilaalla."),
            "municipal_economy": ("positive", "Säästö noin 450 000 € vuodessa."),
            "climate": ("negative", "Koulukuljetukset lisääntyvät."),
        },
        Decimal("12"),
        ("valittava-kemi", "works_against"),
    ),
    (
        "Kaupungintalon aulan kalustehankinta",
        "Kaupunginhallitus",
        "board",
        3,
        52,
        [],
        "published",
        {},
        None,
        None,
    ),
    (
        "Nuorisovaltuuston toimintaraha",
        "Kaupunginvaltuusto",
        "council",
        4,
        20,
        ["residents", "strategy_goals"],
        "draft",
        {"children": ("positive", "Nuorten osallisuus vahvistuu.")},
        None,
        ("valittava-kemi", "advances"),
    ),
]


def _write(stdout: TextIO | None, text: str) -> None:
    if stdout is not None:
        stdout.write(text)


def add_sample_data(*, organisation: Organisation, stdout: TextIO | None = None) -> None:
    version = current_template_version(organisation)
    if (
        version is None
        or Decision.objects.filter(organisation=organisation, is_sample=True).exists()
    ):
        return
    preparer = User.objects.filter(email="valmistelija@example.fi").first()
    reviewer = User.objects.filter(email="strategiatoimisto@example.fi").first()
    goals = {goal.slug: goal for goal in Goal.objects.filter(plan__organisation=organisation)}
    year = timezone.localdate().year
    now = timezone.now()
    dimension_keys = [d["key"] for d in version.dimensions]
    for title, body, kind, month, paragraph, applies, state, effects, tco2e, goal in SAMPLES:
        decision = Decision.objects.create(
            organisation=organisation,
            body=body,
            body_kind=kind,
            meeting_date=datetime.date(year, month, 10),
            paragraph=str(paragraph),
            title_fi=title,
            preparer=preparer,
            is_sample=True,
        )
        finished = state != "draft"
        assessment = ImpactAssessment.objects.create(
            decision=decision,
            template_version=version,
            state=state,
            screening={q["key"]: q["key"] in applies for q in version.screening_questions},
            screened_at=now,
            no_assessment_reason_fi="" if applies else "Tavanomainen hankinta, ei vaikutuksia.",
            preparer=preparer,
            reviewer=reviewer if state in ("reviewed", "published") else None,
            submitted_at=now if finished else None,
            reviewed_at=now if state in ("reviewed", "published") else None,
            published_at=now if state == "published" else None,
            is_sample=True,
        )
        option = DecisionOption.objects.create(
            assessment=assessment, order=0, is_proposal=True, name_fi="Päätösehdotus"
        )
        if applies:
            for key in dimension_keys if finished else list(effects):
                direction, text = effects.get(key, ("none", ""))
                Effect.objects.create(
                    assessment=assessment,
                    option=option,
                    dimension=key,
                    direction=direction,
                    direction_value=version.direction(direction).get("value"),
                    justification_fi=text,
                    climate_tco2e=tco2e if key == "climate" else None,
                )
        if goal and goal[0] in goals:
            GoalLink.objects.create(assessment=assessment, goal=goals[goal[0]], relation=goal[1])
    _write(stdout, f"Sample decisions: {len(SAMPLES)} agenda items with their assessments.")


def remove_sample_data(*, stdout: TextIO | None = None) -> None:
    deleted, _counts = Decision.objects.filter(is_sample=True).delete()
    # Sample rows leave no trace: their change history goes too.
    Decision.history.filter(is_sample=True).delete()
    ImpactAssessment.history.filter(Q(is_sample=True)).delete()
    _write(stdout, f"Sample decisions removed: {deleted} rows.")
