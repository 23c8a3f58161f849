"""Translated content fields, and change history (registered after translation, as in strategy)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import BudgetTarget, OperatingPlan, OperatingPlanMeasure


@register(BudgetTarget)
class BudgetTargetTranslation(TranslationOptions):
    fields = ("text", "outcome", "explanation")
    required_languages = ("fi",)


@register(OperatingPlan)
class OperatingPlanTranslation(TranslationOptions):
    fields = ("description",)


@register(OperatingPlanMeasure)
class OperatingPlanMeasureTranslation(TranslationOptions):
    fields = ("resources",)


register_history(BudgetTarget)
register_history(OperatingPlan, m2m_fields=["budget_targets"])
register_history(OperatingPlanMeasure)
