from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "strategia.accounts"
    label = "accounts"

    def ready(self) -> None:
        from .audit import connect_sign_in_hooks

        connect_sign_in_hooks()
