from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "strategia.budget"
    verbose_name = _("budget targets and operating plans")

    def ready(self) -> None:
        # The binding targets of the year are the budget's section of the annual report.
        from strategia.reports.registry import register_annual_section

        from .report import binding_targets_section

        register_annual_section("budget", binding_targets_section)
