"""Site-wide search over plans, goals, measures, indicators and published status updates.

On PostgreSQL it is full-text search: a ``SearchVector`` over the translated
fields in the page's language and in Finnish (the fallback language of all
content), with the text search configuration of that language (``finnish``,
``swedish``, ``english``). Results are ranked, names (weight A) before
descriptions and texts.

A stemmed query alone fails Finnish readers: the snowball stemmer leaves the
consonant gradation in place, so "kaupunki" and "kaupunkia" stem to
``kaupunk`` but "kaupungin" to ``kaupung``, and a search for one does not find
the other. The stemmed query is therefore combined (OR) with a prefix query:
each word's stem, shortened in Finnish past the consonants where gradation
happens (``kaupung`` → ``kaupu``), as a prefix (``kaupu:*``), every word
required. The prefix also finds compounds ("kaupunki" finds
"kaupunkistrategia", "stad" finds "stadsdel"). A row that matches the
stemmed words as well as their prefixes ranks above one that matches only
the prefixes.

On SQLite, the embedded default, there is no stemmer: every word of the query
must occur in one of the fields, a word longer than four letters shortened by
up to three (a Finnish case ending: "kaupungin" is looked for as "kaupun"),
names matching first, then by name. Good enough on a laptop, and the same
visibility rules. (SQLite compares letters case-insensitively in ASCII only,
so "Ä" and "ä" differ there.)

Visibility is the site's everywhere: measures from ``measures_visible_to``,
indicators from ``indicators_visible_to``, updates from
``published_updates_visible_to``, so an anonymous visitor never finds an
internal measure, an internal indicator or an update of one. Plans and goals
have no internal form.

Each kind is one query, whatever the number of rows; on PostgreSQL the stems
of the words are one more: ``search`` makes five or six.

Anonymous searches are rate limited per client address (``SEARCH_ANON_RATE``,
``search_limited``): the page is not cached, every query string being its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, TextField, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited

from strategia.core.net import client_address_key
from strategia.indicators.selectors import indicators_visible_to
from strategia.monitoring.selectors import published_updates_visible_to
from strategia.organisations.models import Organisation
from strategia.strategy.models import Goal, Plan
from strategia.strategy.selectors import AnyUser, measures_visible_to

from .selectors import with_report_flag

if TYPE_CHECKING:
    from django.contrib.postgres.search import SearchQuery

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

# Words of a query, for the prefix query and the SQLite fallback: letters and
# digits only, so nothing of the query reaches a tsquery as syntax.
WORD = re.compile(r"\w+")
MAX_WORDS = 10
# Finnish: the vowels that end a stem before its last consonants (gradation).
FINNISH_VOWELS = set("aeiouyäöå")
SHORTEST_PREFIX = 4


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


def search_limited(request: HttpRequest) -> bool:
    """Count an anonymous search; True once this client address has used up the rate.

    Only searches count: the empty form is not one.
    """
    if request.user.is_authenticated or not settings.SEARCH_ANON_RATE:
        return False
    if not clean_query(request.GET.get("q", "")):
        return False
    return is_ratelimited(
        request,
        group="public.search",
        key=client_address_key,
        rate=settings.SEARCH_ANON_RATE,
        increment=True,
    )


def search(
    *, user: AnyUser, organisation: Organisation, query: str, language: str
) -> SearchResults:
    query = clean_query(query)
    results = SearchResults(query=query)
    if not query:
        return results
    language = language if language in CONFIGS else "fi"
    if connection.vendor == "postgresql":
        find = partial(_full_text, prefixes=_prefix_query(query, language))
    else:
        find = _substring
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


def query_words(query: str) -> list[str]:
    return WORD.findall(query.lower())[:MAX_WORDS]


def fallback_word(word: str) -> str:
    """A word as the SQLite fallback looks for it: a case ending's worth shorter."""
    return word[: max(SHORTEST_PREFIX, len(word) - 3)]


def _substring(
    queryset: QuerySet, fields: tuple[str, ...], query: str, language: str, extra: Q | None = None
) -> list:
    words = [fallback_word(word) for word in query_words(query)] or [query]

    def found_in(names: tuple[str, ...]) -> Q:
        condition = Q()
        for word in words:
            in_any_field = Q()
            for name in names:
                for column in _columns(name, language):
                    in_any_field |= Q(**{f"{column}__icontains": word})
            condition &= in_any_field
        return condition

    condition = found_in(fields)
    if extra is not None:
        condition |= extra
    queryset = queryset.filter(condition)
    if "text" in fields:
        return list(queryset.order_by("-date", "-pk")[:RESULTS_PER_KIND])
    # Names that match first; untranslated names fall back to Finnish, so order by what is shown.
    queryset = queryset.annotate(
        name_match=Case(
            When(found_in(fields[:1]), then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
        shown_name=Coalesce(
            NullIf(F(f"name_{language}"), Value("")), F("name_fi"), output_field=TextField()
        ),
    )
    return list(queryset.order_by("name_match", "shown_name", "pk")[:RESULTS_PER_KIND])


def shortened_stem(stem: str, language: str) -> str:
    """The prefix a stem is searched by: in Finnish, cut before its graded consonants.

    Trailing vowels, then the consonants before them, at most two letters in
    all and never below four: ``kaupung`` and ``kaupunk`` → ``kaupu``,
    ``hyvinvoin`` and ``hyvinvoint`` → ``hyvinvoi``, ``kehityks`` → ``kehity``.
    Short stems (``kadu`` of "kadun") stay whole.
    """
    if language != "fi":
        return stem
    end = len(stem)
    while end > len(stem) - 2 and stem[end - 1] in FINNISH_VOWELS:
        end -= 1
    while end > len(stem) - 2 and stem[end - 1] not in FINNISH_VOWELS:
        end -= 1
    return stem[:end] if end >= SHORTEST_PREFIX else stem


def _prefix_query(query: str, language: str) -> SearchQuery | None:
    """Every word's shortened stem as a prefix, all required; ``None`` if only stop words."""
    from django.contrib.postgres.search import SearchQuery

    words = query_words(query)
    if not words:
        return None
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT (ts_lexize(%s::regdictionary, word))[1]"
            " FROM unnest(%s::text[]) WITH ORDINALITY AS w(word, n) ORDER BY n",
            [f"{CONFIGS[language]}_stem", words],
        )
        stems = [row[0] for row in cursor.fetchall() if row[0]]  # stop words have none
    terms = [
        f"'{shortened_stem(stem, language)}':*" if len(stem) >= 3 else f"'{stem}'" for stem in stems
    ]
    if not terms:
        return None
    return SearchQuery(" & ".join(terms), config="simple", search_type="raw")


def _full_text(
    queryset: QuerySet,
    fields: tuple[str, ...],
    query: str,
    language: str,
    extra: Q | None = None,
    *,
    prefixes: SearchQuery | None,
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
    if prefixes is not None:
        search_query = search_query | prefixes
    condition = Q(search=search_query)
    if extra is not None:
        condition |= extra
    return list(
        queryset.annotate(search=vector, rank=SearchRank(vector, search_query))
        .filter(condition)
        .order_by("-rank", "pk")[:RESULTS_PER_KIND]
    )
