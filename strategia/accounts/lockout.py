"""How django-axes names the account an attempt was made on.

The sign-in name is an e-mail address, matched without regard to case
(``UserManager.get_by_natural_key``). Axes would otherwise count
"Anna@Kemi.fi" and "anna@kemi.fi" separately, and an attacker could try five
passwords per spelling; so attempts are counted on the normalised address.
"""

from django.conf import settings
from django.http import HttpRequest


def lockout_username(request: HttpRequest, credentials: dict | None = None) -> str | None:
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials:
        username = credentials.get(field) or credentials.get("email")
    else:
        data = getattr(request, "data", None) or request.POST
        username = data.get(field)
    if not username:
        return username
    return str(username).strip().lower()
