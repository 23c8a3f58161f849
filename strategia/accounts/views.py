"""Sign-in, two-factor authentication, password reset and user management.

Views are thin: the rules decide (``rules.py``), services write
(``services.py``), selectors read (``selectors.py``).
"""

from __future__ import annotations

import base64

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import NoReverseMatch, reverse, reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp import match_token

from strategia.core.errors import too_many_requests

from . import limits, selectors, services
from .forms import InviteForm, LocalisedPasswordResetForm, RoleForm, SignInForm, TokenForm
from .models import RoleAssignment, User
from .two_factor import (
    confirm_device,
    has_confirmed_device,
    pending_device,
    qr_code_data_uri,
    seconds_until_next_try,
)


def _safe_next(request: HttpRequest, default: str) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return default


def home_url() -> str:
    """Where staff land after signing in: their workspace when it is installed."""
    try:
        return reverse("monitoring:my_work")
    except NoReverseMatch:
        return reverse("public:home")


class SignInView(auth_views.LoginView):
    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        # Residents hold no role: their own page, not a workspace they can't enter.
        if not self.request.user.has_perm("accounts.access_workspace"):
            try:
                return reverse("participation:account")
            except NoReverseMatch:
                return reverse("public:home")
        return home_url()


class SignOutView(auth_views.LogoutView):
    """Sign-out by POST only (Django refuses GET), back to the public home page."""

    next_page = reverse_lazy("public:home")


def _wait_message(seconds: int) -> str:
    return ngettext(
        "Too many wrong codes in a row. Wait %(seconds)d second and enter the current code.",
        "Too many wrong codes in a row. Wait %(seconds)d seconds and enter the current code.",
        seconds,
    ) % {"seconds": seconds}


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    """The second step of signing in for users with a TOTP device."""
    next_url = _safe_next(request, home_url())
    if request.user.is_verified():
        return HttpResponseRedirect(next_url)
    if not has_confirmed_device(request.user):
        return HttpResponseRedirect(reverse("accounts:two_factor_setup"))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wait = seconds_until_next_try(request.user)
        if wait:
            # django-otp would refuse even the right code now; say so.
            form.add_error("token", _wait_message(wait))
        else:
            device = match_token(request.user, form.cleaned_data["token"])
            if device is not None:
                otp_login(request, device)
                return HttpResponseRedirect(next_url)
            form.add_error("token", _("The code is wrong or has expired. Try the current one."))
    return render(request, "accounts/two_factor_verify.html", {"form": form, "next": next_url})


@never_cache
@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    """Pair an authenticator app: scan the QR code (or type the key), confirm with a code."""
    user = request.user
    next_url = _safe_next(request, home_url())
    if has_confirmed_device(user) and not user.is_verified():
        # Replacing a device needs the current one first.
        return HttpResponseRedirect(reverse("accounts:two_factor_verify"))
    device = pending_device(user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["token"]):
            confirm_device(device)
            otp_login(request, device)
            messages.success(request, _("Two-factor authentication is now on."))
            return HttpResponseRedirect(next_url)
        form.add_error("token", _("The code did not match. Check the clock of your phone."))
    secret = device.bin_key
    context = {
        "form": form,
        "next": next_url,
        "config_url": device.config_url,
        "qr_code": qr_code_data_uri(device.config_url),
        "secret": base64.b32encode(secret).decode("ascii").rstrip("="),
        "already_on": has_confirmed_device(user),
    }
    return render(request, "accounts/two_factor_setup.html", context)


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for a reset link. Limited per client and per e-mail address (429), and
    per account (silently, see ``LocalisedPasswordResetForm``)."""

    form_class = LocalisedPasswordResetForm
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/mail/password_reset.txt"
    html_email_template_name = "accounts/mail/password_reset.html"
    subject_template_name = "accounts/mail/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form):
        if limits.password_reset_limited(self.request, form.cleaned_data["email"]):
            return too_many_requests(self.request)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


@method_decorator(never_cache, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


@never_cache
@login_required
def account(request: HttpRequest) -> HttpResponse:
    """The signed-in person's own page: roles, two-factor status, links, sign-out."""
    user = request.user
    organisation = getattr(request, "organisation", None)
    assignments = (
        selectors.role_assignments_of(user, organisation)
        if organisation
        else RoleAssignment.objects.none()
    )
    context = {
        "assignments": assignments,
        "two_factor_on": has_confirmed_device(user),
        "may_manage_users": bool(organisation)
        and selectors.may_manage_users_in(user, organisation),
    }
    return render(request, "accounts/account.html", context)


# --- User management ---------------------------------------------------------


def _add_errors(form, error: ValidationError) -> None:
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def _organisation(request: HttpRequest):
    organisation = getattr(request, "organisation", None)
    if not organisation:
        raise Http404
    return organisation


def _require_user_manager(request: HttpRequest):
    organisation = _organisation(request)
    if not selectors.may_manage_users_in(request.user, organisation):
        raise PermissionDenied
    return organisation


@never_cache
@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    organisation = _require_user_manager(request)
    actor = request.user
    units = selectors.units_whose_users_are_managed_by(actor, organisation)
    users = selectors.users_managed_by(actor, organisation).prefetch_related(
        selectors.role_prefetch(organisation)
    )
    form = InviteForm(
        roles=services.grantable_roles(actor=actor, organisation=organisation), units=units
    )
    return render(
        request,
        "accounts/user_list.html",
        {"users": users, "invite_form": form, "units": units},
    )


@never_cache
@login_required
@require_POST
def user_invite(request: HttpRequest) -> HttpResponse:
    organisation = _require_user_manager(request)
    if limits.invitation_limited(request):
        return too_many_requests(request)
    actor = request.user
    units = selectors.units_whose_users_are_managed_by(actor, organisation)
    form = InviteForm(
        request.POST,
        roles=services.grantable_roles(actor=actor, organisation=organisation),
        units=units,
    )
    if form.is_valid():
        try:
            user = services.user_invite(actor=actor, organisation=organisation, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not grant this role."))
        else:
            messages.success(
                request,
                _("%(email)s now has access. A link to choose a password was sent if needed.")
                % {"email": user.email},
            )
            return HttpResponseRedirect(reverse("accounts:user_list"))
    users = selectors.users_managed_by(actor, organisation).prefetch_related(
        selectors.role_prefetch(organisation)
    )
    return render(
        request,
        "accounts/user_list.html",
        {"users": users, "invite_form": form, "units": units},
        status=400,
    )


def _managed_user(request: HttpRequest, organisation, pk: int) -> User:
    return get_object_or_404(selectors.users_managed_by(request.user, organisation), pk=pk)


@never_cache
@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _require_user_manager(request)
    actor = request.user
    managed = _managed_user(request, organisation, pk)
    units = selectors.units_whose_users_are_managed_by(actor, organisation)
    form = RoleForm(
        request.POST or None,
        roles=services.grantable_roles(actor=actor, organisation=organisation),
        units=units,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.role_assign(
                actor=actor, user=managed, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        except PermissionDenied as error:
            form.add_error(None, str(error) or _("You may not grant this role."))
        else:
            messages.success(request, _("The role was added."))
            return HttpResponseRedirect(reverse("accounts:user_detail", kwargs={"pk": pk}))
    assignments = selectors.role_assignments_of(managed, organisation)
    return render(
        request,
        "accounts/user_detail.html",
        {"managed": managed, "assignments": assignments, "role_form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def role_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _require_user_manager(request)
    assignment = get_object_or_404(
        RoleAssignment.objects.select_related("unit", "organisation"),
        pk=pk,
        organisation=organisation,
    )
    _managed_user(request, organisation, assignment.user_id)
    services.role_revoke(actor=request.user, assignment=assignment)
    messages.success(request, _("The role was removed."))
    return HttpResponseRedirect(reverse("accounts:user_detail", kwargs={"pk": assignment.user_id}))


@login_required
@require_POST
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = _require_user_manager(request)
    managed = _managed_user(request, organisation, pk)
    services.user_deactivate(actor=request.user, user=managed, organisation=organisation)
    messages.success(request, _("%(email)s can no longer sign in.") % {"email": managed.email})
    return HttpResponseRedirect(reverse("accounts:user_list"))
