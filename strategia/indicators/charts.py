"""Indicator charts, drawn on the server with matplotlib: SVG for pages, PNG for documents.

``render_chart`` takes plain data (``ChartData``) and returns bytes; it knows
nothing of models, so reports can reuse it with any series. ``chart_for`` in
``selectors.py`` builds the data from an indicator.

Readability choices:

* Each series has its own colour, marker *and* dash pattern, so lines (the
  emission sectors, say) stay apart in greyscale print and for colour-blind
  readers. The colours have a contrast of at least 4.5:1 against white.
* Targets are star markers with their value written beside them; the trend
  is a thin dotted line, called "trend" (not the name of its method).
* Where lines are few (``DIRECT_LABEL_MAX``) and their names short, each is
  named in the right margin level with its last value (the part all names
  share, "Kemi, ", dropped), never over a line; otherwise the legend sits
  below the plot so that it never hides a line.
* The narrow variant for phones (``NARROW``) and the small multiples of a goal
  page (``SMALL``) use larger type and fewer ticks, instead of shrinking the
  wide chart's text to half its size.
* Text stays text in the SVG (``svg.fonttype: none``) so it is selectable,
  scales with the page and is read by assistive technology; the SVG starts
  with a ``<title>`` and a ``<desc>`` and has ``role="img"``.
* Output is deterministic (fixed ``svg.hashsalt``, no date in the metadata),
  so the same data gives the same bytes and the cache key can be the data.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import matplotlib

matplotlib.use("Agg")

from matplotlib import rc_context  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.ticker import FuncFormatter, MaxNLocator  # noqa: E402
from matplotlib.transforms import blended_transform_factory  # noqa: E402

# Dark, distinct colours (contrast ≥ 4.5:1 on white), each with its own marker and dash
# pattern; the trend alone is dotted.
COLOURS = ["#0b3c5d", "#a63d00", "#00665a", "#6a3d8f", "#4d4d4d", "#8a5a00"]
MARKERS = ["o", "s", "^", "D", "v", "P"]
LINESTYLES = [
    "-",
    (0, (7, 2.5)),
    (0, (7, 2.5, 1.5, 2.5)),
    (0, (3, 2)),
    (0, (10, 2, 2, 2, 2, 2)),
    (0, (5, 1, 1, 1, 1, 1)),
]
TREND_STYLE = (0, (1, 1.8))
TREND_COLOUR = "#1a1a1a"
TARGET_COLOUR = "#b0002a"
# At most this many lines, with names at most this long, are named at their ends instead of
# in a legend: longer names would leave a phone's plot no room.
DIRECT_LABEL_MAX = 3
DIRECT_LABEL_CHARS = 18
# Charts narrower than this (inches) are shown on phones or as small multiples.
COMPACT_WIDTH = 5.0
STYLE_VERSION = 3
COMPACT_RC = {"font.size": 12, "legend.fontsize": 11}
# Figure sizes in inches: the page's chart and, for screens under 40em, a narrow one whose
# text is not scaled down to unreadable size.
WIDE = (7.2, 3.8)
NARROW = (4.2, 3.6)
SMALL = (4.0, 2.8)
SIZES = {"narrow": NARROW, "small": SMALL}
RC = {
    "svg.fonttype": "none",
    "svg.hashsalt": "strategia",
    "font.family": ["DejaVu Sans"],
    "font.size": 10,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.edgecolor": "#4d4d4d",
    "axes.labelcolor": "#1a1a1a",
    "xtick.color": "#1a1a1a",
    "ytick.color": "#1a1a1a",
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#d9d9d9",
    "legend.frameon": False,
    "legend.fontsize": 9,
}


@dataclass(frozen=True)
class Series:
    label: str
    points: Sequence[tuple[float, float]]  # (decimal year, value)


@dataclass(frozen=True)
class ChartData:
    title: str
    description: str
    unit: str = ""
    series: Sequence[Series] = ()
    targets: Sequence[tuple[int, float]] = ()
    # Start and end of the dashed trend projection: ((x0, y0), (x1, y1)).
    trend: tuple[tuple[float, float], tuple[float, float]] | None = None
    labels: dict[str, str] = field(default_factory=dict)  # "target", "trend", "year"

    def cache_key(self, image_format: str) -> str:
        digest = hashlib.sha256(repr((self, sorted(self.labels.items()))).encode()).hexdigest()
        # The style version: a change of drawing must not serve charts drawn the old way.
        return f"indicator-chart:{STYLE_VERSION}:{image_format}:{digest}"


def render_chart(
    data: ChartData,
    *,
    image_format: str = "svg",
    number: Callable[[float], str] = lambda v: f"{v:g}",
    width: float = WIDE[0],
    height: float = WIDE[1],
    dpi: int = 150,
) -> bytes:
    """The chart as SVG (text kept as text, with title and desc) or PNG bytes."""
    if image_format not in ("svg", "png"):
        raise ValueError(f"unknown image format {image_format!r}")
    with rc_context(RC):
        figure = build_figure(data, number=number, width=width, height=height, dpi=dpi)
        buffer = io.BytesIO()
        if image_format == "svg":
            figure.savefig(buffer, format="svg", metadata={"Date": None})
            return _accessible_svg(buffer.getvalue(), data)
        figure.savefig(buffer, format="png", metadata={"Software": None})
        return buffer.getvalue()


def build_figure(
    data: ChartData,
    *,
    number: Callable[[float], str] = lambda v: f"{v:g}",
    width: float = WIDE[0],
    height: float = WIDE[1],
    dpi: int = 150,
) -> Figure:
    """The drawn figure (call inside ``rc_context(RC)``); ``render_chart`` saves it."""
    compact = width < COMPACT_WIDTH
    with rc_context(COMPACT_RC if compact else {}):
        figure = Figure(figsize=(width, height), dpi=dpi, layout="constrained")
        FigureCanvasAgg(figure)
        axes = figure.add_subplot()
        drawn = short_series_labels([s.label for s in data.series if s.points])
        direct = 0 < len(drawn) <= DIRECT_LABEL_MAX and max(map(len, drawn)) <= DIRECT_LABEL_CHARS
        _draw(axes, data, number, compact=compact, direct_labels=direct)
        _legend_below(figure, axes, width=width, height=height)
    return figure


def _draw(
    axes,
    data: ChartData,
    number: Callable[[float], str],
    *,
    compact: bool = False,
    direct_labels: bool = False,
) -> None:
    """Draw the series, trend and targets; with ``direct_labels`` name the lines on the plot."""
    labels = data.labels
    xs: list[float] = []
    ends: list[tuple[float, float, str, str]] = []  # the last point of each line
    names = iter(short_series_labels([s.label for s in data.series if s.points]))
    for index, series in enumerate(data.series):
        points = sorted(series.points)
        if not points:
            continue
        x = [p[0] for p in points]
        y = [p[1] for p in points]
        xs.extend(x)
        colour = COLOURS[index % len(COLOURS)]
        axes.plot(
            x,
            y,
            color=colour,
            marker=MARKERS[index % len(MARKERS)],
            linestyle=LINESTYLES[index % len(LINESTYLES)],
            linewidth=2,
            markersize=5,
            label=None if direct_labels else series.label,
        )
        ends.append((x[-1], y[-1], next(names), colour))
    if data.trend:
        (x0, y0), (x1, y1) = data.trend
        xs.extend([x0, x1])
        axes.plot(
            [x0, x1],
            [y0, y1],
            color=TREND_COLOUR,
            linestyle=TREND_STYLE,
            linewidth=1.6,
            label=labels.get("trend", "Trend"),
        )
    for number_of_target, (year, value) in enumerate(data.targets):
        xs.append(year)
        axes.plot(
            [year],
            [value],
            linestyle="none",
            marker="*",
            markersize=13,
            color=TARGET_COLOUR,
            label=labels.get("target", "Target") if number_of_target == 0 else None,
        )
        axes.annotate(
            number(value),
            (year, value),
            textcoords="offset points",
            xytext=(8, 4),
            color=TARGET_COLOUR,
        )
    axes.xaxis.set_major_locator(MaxNLocator(integer=True, nbins=4 if compact else 8))
    axes.yaxis.set_major_locator(MaxNLocator(nbins=4 if compact else 6))
    axes.xaxis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(round(v))}"))
    axes.yaxis.set_major_formatter(FuncFormatter(lambda v, _pos: number(v)))
    if direct_labels:
        _label_line_ends(axes, ends)
    if xs:
        low, high = min(xs), max(xs)
        pad = max(0.4, (high - low) * 0.04)
        # Room on the right for the target's value label.
        axes.set_xlim(low - pad, high + pad * (3 if data.targets else 1))
    if data.unit:
        axes.set_ylabel(data.unit)


def _label_line_ends(axes, ends: list[tuple[float, float, str, str]]) -> None:
    """Name each line in the margin right of the plot, level with its last value.

    In the plot a name overprinted its own rising line or its neighbour's; the
    margin holds nothing else. Names are moved apart so that they never overprint
    each other, and a single line needs none: the chart's title says what it is.
    """
    if len(ends) < 2:
        return
    low, high = axes.get_ylim()
    gap = 0.11 * (high - low)  # about a line of the label's type on the small chart
    placed: list[float] = []
    for _x, y, _label, _colour in sorted(ends, key=lambda end: end[1], reverse=True):
        placed.append(min(y, placed[-1] - gap) if placed else y)
    if placed[-1] < low:  # moved below the axis: move the whole column up
        placed = [y + (low - placed[-1]) for y in placed]
    margin = blended_transform_factory(axes.transAxes, axes.transData)
    ordered = sorted(ends, key=lambda end: end[1], reverse=True)
    for (x, y, label, colour), label_y in zip(ordered, placed, strict=True):
        axes.annotate(
            label,
            (x, y),
            xytext=(1.02, label_y),
            textcoords=margin,
            ha="left",
            va="center",
            color=colour,
            fontweight="bold",
            annotation_clip=False,
        )


def short_series_labels(labels: Sequence[str]) -> list[str]:
    """The lines' names without the part they all share ("Kemi, women" → "women").

    Only a shared part that ends at a comma or a dash is dropped, and never a whole
    name; the chart's title and table still say what the shared part was.
    """
    if len(labels) < 2:
        return list(labels)
    prefix = labels[0]
    for label in labels[1:]:
        while not label.startswith(prefix):
            prefix = prefix[:-1]
    cut = max(prefix.rfind(", "), prefix.rfind(" – "), prefix.rfind(" - "))
    if cut <= 0:
        return list(labels)
    drop = cut + (2 if prefix[cut] == "," else 3)
    if any(len(label) <= drop for label in labels):
        return list(labels)
    return [label[drop:] for label in labels]


def _legend_below(figure: Figure, axes, *, width: float, height: float) -> None:
    """The legend under the plot, never over the lines, in as many columns as fit.

    Inside the plot ("best") it covered lines and the trend as soon as there were
    several series, and on a phone the covered part could not be told apart. The
    figure grows by the legend's rows so the plot itself keeps its height.
    """
    handles, labels = axes.get_legend_handles_labels()
    if not handles:
        return
    longest = max(len(label) for label in labels)
    # About 0.065 in per character at 9 pt, plus the line sample; at least one column.
    columns = max(1, min(len(handles), int(width // (0.6 + 0.065 * longest))))
    rows = -(-len(handles) // columns)
    figure.set_size_inches(width, height + 0.22 * rows)
    figure.legend(handles, labels, loc="outside lower center", ncols=columns)


def _accessible_svg(svg: bytes, data: ChartData) -> bytes:
    """Give the SVG a role, a title and a description, right after its opening tag."""
    text = svg.decode("utf-8")
    start = text.index("<svg")
    end = text.index(">", start)
    opening = text[start:end]
    opening += ' role="img" aria-labelledby="chart-title chart-desc"'
    inserted = (
        f'<title id="chart-title">{escape(data.title)}</title>'
        f'<desc id="chart-desc">{escape(data.description)}</desc>'
    )
    return (text[:start] + opening + ">" + inserted + text[end + 1 :]).encode("utf-8")
