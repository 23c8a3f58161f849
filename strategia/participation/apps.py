from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ParticipationConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "strategia.participation"
    label = "participation"
    verbose_name = _("participation")

    def ready(self) -> None:
        from strategia.core.navigation import register_section

        register_section(
            "participation",
            pgettext_lazy("staff header", "Ideas"),
            "participation_ws:queue",
            permission="participation.view_ideas",
            order=85,
        )
        register_section(
            "moderation",
            pgettext_lazy("staff header", "Moderation"),
            "participation_ws:moderation",
            permission="participation.moderate",
            order=86,
        )
        from strategia.reports.registry import register_annual_section, register_report

        from .report import annual_participation_section, build_initiatives_report

        register_report(
            "initiatives", _("Residents' initiatives (yearly list)"), build_initiatives_report
        )
        register_annual_section("participation", annual_participation_section)
