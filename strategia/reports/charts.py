"""A report figure drawn with the indicator chart renderer: SVG for HTML/PDF, PNG for DOCX.

Reports keep their figures as plain data (``document.Figure``) so that a final
report can be drawn again from its snapshot; this turns that data into the
indicator charts' ``ChartData`` and lets ``indicators.charts`` draw it, so
the pages and the documents show the same chart.
"""

from __future__ import annotations

import datetime
import io
import re
from collections import OrderedDict

from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib import rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure as PlotFigure

from strategia.indicators import charts as indicator_charts
from strategia.indicators.charts import RC, WIDE, ChartData, Series
from strategia.indicators.judgement import decimal_year

from .document import Figure

_QUARTER = re.compile(r"^(\d{4})Q([1-4])$")
_MONTH = re.compile(r"^(\d{4})M(\d{2})$")


def period_x(label: str) -> float | None:
    """A period as the indicators name it (2024, 2024Q3, 2024M09, 2024-05-01) on the year axis."""
    if label.isdigit() and len(label) == 4:
        return float(label)
    if match := _QUARTER.match(label):
        return int(match[1]) + (int(match[2]) - 1) / 4
    if match := _MONTH.match(label):
        return int(match[1]) + (int(match[2]) - 1) / 12
    try:
        return decimal_year(datetime.date.fromisoformat(label))
    except ValueError:
        return None


def chart_data(figure: Figure) -> ChartData:
    series = []
    for one in figure.series:
        points = []
        for label, value in one.points:
            x = period_x(label)
            if x is not None and value is not None:
                points.append((x, value))
        series.append(Series(one.label, points))
    targets = []
    for label, value in figure.targets:
        x = period_x(label)
        if x is not None:
            targets.append((int(x), value))
    return ChartData(
        title=figure.caption,
        description=figure.alt_text,
        unit=figure.unit,
        series=series,
        targets=targets,
        labels={"target": _("target"), "trend": _("trend")},
    )


def _number(value: float) -> str:
    return number_format(round(value, 2), use_l10n=True, force_grouping=True)


def _plot(data: ChartData, *, dpi: int) -> PlotFigure:
    """The indicator chart's own drawing (``indicators.charts._draw``) on a fixed layout.

    The web chart lets matplotlib's constrained layout place the legend; that
    layout costs a third of a chart's time, and a report draws hundreds of
    charts. Here the margins are worked out from the data instead: room on
    the left for the longest value label, below for the legend's rows.
    """
    width, height = WIDE
    values = [v for series in data.series for _x, v in series.points]
    values += [v for _x, v in data.targets]
    label = max((len(_number(v)) for v in values), default=3)
    left = (0.3 + 0.075 * label + (0.3 if data.unit else 0)) / width
    labels = [series.label for series in data.series if series.points]
    labels += [data.labels.get("target", "Target")] if data.targets else []
    longest = max((len(text) for text in labels), default=1)
    columns = max(1, min(len(labels) or 1, int(width // (0.6 + 0.065 * longest))))
    rows = -(-len(labels) // columns) if labels else 0
    legend = 0.1 + 0.22 * rows
    bottom = 0.35 + legend
    plot = PlotFigure(figsize=(width, height + 0.22 * rows), dpi=dpi)
    FigureCanvasAgg(plot)
    total_height = height + 0.22 * rows
    axes = plot.add_axes(
        (left, bottom / total_height, 1 - left - 0.2 / width, 1 - (bottom + 0.15) / total_height)
    )
    indicator_charts._draw(axes, data, _number)
    handles, texts = axes.get_legend_handles_labels()
    if handles:
        plot.legend(handles, texts, loc="lower center", ncols=columns, fontsize=9, frameon=False)
    return plot


# Rendered charts by their data, image format and language: a report shows an
# indicator under every goal it serves, and a draft is rendered again and again.
_RENDERED: OrderedDict[str, bytes] = OrderedDict()
CACHE_SIZE = 600


def _render(data: ChartData, image_format: str) -> bytes:
    key = f"{data.cache_key(image_format)}:{get_language()}"
    if key in _RENDERED:
        _RENDERED.move_to_end(key)
        return _RENDERED[key]
    content = _draw_chart(data, image_format)
    _RENDERED[key] = content
    if len(_RENDERED) > CACHE_SIZE:
        _RENDERED.popitem(last=False)
    return content


def _draw_chart(data: ChartData, image_format: str) -> bytes:
    with rc_context(RC):
        plot = _plot(data, dpi=120)
        buffer = io.BytesIO()
        if image_format == "svg":
            plot.savefig(buffer, format="svg", metadata={"Date": None})
            return indicator_charts._accessible_svg(buffer.getvalue(), data)
        # A quick PNG compression: the file is a little larger, the chart much quicker.
        plot.savefig(
            buffer, format="png", metadata={"Software": None}, pil_kwargs={"compress_level": 3}
        )
        return buffer.getvalue()


def figure_svg(figure: Figure) -> bytes:
    """The figure as an SVG document (text kept as text, with title and desc)."""
    svg = _render(chart_data(figure), "svg")
    # Without the XML declaration and doctype, so it can also stand inside HTML.
    return svg[svg.index(b"<svg") :]


def figure_png(figure: Figure) -> bytes:
    return _render(chart_data(figure), "png")
