"""The sign-in libraries' sections of the admin under translated titles.

INSTALLED_APPS names these instead of the libraries' own configs (their labels and
models stay theirs). Not in ``apps.py``: a module with several configs would leave
the accounts app without its default one.
"""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPAppConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("sign-in attempts")


class TOTPConfig(TOTPAppConfig):
    verbose_name = _("second factor of sign-in")

    def ready(self) -> None:
        super().ready()
        # django-otp names its model in plain English. Only the names the admin reads
        # change: a model's migration state is made from its Meta (``original_attrs``),
        # which stays as it was, so no migration of the library is wanted.
        device = self.get_model("TOTPDevice")
        device._meta.verbose_name = _("authenticator app")
        device._meta.verbose_name_plural = _("authenticator apps")
