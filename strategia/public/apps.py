from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "strategia.public"
    label = "public"
