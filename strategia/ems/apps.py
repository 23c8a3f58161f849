from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EmsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "strategia.ems"
    label = "ems"
    verbose_name = _("environmental management system")

    def ready(self) -> None:
        from strategia.reports.registry import register_report

        from .report import build_environmental_report

        register_report("environmental", _("Environmental report"), build_environmental_report)
