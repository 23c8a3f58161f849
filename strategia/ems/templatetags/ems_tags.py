"""Template helpers of the EMS pages: a Document in HTML, and the My work include."""

from __future__ import annotations

import base64
import re

from django import template
from django.core.cache import cache
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.translation import gettext

from strategia.indicators.charts import ChartData, render_chart
from strategia.indicators.charts import Series as ChartSeries

from .. import selectors

register = template.Library()
CHART_CACHE_SECONDS = 24 * 3600
_YEAR = re.compile(r"^(\d{4})")


@register.simple_tag
def heading(level: int, text: str) -> str:
    """``<h2>``…``<h6>``: a document section's heading at its depth."""
    level = max(2, min(int(level), 6))
    return format_html("<h{}>{}</h{}>", level, text, level)


@register.filter
def index(values, position: int):
    try:
        return values[position]
    except (IndexError, TypeError):
        return None


@register.filter
def number_cell(value):
    """Numbers in the page's format (1 234,5 in Finnish); other cells as they are."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        decimals = 0 if float(value).is_integer() else 1
        return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return value


def _x(period: str) -> float | None:
    match = _YEAR.match(str(period))
    return float(match.group(1)) if match else None


def chart_data(block) -> ChartData:
    series = []
    for item in block.series:
        points = [(_x(p), v) for p, v in item.points if v is not None and _x(p) is not None]
        series.append(ChartSeries(label=item.label, points=points))
    targets = [(int(x), v) for x, v in ((_x(t), v) for t, v in block.targets) if x is not None]
    return ChartData(
        title=block.caption,
        description=block.alt_text,
        unit=block.unit,
        series=series,
        targets=targets,
        labels={"target": gettext("target")},
    )


@register.simple_tag
def figure_svg(block) -> str:
    """The figure drawn with the indicators' chart renderer, inline as an SVG image."""
    data = chart_data(block)
    key = data.cache_key("svg") + ":ems"
    image = cache.get(key)
    if image is None:
        image = render_chart(data, image_format="svg", number=lambda v: number_format(v, 1))
        cache.set(key, image, CHART_CACHE_SECONDS)
    encoded = base64.b64encode(image).decode("ascii")
    return format_html(
        '<img class="ems-chart" src="data:image/svg+xml;base64,{}" alt="{}" width="720" '
        'height="380">',
        encoded,
        block.alt_text,
    )


@register.inclusion_tag("ems/includes/my_work.html", takes_context=True)
def ems_my_work(context) -> dict:
    """The user's overdue corrective actions and, for those who keep the EMS, its link."""
    request = context.get("request")
    organisation = getattr(request, "organisation", None)
    if request is None or organisation is None:
        return {"actions": [], "may_view": False}
    return {
        "actions": selectors.overdue_actions_of(
            user=request.user, organisation=organisation, today=timezone.localdate()
        ),
        "may_view": selectors.may_view_registers(request.user, organisation),
    }


@register.filter
def iso_date(value: str) -> str:
    """A date kept as ISO text (in a review's frozen inputs) in the page's format."""
    import datetime

    try:
        return date_format(datetime.date.fromisoformat(value), "SHORT_DATE_FORMAT")
    except (TypeError, ValueError):
        return value or ""


@register.filter
def result_label(value: str) -> str:
    from ..models import ComplianceResult

    return dict(ComplianceResult.choices).get(value, value)


@register.filter
def judgement_label(value: str) -> str:
    from strategia.indicators.judgement import STATUS_LABELS, Status

    try:
        return str(STATUS_LABELS[Status(value)])
    except ValueError:
        return value
