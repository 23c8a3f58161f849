from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "strategia.core"
    label = "core"
    verbose_name = "Strategia"

    def ready(self) -> None:
        from django.contrib import admin

        admin.site.site_header = _("Strategia administration")
        admin.site.site_title = _("Strategia administration")
        admin.site.index_title = _("Content and users")
