"""Form widgets as the browser sees them (found by the accessibility review)."""

import datetime

from django.utils import translation

from strategia.monitoring.forms import MeasureForm


def test_measure_dates_reach_the_date_picker_in_iso_format_in_every_language():
    # A <input type="date"> only accepts yyyy-mm-dd; a Finnish "22.2.2026" is dropped by
    # the browser, the field shows empty and saving the form clears the date.
    initial = {"start_date": datetime.date(2026, 2, 22), "end_date": datetime.date(2026, 12, 29)}
    for language in ("fi", "sv", "en"):
        with translation.override(language):
            html = str(MeasureForm(initial=initial))
        assert 'type="date"' in html
        assert 'value="2026-02-22"' in html, language
        assert 'value="2026-12-29"' in html, language


def test_measure_dates_entered_by_the_date_picker_are_accepted_in_finnish():
    with translation.override("fi"):
        form = MeasureForm(data={"start_date": "2026-02-22"})
        form.is_valid()
    assert "start_date" not in form.errors
    assert form.cleaned_data["start_date"] == datetime.date(2026, 2, 22)
