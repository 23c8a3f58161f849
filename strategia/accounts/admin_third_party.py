"""The admin pages of the sign-in libraries, in the admin's languages.

django-axes (sign-in attempts and lockouts) marks its names for translation but
ships no Finnish or Swedish: ``AXES_NAMES`` lists its words so that they are in
this app's catalogue, where gettext finds them for axes too. django-otp's TOTP
device has plain English names: its admin here shows translated labels and
columns, and leaves out the secret key and its parameters, which an
administrator never needs (a device is made when its owner sets up the second
factor; a lost phone is handled by removing the device).
"""

from __future__ import annotations

from axes import admin as axes_admin
from axes.models import AccessAttempt
from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_totp import admin as totp_admin
from django_otp.plugins.otp_totp.models import TOTPDevice

AXES_NAMES = (
    _("access attempt"),
    _("access attempts"),
    _("access attempt expiration"),
    _("access attempt expirations"),
    _("access failure"),
    _("access failures"),
    _("access log"),
    _("access logs"),
    _("Access lock out"),
    _("Attempt Time"),
    _("Expires At"),
    _("Failed Logins"),
    _("GET Data"),
    _("HTTP Accept"),
    _("IP Address"),
    _("Logout Time"),
    _("Path"),
    _("POST Data"),
    _("Session key hash (sha256)"),
    _("User Agent"),
    _("Not set"),
)


class AccessAttemptAdmin(axes_admin.AccessAttemptAdmin):
    @admin.display(description=_("status"))
    def status(self, obj: AccessAttempt):
        return super().status(obj)


admin.site.unregister(AccessAttempt)
admin.site.register(AccessAttempt, AccessAttemptAdmin)

TOTP_LABELS = {
    "user": _("user"),
    "name": _("name"),
    "confirmed": _("confirmed"),
    "throttling_failure_count": _("failed attempts in a row"),
    "throttling_failure_timestamp": _("last failed attempt"),
}


class TOTPDeviceAdmin(totp_admin.TOTPDeviceAdmin):
    list_display = ["device_user", "device_name", "created", "last_used", "is_confirmed"]
    readonly_fields = ["created", "last_used"]

    def get_list_display(self, request: HttpRequest):
        return self.list_display

    def get_fieldsets(self, request: HttpRequest, obj=None):
        return [
            (_("Device"), {"fields": ["user", "name", "confirmed"]}),
            (_("Times"), {"fields": ["created", "last_used"]}),
            (
                _("Failed attempts"),
                {"fields": ["throttling_failure_count", "throttling_failure_timestamp"]},
            ),
        ]

    def get_form(self, request: HttpRequest, obj=None, **kwargs):
        kwargs["labels"] = TOTP_LABELS
        return super().get_form(request, obj, **kwargs)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.display(description=_("user"), ordering="user")
    def device_user(self, obj: TOTPDevice):
        return obj.user

    @admin.display(description=_("name"), ordering="name")
    def device_name(self, obj: TOTPDevice) -> str:
        return obj.name

    @admin.display(description=_("created"), ordering="created_at")
    def created(self, obj: TOTPDevice):
        return obj.created_at

    @admin.display(description=_("last used"), ordering="last_used_at")
    def last_used(self, obj: TOTPDevice):
        return obj.last_used_at

    @admin.display(description=_("confirmed"), boolean=True, ordering="confirmed")
    def is_confirmed(self, obj: TOTPDevice) -> bool:
        return obj.confirmed


admin.site.unregister(TOTPDevice)
admin.site.register(TOTPDevice, TOTPDeviceAdmin)
