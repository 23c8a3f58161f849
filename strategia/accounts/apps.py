from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "strategia.accounts"
    label = "accounts"
