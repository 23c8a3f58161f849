"""Workspace markup found by the accessibility review."""

from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation


def test_completeness_cell_symbols_are_spoken_as_words():
    # "✔ 2" was read as "heavy check mark 2"; the words were only in a title attribute,
    # which screen readers do not reliably read.
    cell = SimpleNamespace(
        percent=50, due=4, submitted=2, approved=2, reminders=1, period=None, unit_id=None
    )
    with translation.override("fi"):
        html = render_to_string("monitoring/includes/grid_cell.html", {"cell": cell})
    assert (
        '<span aria-hidden="true">✔</span><span class="visually-hidden">hyväksytty</span> 2' in html
    )
    assert '<span aria-hidden="true">✉</span><span class="visually-hidden">' in html
    assert "2/4" in html
