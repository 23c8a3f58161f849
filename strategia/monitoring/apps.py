from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class MonitoringConfig(AppConfig):
    name = "strategia.monitoring"
    label = "monitoring"
    verbose_name = _("monitoring")

    def ready(self) -> None:
        from strategia.core.navigation import register_section

        from .selectors import may_enter_indicator_values

        register_section(
            "my_work",
            pgettext_lazy("staff header", "My work"),
            "monitoring:my_work",
            permission="accounts.access_workspace",
            order=10,
        )
        register_section(
            "indicator_values",
            pgettext_lazy("staff header", "Indicator values"),
            "monitoring:indicator_list",
            allowed=lambda user, organisation: may_enter_indicator_values(
                user=user, organisation=organisation
            ),
            order=20,
        )
        register_section(
            "completeness",
            pgettext_lazy("staff header", "Completeness"),
            "monitoring:completeness",
            permission="monitoring.view_completeness",
            order=30,
        )
        register_section(
            "periods",
            pgettext_lazy("staff header", "Periods"),
            "monitoring:periods",
            permission="monitoring.view_completeness",
            order=40,
        )
        register_section(
            "health",
            pgettext_lazy("staff header", "Strategy health"),
            "monitoring:health",
            permission="monitoring.view_completeness",
            order=50,
        )
