"""Staff pages of participation in the workspace: the queue per unit, handling an idea
(assign, answer, measures), moderation, settings and the register of initiatives."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from strategia.accounts import limits
from strategia.core.validation import id_or_none
from strategia.monitoring.views import workspace_view
from strategia.organisations.models import Organisation, Unit
from strategia.strategy.models import Measure

from .. import selectors, services
from ..forms import AnswerForm, AssignForm, InitiativeForm, ModerationForm, SettingsForm
from ..models import Comment, Idea, IdeaState, Initiative, Participant
from .public import add_errors


def _require(request: HttpRequest, permission: str, obj) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _units(organisation: Organisation):
    return Unit.objects.filter(organisation=organisation).order_by("name")


def _measures(organisation: Organisation):
    return Measure.objects.filter(organisation=organisation).order_by("identifier")


@workspace_view
def queue(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _require(request, "participation.view_ideas", organisation)
    unit_id = id_or_none(request.GET.get("unit"))
    state = request.GET.get("state", "")
    ideas = selectors.staff_queue(
        user=request.user, organisation=organisation, unit_id=unit_id, state=state
    )
    context = {
        "page": Paginator(ideas, 50).get_page(request.GET.get("page")),
        "units": _units(organisation),
        "unit_id": unit_id,
        "states": IdeaState.choices,
        "state": state,
        "may_moderate": request.user.has_perm("participation.moderate", organisation),
        "may_manage_initiatives": request.user.has_perm(
            "participation.manage_initiatives", organisation
        ),
        "may_change_settings": request.user.has_perm("participation.change_settings", organisation),
    }
    return render(request, "participation/workspace/queue.html", context)


def _idea(organisation: Organisation, pk: int) -> Idea:
    return get_object_or_404(
        Idea.objects.select_related("unit", "author__participant"),
        organisation=organisation,
        pk=pk,
    )


def _notice_refused(request: HttpRequest, form) -> bool:
    """Count an action that mails the idea's followers (assign, publish); True, with the
    refusal on the form (which keeps what was typed), once the user is over
    ``STAFF_NOTICE_RATE``. Called only for a valid form, so a mistake costs nothing."""
    if limits.staff_notice_limited(request):
        form.add_error(None, limits.STAFF_NOTICE_REFUSED)
        return True
    return False


@workspace_view
def idea_handle(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    """One idea for staff: assign it, write and publish the answer, link the measures."""
    _require(request, "participation.view_ideas", organisation)
    idea = _idea(organisation, pk)
    draft = selectors.draft_answer(idea)
    may_assign = request.user.has_perm("participation.assign_idea", organisation)
    may_answer = request.user.has_perm("participation.answer_idea", idea)
    assign_form = AssignForm(
        initial={"unit": idea.unit_id, "due_date": idea.due_date, "version": idea.version},
        units=_units(organisation),
    )
    linked = [str(pk) for pk in idea.measures.values_list("pk", flat=True)]
    source = draft or (selectors.published_answers(idea) or [None])[0]
    answer_form = AnswerForm(
        initial={
            "kind": source.kind if source else "",
            "text": source.text if source else "",
            "reasons": source.reasons if source else "",
            "decide_by": source.decide_by if source else None,
            "measures": linked,
            "draft_version": draft.version if draft else None,
        },
        measures=_measures(organisation),
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "assign" and may_assign:
                assign_form = AssignForm(request.POST, units=_units(organisation))
                if assign_form.is_valid() and not _notice_refused(request, assign_form):
                    unit = get_object_or_404(
                        Unit, organisation=organisation, pk=assign_form.cleaned_data["unit"]
                    )
                    services.idea_assign(
                        user=request.user,
                        idea=idea,
                        unit=unit,
                        due_date=assign_form.cleaned_data["due_date"],
                        version=assign_form.cleaned_data["version"],
                    )
                    messages.success(request, _("The idea was assigned."))
                    return HttpResponseRedirect(request.path)
            elif action in ("draft", "publish") and may_answer:
                answer_form = AnswerForm(request.POST, measures=_measures(organisation))
                if answer_form.is_valid() and not (
                    action == "publish" and _notice_refused(request, answer_form)
                ):
                    data = services.AnswerData(
                        kind=answer_form.cleaned_data["kind"],
                        text=answer_form.cleaned_data["text"],
                        reasons=answer_form.cleaned_data["reasons"],
                        decide_by=answer_form.cleaned_data["decide_by"],
                        measure_ids=[int(pk) for pk in answer_form.cleaned_data["measures"]],
                    )
                    services.idea_answer_save(
                        user=request.user,
                        idea=idea,
                        data=data,
                        publish=action == "publish",
                        draft_version=answer_form.cleaned_data["draft_version"],
                    )
                    messages.success(
                        request,
                        _("The answer was published.")
                        if action == "publish"
                        else _("The draft answer was saved."),
                    )
                    return HttpResponseRedirect(request.path)
            elif action == "publish_idea":
                if limits.staff_notice_limited(request):
                    messages.error(request, limits.STAFF_NOTICE_REFUSED)
                else:
                    services.idea_publish(user=request.user, idea=idea)
                    messages.success(request, _("The idea was published."))
                return HttpResponseRedirect(request.path)
            else:
                raise PermissionDenied
        except services.VersionConflict as conflict:
            messages.error(request, str(conflict))
            return HttpResponseRedirect(request.path)
        except ValidationError as error:
            add_errors(answer_form if action in ("draft", "publish") else assign_form, error)
    context = {
        "idea": idea,
        "draft": draft,
        "answers": selectors.published_answers(idea),
        "measures": selectors.linked_measures(user=request.user, idea=idea),
        "assign_form": assign_form,
        "answer_form": answer_form,
        "may_assign": may_assign,
        "may_answer": may_answer,
        "may_moderate": request.user.has_perm("participation.moderate", organisation),
    }
    return render(request, "participation/workspace/idea.html", context)


@workspace_view
def moderation(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _require(request, "participation.moderate", organisation)
    context = {
        "queue": selectors.moderation_queue(organisation=organisation),
        "blocked": Participant.objects.filter(
            organisation=organisation, blocked_at__isnull=False
        ).order_by("-blocked_at"),
        "form": ModerationForm(),
    }
    return render(request, "participation/workspace/moderation.html", context)


def _target(organisation: Organisation, kind: str, pk: int):
    if kind == "idea":
        return get_object_or_404(Idea, organisation=organisation, pk=pk)
    if kind == "comment":
        return get_object_or_404(
            Comment.objects.select_related("idea__organisation"),
            idea__organisation=organisation,
            pk=pk,
        )
    raise Http404


@require_POST
@workspace_view
def moderate(request: HttpRequest, organisation: Organisation, kind: str, pk: int) -> HttpResponse:
    """Hide, show again or dismiss the reports of an idea or a comment."""
    _require(request, "participation.moderate", organisation)
    target = _target(organisation, kind, pk)
    form = ModerationForm(request.POST)
    form.is_valid()
    reason = form.cleaned_data.get("reason", "")
    action = request.POST.get("action")
    try:
        if action == "hide":
            services.content_hide(user=request.user, target=target, reason=reason)
            messages.success(request, _("Hidden; the author sees the reason."))
        elif action == "unhide":
            services.content_unhide(user=request.user, target=target, reason=reason)
            messages.success(request, _("Shown again."))
        elif action == "dismiss":
            services.reports_dismiss(user=request.user, target=target)
            messages.success(request, _("The reports were dismissed."))
        elif action == "publish" and kind == "idea":
            services.idea_publish(user=request.user, idea=target)
            messages.success(request, _("The idea was published."))
        else:
            raise Http404
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return HttpResponseRedirect(reverse("participation_ws:moderation"))


@require_POST
@workspace_view
def block(request: HttpRequest, organisation: Organisation, pk: int) -> HttpResponse:
    _require(request, "participation.moderate", organisation)
    participant = get_object_or_404(Participant, organisation=organisation, pk=pk)
    try:
        if request.POST.get("action") == "unblock":
            services.participant_unblock(user=request.user, participant=participant)
            messages.success(request, _("The account may take part again."))
        else:
            services.participant_block(
                user=request.user, participant=participant, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("The account was blocked."))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, " ".join(getattr(error, "messages", [str(error)])))
    return HttpResponseRedirect(reverse("participation_ws:moderation"))


@workspace_view
def settings_edit(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _require(request, "participation.change_settings", organisation)
    current = selectors.settings_of(organisation)
    form = SettingsForm(
        request.POST or None,
        initial={"premoderation": current.premoderation, "answer_days": current.answer_days},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.participation_settings_update(
                user=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The settings were saved."))
            return HttpResponseRedirect(request.path)
    return render(request, "participation/workspace/settings.html", {"form": form})


# --- Initiatives ------------------------------------------------------------------


@workspace_view
def initiative_list(request: HttpRequest, organisation: Organisation) -> HttpResponse:
    _require(request, "participation.manage_initiatives", organisation)
    context = {"initiatives": selectors.initiatives_of(organisation)}
    return render(request, "participation/workspace/initiative_list.html", context)


def _initiators_text(initiative: Initiative | None) -> str:
    if initiative is None:
        return ""
    return "\n".join(f"{i.name}{' +' if i.show_name else ''}" for i in initiative.initiators.all())


def _initiators(text: str) -> list[services.InitiatorData]:
    rows = []
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        shown = line.endswith("+")
        rows.append(services.InitiatorData(name=line.rstrip("+").strip(), show_name=shown))
    return rows


@workspace_view
def initiative_edit(
    request: HttpRequest, organisation: Organisation, pk: int | None = None
) -> HttpResponse:
    _require(request, "participation.manage_initiatives", organisation)
    initiative = get_object_or_404(Initiative, organisation=organisation, pk=pk) if pk else None
    initial = {}
    if initiative is not None:
        initial = {
            "identifier": initiative.identifier,
            "subject": initiative.subject,
            "summary": initiative.summary,
            "submitted_on": initiative.submitted_on,
            "channel": initiative.channel,
            "external_url": initiative.external_url,
            "body": initiative.body_id,
            "status": initiative.status,
            "decision": initiative.decision,
            "decision_date": initiative.decision_date,
            "measures": [str(m) for m in initiative.measures.values_list("pk", flat=True)],
            "initiators": _initiators_text(initiative),
            "version": initiative.version,
        }
    form = InitiativeForm(
        request.POST or None,
        initial=initial,
        units=_units(organisation),
        measures=_measures(organisation),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.initiative_save(
                user=request.user,
                organisation=organisation,
                initiative=initiative,
                version=data.get("version"),
                data=services.InitiativeData(
                    identifier=data["identifier"],
                    subject=data["subject"],
                    summary=data["summary"],
                    submitted_on=data["submitted_on"],
                    channel=data["channel"],
                    external_url=data["external_url"],
                    body_id=int(data["body"]),
                    status=data["status"],
                    decision=data["decision"],
                    decision_date=data["decision_date"],
                    measure_ids=[int(m) for m in data["measures"]],
                    initiators=_initiators(data["initiators"]),
                ),
            )
        except services.VersionConflict as conflict:
            form.add_error(None, str(conflict))
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The initiative was saved."))
            return HttpResponseRedirect(
                reverse("participation_ws:initiative_edit", kwargs={"pk": saved.pk})
            )
    context = {"form": form, "initiative": initiative}
    return render(request, "participation/workspace/initiative_form.html", context)
