"""One vocabulary for statuses, judgements and workflow stages: word, colour and symbol.

Every page that shows a measure's status, an indicator's judgement, a status
update's workflow stage or a reporting period's state takes its word, its
colour (a *tone*, a CSS class ``tone-<name>``) and its symbol from here, through
the ``status_badge`` / ``judgement_badge`` / ``stage_badge`` template tags. The
legend page (``/statuses/``) lists the same terms with their explanations.

The rules that keep the vocabulary readable:

* A **tone** (colour) means one thing wherever it appears: green is "going as
  planned or better", amber "behind schedule", red "in trouble", blue
  "finished", grey "nothing to judge (yet)", and the outlined workflow tone is a
  stage of handling, never a judgement of progress. "On track" is therefore
  green for measures and for indicators alike.
* A **symbol** belongs to one term; only terms that mean the same thing (a
  measure and an indicator both "on track") share one. No arrows: ▲/▼ read as
  a direction of change, which a judgement is not.
* The **headings** differ by what they name: a measure's *status* (fi
  "Tilanne"), an indicator's *judgement* (fi "Arvio"), an update's *stage* of
  handling (fi "Käsittelyvaihe"); "Tila" is used for none of them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from strategia.strategy.models import MeasureStatus


class Tone:
    POSITIVE = "positive"
    CAUTION = "caution"
    PROBLEM = "problem"
    DONE = "done"
    NEUTRAL = "neutral"
    WORKFLOW = "workflow"


# What each tone means, for the legend page; one meaning per tone.
TONE_MEANINGS: dict[str, Promise] = {
    Tone.POSITIVE: pgettext_lazy("vocabulary", "going as planned or better"),
    Tone.CAUTION: pgettext_lazy("vocabulary", "behind schedule"),
    Tone.PROBLEM: pgettext_lazy("vocabulary", "in trouble: needs attention"),
    Tone.DONE: pgettext_lazy("vocabulary", "finished"),
    Tone.NEUTRAL: pgettext_lazy("vocabulary", "nothing to judge, or nothing known yet"),
    Tone.WORKFLOW: pgettext_lazy("vocabulary", "a stage of handling, not a judgement of progress"),
}


@dataclass(frozen=True)
class Term:
    key: str
    word: Promise
    tone: str
    symbol: str
    explanation: Promise
    # Terms of different kinds that mean the same thing share a meaning (and so a symbol).
    meaning: str = ""

    @property
    def css_class(self) -> str:
        return f"tone-{self.tone}"


class Kind:
    MEASURE = "measure"
    JUDGEMENT = "judgement"
    STAGE = "stage"
    PERIOD = "period"


# A measure that has no published status update yet is "not reported", not "not started":
# its stored status is only the default until someone reports on it.
UNREPORTED = "unreported"

MEASURE_TERMS: dict[str, Term] = {
    term.key: term
    for term in (
        Term(
            UNREPORTED,
            pgettext_lazy("measure status", "no report yet"),
            Tone.NEUTRAL,
            "…",
            pgettext_lazy(
                "vocabulary",
                "No status update has been published for the measure yet, so its "
                "progress is not known.",
            ),
        ),
        Term(
            MeasureStatus.NOT_STARTED,
            MeasureStatus.NOT_STARTED.label,
            Tone.NEUTRAL,
            "○",
            pgettext_lazy("vocabulary", "The latest report says the work has not begun."),
        ),
        Term(
            MeasureStatus.ON_TRACK,
            MeasureStatus.ON_TRACK.label,
            Tone.POSITIVE,
            "●",
            pgettext_lazy("vocabulary", "The work is going as planned."),
            meaning="on_track",
        ),
        Term(
            MeasureStatus.DELAYED,
            MeasureStatus.DELAYED.label,
            Tone.CAUTION,
            "◔",
            pgettext_lazy("vocabulary", "The work is behind its schedule."),
        ),
        Term(
            MeasureStatus.AT_RISK,
            MeasureStatus.AT_RISK.label,
            Tone.PROBLEM,
            "!",
            pgettext_lazy("vocabulary", "The measure may not be carried out as planned."),
        ),
        Term(
            MeasureStatus.COMPLETED,
            MeasureStatus.COMPLETED.label,
            Tone.DONE,
            "✓",
            pgettext_lazy("vocabulary", "The measure has been carried out."),
        ),
        Term(
            MeasureStatus.CANCELLED,
            MeasureStatus.CANCELLED.label,
            Tone.NEUTRAL,
            "⊘",
            pgettext_lazy("vocabulary", "The measure will not be carried out."),
        ),
    )
}

JUDGEMENT_TERMS: dict[str, Term] = {
    term.key: term
    for term in (
        Term(
            "ahead",
            pgettext_lazy("indicator judgement", "ahead of target"),
            Tone.POSITIVE,
            "»",
            pgettext_lazy(
                "vocabulary",
                "The target is already met, or the trend reaches it at least a year early.",
            ),
        ),
        Term(
            "on_track",
            pgettext_lazy("indicator judgement", "on track"),
            Tone.POSITIVE,
            "●",
            pgettext_lazy("vocabulary", "The trend reaches the target by the target year."),
            meaning="on_track",
        ),
        Term(
            "off_track",
            pgettext_lazy("indicator judgement", "off track"),
            Tone.PROBLEM,
            "✕",
            pgettext_lazy(
                "vocabulary",
                "At the current pace the target is reached late or not at all.",
            ),
        ),
        Term(
            "no_data",
            pgettext_lazy("indicator judgement", "no data"),
            Tone.NEUTRAL,
            "?",
            pgettext_lazy("vocabulary", "There are no values yet, or too few to see a trend."),
        ),
        Term(
            "not_judged",
            pgettext_lazy("indicator judgement", "not judged"),
            Tone.NEUTRAL,
            "–",
            pgettext_lazy(
                "vocabulary",
                "The indicator has no target or no preferred direction, so it is followed "
                "without a judgement.",
            ),
        ),
    )
}

# The handling of one status update; "missing" is an update nobody has begun to write.
STAGE_TERMS: dict[str, Term] = {
    term.key: term
    for term in (
        Term(
            "missing",
            pgettext_lazy("update stage", "not written yet"),
            Tone.WORKFLOW,
            "□",
            pgettext_lazy("vocabulary", "Nobody has begun to write the update."),
        ),
        Term(
            "draft",
            pgettext_lazy("update stage", "draft"),
            Tone.WORKFLOW,
            "✎",
            pgettext_lazy("vocabulary", "The update is being written."),
        ),
        Term(
            "submitted",
            pgettext_lazy("update stage", "waiting for approval"),
            Tone.WORKFLOW,
            "→",
            pgettext_lazy("vocabulary", "The writer has sent the update for approval."),
        ),
        Term(
            "returned",
            pgettext_lazy("update stage", "returned"),
            Tone.WORKFLOW,
            "↩",
            pgettext_lazy("vocabulary", "The approver sent the update back to be corrected."),
        ),
        Term(
            "published",
            pgettext_lazy("update stage", "published"),
            Tone.WORKFLOW,
            "◉",
            pgettext_lazy("vocabulary", "The update is approved and shown on the public site."),
        ),
    )
}

PERIOD_TERMS: dict[str, Term] = {
    term.key: term
    for term in (
        Term(
            "planned",
            pgettext_lazy("reporting period", "planned"),
            Tone.WORKFLOW,
            "◌",
            pgettext_lazy("vocabulary", "Reporting for the period has not been opened yet."),
        ),
        Term(
            "open",
            pgettext_lazy("reporting period", "open"),
            Tone.WORKFLOW,
            "▷",
            pgettext_lazy("vocabulary", "Updates for the period are being written."),
        ),
        Term(
            "closed",
            pgettext_lazy("reporting period", "closed"),
            Tone.WORKFLOW,
            "■",
            pgettext_lazy("vocabulary", "Reporting for the period has ended."),
        ),
    )
}

TERMS: dict[str, dict[str, Term]] = {
    Kind.MEASURE: MEASURE_TERMS,
    Kind.JUDGEMENT: JUDGEMENT_TERMS,
    Kind.STAGE: STAGE_TERMS,
    Kind.PERIOD: PERIOD_TERMS,
}

HEADINGS: dict[str, Promise] = {
    Kind.MEASURE: pgettext_lazy("vocabulary", "Status"),
    Kind.JUDGEMENT: pgettext_lazy("vocabulary", "Judgement"),
    Kind.STAGE: pgettext_lazy("vocabulary", "Stage"),
    Kind.PERIOD: pgettext_lazy("vocabulary", "Reporting period"),
}

# The order in which summaries list measure statuses: unreported last, as the least news.
MEASURE_ORDER = [
    MeasureStatus.ON_TRACK,
    MeasureStatus.DELAYED,
    MeasureStatus.AT_RISK,
    MeasureStatus.COMPLETED,
    MeasureStatus.NOT_STARTED,
    MeasureStatus.CANCELLED,
    UNREPORTED,
]
JUDGEMENT_ORDER = ["ahead", "on_track", "off_track", "no_data", "not_judged"]


def term(kind: str, key: str) -> Term:
    """The term of a status of the given kind; an unknown key is a programming error."""
    return TERMS[kind][str(key)]
