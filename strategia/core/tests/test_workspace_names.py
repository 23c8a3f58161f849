"""The workspace speaks Finnish and Swedish: on every workspace page (the strategy editor,
monitoring, assessments, budget, the environmental management system, participation, user
management) no fieldset legend, field label or h1/h2 heading reads as its English.

Every page of the workspace world (``hostile/workspace_world.py``, walked from the URL
resolver as ``hostile/test_workspace_markup.py`` does) is read in English, Finnish and
Swedish. What people wrote (every free-text column) is first replaced by a mark, so that
a heading made of a plan's name is not taken for an untranslated one; a text left with
letters that is the same in the language and in English is reported, unless it is one of
the few words that are the same in both (as in ``accounts/tests/test_admin_names.py``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from .hostile.markup import text_columns
from .hostile.test_workspace_markup import _clients, _pages, _read, _rows
from .hostile.workspace_world import build_workspace_world

pytestmark = pytest.mark.django_db

MARK = "§"
TAGS = ("legend", "label", "h1", "h2")
# Words that are the same in the language and in English (compared in lower case).
SAME = {"fi": {"idea"}, "sv": {"period", "plan", "standard", "status"}}


class Texts(HTMLParser):
    """The texts of the legends, labels and h1/h2 headings of a page, outside a report's
    preview (a document in the report's own language)."""

    def __init__(self) -> None:
        super().__init__()
        self.open: list[list[str]] = []
        self.texts: list[tuple[str, str]] = []
        self.sections: list[bool] = []  # open <section>s: is it a report's preview?

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            self.sections.append("report-preview" in (dict(attrs).get("class") or ""))
        if tag in TAGS and not any(self.sections):
            self.open.append([tag])

    def handle_endtag(self, tag):
        if tag == "section" and self.sections:
            self.sections.pop()
        if tag in TAGS and self.open and self.open[-1][0] == tag:
            tag, *parts = self.open.pop()
            self.texts.append((tag, " ".join(" ".join(parts).split())))

    def handle_data(self, data):
        for part in self.open:
            part.append(data)


def _texts(html: str) -> set[tuple[str, str]]:
    parser = Texts()
    parser.feed(html)
    found = set()
    for tag, text in parser.texts:
        text = text.replace(MARK, " ").strip(" :*()–—·,.")
        if re.search(r"[^\W\d_]{2,}", text):  # words, not only codes such as "T1/2026"
            found.add((tag, text))
    return found


def _mark_what_people_wrote(rows) -> None:
    for row in rows:
        model = type(row)
        values = dict.fromkeys(text_columns(model), MARK)
        if values:
            model._default_manager.filter(pk=row.pk).update(**values)


def _in(language: str, pages: dict[str, str]) -> dict[str, str]:
    """The pages in ``language``; an agenda item's exported block is asked in it too."""
    return {
        name: "/" + language + path.removeprefix("/fi") + ("?lang=" + language) * ("." in path)
        for name, path in pages.items()
    }


@pytest.fixture
def read(settings):
    settings.STAFF_REQUIRE_2FA = False
    s = build_workspace_world()
    _mark_what_people_wrote(_rows(s))
    clients = _clients(s, ("office", "admin"))
    pages = _pages(s)
    assert all(path.startswith("/fi/") for path in pages.values())
    return lambda language: _read(clients, _in(language, pages))


def test_the_workspace_pages_have_no_english_legends_labels_or_headings(read):
    english = read("en")
    assert len(english) >= 120  # the walk reached the workspace
    untranslated = set()
    for language in ("fi", "sv"):
        translated = read(language)
        assert translated.keys() == english.keys()
        for name, html in translated.items():
            same = _texts(html) & _texts(english[name])
            for tag, text in same:
                if " ".join(re.sub(r"\d", " ", text).split()).lower() not in SAME[language]:
                    untranslated.add(f"{language} <{tag}> {text!r}  ({name.split()[0]})")
    assert sorted(untranslated) == [], "\n".join(sorted(untranslated))
