"""Form widgets of the public pages."""

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


def _attributes(attrs: dict) -> SafeString:
    """Attributes as Django's ``attrs.html`` writes them: ``True`` bare, ``False`` left out."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


class ListSelect(forms.Select):
    """Django's ``<select>``, the same markup, written in Python instead of a template per option.

    The measure list's filters offer every goal, plan and unit of the city; Django's
    own widget renders an included template for each option, which on a large city
    cost more than the rest of the page.
    """

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attributes(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>\n',
                    option["value"],
                    _attributes(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append(mark_safe("\n  </optgroup>"))  # noqa: S308 - a constant
        parts.append(mark_safe("\n</select>"))  # noqa: S308 - a constant
        return format_html_join("", "{}", ((part,) for part in parts))
