"""Checks added by the accessibility and usability review of the public site."""

import html as html_lib
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import translation

from .conftest import page_urls

APPS = Path(__file__).resolve().parents[2]
# The catalogues whose strings the public pages show.
CATALOGUES = ["public", "strategy", "indicators", "core"]
MSGID = re.compile(r'^msgid "(.+)"\n(?:msgid_plural "[^"]*"\n)?msgstr(?:\[0\])? "(.+)"$', re.M)


def _translated_english_strings(language: str) -> set[str]:
    """English source strings of two words or more that the catalogue translates."""
    strings = set()
    for app in CATALOGUES:
        po = APPS / app / "locale" / language / "LC_MESSAGES" / "django.po"
        if not po.exists():
            continue
        for msgid, msgstr in MSGID.findall(po.read_text(encoding="utf-8")):
            if msgid != msgstr and " " in msgid and "%" not in msgid and "{" not in msgid:
                strings.add(msgid.replace('\\"', '"'))
    return strings


def _visible_text(page: str) -> str:
    """Text a reader meets: element text plus alt, aria-label, title and placeholder."""
    page = re.sub(r"<(script|style)\b.*?</\1>", " ", page, flags=re.S)
    attributes = re.findall(r'\b(?:alt|aria-label|title|placeholder)="([^"]*)"', page)
    text = re.sub(r"<[^>]+>", " ", page)
    return html_lib.unescape(" ".join([text, *attributes]))


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_public_pages_show_no_untranslated_interface_english(client, strategy, language):
    english = _translated_english_strings(language)
    assert len(english) > 20  # the catalogues were found and read
    with translation.override(language):
        urls = page_urls(strategy)
        urls["indicators"] = reverse("indicators:list")
        urls["not_found"] = f"/{language}/ei-ole-olemassa/"
    for name, url in urls.items():
        text = " ".join(_visible_text(client.get(url).content.decode()).split())
        leaked = sorted(s for s in english if re.search(rf"(?<!\w){re.escape(s)}(?!\w)", text))
        assert not leaked, (name, url, leaked)


def test_pages_declare_an_icon_that_the_app_serves(client, strategy):
    # Without it every first visit logged a 404 for /favicon.ico in the console.
    page = client.get("/fi/").content.decode()
    href = re.search(r'<link rel="icon" href="/static/([^"]+)" type="image/svg\+xml">', page)
    assert href, "no icon link"
    assert finders.find(href.group(1))


def _broken_describedby(page: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', page))
    refs = [r for group in re.findall(r'aria-describedby="([^"]+)"', page) for r in group.split()]
    return [r for r in refs if r not in ids]


def test_filter_errors_are_tied_to_their_field(client, strategy):
    # Django points an invalid field's aria-describedby at "<id>_error"; the page wrote
    # the message with id "<id>-error", so screen readers never heard it.
    page = client.get("/fi/measures/", {"status": "bogus"}).content.decode()
    assert 'aria-invalid="true" aria-describedby="id_status_error"' in page
    assert '<p class="field__error" id="id_status_error">' in page
    assert _broken_describedby(page) == []


def test_plan_periods_do_not_break_at_their_dash(client, strategy):
    # On a phone "2018–2025" broke into "2018–" and "2025" on two lines.
    for url in ("/fi/", strategy.plan.get_absolute_url(), strategy.goals[0].get_absolute_url()):
        page = client.get(url).content.decode()
        if "2018–2025" in page:
            assert '<span class="muted nowrap">2018–2025</span>' in page or (
                '<span class="nowrap">2018–2025</span>' in page
            ), url
    home = client.get("/fi/").content.decode()
    assert '<span class="muted nowrap">2018–2025</span>' in home
