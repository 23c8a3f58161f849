from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ReportsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "strategia.reports"
    verbose_name = _("reports")

    def ready(self) -> None:
        from strategia.core.navigation import register_section

        register_section(
            "reports",
            pgettext_lazy("staff header", "Reports"),
            "reports:list",
            permission="reports.view_reports",
            order=60,
        )
        from .builders.annual import build_annual_report
        from .builders.interim import build_interim_report
        from .builders.wellbeing import build_extensive_wellbeing_report, build_wellbeing_report
        from .registry import register_report

        register_report(
            "annual", _("Annual report: strategy and operational targets"), build_annual_report
        )
        register_report("interim", _("Interim report"), build_interim_report, scope="period")
        register_report("wellbeing", _("Wellbeing report (yearly)"), build_wellbeing_report)
        register_report(
            "wellbeing_extensive",
            _("Extensive wellbeing report (council term)"),
            build_extensive_wellbeing_report,
        )
