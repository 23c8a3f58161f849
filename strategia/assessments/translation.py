"""Translated content fields, and change history (registered after the translation fields exist)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import AssessmentTemplate, Decision, DecisionOption, Effect, ImpactAssessment


@register(AssessmentTemplate)
class AssessmentTemplateTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("fi",)


@register(Decision)
class DecisionTranslation(TranslationOptions):
    fields = ("title",)
    required_languages = ("fi",)


@register(ImpactAssessment)
class ImpactAssessmentTranslation(TranslationOptions):
    fields = ("no_assessment_reason", "summary")


@register(DecisionOption)
class DecisionOptionTranslation(TranslationOptions):
    fields = ("name",)
    required_languages = ("fi",)


@register(Effect)
class EffectTranslation(TranslationOptions):
    fields = ("groups", "justification", "mitigation")


register_history(Decision, m2m_fields=["goals"])
register_history(ImpactAssessment)
register_history(Effect)
