"""The open API: everything public, read-only, in every language.

Every queryset starts from the same visibility-aware selectors as the public
site, so the API can never hand an internal measure to someone who may not
see it.
"""

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django_filters import rest_framework as filters
from rest_framework import viewsets

from strategia.core.throttle import AnonAddressThrottle
from strategia.monitoring.models import StatusUpdate
from strategia.monitoring.selectors import published_updates
from strategia.organisations.models import Organisation, Unit
from strategia.strategy import selectors
from strategia.strategy.models import Goal, Measure, MeasureStatus, Plan

from . import serializers


def request_organisation(request) -> Organisation:
    organisation = getattr(request, "organisation", None)
    if not organisation:
        raise Http404("No organisation is served here.")
    return organisation


class MeasureFilter(filters.FilterSet):
    goal = filters.NumberFilter(field_name="goals", label="goal id")
    plan = filters.CharFilter(field_name="goals__plan__slug", label="plan slug", distinct=True)
    status = filters.ChoiceFilter(choices=MeasureStatus.choices)
    responsible_unit = filters.CharFilter(field_name="responsible_unit__slug")
    q = filters.CharFilter(method="search", label="text search")

    class Meta:
        model = Measure
        fields = ("goal", "plan", "status", "responsible_unit", "q")

    def search(self, queryset: QuerySet[Measure], name: str, value: str) -> QuerySet[Measure]:
        return selectors.search_measures(queryset, value)


class OrganisationScopedViewSet(viewsets.ReadOnlyModelViewSet):
    throttle_classes = [AnonAddressThrottle]
    # What the answers show, for the public cache (core/public_cache.py).
    public_cache_kinds: tuple[str, ...] = ("strategy", "sample")

    @property
    def organisation(self) -> Organisation:
        return request_organisation(self.request)


class PlanViewSet(OrganisationScopedViewSet):
    queryset = Plan.objects.none()  # for the schema; requests use get_queryset
    serializer_class = serializers.PlanSerializer
    lookup_field = "slug"
    filterset_fields = ("kind",)

    def get_queryset(self) -> QuerySet[Plan]:
        return selectors.plans_of(self.organisation).order_by("order", "pk")


class GoalViewSet(OrganisationScopedViewSet):
    queryset = Goal.objects.none()  # for the schema; requests use get_queryset
    serializer_class = serializers.GoalSerializer
    filterset_fields = ("kind",)

    def get_queryset(self) -> QuerySet[Goal]:
        goals = Goal.objects.filter(plan__organisation=self.organisation)
        plan = self.request.query_params.get("plan")
        if plan:
            goals = goals.filter(plan__slug=plan)
        return goals.select_related("plan", "parent").order_by("plan__order", "order", "pk")


class MeasureViewSet(OrganisationScopedViewSet):
    queryset = Measure.objects.none()  # for the schema; requests use get_queryset
    serializer_class = serializers.MeasureSerializer
    lookup_field = "slug"
    filterset_class = MeasureFilter

    def get_queryset(self) -> QuerySet[Measure]:
        return (
            selectors.measures_visible_to(user=self.request.user, organisation=self.organisation)
            .select_related("responsible_unit")
            .prefetch_related(
                "goals", Prefetch("collaborating_units", queryset=Unit.objects.only("slug"))
            )
            .order_by("order", "identifier")
        )


class StatusUpdateViewSet(OrganisationScopedViewSet):
    queryset = StatusUpdate.objects.none()  # for the schema; requests use get_queryset
    serializer_class = serializers.StatusUpdateSerializer
    filterset_fields = ("status",)
    public_cache_kinds = ("updates", "strategy", "sample")

    def get_queryset(self) -> QuerySet[StatusUpdate]:
        measures = selectors.measures_visible_to(
            user=self.request.user, organisation=self.organisation
        )
        updates = published_updates().filter(measure__in=measures)
        measure = self.request.query_params.get("measure")
        if measure:
            updates = updates.filter(measure__identifier=measure)
        return updates.select_related("measure").order_by("-date", "-pk")


class UnitViewSet(OrganisationScopedViewSet):
    queryset = Unit.objects.none()  # for the schema; requests use get_queryset
    serializer_class = serializers.UnitSerializer
    lookup_field = "slug"

    def get_queryset(self) -> QuerySet[Unit]:
        return Unit.objects.filter(organisation=self.organisation).select_related("parent")
