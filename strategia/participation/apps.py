from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "strategia.participation"
    label = "participation"
    verbose_name = _("participation")

    def ready(self) -> None:
        from strategia.reports.registry import register_annual_section, register_report

        from .report import annual_participation_section, build_initiatives_report

        register_report(
            "initiatives", _("Residents' initiatives (yearly list)"), build_initiatives_report
        )
        register_annual_section("participation", annual_participation_section)
