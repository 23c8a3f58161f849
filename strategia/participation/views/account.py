"""Residents' own pages: registration and verification, profile, their data and deleting it."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from strategia.organisations.models import Organisation
from strategia.public.views import with_organisation

from .. import selectors, services
from ..forms import DeleteAccountForm, ProfileForm, RegisterForm
from ..models import Follow, Idea
from ..ratelimits import register_over_limit
from .public import add_errors, too_many


@with_organisation
def register(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    if request.user.is_authenticated:
        return HttpResponseRedirect(reverse("participation:account"))
    form = RegisterForm(request.POST or None)
    context = {"organisation": organisation, "form": form}
    if request.method == "POST" and form.is_valid():
        if form.filled_by_bot():
            return HttpResponseRedirect(reverse("participation:register_done"))
        if register_over_limit(request, form.cleaned_data["email"]):
            return too_many(request, "participation/register.html", context)
        try:
            with transaction.atomic():
                services.participant_register(
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    display_name=form.cleaned_data["display_name"],
                    password=form.cleaned_data["password"],
                    language=get_language() or "fi",
                )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return HttpResponseRedirect(reverse("participation:register_done"))
    return render(request, "participation/register.html", context)


@with_organisation
def register_done(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    return render(request, "participation/register_done.html", {"organisation": organisation})


@with_organisation
def verify(request: HttpRequest, organisation: Organisation, token: str) -> HttpResponse:
    """The e-mailed link: shows a button, so that a mail scanner's GET verifies nothing."""
    context = {"organisation": organisation, "token": token}
    if request.method == "POST":
        try:
            participant = services.participant_verify(token=token)
        except ValidationError as error:
            context["error"] = " ".join(error.messages)
            return render(request, "participation/verify.html", context, status=400)
        login(request, participant.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Your address is verified. Welcome!"))
        return HttpResponseRedirect(reverse("participation:idea_new"))
    return render(request, "participation/verify.html", context)


@login_required
@with_organisation
def account(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    participant = selectors.participant_of(request.user)
    if participant is None:
        return render(
            request, "participation/account.html", {"organisation": organisation}, status=200
        )
    form = ProfileForm(
        request.POST or None,
        initial={"display_name": participant.display_name, "delivery": participant.delivery},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_update(
                user=request.user,
                display_name=form.cleaned_data["display_name"],
                delivery=form.cleaned_data["delivery"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your settings were saved."))
            return HttpResponseRedirect(reverse("participation:account"))
    context = {
        "organisation": organisation,
        "participant": participant,
        "form": form,
        "ideas": Idea.objects.filter(author=request.user).order_by("-created_at"),
        "follows": Follow.objects.filter(user=request.user)
        .select_related("idea")
        .order_by("-created_at"),
    }
    return render(request, "participation/account.html", context)


@login_required
def account_export(request: HttpRequest) -> HttpResponse:
    """Everything about the signed-in person as one JSON file."""
    data = services.participant_export(user=request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="strategia-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@with_organisation
def account_delete(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Warn first; erase only after the person types the confirmation word."""
    form = DeleteAccountForm(request.POST or None)
    context = {"organisation": organisation, "form": form}
    if request.method == "POST" and form.is_valid():
        try:
            services.participant_delete(user=request.user)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            logout(request)
            messages.success(request, _("Your account and personal data have been erased."))
            return HttpResponseRedirect(reverse("participation:idea_list"))
    return render(request, "participation/account_delete.html", context)
