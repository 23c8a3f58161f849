"""Workspace markup found by the accessibility review."""

import re
from types import SimpleNamespace

from django import forms
from django.template.loader import render_to_string
from django.utils import translation


def test_completeness_cells_are_told_in_words():
    # "0/1 · ✔ 0" was cryptic, and "✔" was read as "heavy check mark": the cell now
    # says "2/4 raportoitu, 2 hyväksytty" in words, with no symbol to decode.
    cell = SimpleNamespace(
        percent=50,
        due=4,
        submitted=2,
        approved=2,
        reminders=1,
        period=SimpleNamespace(pk=1),
        unit_id=7,
    )
    with translation.override("fi"):
        html = render_to_string("monitoring/includes/grid_cell.html", {"cell": cell})
    assert "2/4 raportoitu" in html
    assert "2 hyväksytty" in html
    assert "1 muistutus" in html
    assert "✔" not in html and "✉" not in html
    assert 'href="/fi/tyotila/kattavuus/1/7/"' in html


def _broken_references(html: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    refs = [r for group in re.findall(r'aria-describedby="([^"]+)"', html) for r in group.split()]
    return [r for r in refs if r not in ids]


class _HelpedForm(forms.Form):
    period = forms.CharField(help_text="2024, 2024Q3 or 2024-03")
    progress = forms.IntegerField(max_value=100)


def test_field_help_and_errors_carry_the_ids_the_input_points_at():
    # Django sets aria-describedby="<id>_helptext <id>_error" on the input; the include
    # wrote "<id>_help" and no id on errors, so neither was read with the field.
    form = _HelpedForm(data={"period": "", "progress": "150"})
    assert not form.is_valid()
    with translation.override("fi"):
        html = "".join(
            render_to_string("monitoring/includes/field.html", {"field": field}) for field in form
        )
    assert 'aria-describedby="id_period_helptext id_period_error"' in html
    assert '<p class="ws-help" id="id_period_helptext">' in html
    assert 'id="id_progress_error" role="alert"' in html
    assert _broken_references(html) == []
