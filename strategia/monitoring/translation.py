"""Translated status update texts, and their change history.

History is registered here, after the translation fields exist, so that the
historical table keeps every language's text (see ``strategy/translation.py``).
The history table keeps the name it had when the model was in the strategy app.
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from .models import StatusUpdate


@register(StatusUpdate)
class StatusUpdateTranslation(TranslationOptions):
    fields = ("text", "next_steps", "risks")


register_history(StatusUpdate, table_name="strategy_historicalstatusupdate")
