from urllib.parse import urlsplit

from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from strategia.organisations.models import Unit

from .models import Role, User


class SignInForm(AuthenticationForm):
    """E-mail and password. The field keeps the name ``username`` that django-axes watches."""

    username = forms.EmailField(
        label=_("E-mail address"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    error_messages = {
        "invalid_login": _("The e-mail address or the password is wrong."),
        "inactive": _("This account has been deactivated."),
    }


class TokenForm(forms.Form):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "pattern": "[0-9]*",
                "autofocus": True,
            }
        ),
    )

    def clean_token(self) -> str:
        token = "".join(self.cleaned_data["token"].split())
        if not token.isdigit():
            raise forms.ValidationError(_("The code consists of digits only."))
        return token


class LocalisedPasswordResetForm(PasswordResetForm):
    """Sends the reset mail in the language the user chose, not the one of the page.

    Unlike Django's form it also reaches active users who have never chosen a
    password: an invited user whose invitation link expired asks for a new
    one here. (Django skips them for sites where some users sign in
    elsewhere; every Strategia account signs in with a password.)
    """

    def save(self, *args, request=None, **kwargs):
        # The link's host comes from SITE_BASE_URL (see send_mail), never from
        # the request's Host header, which the asker chooses.
        self._request = request
        kwargs["domain_override"] = urlsplit(settings.SITE_BASE_URL).netloc
        return super().save(*args, request=request, **kwargs)

    def get_users(self, email):
        from .limits import password_reset_account_limited

        users = User.objects.filter(email__iexact=email, is_active=True)
        request = getattr(self, "_request", None)
        if request is None:
            return list(users)
        # Dropped silently: a refusal would tell the asker the address has an account.
        return [user for user in users if not password_reset_account_limited(request, user.pk)]

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        from .services import password_link

        language = getattr(context.get("user"), "preferred_language", None) or "fi"
        context = {
            **context,
            "url": password_link(uid=context["uid"], token=context["token"], language=language),
        }
        with translation.override(language):
            super().send_mail(
                subject_template_name,
                email_template_name,
                context,
                from_email,
                to_email,
                html_email_template_name,
            )


class InviteForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"))
    full_name = forms.CharField(label=_("Full name"), max_length=200)
    preferred_language = forms.ChoiceField(
        label=_("Language of the messages"),
        choices=User._meta.get_field("preferred_language").choices,
    )
    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, roles: list[str], units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [(role, labels[role]) for role in roles]
        self.fields["unit"].queryset = units


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"))
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none(), required=False)

    def __init__(self, *args, roles: list[str], units, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(Role.choices)
        self.fields["role"].choices = [(role, labels[role]) for role in roles]
        self.fields["unit"].queryset = units
