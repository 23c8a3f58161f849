from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from .two_factor import has_confirmed_device, two_factor_required

# Pages a signed-in but not yet verified user may still reach.
_ALWAYS_OPEN = {
    "accounts:login",
    "accounts:logout",
    "accounts:two_factor_verify",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
    "admin:logout",
    "set_language",
    "healthz",
    "root",
}
_OPEN_DURING_SETUP = _ALWAYS_OPEN | {"accounts:two_factor_setup"}


class TwoFactorMiddleware:
    """Sends signed-in users who have not passed the second factor where they must go.

    - A user with a confirmed TOTP device who has not entered a code in this
      session goes to the code page, whatever the setting.
    - When ``STAFF_REQUIRE_2FA`` is on, staff without a device go to set one
      up before they reach anything else, the admin included.

    Must come after django-otp's ``OTPMiddleware``.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        # ``is_verified`` comes from django-otp's OTPMiddleware, which runs first.
        if user is not None and user.is_authenticated and not user.is_verified():
            redirect = self._redirect_for(request, user)
            if redirect is not None:
                return redirect
        return self.get_response(request)

    def _redirect_for(self, request: HttpRequest, user) -> HttpResponse | None:
        if request.path_info.startswith(("/static/", "/media/")):
            return None
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return None
        if has_confirmed_device(user):
            target, open_names = "accounts:two_factor_verify", _ALWAYS_OPEN
        elif two_factor_required(user):
            target, open_names = "accounts:two_factor_setup", _OPEN_DURING_SETUP
        else:
            return None
        if match.view_name in open_names:
            return None
        query = urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(f"{reverse(target)}?{query}")
