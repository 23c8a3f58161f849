from django import forms

from strategia.public.widgets import ListSelect

CHOICES = [
    ("", "All <statuses>"),
    ("a", 'Quote " and & ampersand'),
    ("Group & co", [(1, "One"), (2, "Two")]),
    (3, "Three"),
]


def _field(widget) -> forms.Field:
    return forms.ChoiceField(choices=CHOICES, required=False, widget=widget)


def test_list_select_writes_the_markup_of_djangos_select():
    class Form(forms.Form):
        plain = _field(forms.Select(attrs={"class": "x", "data-on": True, "hidden": False}))
        fast = _field(ListSelect(attrs={"class": "x", "data-on": True, "hidden": False}))

    for data in (None, {"plain": "2", "fast": "2"}, {"plain": "a", "fast": "a"}):
        form = Form(data)
        expected = str(form["plain"]).replace("plain", "NAME")
        assert str(form["fast"]).replace("fast", "NAME") == expected
    assert "selected" in str(Form({"fast": "2"})["fast"])
    assert "All &lt;statuses&gt;" in str(Form()["fast"])


def test_measure_filters_render_as_before(client, strategy):
    """The filter form of the measure list keeps its selects (and the chosen value)."""
    html = client.get(f"/fi/measures/?status=on_track&unit={strategy.unit.pk}").content.decode()
    assert '<select name="status" id="id_status">' in html
    assert '<option value="on_track" selected>' in html
    assert f'<option value="{strategy.unit.pk}" selected>' in html
