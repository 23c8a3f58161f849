from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def may_use_admin(user, organisation) -> bool:
    """The admin opens to active staff who hold a role (as ``RuleBasedAdminMixin`` asks)."""
    from .access import access_of

    if not (user.is_active and user.is_staff):
        return False
    access = access_of(user)
    return access.is_superuser or organisation.pk in access.organisation_ids


class AccountsConfig(AppConfig):
    name = "strategia.accounts"
    label = "accounts"
    verbose_name = _("users and roles")

    def ready(self) -> None:
        from strategia.core.navigation import TOOLS, register_section

        from .audit import connect_sign_in_hooks
        from .selectors import may_manage_users_in

        connect_sign_in_hooks()

        register_section(
            "users",
            pgettext_lazy("staff header", "Users"),
            "accounts:user_list",
            allowed=may_manage_users_in,
            group=TOOLS,
            order=200,
        )
        register_section(
            "admin",
            pgettext_lazy("staff header", "Administration"),
            "admin:index",
            allowed=may_use_admin,
            group=TOOLS,
            order=210,
        )
