"""Translated content fields, and change history of the hand-kept models.

Observations have no simple-history: the importers write their previous values
to ``ObservationRevision`` in bulk.
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Indicator, Target


@register(Indicator)
class IndicatorTranslation(TranslationOptions):
    fields = ("name", "description", "unit", "citation")
    required_languages = ("fi",)


@register(Target)
class TargetTranslation(TranslationOptions):
    fields = ("note",)


# History after translation, so the history tables have every language's column.
register_history(Indicator)
register_history(Target)
