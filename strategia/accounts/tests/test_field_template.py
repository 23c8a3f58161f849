"""The account pages' field include, as assistive technology reads it."""

import re

from django import forms
from django.template.loader import render_to_string


class _Form(forms.Form):
    email = forms.EmailField(help_text="Your work address.")


def test_help_and_error_texts_have_the_ids_the_input_points_at():
    # Django sets aria-describedby="<id>_helptext <id>_error"; the help text had "<id>_help".
    form = _Form(data={"email": "not-an-address"})
    assert not form.is_valid()
    html = render_to_string("accounts/field.html", {"field": form["email"]})
    assert 'aria-describedby="id_email_helptext id_email_error"' in html
    ids = set(re.findall(r'\bid="([^"]+)"', html))
    assert {"id_email_helptext", "id_email_error"} <= ids
