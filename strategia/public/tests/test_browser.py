"""In a real browser: the home page's goals and their progress fit the first 800 px on a phone
and on a desktop, no page (public or workspace) scrolls sideways at 360 px nor has a serious or
critical axe-core violation (axe from ``make axe``), and screenshots of the main pages
in every language at 390 and 1280 px are kept under ``var/screenshots/`` (git-ignored).

Skipped, with the reason, where Chromium is not installed (CI may lack it).
"""

import os
from io import StringIO
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from . import browser

pytestmark = [
    pytest.mark.skipif(not browser.available(), reason=browser.MISSING),
    pytest.mark.django_db(transaction=True),
]

SCREENSHOTS = Path(os.environ.get("STRATEGIA_SCREENSHOTS", settings.VAR_DIR / "screenshots"))
WIDTHS = (390, 1280)
LANGUAGES = ("fi", "sv", "en")
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
    # With DEBUG on, as in ``make run``, so that the sample staff accounts are made too.
    with override_settings(DEBUG=True):
        call_command("load_demo_data", stdout=StringIO())
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


PUBLIC_PAGES = (
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
)
AXE = Path(
    os.environ.get("STRATEGIA_AXE", settings.BASE_DIR / "var/axe/node_modules/axe-core/axe.min.js")
)


def _axe_problems(chromium) -> list[str]:
    """The serious and critical violations axe-core finds on the open page."""
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `make axe`")
    chromium.script(AXE.read_text(encoding="utf-8"))
    chromium.driver.set_script_timeout(60)
    result = chromium.driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        " axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations));"
    )
    return [
        f"{v['impact']} {v['id']}: {node['target']}"
        for v in result
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"][:3]
    ]


def _workspace_pages(language: str = "fi") -> dict[str, str]:
    from django.urls import reverse
    from django.utils import translation

    from strategia.indicators.models import Indicator
    from strategia.organisations.models import Person, Unit
    from strategia.strategy.models import Goal, Measure, Plan

    measure = Measure.objects.filter(status_updates__state="published").first()
    # The strategy editor's pages, each kind's edit page at a row with the most to show.
    edited = {
        "suunnitelmat": Plan.objects.order_by("pk").first(),
        "tavoitteet": Goal.objects.filter(indicator_links__isnull=False).first(),
        "toimenpiteet": measure,
        "mittarit": Indicator.objects.filter(goal_links__isnull=False).first(),
        "yksikot": Unit.objects.filter(parent__isnull=False).first(),
        "henkilot": Person.objects.order_by("pk").first(),
    }
    with translation.override(language):
        pages = {
            f"workspace-{name}": reverse(f"monitoring:{name}", kwargs=kwargs)
            for name, kwargs in (
                ("my_work", {}),
                ("measure_detail", {"pk": measure.pk}),
                ("approvals", {}),
                ("indicator_list", {}),
                ("periods", {}),
                ("completeness", {}),
                ("health", {}),
                ("content_index", {}),
            )
        }
        pages["workspace-content_list"] = reverse(
            "monitoring:content_list", kwargs={"kind": "toimenpiteet"}
        )
        for kind, obj in edited.items():
            pages[f"workspace-content-{kind}"] = reverse(
                "monitoring:content_edit", kwargs={"kind": kind, "pk": obj.pk}
            )
        return pages


def _sign_in(chromium, live_server, email: str) -> None:
    """Signs the browser in as a sample account, its second factor confirmed, as staff are."""
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from strategia.accounts.models import User

    user = User.objects.get(email=email)
    device = TOTPDevice.objects.create(user=user, name="browser test", confirmed=True)
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    chromium.driver.delete_all_cookies()
    chromium.open(live_server.url + "/fi/statuses/", width=360)
    chromium.driver.add_cookie(
        {"name": settings.SESSION_COOKIE_NAME, "value": session.session_key, "path": "/"}
    )


def test_no_page_scrolls_sideways_at_360_px_and_axe_finds_nothing_serious(
    live_server, chromium, kemi_site
):
    """Each page loaded once, at 360 px, for both checks; the workspace signed in as the
    strategy office's sample account and as a contact person's."""
    wide, problems, captions = {}, {}, {}

    def check(url: str) -> None:
        chromium.open(live_server.url + url, width=360)
        assert chromium.is_styled(), url
        # Not redirected (to the sign-in page, say): the page asked for is the one checked.
        assert urlsplit(chromium.driver.current_url).path == urlsplit(url).path, url
        width = chromium.scroll_width()
        if width > 360:
            wide[url] = width
        # A table's caption stays on the screen while the table scrolls inside its box.
        if cut := chromium.script(
            "return [...document.querySelectorAll('.table-scroll caption')]"
            ".filter(c => c.getBoundingClientRect().right > 360).map(c => c.textContent)"
        ):
            captions[url] = cut
        if found := _axe_problems(chromium):
            problems[url] = found

    for url in sorted({*_pages("fi").values(), *PUBLIC_PAGES}):
        check(url)
    _sign_in(chromium, live_server, "strategiatoimisto@example.fi")
    for url in _workspace_pages().values():
        check(url)
    _sign_in(chromium, live_server, "vastuuhenkilo@example.fi")
    check(_workspace_pages()["workspace-my_work"])
    chromium.driver.delete_all_cookies()
    assert wide == {}
    assert captions == {}
    assert problems == {}


def test_screenshots_of_the_main_pages(live_server, chromium, kemi_site):
    """The public pages, then the workspace as the strategy office sees it, in every
    language at both widths: kept under var/screenshots/ to be looked at."""

    def shoot(pages: dict[str, str], language: str) -> None:
        for name, url in pages.items():
            for width in WIDTHS:
                chromium.open(live_server.url + url, width=width)
                assert urlsplit(chromium.driver.current_url).path == urlsplit(url).path, url
                assert chromium.scroll_width() <= width, (url, width)
                chromium.screenshot(SCREENSHOTS / f"{name}-{language}-{width}.png", width=width)

    for language in LANGUAGES:
        shoot(_pages(language), language)
    _sign_in(chromium, live_server, "strategiatoimisto@example.fi")
    for language in LANGUAGES:
        shoot(_workspace_pages(language), language)
    chromium.driver.delete_all_cookies()
    expected = (len(_pages("fi")) + len(_workspace_pages())) * len(LANGUAGES) * len(WIDTHS)
    assert len(list(SCREENSHOTS.glob("*-*-*.png"))) >= expected


def test_the_editors_translations_stand_side_by_side_on_a_desktop_and_stack_on_a_phone(
    live_server, chromium, kemi_site
):
    url = _workspace_pages()["workspace-content-suunnitelmat"]
    _sign_in(chromium, live_server, "strategiatoimisto@example.fi")
    boxes = {}
    for width in WIDTHS:
        chromium.open(live_server.url + url, width=width)
        assert urlsplit(chromium.driver.current_url).path == url
        boxes[width] = chromium.script(
            "return [...document.querySelectorAll('.ws-translations__row')[0].children]"
            ".map(field => { const box = field.getBoundingClientRect();"
            " return [Math.round(box.left), Math.round(box.top), Math.round(box.width)]; })"
        )
    chromium.driver.delete_all_cookies()
    phone, desktop = boxes[390], boxes[1280]
    assert len(phone) == len(desktop) == 3
    # On a phone: one above the other, each the full width; on a desktop: one row.
    assert len({left for left, _top, _width in phone}) == 1, phone
    assert phone[0][1] < phone[1][1] < phone[2][1], phone
    assert all(width > 300 for _left, _top, width in phone), phone
    assert len({top for _left, top, _width in desktop}) == 1, desktop
    assert desktop[0][0] < desktop[1][0] < desktop[2][0], desktop
