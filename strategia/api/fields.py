from django.conf import settings
from rest_framework import serializers


class TranslatedField(serializers.Field):
    """A translated content field as {"fi": …, "sv": …, "en": …}.

    Integrators get every language at once rather than the one a request
    happened to ask for; a missing translation is null (Finnish is always set).
    """

    def __init__(self, **kwargs) -> None:
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance

    def to_representation(self, instance) -> dict[str, str | None]:
        base = self.source
        return {
            code: getattr(instance, f"{base}_{code}", None) or None
            for code in settings.MODELTRANSLATION_LANGUAGES
        }
