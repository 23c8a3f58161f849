"""Translated content fields, and change history.

History is registered here, after the translation fields exist, so that the
historical tables keep every language's text (with ``history = HistoricalRecords()``
in the model body the history model would be built before modeltranslation
adds the ``_fi``/``_sv``/``_en`` columns).
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import Goal, Measure, Plan


@register(Plan)
class PlanTranslation(TranslationOptions):
    fields = ("name", "summary", "description", "monitoring", "approving_body")
    required_languages = ("fi",)


@register(Goal)
class GoalTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fi",)


@register(Measure)
class MeasureTranslation(TranslationOptions):
    fields = ("name", "description")
    required_languages = ("fi",)


for model in (Plan, Goal, Measure):
    register_history(model, m2m_fields=[] if model is not Measure else ["goals"])
