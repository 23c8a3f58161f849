from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class BudgetConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "strategia.budget"
    verbose_name = _("budget targets and operating plans")

    def ready(self) -> None:
        # The binding targets of the year are the budget's section of the annual report.
        from strategia.core.navigation import register_section

        register_section(
            "budget",
            pgettext_lazy("staff header", "Budget"),
            "budget:index",
            permission="budget.view_budget",
            order=70,
        )
        from strategia.reports.registry import register_annual_section

        from .report import binding_targets_section

        register_annual_section("budget", binding_targets_section)
