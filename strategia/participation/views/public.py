"""The public pages of participation: ideas, supporting, commenting, following, reporting.

Views are thin: selectors read (visibility-aware), services write and check
the rules, ``ratelimits.over_limit`` refuses floods before anything is written.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from strategia.core.public_cache import public_page
from strategia.core.validation import id_or_none
from strategia.organisations.models import Organisation
from strategia.public.views import with_organisation

from .. import selectors, services
from ..forms import CommentForm, IdeaForm, ReportForm
from ..models import Comment, IdeaState
from ..ratelimits import over_limit
from ..similarity import similar_ideas

PAGE_SIZE = 20


def add_errors(form, error: ValidationError) -> None:
    """A service's ValidationError on the form: on its field when the form has it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, errors in error.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


def sign_in_url(request: HttpRequest) -> str:
    return f"{reverse('accounts:login')}?{urlencode({'next': request.get_full_path()})}"


def too_many(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    context["rate_limited"] = True
    return render(request, template, context, status=429)


def _idea_or_404(request: HttpRequest, organisation: Organisation, pk: int):
    idea = selectors.idea_for_page(user=request.user, organisation=organisation, pk=pk)
    if idea is None:
        raise Http404(_("No such idea."))
    return idea


@public_page("participation")
@with_organisation
def idea_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    state = request.GET.get("state", "")
    goal_id = id_or_none(request.GET.get("goal"))
    text = request.GET.get("q", "")[:100]
    ideas = selectors.idea_list(
        user=request.user, organisation=organisation, state=state, goal_id=goal_id, text=text
    )
    page = Paginator(ideas, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "organisation": organisation,
        "page": page,
        "states": IdeaState.choices,
        "state": state,
        "goals": selectors.goals_for_ideas(organisation),
        "goal_id": goal_id,
        "q": text,
        "participant": selectors.participant_of(request.user),
    }
    return render(request, "participation/idea_list.html", context)


def _detail_context(request: HttpRequest, organisation: Organisation, idea) -> dict:
    answers = selectors.published_answers(idea)
    return {
        "organisation": organisation,
        "idea": idea,
        "answer": answers[0] if answers else None,
        "earlier_answers": answers[1:],
        "measures": selectors.linked_measures(user=request.user, idea=idea),
        "comments": selectors.comments_visible_to(user=request.user, idea=idea),
        "engagement": selectors.engagement_of(user=request.user, idea=idea),
        "participant": selectors.participant_of(request.user),
        "may_moderate": request.user.has_perm("participation.moderate", organisation),
        "comment_form": CommentForm(),
        "sign_in_url": sign_in_url(request),
    }


@public_page("participation", "strategy", "updates")
@with_organisation
def idea_detail(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    idea = _idea_or_404(request, organisation, pk)
    return render(
        request, "participation/idea_detail.html", _detail_context(request, organisation, idea)
    )


def _require_participant(request: HttpRequest):
    if not request.user.is_authenticated:
        return HttpResponseRedirect(sign_in_url(request))
    return None


@with_organisation
def idea_new(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    """Write an idea; before it is sent, similar ideas are shown so a duplicate can join one."""
    redirect = _require_participant(request)
    if redirect:
        return redirect
    goals = list(selectors.goals_for_ideas(organisation))
    form = IdeaForm(request.POST or None, goals=goals)
    context = {"organisation": organisation, "form": form, "similar": None}
    try:
        services.common.active_participant(request.user)
    except PermissionDenied as error:
        context["cannot_take_part"] = str(error)
        return render(request, "participation/idea_form.html", context, status=403)
    if request.method == "POST" and form.is_valid():
        if form.filled_by_bot():
            return HttpResponseRedirect(reverse("participation:idea_list"))
        data = services.IdeaData(
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
            goal_ids=[int(pk) for pk in form.cleaned_data["goals"]],
            place=form.cleaned_data["place"],
            service=form.cleaned_data["service"],
        )
        if request.POST.get("confirmed") != "1":
            visible = selectors.ideas_visible_to(user=request.user, organisation=organisation)
            similar = similar_ideas(
                visible.filter(is_hidden=False).exclude(state=IdeaState.SUBMITTED),
                title=data.title,
                text=data.text,
            )
            if similar:
                context["similar"] = similar
                return render(request, "participation/idea_form.html", context)
        if over_limit(request, "submit"):
            return too_many(request, "participation/idea_form.html", context)
        try:
            idea = services.idea_submit(user=request.user, organisation=organisation, data=data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            if idea.state == IdeaState.SUBMITTED:
                messages.success(
                    request,
                    _("Thank you! Your idea is shown publicly once a moderator has seen it."),
                )
            else:
                messages.success(request, _("Thank you! Your idea has been published."))
            return HttpResponseRedirect(idea.get_absolute_url())
    return render(request, "participation/idea_form.html", context)


def _post_action(request: HttpRequest, organisation: Organisation, pk: int, action: str):
    redirect = _require_participant(request)
    if redirect:
        return None, redirect
    idea = _idea_or_404(request, organisation, pk)
    if over_limit(request, action):
        messages.error(request, _("Too many attempts in a short time. Try again later."))
        return idea, HttpResponseRedirect(idea.get_absolute_url())
    return idea, None


@require_POST
@with_organisation
def idea_support(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    idea, response = _post_action(request, organisation, pk, "support")
    if response:
        return response
    try:
        if request.POST.get("undo"):
            services.idea_unsupport(user=request.user, idea=idea)
            messages.success(request, _("Your support was withdrawn."))
        elif services.idea_support(user=request.user, idea=idea):
            messages.success(request, _("You support this idea."))
        else:
            messages.info(request, _("You support this idea already."))
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return HttpResponseRedirect(idea.get_absolute_url())


@require_POST
@with_organisation
def idea_follow(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    redirect = _require_participant(request)
    if redirect:
        return redirect
    idea = _idea_or_404(request, organisation, pk)
    try:
        if request.POST.get("undo"):
            services.idea_unfollow(user=request.user, idea=idea)
            messages.success(request, _("You no longer follow this idea."))
        else:
            services.idea_follow(user=request.user, idea=idea)
            messages.success(
                request,
                _("You follow this idea. Choose how news is mailed on your account page."),
            )
    except (PermissionDenied, ValidationError) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return HttpResponseRedirect(idea.get_absolute_url())


@require_POST
@with_organisation
def comment_add(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    idea, response = _post_action(request, organisation, pk, "comment")
    if response:
        return response
    form = CommentForm(request.POST)
    if form.is_valid() and not form.filled_by_bot():
        parent = None
        if form.cleaned_data.get("parent"):
            parent = Comment.objects.filter(idea=idea, pk=form.cleaned_data["parent"]).first()
        try:
            comment = services.comment_add(
                user=request.user, idea=idea, text=form.cleaned_data["text"], parent=parent
            )
        except (PermissionDenied, ValidationError) as error:
            if isinstance(error, ValidationError):
                add_errors(form, error)
            else:
                form.add_error(None, str(error))
        else:
            messages.success(request, _("Your comment was added."))
            return HttpResponseRedirect(f"{idea.get_absolute_url()}#comment-{comment.pk}")
    elif form.is_valid():
        return HttpResponseRedirect(idea.get_absolute_url())
    context = _detail_context(request, organisation, idea)
    context["comment_form"] = form
    return render(request, "participation/idea_detail.html", context, status=400)


@with_organisation
def report(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """Report an idea (or, with ``?comment=``, one of its comments) to the moderators."""
    redirect = _require_participant(request)
    if redirect:
        return redirect
    idea = _idea_or_404(request, organisation, pk)
    target = idea
    comment_id = request.GET.get("comment") or request.POST.get("comment") or ""
    if comment_id:
        if id_or_none(comment_id) is None:
            raise Http404
        target = Comment.objects.filter(
            idea=idea, pk=id_or_none(comment_id), is_hidden=False
        ).first()
        if target is None:
            raise Http404
    form = ReportForm(request.POST or None)
    context = {"organisation": organisation, "idea": idea, "target": target, "form": form}
    if request.method == "POST" and form.is_valid():
        if over_limit(request, "report"):
            return too_many(request, "participation/report.html", context)
        try:
            counted = services.content_report(
                user=request.user,
                target=target,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
            )
        except PermissionDenied as error:
            form.add_error(None, str(error))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you, the moderators will look at it.")
                if counted
                else _("You have reported this already."),
            )
            return HttpResponseRedirect(idea.get_absolute_url())
    return render(request, "participation/report.html", context)


@public_page()
@with_organisation
def privacy(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    from django.conf import settings

    context = {
        "organisation": organisation,
        "unverified_days": settings.PARTICIPATION_UNVERIFIED_DAYS,
    }
    return render(request, "participation/privacy.html", context)
