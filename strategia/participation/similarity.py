"""Ideas like the one being written, so that a duplicate can join an existing one instead.

On PostgreSQL the title and text are ranked with full-text search
(``SearchVector`` / ``SearchQuery`` with ``search_type="websearch"`` and
``SearchRank``; the "simple" configuration, since ideas come in Finnish,
Swedish and English and no stemmer fits all three). On SQLite a word-overlap
score stands in: the share of the draft's longer words found in each recent
idea's title and text.
"""

from __future__ import annotations

import re

from django.db import connection
from django.db.models import F, QuerySet

from .models import Idea

MAX_SUGGESTIONS = 5
FALLBACK_SCAN = 300
_WORD = re.compile(r"\w{4,}", re.UNICODE)


def _words(text: str) -> set[str]:
    return {word.lower() for word in _WORD.findall(text or "")}


def similar_ideas(ideas: QuerySet[Idea], *, title: str, text: str = "") -> list[Idea]:
    """Up to five of the given (visible) ideas most like the draft, best first."""
    words = _words(f"{title} {text}")
    if not words:
        return []
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

        vector = SearchVector("title", weight="A", config="simple") + SearchVector(
            "text", weight="B", config="simple"
        )
        query = SearchQuery(" OR ".join(sorted(words)), search_type="websearch", config="simple")
        return list(
            ideas.annotate(rank=SearchRank(vector, query))
            .filter(rank__gt=0.01)
            .order_by(F("rank").desc(), "-pk")[:MAX_SUGGESTIONS]
        )
    scored = []
    for idea in ideas.order_by("-pk")[:FALLBACK_SCAN]:
        found = _words(f"{idea.title} {idea.title} {idea.text}")
        overlap = len(words & found) / len(words)
        if overlap >= 0.3:
            scored.append((overlap, idea.pk, idea))
    scored.sort(key=lambda row: (-row[0], -row[1]))
    return [idea for _score, _pk, idea in scored[:MAX_SUGGESTIONS]]
