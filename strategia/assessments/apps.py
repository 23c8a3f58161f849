from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "strategia.assessments"
    label = "assessments"
    verbose_name = _("impact assessment of decisions")

    def ready(self) -> None:
        from strategia.reports.registry import register_annual_section

        from .statistics import annual_assessment_section

        register_annual_section("assessments", annual_assessment_section)
