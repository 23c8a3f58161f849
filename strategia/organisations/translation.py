from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Organisation, Person, Unit


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("fi",)


@register(Unit)
class UnitTranslation(TranslationOptions):
    fields = ("name", "governing_body")
    required_languages = ("fi",)


# History after translation, so the history table has every language's column.
register_history(Unit)
register_history(Person)
