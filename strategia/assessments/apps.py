from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "strategia.assessments"
    label = "assessments"
    verbose_name = _("impact assessment of decisions")

    def ready(self) -> None:
        from strategia.core.navigation import register_section

        register_section(
            "assessments",
            pgettext_lazy("staff header", "Decisions"),
            "assessments:list",
            permission="strategy.view_internal",
            order=80,
        )
        from strategia.reports.registry import register_annual_section

        from .statistics import annual_assessment_section

        register_annual_section("assessments", annual_assessment_section)
