"""Source citations in each source's own format, with the access date.

The formats follow the sources' own instructions:

* THL Sotkanet ("Tietojen hyödyntäminen ja viittaus"):
  "Tilasto- ja indikaattoripankki Sotkanet. Terveyden ja hyvinvoinnin laitos.
  <title> (ind. <id>). Viitattu 10.6.2023." — in Swedish "Statistik- och
  indikatorbanken Sotkanet. … Hänvisning 10.6.2023.", in English "Sotkanet
  Indicator Bank. … Referenced on 10 June 2023." The producer is the
  organisation that produced the indicator (THL, Statistics Finland, …).
* Statistics Finland (Official Statistics of Finland, SVT): "Suomen virallinen
  tilasto (SVT): <statistic> [verkkojulkaisu]. Helsinki: Tilastokeskus
  [viitattu: 29.11.2026]."
* SYKE: "Suomen ympäristökeskus SYKE: Kuntien ja alueiden
  kasvihuonekaasupäästöt. [viitattu 29.11.2026]."

An indicator's own ``citation`` text wins when set in the page's language;
``{accessed}`` in it is replaced by the access date. A text written in Finnish only
is not shown on the Swedish or English page where the source's format can be
written in that language (``indicator_citation``).
"""

from __future__ import annotations

import datetime

from django.utils import translation
from django.utils.dateformat import format as date_format

SOTKANET_BANK = {
    "fi": "Tilasto- ja indikaattoripankki Sotkanet",
    "sv": "Statistik- och indikatorbanken Sotkanet",
    "en": "Sotkanet Indicator Bank",
}
PRODUCERS = {
    "THL": {
        "fi": "Terveyden ja hyvinvoinnin laitos",
        "sv": "Institutet för hälsa och välfärd",
        "en": "Finnish Institute for Health and Welfare",
    },
    "Tilastokeskus": {
        "fi": "Tilastokeskus",
        "sv": "Statistikcentralen",
        "en": "Statistics Finland",
    },
}


def accessed_text(day: datetime.date, language: str) -> str:
    if language == "sv":
        return f"{day.day}.{day.month}.{day.year}"
    if language == "en":
        with translation.override("en"):
            return date_format(day, "j F Y")
    return f"{day.day}.{day.month}.{day.year}"


def citation(
    *,
    source: str,
    reference: dict,
    title: str,
    own_text: str,
    accessed: datetime.date,
    language: str | None = None,
) -> str:
    """The citation of an indicator's source, in the language given (default: active)."""
    language = (language or translation.get_language() or "fi")[:2]
    day = accessed_text(accessed, language)
    if own_text:
        if "{accessed}" in own_text:
            return own_text.replace("{accessed}", day)
        return own_text
    if source == "sotkanet" and reference.get("indicator"):
        producer = PRODUCERS.get(reference.get("producer", "THL"), PRODUCERS["THL"])
        bank = SOTKANET_BANK.get(language, SOTKANET_BANK["fi"])
        cited = {"fi": "Viitattu", "sv": "Hänvisning", "en": "Referenced on"}.get(
            language, "Viitattu"
        )
        return (
            f"{bank}. {producer.get(language, producer['fi'])}. {title} "
            f"(ind. {reference['indicator']}). {cited} {day}."
        )
    if source == "pxweb":
        statistic = reference.get("statistic") or title
        return {
            "sv": f"Finlands officiella statistik (FOS): {statistic} [e-publikation]. "
            f"Helsingfors: Statistikcentralen [hänvisat: {day}].",
            "en": f"Official Statistics of Finland (OSF): {statistic} [e-publication]. "
            f"Helsinki: Statistics Finland [referred: {day}].",
        }.get(
            language,
            f"Suomen virallinen tilasto (SVT): {statistic} [verkkojulkaisu]. "
            f"Helsinki: Tilastokeskus [viitattu: {day}].",
        )
    if source == "syke":
        return {
            "sv": f"Finlands miljöcentral SYKE: Kommunernas och regionernas "
            f"växthusgasutsläpp. [hänvisat {day}].",
            "en": f"Finnish Environment Institute SYKE: Greenhouse gas emissions of "
            f"municipalities and regions. [referred {day}].",
        }.get(
            language,
            f"Suomen ympäristökeskus SYKE: Kuntien ja alueiden kasvihuonekaasupäästöt. "
            f"[viitattu {day}].",
        )
    return ""


def indicator_citation(indicator, *, accessed: datetime.date, language: str | None = None) -> str:
    """The citation of an indicator's source in the page's language.

    Its own text in that language first; else the source's format in that language; else
    its own text in another language (a manual source has no format of its own).
    """
    language = (language or translation.get_language() or "fi")[:2]
    own = getattr(indicator, f"citation_{language}", None) or ""
    text = citation(
        source=indicator.source,
        reference=indicator.source_reference or {},
        title=indicator.name,
        own_text=own,
        accessed=accessed,
        language=language,
    )
    fallback = indicator.citation or ""
    return text or fallback.replace("{accessed}", accessed_text(accessed, language))
