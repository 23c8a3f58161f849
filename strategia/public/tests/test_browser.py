"""In a real browser: the home page's goals and their progress fit the first 800 px on a phone
and on a desktop, no public page scrolls sideways at 360 px, and screenshots of the main pages
in every language at 390 and 1280 px are kept under ``var/screenshots/`` (git-ignored).

Skipped, with the reason, where Chromium is not installed (CI may lack it).
"""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from . import browser

pytestmark = [
    pytest.mark.skipif(not browser.available(), reason=browser.MISSING),
    pytest.mark.django_db(transaction=True),
]

SCREENSHOTS = Path(os.environ.get("STRATEGIA_SCREENSHOTS", settings.VAR_DIR / "screenshots"))
WIDTHS = (390, 1280)
FIRST_SCREEN = 800


@pytest.fixture(scope="module")
def chromium():
    session = browser.Browser()
    yield session
    session.close()


@pytest.fixture
def kemi_site(transactional_db):
    """Kemi's default content with the sample data, as ``make run`` and the demo show it."""
    call_command("load_default_content", stdout=StringIO())
    call_command("load_demo_data", allow_production=True, stdout=StringIO())
    from strategia.core.sample_data import organisation_has_sample_data
    from strategia.organisations.models import Organisation

    organisation = Organisation.objects.get(slug="kemi")
    assert organisation_has_sample_data(organisation)
    return organisation


def _pages(language: str) -> dict[str, str]:
    from django.utils import translation

    from strategia.indicators.models import Indicator
    from strategia.strategy.models import Goal, Measure, Plan

    with translation.override(language):
        plan = Plan.objects.get(slug="kaupunkistrategia")
        goal = Goal.objects.filter(plan=plan, kind=Goal.Kind.GOAL).order_by("order").first()
        measure = Measure.objects.filter(status_updates__state="published").first()
        indicator = Indicator.objects.filter(
            visibility="public", observations__isnull=False
        ).first()
        return {
            "home": f"/{language}/",
            "goal": goal.get_absolute_url(),
            "plan": plan.get_absolute_url(),
            "measure": measure.get_absolute_url(),
            "indicator": f"/{language}/indicators/{indicator.slug}/",
            "search": f"/{language}/search/?q=Kemi",
            "overview": f"/{language}/overview/",
        }


@pytest.mark.parametrize("width", WIDTHS)
def test_home_goals_with_their_progress_are_on_the_first_screen(
    live_server, chromium, kemi_site, width
):
    """On Kemi's site as it is tried out, sample-data notice and all."""
    chromium.open(f"{live_server.url}/fi/", width=width)
    assert chromium.is_styled()
    assert chromium.script("return document.querySelector('.sample-notice') !== null")
    bottoms = chromium.script(
        "return [...document.querySelectorAll('.goal-card--progress')].map(card => {"
        " const parts = card.querySelectorAll('.status-summary');"
        " return [parts.length, card.getBoundingClientRect().bottom + window.scrollY]; })"
    )
    assert len(bottoms) == 3
    for summaries, bottom in bottoms:
        assert summaries == 2  # the measures by status and the indicators by judgement
        assert bottom <= FIRST_SCREEN, bottoms


def test_no_public_page_scrolls_sideways_at_360_px(live_server, chromium, kemi_site):
    urls = {
        *_pages("fi").values(),
        "/fi/plans/",
        "/fi/measures/",
        "/fi/indicators/",
        "/fi/indicators/kasvihuonekaasupaastot/",
        "/fi/statuses/",
        "/fi/decisions/",
        "/fi/reports/",
        "/fi/environment/",
        "/fi/accessibility/",
        "/sv/overview/",
        "/en/search/?q=zzz",
    }
    wide = {}
    for url in sorted(urls):
        chromium.open(live_server.url + url, width=360)
        assert chromium.is_styled(), url
        width = chromium.scroll_width()
        if width > 360:
            wide[url] = width
    assert wide == {}


def test_screenshots_of_the_main_pages(live_server, chromium, kemi_site):
    for language in ("fi", "sv", "en"):
        for name, url in _pages(language).items():
            for width in WIDTHS:
                chromium.open(live_server.url + url, width=width)
                assert chromium.scroll_width() <= width, (url, width)
                chromium.screenshot(SCREENSHOTS / f"{name}-{language}-{width}.png", width=width)
    assert len(list(SCREENSHOTS.glob("*-*-*.png"))) >= 42
