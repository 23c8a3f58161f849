"""A report figure drawn with the indicator chart renderer: SVG for HTML/PDF, PNG for DOCX.

Reports keep their figures as plain data (``document.Figure``) so that a final
report can be drawn again from its snapshot; this turns that data into the
indicator charts' ``ChartData`` and lets ``indicators.charts`` draw it, so
the pages and the documents show the same chart.
"""

from __future__ import annotations

import datetime
import re

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from strategia.indicators.charts import ChartData, Series, render_chart
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
        labels={"target": _("target"), "trend": _("trend (least squares)")},
    )


def _number(value: float) -> str:
    return number_format(round(value, 2), use_l10n=True, force_grouping=True)


def figure_svg(figure: Figure) -> bytes:
    """The figure as an SVG document (text kept as text, with title and desc)."""
    svg = render_chart(chart_data(figure), image_format="svg", number=_number)
    # Without the XML declaration and doctype, so it can also stand inside HTML.
    return svg[svg.index(b"<svg") :]


def figure_png(figure: Figure) -> bytes:
    return render_chart(chart_data(figure), image_format="png", number=_number, dpi=150)
