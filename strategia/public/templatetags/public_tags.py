"""Template tags of the public site: navigation, language links, status and progress."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext

from strategia.core.sample_data import organisation_shows_sample_notice
from strategia.public import vocabulary
from strategia.public.vocabulary import Kind
from strategia.strategy.models import MeasureStatus

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context: template.Context) -> list[dict]:
    """The same page in every language of the site, the current one marked."""
    request = context.get("request")
    path = request.get_full_path() if request else "/"
    current = get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        links.append(
            {
                "code": code,
                "name": get_language_info(code)["name_local"],
                "url": translate_url(path, code),
                "current": code == current,
            }
        )
    return links


@register.simple_tag(takes_context=True)
def nav_link(context: template.Context, url_name: str, label: str, exact: bool = False) -> str:
    """A navigation link; ``aria-current`` on the page itself or the section it is in.

    Other apps add their section to the main navigation with one line:
    ``<li>{% nav_link "indicators:list" _("Indicators") %}</li>``.
    """
    try:
        url = reverse(url_name)
    except NoReverseMatch:
        return ""
    request = context.get("request")
    path = request.path if request else ""
    if path == url:
        return format_html('<a href="{}" aria-current="page">{}</a>', url, label)
    if not exact and path.startswith(url):
        return format_html('<a href="{}" aria-current="true">{}</a>', url, label)
    return format_html('<a href="{}">{}</a>', url, label)


@register.simple_tag(takes_context=True)
def has_sample_data(context: template.Context) -> bool:
    request = context.get("request")
    return organisation_shows_sample_notice(getattr(request, "organisation", None))


def _term_html(kind: str, key: str) -> str:
    """A status word with its symbol (``term`` classes in the public stylesheet).

    Built here rather than by an inclusion tag: a list row shows one or two of
    these, and a template render (context, node walk) for each cost more than
    the rest of the row on the large city's list pages.
    """
    term = vocabulary.term(kind, key)
    return format_html(
        '<span class="term {} term--{}-{}"><span class="term__symbol" aria-hidden="true">{}</span>'
        " {}</span>",
        term.css_class,
        kind,
        key,
        term.symbol,
        capfirst(term.word),
    )


@register.filter
def status_label(status: str) -> str:
    return str(vocabulary.term(Kind.MEASURE, status).word)


@register.simple_tag
def status_badge(status: str, reported: bool = True) -> str:
    """A measure's status: word, symbol and colour from the one vocabulary.

    ``reported=False`` (no published update yet) shows "no report yet"
    instead of the stored default status "not started".
    """
    unreported = not reported and status == MeasureStatus.NOT_STARTED
    return _term_html(Kind.MEASURE, vocabulary.UNREPORTED if unreported else status)


@register.simple_tag
def measure_badge(measure) -> str:
    """A measure's status, "no report yet" when it has no published update.

    Uses ``has_report`` when the queryset annotated it (``public.selectors.with_report_flag``).
    """
    reported = getattr(measure, "has_report", True)
    return status_badge(measure.status, reported)


@register.simple_tag
def judgement_badge(status) -> str:
    """An indicator's judgement (``judgement.Status`` or its value)."""
    return _term_html(Kind.JUDGEMENT, getattr(status, "value", status))


@register.simple_tag
def stage_badge(state: str) -> str:
    """A status update's stage of handling; empty or "missing" is one not begun."""
    return _term_html(Kind.STAGE, state or "missing")


@register.simple_tag
def period_badge(state: str) -> str:
    return _term_html(Kind.PERIOD, state)


@register.simple_tag
def vocabulary_heading(kind: str) -> str:
    """The heading for a kind of status: "Status", "Judgement", "Stage"."""
    return str(vocabulary.HEADINGS[kind])


@register.simple_tag
def progress_bar(value: int | None, label: str = "") -> str:
    if value is None:
        return format_html(
            '<span class="progress progress--none">{}</span>', gettext("Progress not reported")
        )
    return format_html(
        '<span class="progress"><progress max="100" value="{}" aria-label="{}">{} %</progress>'
        ' <span class="progress__text">{}&nbsp;%</span></span>',
        value,
        label or gettext("Progress"),
        value,
        value,
    )


@register.inclusion_tag("public/includes/status_summary.html")
def status_summary(counts: dict[str, int], heading_id: str = "") -> dict:
    """Measures by status: a stacked bar and the same numbers as text with their symbols.

    ``counts`` is keyed by status, with ``unreported`` for measures that have no
    published update. Widths are classes (``pct-0`` … ``pct-100``) because the
    Content Security Policy forbids inline style attributes.
    """
    return _summary(Kind.MEASURE, vocabulary.MEASURE_ORDER, counts) | {"heading_id": heading_id}


@register.inclusion_tag("public/includes/judgement_summary.html")
def judgement_summary(counts: dict[str, int], goal=None) -> dict:
    """Indicators by judgement, as the measures' summary: bar and text.

    With a goal, the count links to the indicator list filtered to that goal.
    """
    list_url = ""
    if goal is not None:
        list_url = f"{reverse('indicators:list')}?goal={goal.pk}"
    return _summary(Kind.JUDGEMENT, vocabulary.JUDGEMENT_ORDER, counts or {}) | {
        "list_url": list_url
    }


def _summary(kind: str, order: list[str], counts: dict[str, int]) -> dict:
    total = sum(counts.values())
    segments = []
    for key in order:
        count = counts.get(key, 0)
        if count:
            segments.append(
                {
                    "term": vocabulary.term(kind, key),
                    "count": count,
                    "pct": round(100 * count / total),
                }
            )
    return {"segments": segments, "total": total}


@register.filter
def measure_total(counts: dict[str, int]) -> int:
    return sum(counts.values())


@register.filter
def content_lang(obj, field: str) -> str:
    """`` lang="fi"`` when a translated field is shown in Finnish for want of a translation.

    modeltranslation falls back to Finnish; marking the fallback lets a screen
    reader switch pronunciation (WCAG 3.1.2, language of parts).
    """
    language = (get_language() or "fi").split("-")[0]
    if obj is None or language == "fi":
        return ""
    if getattr(obj, f"{field}_{language}", None):
        return ""
    if getattr(obj, f"{field}_fi", None):
        return mark_safe(' lang="fi"')  # noqa: S308 - a constant
    return ""


@register.filter
def count_of(counts: dict[str, int], key: str) -> int:
    """``counts[key]`` in a template, 0 when absent."""
    return counts.get(key, 0)
