from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class EmsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "strategia.ems"
    label = "ems"
    verbose_name = _("environmental management system")

    def ready(self) -> None:
        from strategia.core.navigation import register_section

        register_section(
            "ems",
            pgettext_lazy("staff header", "Environment"),
            "ems:dashboard",
            permission="ems.view_registers",
            order=90,
        )
        from strategia.reports.registry import register_report

        from .report import build_environmental_report

        register_report("environmental", _("Environmental report"), build_environmental_report)
