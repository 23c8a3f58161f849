from django.apps import AppConfig


class ContentConfig(AppConfig):
    name = "strategia.content"
    label = "content"
