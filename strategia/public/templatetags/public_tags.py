"""Template tags of the public site: navigation, language links, status and progress."""

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import get_language, get_language_info, gettext

from strategia.core.sample_data import organisation_shows_sample_notice
from strategia.strategy.models import MeasureStatus

register = template.Library()

_STATUS_LABELS = dict(MeasureStatus.choices)


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


@register.filter
def status_label(status: str) -> str:
    return _STATUS_LABELS.get(status, status)


# The badge and the bar are on every row of every measure list: built here rather
# than by inclusion tags, which cost a template context and render each (a sixth of
# a plan page's time on the large city).
@register.simple_tag
def status_badge(status: str) -> str:
    return format_html(
        '<span class="status status--{}">{}</span>', status, capfirst(status_label(status))
    )


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
    """Measures by status: a decorative stacked bar and the same numbers as text.

    Widths are classes (``pct-0`` … ``pct-100``) because the Content Security
    Policy forbids inline style attributes.
    """
    total = sum(counts.values())
    segments = []
    for status in MeasureStatus.values:
        count = counts.get(status, 0)
        if count:
            segments.append(
                {
                    "status": status,
                    "label": _STATUS_LABELS[status],
                    "count": count,
                    "pct": round(100 * count / total),
                }
            )
    done = counts.get(MeasureStatus.COMPLETED, 0)
    return {"segments": segments, "total": total, "completed": done, "heading_id": heading_id}


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
