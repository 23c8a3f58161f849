"""Sample EMS registers for ``load_demo_data`` (one line in its SAMPLE_DATA_MODULES).

Everything here is made up and says so: names end "(esimerkki)". Dates are
set around last year so that the environmental report of last year has a
held management review, audits, evaluations and nonconformities to show, and
one corrective action is overdue for the sample contact person (My work,
reminders). Every row has ``is_sample = True``; adding again first removes the
earlier sample rows, so a rerun does no harm.
"""

from __future__ import annotations

import datetime
from typing import TextIO

from django.utils import timezone

from strategia.organisations.models import Organisation, Person, Unit
from strategia.strategy.models import Goal

from . import services
from .models import (
    Aspect,
    AspectScore,
    Audit,
    AuditFinding,
    AuditProgramme,
    ComplianceEvaluation,
    ComplianceResult,
    EmsSettings,
    ManagementReview,
    Nonconformity,
    Obligation,
    ReportPublication,
    ReviewAction,
    SignificanceCriterion,
    Site,
    Standard,
)

S = " (esimerkki)"
CRITERIA = (
    # name, description, weight, decisive score
    ("Vakavuus", "1 = vähäinen … 5 = vakava ja pysyvä haitta", 2, None),
    ("Todennäköisyys", "1 = harvinainen … 5 = jatkuva", 1, None),
    ("Laajuus", "1 = kohde … 5 = koko kaupunki tai laajempi", 1, None),
    ("Lainsäädännöllinen merkitys", "4–5 = lupa- tai lakivelvoite", 1, 4),
    ("Sidosryhmien kiinnostus", "1 = ei palautetta … 5 = paljon palautetta", 1, None),
)
ASPECTS = (
    # site index, activity, aspect, impact, condition, stage, scores, goal slugs, public
    (
        0,
        "Kiinteistöjen lämmitys",
        "Energiankulutus",
        "Kasvihuonekaasupäästöt",
        "normal",
        "use",
        (4, 5, 3, 2, 3),
        ("jatkuva-parantaminen",),
        True,
    ),
    (
        1,
        "Ajoneuvojen ja työkoneiden käyttö",
        "Polttoaineiden kulutus",
        "Kasvihuonekaasu- ja pienhiukkaspäästöt",
        "normal",
        "use",
        (3, 5, 3, 2, 2),
        ("pilaantumisen-ehkaisy",),
        True,
    ),
    (
        1,
        "Kemikaalien varastointi",
        "Öljy- tai kemikaalivuoto",
        "Maaperän ja vesien pilaantuminen",
        "emergency",
        "production",
        (5, 1, 2, 4, 3),
        ("pilaantumisen-ehkaisy",),
        True,
    ),
    (
        0,
        "Toimistotyö",
        "Paperin ja sekajätteen syntyminen",
        "Luonnonvarojen kulutus",
        "normal",
        "end_of_life",
        (1, 5, 1, 1, 1),
        (),
        False,
    ),
    (
        2,
        "Koulujen ruokapalvelut",
        "Ruokahävikki",
        "Luonnonvarojen kulutus ja päästöt",
        "normal",
        "production",
        (2, 4, 2, 1, 4),
        ("ymparistotietoisuus",),
        True,
    ),
    (
        1,
        "Katujen talvikunnossapito",
        "Hiekoitushiekan pöly",
        "Ilmanlaatu keväällä",
        "abnormal",
        "use",
        (2, 3, 3, 3, 4),
        ("pilaantumisen-ehkaisy",),
        False,
    ),
)
OBLIGATIONS = (
    # kind, title, reference, requirement, site indexes, interval, goals, public
    (
        "law",
        "Ympäristönsuojelulaki",
        "527/2014",
        "Toiminnasta ei saa aiheutua ympäristön pilaantumista; toiminnanharjoittajalla on "
        "selvilläolovelvollisuus.",
        (0, 1, 2),
        12,
        ("velvoitteiden-tayttaminen",),
        True,
    ),
    (
        "permit",
        "Varikon ympäristölupa",
        "Lupa 12/2021",
        "Öljynerottimet tarkastetaan kahdesti vuodessa ja jätekirjanpito pidetään ajan tasalla.",
        (1,),
        6,
        ("pilaantumisen-ehkaisy", "velvoitteiden-tayttaminen"),
        True,
    ),
    (
        "law",
        "Jätelaki: erilliskeräys",
        "646/2011 § 15",
        "Biojäte, pakkaukset ja paperi lajitellaan ja kerätään erikseen kiinteistöillä.",
        (0, 2),
        12,
        ("velvoitteiden-tayttaminen",),
        True,
    ),
    (
        "other",
        "Energiatehokkuussopimus (KETS)",
        "Kuntien energiatehokkuussopimus 2017–2025",
        "Energiankäytön tehostaminen 7,5 % vuoden 2015 tasosta.",
        (0,),
        12,
        ("jatkuva-parantaminen",),
        True,
    ),
)


def _sample_owner(organisation: Organisation) -> Person | None:
    return (
        Person.objects.filter(
            organisation=organisation, user__email="vastuuhenkilo@example.fi"
        ).first()
        or Person.objects.filter(organisation=organisation, is_sample=True).order_by("pk").first()
    )


def _coordinator(organisation: Organisation) -> Person:
    from strategia.accounts.models import User

    person = Person.objects.filter(
        organisation=organisation, is_sample=True, email="eeva.esimerkki@esimerkki.invalid"
    ).first()
    if person is None:
        unit = Unit.objects.filter(organisation=organisation, slug="esim-ymparistopalvelut").first()
        person = Person.objects.create(
            organisation=organisation,
            first_name="Eeva",
            last_name="Esimerkki",
            title="Ympäristökoordinaattori" + S,
            email="eeva.esimerkki@esimerkki.invalid",
            unit=unit,
            is_sample=True,
        )
    user = User.objects.filter(email="ymparisto@example.fi", is_sample=True).first()
    if (
        user is not None
        and person.user_id is None
        and not Person.objects.filter(user=user).exists()
    ):
        person.user = user
        person.save(update_fields=["user"])
    return person


def add_sample_data(*, organisation: Organisation, stdout: TextIO | None = None) -> None:
    _remove(organisation)
    today = timezone.localdate()
    last = today.year - 1
    coordinator = _coordinator(organisation)
    owner = _sample_owner(organisation) or coordinator
    goals = {
        g.slug: g
        for g in Goal.objects.filter(
            plan__organisation=organisation, plan__slug=services.DEFAULT_POLICY_SLUG
        )
    }
    settings_ = services.ems_settings_get_or_create(organisation=organisation)
    EmsSettings.objects.filter(pk=settings_.pk).update(significance_threshold=16)

    criteria = [
        SignificanceCriterion.objects.create(
            organisation=organisation,
            name=name + S,
            description=description,
            weight=weight,
            decisive_score=decisive,
            order=index,
            is_sample=True,
        )
        for index, (name, description, weight, decisive) in enumerate(CRITERIA)
    ]
    units = list(Unit.objects.filter(organisation=organisation, is_sample=True).order_by("pk")[:3])
    site_rows = (
        ("Kaupungintalo ja hallintokiinteistöt", Standard.EKOKOMPASSI, "certified"),
        ("Tekninen varikko", Standard.EKOKOMPASSI, "certified"),
        ("Koulujen ja päiväkotien keittiöt", Standard.EKOKOMPASSI, "in_progress"),
    )
    sites = [
        Site.objects.create(
            organisation=organisation,
            name=name + S,
            standard=standard,
            certification_status=status,
            unit=units[index] if index < len(units) else None,
            certification_body="Ekokompassi-auditoija" + S if status == "certified" else "",
            certified_on=datetime.date(last - 1, 5, 20) if status == "certified" else None,
            certificate_valid_until=datetime.date(today.year + 1, 5, 19)
            if status == "certified"
            else None,
            next_external_audit=datetime.date(today.year, 5, 15),
            owner=coordinator,
            is_public=True,
            is_sample=True,
        )
        for index, (name, standard, status) in enumerate(site_rows)
    ]
    for index, row in enumerate(ASPECTS):
        site, activity, aspect, impact, condition, stage, scores, goal_slugs, public = row
        item = Aspect.objects.create(
            organisation=organisation,
            site=sites[site],
            activity=activity + S,
            aspect=aspect,
            impact=impact,
            condition=condition,
            life_cycle_stage=stage,
            controls="Ohjeet, seuranta ja vuosittainen tarkastus" + S,
            next_review=today + datetime.timedelta(days=20 if index == 0 else 200),
            owner=coordinator,
            is_public=public,
            is_sample=True,
        )
        item.goals.set([goals[s] for s in goal_slugs if s in goals])
        AspectScore.objects.bulk_create(
            AspectScore(aspect=item, criterion=c, score=v)
            for c, v in zip(criteria, scores, strict=True)
        )
    services.aspects_recompute_significance(organisation=organisation)

    obligations = []
    for kind, title, reference, requirement, site_ids, interval, goal_slugs, public in OBLIGATIONS:
        obligation = Obligation.objects.create(
            organisation=organisation,
            kind=kind,
            title=title + S,
            reference=reference,
            requirement=requirement,
            evaluation_interval_months=interval,
            owner=coordinator,
            is_public=public,
            is_sample=True,
        )
        obligation.sites.set([sites[i] for i in site_ids])
        obligation.goals.set([goals[s] for s in goal_slugs if s in goals])
        obligations.append(obligation)
    results = (
        (0, datetime.date(last, 3, 10), ComplianceResult.COMPLIANT, ""),
        (1, datetime.date(last, 4, 2), ComplianceResult.COMPLIANT, ""),
        (
            1,
            datetime.date(last, 10, 8),
            ComplianceResult.PARTLY,
            "Toisen öljynerottimen tarkastus myöhässä.",
        ),
        (
            2,
            datetime.date(last, 6, 12),
            ComplianceResult.NOT_COMPLIANT,
            "Biojätteen erilliskeräys puuttuu kahdesta kiinteistöstä.",
        ),
        (3, datetime.date(last, 11, 20), ComplianceResult.COMPLIANT, ""),
    )
    evaluations = [
        ComplianceEvaluation.objects.create(
            obligation=obligations[i],
            date=day,
            result=result,
            findings=(findings + S) if findings else "",
            evidence_links="https://esimerkki.invalid/tarkastus.pdf",
            owner=coordinator,
            is_sample=True,
        )
        for i, day, result, findings in results
    ]
    for obligation in obligations:
        services.obligation_refresh(obligation=obligation)

    programme = AuditProgramme.objects.create(
        organisation=organisation,
        year=last,
        name=f"Sisäisten auditointien ohjelma {last}" + S,
        description="Jokainen kohde auditoidaan kerran vuodessa Ekokompassin kriteereillä.",
        owner=coordinator,
        is_sample=True,
    )
    audits = [
        Audit.objects.create(
            programme=programme,
            site=sites[i],
            scope=f"{sites[i].name}: ympäristöohjelma ja jätehuolto",
            date=day,
            auditors="Sisäinen auditoija" + S,
            criteria="Ekokompassin kymmenen kriteeriä",
            report="Raportti liitteenä" + S,
            state=Audit.State.DONE,
            owner=coordinator,
            is_sample=True,
        )
        for i, day in ((0, datetime.date(last, 9, 15)), (1, datetime.date(last, 10, 1)))
    ]
    Audit.objects.create(
        programme=programme,
        site=sites[2],
        scope=f"{sites[2].name}: ruokahävikki",
        date=today + datetime.timedelta(days=14),
        auditors="Sisäinen auditoija" + S,
        state=Audit.State.PLANNED,
        owner=coordinator,
        is_sample=True,
    )
    finding = AuditFinding.objects.create(
        audit=audits[1],
        kind=AuditFinding.Kind.NONCONFORMITY,
        clause="8.2",
        description="Kemikaalivuodon harjoitusta ei ole pidetty" + S,
        owner=coordinator,
        is_sample=True,
    )
    AuditFinding.objects.create(
        audit=audits[0],
        kind=AuditFinding.Kind.OPPORTUNITY,
        clause="7.3",
        description="Henkilöstön ympäristöperehdytys verkkokurssiksi" + S,
        owner=coordinator,
        is_sample=True,
    )
    AuditFinding.objects.create(
        audit=audits[0],
        kind=AuditFinding.Kind.OBSERVATION,
        clause="9.1",
        description="Energiankulutuksen seuranta kuukausittain, ei vielä kohteittain" + S,
        owner=coordinator,
        is_sample=True,
    )
    nonconformities = (
        {
            "source": "audit",
            "finding": finding,
            "site": sites[1],
            "identified_on": datetime.date(last, 10, 1),
            "description": "Kemikaalivuodon harjoitus pitämättä" + S,
            "corrective_action": "Harjoitus pidetään ja lisätään vuosikelloon",
            "due_date": today - datetime.timedelta(days=10),
            "owner": owner,
            "is_public": True,
        },
        {
            "source": "compliance",
            "evaluation": evaluations[3],
            "site": sites[0],
            "identified_on": datetime.date(last, 6, 12),
            "description": "Biojätteen erilliskeräys puuttuu kahdesta kiinteistöstä" + S,
            "immediate_correction": "Väliaikaiset astiat tilattu",
            "root_cause": "Jätehuoltosopimusta ei päivitetty",
            "corrective_action": "Sopimukset päivitetään",
            "due_date": datetime.date(last, 9, 30),
            "closed_on": datetime.date(last, 9, 20),
            "effectiveness_check": "Tarkastettu paikan päällä",
            "owner": coordinator,
            "is_public": True,
        },
        {
            "source": "complaint",
            "site": sites[1],
            "identified_on": datetime.date(last, 4, 5),
            "description": "Asukkaan valitus varikon pölystä" + S,
            "corrective_action": "Kastelu kuivina päivinä",
            "due_date": today + datetime.timedelta(days=25),
            "owner": coordinator,
        },
    )
    for values in nonconformities:
        Nonconformity.objects.create(organisation=organisation, is_sample=True, **values)

    held = ManagementReview.objects.create(
        organisation=organisation,
        date=datetime.date(last, 12, 10),
        covers_from=datetime.date(last, 1, 1),
        participants="Johtoryhmä" + S,
        conclusions=(
            "Ympäristöjärjestelmä toimii ja sen tulokset paranevat. Energiankulutus ja "
            "liikenteen päästöt ovat edelleen merkittävimmät näkökohdat" + S + "."
        ),
        decisions="Kohteittainen energianseuranta otetaan käyttöön" + S + ".",
        owner=coordinator,
        is_sample=True,
    )
    ReviewAction.objects.create(
        review=held,
        description="Kohteittainen energianseuranta" + S,
        owner=coordinator,
        due_date=datetime.date(today.year, 6, 30),
        is_sample=True,
    )
    held.state = ManagementReview.State.HELD
    from .selectors import review_inputs

    held.inputs_snapshot = review_inputs(review=held).as_dict()
    held.save()
    ManagementReview.objects.create(
        organisation=organisation,
        date=today + datetime.timedelta(days=60),
        covers_from=datetime.date(last, 12, 11),
        participants="Johtoryhmä" + S,
        owner=coordinator,
        is_sample=True,
    )
    if stdout is not None:
        stdout.write(
            f"Environmental management system: {len(sites)} sites, {len(ASPECTS)} aspects, "
            f"{len(obligations)} obligations, {len(audits) + 1} audits and sample reviews.\n"
        )


def _remove(organisation: Organisation | None) -> int:
    scope = {} if organisation is None else {"organisation": organisation}
    count = 0
    for model, path in (
        (ReviewAction, "review__"),
        (ManagementReview, ""),
        (Nonconformity, ""),
        (AuditFinding, "audit__programme__"),
        (Audit, "programme__"),
        (AuditProgramme, ""),
        (ComplianceEvaluation, "obligation__"),
        (Obligation, ""),
        (Aspect, ""),
        (SignificanceCriterion, ""),
        (Site, ""),
    ):
        rows = model.objects.filter(is_sample=True, **{path + k: v for k, v in scope.items()})
        count += rows.delete()[0]
        model.history.filter(is_sample=True).delete()
    ReportPublication.objects.filter(is_sample=True, **scope).delete()
    return count


def remove_sample_data(*, stdout: TextIO | None = None) -> None:
    count = _remove(None)
    if stdout is not None:
        stdout.write(f"Environmental management system: {count} sample rows removed.\n")
