"""The rule that makes an environmental aspect significant.

Each criterion is scored from 1 to its highest score. The aspect's weighted
score is the sum of score × weight. It is significant when that sum reaches
the organisation's threshold, or when any decisive criterion (e.g. legal
relevance) reaches its decisive score on its own. A criterion left unscored
counts as nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Criterion:
    pk: int
    weight: int
    max_score: int
    decisive_score: int | None = None


@dataclass(frozen=True)
class Significance:
    total: int
    is_significant: bool
    decisive: tuple[int, ...] = ()


def judge_significance(
    *, scores: Mapping[int, int], criteria: Iterable[Criterion], threshold: int
) -> Significance:
    """``scores`` maps criterion id to score; unknown criteria are ignored."""
    total = 0
    decisive = []
    for criterion in criteria:
        score = scores.get(criterion.pk)
        if score is None:
            continue
        total += score * criterion.weight
        if criterion.decisive_score is not None and score >= criterion.decisive_score:
            decisive.append(criterion.pk)
    return Significance(
        total=total,
        is_significant=total >= threshold or bool(decisive),
        decisive=tuple(decisive),
    )
