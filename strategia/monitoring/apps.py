from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "strategia.monitoring"
    label = "monitoring"
