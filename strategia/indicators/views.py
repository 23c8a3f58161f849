"""Indicator pages: the list, one indicator with its chart and table, chart images, downloads.

Thin views over ``selectors``: every read starts from ``indicators_visible_to``
so internal indicators stay hidden from those who may not see them.
"""

from __future__ import annotations

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from strategia.core.public_cache import public_page
from strategia.organisations.models import Organisation
from strategia.strategy.selectors import user_can_view_internal

from . import downloads, exporters, selectors
from .charts import SIZES, WIDE, render_chart
from .citations import indicator_citation
from .forms import IndicatorFilterForm
from .judgement import TOLERANCE, TREND_WINDOW

CHART_CACHE_SECONDS = 24 * 60 * 60
IMAGE_TYPES = {"svg": "image/svg+xml", "png": "image/png"}
# The chart image is a separate document: its inline styles come from matplotlib and
# it can run no script, so it gets its own narrow policy instead of the site's.
CHART_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"


def _organisation(request: HttpRequest) -> Organisation:
    organisation = getattr(request, "organisation", None)
    if not organisation:
        raise Http404("No organisation.")
    return organisation


@public_page("indicators", "strategy")
@require_GET
def indicator_list(request: HttpRequest) -> HttpResponse:
    organisation = _organisation(request)
    form = IndicatorFilterForm(request.GET or None, organisation=organisation)
    filters = form.cleaned_data if form.is_valid() else {}
    indicators = list(
        selectors.indicator_list(
            user=request.user,
            organisation=organisation,
            goal=filters.get("goal"),
            plan_slug=filters.get("plan", ""),
            source=filters.get("source", ""),
        )
    )
    status = filters.get("status", "")
    rows = [
        row
        for row in selectors.indicator_rows(indicators)
        if not status or row.judgement.status.value == status
    ]
    return render(
        request,
        "indicators/indicator_list.html",
        {
            "form": form,
            "rows": rows,
            "show_internal": user_can_view_internal(user=request.user, organisation=organisation),
            "can_enter_values": request.user.has_perm("accounts.access_workspace", organisation),
        },
    )


@public_page("indicators", "strategy")
@require_GET
def indicator_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(request)
    indicator = selectors.indicator_detail(user=request.user, organisation=organisation, slug=slug)
    observations = selectors.indicator_observations(indicator)
    judgement = selectors.judge_indicator(indicator, observations)
    fetched = max((o.fetched_at for o in observations), default=None)
    accessed = timezone.localdate(fetched) if fetched else timezone.localdate()
    return render(
        request,
        "indicators/indicator_detail.html",
        {
            "indicator": indicator,
            "judgement": judgement,
            "latest": selectors.format_value(
                indicator, judgement.latest.value if judgement.latest else None
            ),
            "latest_year": judgement.latest.period if judgement.latest else None,
            "baseline": selectors.format_value(
                indicator, judgement.baseline.value if judgement.baseline else None
            ),
            "baseline_year": judgement.baseline.period if judgement.baseline else None,
            "change": _signed(indicator, judgement.change),
            "targets": [
                (t, selectors.format_value(indicator, t.value)) for t in indicator.targets.all()
            ],
            "table": selectors.value_table(indicator, observations),
            "chart_description": selectors.chart_description(indicator, observations, judgement),
            "citation": indicator_citation(indicator, accessed=accessed),
            "fetched": fetched,
            "goal_links": list(indicator.goal_links.all()),
            "measure_links": list(indicator.measure_links.all()),
            "trend_window": TREND_WINDOW,
            "tolerance_percent": int(TOLERANCE * 100),
            "show_internal": user_can_view_internal(user=request.user, organisation=organisation),
            "can_enter_values": request.user.has_perm("indicators.enter_observations", indicator),
            "expectation": selectors.data_expectation(indicator),
            "download_formats": [("csv", "CSV"), ("xlsx", "XLSX"), ("jsonstat2", "JSON-stat2")],
        },
    )


def _signed(indicator, value: float | None) -> str:
    if value is None:
        return "–"
    text = selectors.format_value(indicator, abs(value))
    # A real minus sign (U+2212), which screen readers read as "minus".
    return f"+{text}" if value > 0 else f"\u2212{text}" if value < 0 else text


@public_page("indicators")
@require_GET
def indicator_chart(request: HttpRequest, slug: str, image_format: str) -> HttpResponse:
    """The chart as an image; cached by its data, so a new value draws a new chart."""
    if image_format not in IMAGE_TYPES:
        raise Http404("Unknown image format.")
    organisation = _organisation(request)
    indicator = selectors.indicator_detail(user=request.user, organisation=organisation, slug=slug)
    observations = selectors.indicator_observations(indicator)
    judgement = selectors.judge_indicator(indicator, observations)
    data = selectors.chart_for(indicator, observations, judgement)
    if not any(series.points for series in data.series):
        # An empty chart (axes labelled 0, 0, 0…) says nothing; the page says when values come.
        raise Http404("The indicator has no values yet.")
    # ?size=narrow: the phone variant the page offers under 40em (see indicator_detail.html);
    # ?size=small: one of the small multiples of a goal page.
    size = request.GET.get("size", "")
    width, height = SIZES.get(size, WIDE)
    key = data.cache_key(image_format) + (f":{size}" if size in SIZES else "")
    image = cache.get(key)
    if image is None:
        image = render_chart(
            data,
            image_format=image_format,
            number=lambda v: number_format(v, decimal_pos=indicator.decimals, use_l10n=True),
            width=width,
            height=height,
        )
        cache.set(key, image, CHART_CACHE_SECONDS)
    response = HttpResponse(image, content_type=IMAGE_TYPES[image_format])
    response["Content-Security-Policy"] = CHART_CSP
    # A public chart is the same for every visitor: browsers revalidate it with its ETag
    # (core/public_cache.py), so a new value shows at once.
    response["Cache-Control"] = "no-cache" if indicator.is_public else "private"
    if image_format == "png":
        response["Content-Disposition"] = f'inline; filename="{indicator.slug}.png"'
    return response


@require_GET
def indicator_download(request: HttpRequest, slug: str, file_format: str) -> HttpResponse:
    """The indicator's values for reading (CSV, XLSX, JSON-stat2) in the page's language.

    The importer-compatible long form is the ``export_observations`` command's.
    """
    if file_format not in exporters.FORMATS:
        raise Http404("Unknown file format.")
    organisation = _organisation(request)
    indicator = selectors.indicator_detail(user=request.user, organisation=organisation, slug=slug)
    return _file_response(downloads.download(indicator, file_format, get_language() or "fi"))


@require_GET
def import_template(request: HttpRequest, file_format: str) -> HttpResponse:
    """The fill-in template of the table import format, or one indicator's with ?indicator=."""
    if file_format not in ("csv", "xlsx"):
        raise Http404("Unknown file format.")
    organisation = _organisation(request)
    indicator = None
    if request.GET.get("indicator"):
        indicator = selectors.indicator_detail(
            user=request.user, organisation=organisation, slug=request.GET["indicator"]
        )
        allowed = request.user.has_perm("indicators.enter_observations", indicator)
    else:
        allowed = request.user.has_perm("accounts.access_workspace", organisation)
    # The template is for staff who enter values; the public downloads the values themselves.
    if not allowed:
        raise PermissionDenied(_("The template for entering values is for staff only."))
    return _file_response(exporters.template_bytes(file_format, indicator))


def _file_response(export: exporters.ExportFile) -> HttpResponse:
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = f'attachment; filename="{export.file_name}"'
    return response
