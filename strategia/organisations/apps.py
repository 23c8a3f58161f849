from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "strategia.organisations"
    label = "organisations"
