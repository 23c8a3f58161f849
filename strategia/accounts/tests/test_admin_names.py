"""The admin speaks Finnish and Swedish: every section title (an app's verbose name), model
name and the label of every field the admin shows is translated. A name is compared with
its English; only the few words that are the same in both languages may be."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import label_for_field
from django.test import RequestFactory
from django.utils import translation

# Words that are the same in the language and in English.
SAME = {
    "fi": {"idea", "id"},
    "sv": {
        "id",
        "definition",
        "format",
        "moderator",
        "import",
        "observation",
        "organisation",
        "period",
        "person",
        "plan",
        "standard",
        "status",
        "text",
        "version",
    },
}


def _names(request) -> list[tuple[str, object]]:
    """(where, name) of every name the admin shows: sections, models, fields and columns."""
    names = []
    for model, model_admin in admin.site._registry.items():
        where = model._meta.label
        names.append((f"{model._meta.app_label} (section)", model._meta.app_config.verbose_name))
        names.append((where, model._meta.verbose_name))
        names.append((f"{where} (plural)", model._meta.verbose_name_plural))
        shown = [(model_admin, model_admin.get_form(request), model_admin.list_display)]
        for inline_class in model_admin.inlines:
            inline = inline_class(model, admin.site)
            shown.append((inline, inline.get_formset(request).form, ()))
        for part, form, columns in shown:
            label = part.model._meta.label
            for name, field in form.base_fields.items():
                if field.label:
                    names.append((f"{label}.{name}", field.label))
            for name in (*part.get_readonly_fields(request), *columns):
                if name != "__str__":
                    names.append(
                        (f"{label}.{name} (column)", label_for_field(name, part.model, part))
                    )
    return names


@pytest.mark.parametrize("language", ["fi", "sv"])
def test_the_admin_has_no_english_names(admin_user, language):
    request = RequestFactory().get("/")
    request.user = admin_user
    untranslated = set()
    for where, name in _names(request):
        with translation.override("en"):
            english = str(name)
        with translation.override(language):
            translated = str(name)
        if translated == english and english.lower() not in SAME[language]:
            untranslated.add(f"{where}: {english}")
    assert sorted(untranslated) == [], "\n".join(sorted(untranslated))
