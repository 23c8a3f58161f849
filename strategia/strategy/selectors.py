"""Shared reads of strategy content.

Every read of measures for a page or the API goes through
``measures_visible_to`` so that internal measures can never leak to someone
who may not see them: not in lists, not by direct address, not in counts.
Published status updates are read through ``monitoring.selectors``, which
starts from the same queryset.
"""

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Prefetch, Q, QuerySet

from strategia.organisations.models import Organisation

from .models import Goal, Measure, MeasureStatus, Plan, Visibility

AnyUser = AbstractBaseUser | AnonymousUser


def user_can_view_internal(*, user: AnyUser, organisation: Organisation) -> bool:
    return user.has_perm("strategy.view_internal", organisation)


def measures_visible_to(*, user: AnyUser, organisation: Organisation) -> QuerySet[Measure]:
    measures = Measure.objects.filter(organisation=organisation)
    if not user_can_view_internal(user=user, organisation=organisation):
        measures = measures.filter(visibility=Visibility.PUBLIC)
    return measures


def measure_list(*, user: AnyUser, organisation: Organisation) -> QuerySet[Measure]:
    """Measures for list pages, with what a list row shows already fetched."""
    return (
        measures_visible_to(user=user, organisation=organisation)
        .select_related("responsible_unit")
        .prefetch_related(Prefetch("goals", queryset=Goal.objects.select_related("plan")))
    )


def status_counts(measures: QuerySet[Measure]) -> dict[str, int]:
    """How many of the given measures are in each status, every status present."""
    counts = dict.fromkeys(MeasureStatus.values, 0)
    for row in measures.order_by().values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return counts


def plans_of(organisation: Organisation) -> QuerySet[Plan]:
    return Plan.objects.filter(organisation=organisation).select_related("parent", "owner_unit")


def plan_goals(plan: Plan) -> QuerySet[Goal]:
    return plan.goals.select_related("parent").order_by("order", "pk")


def search_measures(measures: QuerySet[Measure], text: str) -> QuerySet[Measure]:
    """Measures whose identifier, name or description (any language) contains the text."""
    text = text.strip()
    if not text:
        return measures
    condition = Q(identifier__icontains=text)
    for language in ("fi", "sv", "en"):
        condition |= Q(**{f"name_{language}__icontains": text})
        condition |= Q(**{f"description_{language}__icontains": text})
    return measures.filter(condition)


def measure_visible_or_none(
    *, user: AnyUser, organisation: Organisation, slug: str
) -> Measure | None:
    """One measure for its own page, if this user may see it, with its relations fetched."""
    return (
        measures_visible_to(user=user, organisation=organisation)
        .select_related("responsible_unit")
        .prefetch_related(
            Prefetch("goals", queryset=Goal.objects.select_related("plan")),
            "collaborating_units",
            "contact_persons",
        )
        .filter(slug=slug)
        .first()
    )
