from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "strategia.indicators"
    label = "indicators"
