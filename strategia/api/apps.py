from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "strategia.api"
    label = "api"
    verbose_name = "API"
