"""Site-wide search over plans, goals, measures, indicators and published status updates.

On PostgreSQL it is full-text search: a ``SearchVector`` over the translated
fields in the page's language and in Finnish (the fallback language of all
content), with the text search configuration of that language (``finnish``,
``swedish``, ``english``), so that "kaupungin" finds "kaupunki" and results are
ranked (names weigh more than descriptions). On SQLite, the embedded default,
it is a plain case-insensitive substring match in the same fields, ordered by
name: good enough on a laptop, and the same visibility rules.

Visibility is the site's everywhere: measures from ``measures_visible_to``,
indicators from ``indicators_visible_to``, updates from
``published_updates_visible_to``, so an anonymous visitor never finds an
internal measure, an internal indicator or an update of one. Plans and goals
have no internal form.

Each kind is one query, whatever the number of rows: ``search`` makes five.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.db.models import F, Q, QuerySet, TextField, Value
from django.db.models.functions import Coalesce, NullIf

from strategia.indicators.selectors import indicators_visible_to
from strategia.monitoring.selectors import published_updates_visible_to
from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal, Plan
from strategia.strategy.selectors import AnyUser, measures_visible_to

from .selectors import with_report_flag

RESULTS_PER_KIND = 20
MAX_QUERY_LENGTH = 200
CONFIGS = {"fi": "finnish", "sv": "swedish", "en": "english"}

# Per kind: the fields searched, the first weighing most (name before description).
PLAN_FIELDS = ("name", "summary", "description")
GOAL_FIELDS = ("name", "description")
MEASURE_FIELDS = ("name", "description")
INDICATOR_FIELDS = ("name", "description")
UPDATE_FIELDS = ("text", "next_steps")
WEIGHTS = ("A", "B", "C", "D")


@dataclass
class SearchResults:
    query: str
    plans: list = field(default_factory=list)
    goals: list = field(default_factory=list)
    measures: list = field(default_factory=list)
    indicators: list = field(default_factory=list)
    updates: list = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(group) for _kind, group in self.groups)

    @property
    def groups(self) -> list[tuple[str, list]]:
        return [
            ("plans", self.plans),
            ("goals", self.goals),
            ("measures", self.measures),
            ("indicators", self.indicators),
            ("updates", self.updates),
        ]


def clean_query(text: str) -> str:
    """The query as searched: trimmed, inner whitespace collapsed, at most 200 characters."""
    return " ".join((text or "").split())[:MAX_QUERY_LENGTH]


def search(
    *, user: AnyUser, organisation: Organisation, query: str, language: str
) -> SearchResults:
    query = clean_query(query)
    results = SearchResults(query=query)
    if not query:
        return results
    language = language if language in CONFIGS else "fi"
    find = _full_text if connection.vendor == "postgresql" else _substring
    results.plans = find(
        Plan.objects.filter(organisation=organisation), PLAN_FIELDS, query, language
    )
    results.goals = find(
        Goal.objects.filter(plan__organisation=organisation).select_related("plan"),
        GOAL_FIELDS,
        query,
        language,
    )
    measures = with_report_flag(
        measures_visible_to(user=user, organisation=organisation).select_related("responsible_unit")
    )
    results.measures = find(
        measures, MEASURE_FIELDS, query, language, extra=Q(identifier__iexact=query)
    )
    results.indicators = find(
        indicators_visible_to(user=user, organisation=organisation),
        INDICATOR_FIELDS,
        query,
        language,
    )
    results.updates = find(
        published_updates_visible_to(user=user, organisation=organisation),
        UPDATE_FIELDS,
        query,
        language,
    )
    return results


def _columns(name: str, language: str) -> list[str]:
    return [f"{name}_{language}"] if language == "fi" else [f"{name}_{language}", f"{name}_fi"]


def _substring(
    queryset: QuerySet, fields: tuple[str, ...], query: str, language: str, extra: Q | None = None
) -> list:
    condition = Q()
    for name in fields:
        for column in _columns(name, language):
            condition |= Q(**{f"{column}__icontains": query})
    if extra is not None:
        condition |= extra
    ordering = ["-date", "-pk"] if "text" in fields else [f"name_{language}", "pk"]
    if "text" not in fields:
        # Untranslated names fall back to Finnish, so order by what is shown.
        queryset = queryset.annotate(
            shown_name=Coalesce(
                NullIf(F(f"name_{language}"), Value("")), F("name_fi"), output_field=TextField()
            )
        )
        ordering = ["shown_name", "pk"]
    return list(queryset.filter(condition).order_by(*ordering)[:RESULTS_PER_KIND])


def _full_text(
    queryset: QuerySet, fields: tuple[str, ...], query: str, language: str, extra: Q | None = None
) -> list:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = CONFIGS[language]
    vector = None
    for weight, name in zip(WEIGHTS, fields, strict=False):
        for column in _columns(name, language):
            part = SearchVector(
                Coalesce(F(column), Value(""), output_field=TextField()),
                weight=weight,
                config=config,
            )
            vector = part if vector is None else vector + part
    search_query = SearchQuery(query, config=config, search_type="websearch")
    condition = Q(search=search_query)
    if extra is not None:
        condition |= extra
    return list(
        queryset.annotate(search=vector, rank=SearchRank(vector, search_query))
        .filter(condition)
        .order_by("-rank", "pk")[:RESULTS_PER_KIND]
    )
