from django.apps import AppConfig


class CoreConfig(AppConfig):
    verbose_name = "Strategia"
    name = "strategia.core"
    label = "core"
