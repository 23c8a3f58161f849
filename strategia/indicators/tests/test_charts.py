"""The chart renderer: accessible, deterministic SVG and PNG from plain data."""

import xml.etree.ElementTree as ET

import pytest
from matplotlib import rc_context

from strategia.indicators import charts
from strategia.indicators.charts import ChartData, Series, render_chart

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def data():
    return ChartData(
        title="Koulutustasomittain, Kemi",
        description="Line chart 2015–2023 & targets <2030>.",
        unit="index",
        series=[
            Series("Total", [(2015 + i, 300 + 2 * i) for i in range(9)]),
            Series("Women", [(2015 + i, 310 + 2 * i) for i in range(9)]),
            Series("Men", [(2015 + i, 290 + 2 * i) for i in range(9)]),
        ],
        targets=[(2030, 330.5)],
        trend=((2018, 306), (2030, 330)),
        labels={"target": "Tavoite", "trend": "Trendi"},
    )


def test_svg_has_title_desc_and_role(data):
    svg = render_chart(data, image_format="svg")
    root = ET.fromstring(svg)  # noqa: S314 - our own output
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "chart-title chart-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title.text == "Koulutustasomittain, Kemi"
    # Escaped on the way in, read back verbatim.
    assert desc.text == "Line chart 2015–2023 & targets <2030>."


def test_svg_keeps_text_as_text_and_shows_every_series(data):
    svg = render_chart(data, image_format="svg").decode()
    for label in ("Total", "Women", "Men", "Tavoite", "Trendi", "2030"):
        assert f">{label}<" in svg or label in svg
    assert "<text" in svg  # svg.fonttype none: no glyph paths
    assert "DejaVu Sans" in svg


def test_svg_is_deterministic(data):
    # Equal data rendered on another day gives the same bytes: no date, no
    # random ids, so a cached chart and a fresh one never differ.
    import copy
    import datetime

    import time_machine

    first = render_chart(data)
    with time_machine.travel(datetime.datetime(2031, 7, 1, 12, tzinfo=datetime.UTC)):
        again = render_chart(copy.deepcopy(data))
    assert first == again
    assert b"<dc:date>" not in first


def test_number_formatter_is_used(data):
    svg = render_chart(data, number=lambda v: f"{v:.1f}".replace(".", ",")).decode()
    assert "330,5" in svg


def test_png_bytes(data):
    png = render_chart(data, image_format="png")
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert len(png) > 5000


def test_empty_chart_renders():
    svg = render_chart(ChartData(title="Empty", description="No values yet."))
    assert b"<title" in svg


def test_unknown_format_is_refused(data):
    with pytest.raises(ValueError, match="unknown image format"):
        render_chart(data, image_format="gif")


def test_cache_key_changes_with_data(data):
    other = ChartData(title=data.title, description=data.description, series=data.series[:1])
    assert data.cache_key("svg") != other.cache_key("svg")
    assert data.cache_key("svg") != data.cache_key("png")
    # An equal copy (not the same object) has the same key: the key is the data's.
    import copy

    assert copy.deepcopy(data).cache_key("svg") == data.cache_key("svg")


@pytest.mark.parametrize("size", [charts.WIDE, charts.NARROW])
def test_legend_sits_below_the_plot_and_never_covers_a_line(data, size):
    # Inside the plot ("best") the legend covered the lines and the trend as soon as an
    # indicator had several series (found by the accessibility review).
    with rc_context(charts.RC):
        figure = charts.build_figure(data, width=size[0], height=size[1])
        figure.canvas.draw()
        (axes,) = figure.axes
        (legend,) = figure.legends
        renderer = figure.canvas.get_renderer()
        plot_box = axes.get_window_extent(renderer)
        legend_box = legend.get_window_extent(renderer)
    assert not axes.get_legend()
    assert legend_box.y1 <= plot_box.y0
    # Three lines are named on the plot itself; the legend keeps the trend and the target.
    assert [text.get_text() for text in legend.get_texts()] == ["Trendi", "Tavoite"]
    assert {text.get_text() for text in axes.texts} >= {"Total", "Women", "Men"}


def test_narrow_chart_for_phones_is_narrower_so_its_text_is_scaled_down_less(data):
    wide = ET.fromstring(render_chart(data))  # noqa: S314 - our own output
    narrow = ET.fromstring(  # noqa: S314 - our own output
        render_chart(data, width=charts.NARROW[0], height=charts.NARROW[1])
    )

    def points(root, attribute):
        return float(root.get(attribute).removesuffix("pt"))

    # Shown 100 % wide on a phone: the narrower the image, the larger its 9–10 pt text.
    assert points(narrow, "width") < 0.65 * points(wide, "width")
    assert points(narrow, "height") / points(narrow, "width") > points(wide, "height") / points(
        wide, "width"
    )


def test_many_lines_have_a_legend_and_each_its_own_dash_pattern(data):
    many = ChartData(
        title="Päästöt",
        description="Kuvaus",
        series=[
            Series(f"Sektori {i}", [(2015 + y, 10 * i + y) for y in range(5)]) for i in range(5)
        ],
        labels={"target": "Tavoite", "trend": "Trendi"},
    )
    with rc_context(charts.RC):
        figure = charts.build_figure(many, width=charts.NARROW[0], height=charts.NARROW[1])
        (axes,) = figure.axes
        (legend,) = figure.legends
    assert [text.get_text() for text in legend.get_texts()] == [f"Sektori {i}" for i in range(5)]
    assert (
        len({str(line.get_linestyle()) + repr(line._unscaled_dash_pattern) for line in axes.lines})
        == 5
    )


def test_phone_and_small_charts_use_larger_type_and_fewer_ticks(data):
    with rc_context(charts.RC):
        wide = charts.build_figure(data)
        small = charts.build_figure(data, width=charts.SMALL[0], height=charts.SMALL[1])
        wide.canvas.draw()
        small.canvas.draw()
    wide_ticks = [t for t in wide.axes[0].get_xticklabels() if t.get_text()]
    small_ticks = [t for t in small.axes[0].get_xticklabels() if t.get_text()]
    assert small_ticks[0].get_fontsize() > wide_ticks[0].get_fontsize()
    assert len(small.axes[0].get_xticks()) < len(wide.axes[0].get_xticks())


@pytest.mark.parametrize("size", [charts.WIDE, charts.NARROW, charts.SMALL])
def test_line_names_overprint_no_line_and_no_other_name(size):
    """Three rising lines close together, as Kemi's education index by sex: each name is
    beside the plot, level with its line's end, and no name covers a line or a name."""
    crowded = ChartData(
        title="Koulutustasomittain",
        description="Kuvaus",
        unit="indeksi",
        series=[
            Series("Kemin kaupunki, yhteensä", [(2015 + i, 318 + 2.7 * i) for i in range(9)]),
            Series("Kemin kaupunki, naiset", [(2015 + i, 330 + 2.8 * i) for i in range(9)]),
            Series("Kemin kaupunki, miehet", [(2015 + i, 306 + 2.7 * i) for i in range(9)]),
        ],
        targets=[(2030, 360)],
        trend=((2023, 340), (2030, 360)),
        labels={"target": "Tavoite", "trend": "Trendi"},
    )
    with rc_context(charts.RC):
        figure = charts.build_figure(crowded, width=size[0], height=size[1])
        figure.canvas.draw()
        renderer = figure.canvas.get_renderer()
        (axes,) = figure.axes
        names = [text for text in axes.texts if text.get_text() in ("yhteensä", "naiset", "miehet")]
        boxes = [name.get_window_extent(renderer) for name in names]
        points = [
            point for line in axes.lines for point in axes.transData.transform(line.get_xydata())
        ]
    # The shared "Kemin kaupunki, " is dropped: the title says which town.
    assert sorted(name.get_text() for name in names) == ["miehet", "naiset", "yhteensä"]
    assert not figure.legends or all(
        text.get_text() not in ("yhteensä", "naiset", "miehet")
        for text in figure.legends[0].get_texts()
    )
    plot = axes.get_window_extent(renderer)
    for box in boxes:
        assert box.x0 >= plot.x1  # beside the plot, not over its lines
        assert not any(box.contains(x, y) for x, y in points)
    for first, second in zip(boxes, boxes[1:], strict=False):
        assert not first.overlaps(second)


@pytest.mark.parametrize(
    ("labels", "short"),
    [
        (["Kemi, naiset", "Kemi, miehet"], ["naiset", "miehet"]),
        (["Kemi – liikenne", "Kemi – lämmitys"], ["liikenne", "lämmitys"]),
        (["Kemi", "Kemi, naiset"], ["Kemi", "Kemi, naiset"]),  # never a whole name
        (["Liikenne", "Lämmitys"], ["Liikenne", "Lämmitys"]),  # no shared part to drop
        (["Yksi"], ["Yksi"]),
    ],
)
def test_short_series_labels_drop_only_a_shared_part(labels, short):
    assert charts.short_series_labels(labels) == short
