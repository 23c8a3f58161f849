"""The measure list's filters and search, a plain GET form that works without JavaScript."""

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from strategia.organisations.models import Organisation, Unit
from strategia.strategy.models import Goal, Measure, MeasureStatus, Plan
from strategia.strategy.selectors import search_measures

from .selectors import goal_subtree_ids, measures_serving
from .widgets import ListSelect


class GoalChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Goal) -> str:
        # Sub-goals are indented under their goal, plans keep the list readable.
        prefix = "\u2003" if obj.parent_id else ""
        return f"{prefix}{obj.name} ({obj.plan.name})"


class GoalFilter(django_filters.ModelChoiceFilter):
    field_class = GoalChoiceField


class MeasureFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_text")
    goal = GoalFilter(
        label=_("Goal"), queryset=Goal.objects.none(), method="filter_goal", widget=ListSelect
    )
    plan = django_filters.ModelChoiceFilter(
        label=_("Programme or plan"),
        queryset=Plan.objects.none(),
        method="filter_plan",
        widget=ListSelect,
    )
    unit = django_filters.ModelChoiceFilter(
        label=_("Responsible unit"),
        queryset=Unit.objects.none(),
        field_name="responsible_unit",
        widget=ListSelect,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=MeasureStatus.choices,
        empty_label=_("All statuses"),
        widget=ListSelect,
    )

    class Meta:
        model = Measure
        fields: list[str] = []

    def __init__(self, data=None, queryset=None, *, organisation: Organisation, **kwargs) -> None:
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["goal"].queryset = (
            Goal.objects.filter(plan__organisation=organisation)
            .exclude(kind=Goal.Kind.MISSION)
            .select_related("plan")
            .order_by("plan__order", "plan__pk", "order", "pk")
        )
        self.filters["goal"].extra["empty_label"] = _("All goals")
        self.filters["plan"].queryset = Plan.objects.filter(organisation=organisation).order_by(
            "order", "name"
        )
        self.filters["plan"].extra["empty_label"] = _("All programmes and plans")
        self.filters["unit"].queryset = Unit.objects.filter(organisation=organisation)
        self.filters["unit"].extra["empty_label"] = _("All units")

    def filter_text(self, queryset: QuerySet[Measure], name: str, value: str) -> QuerySet[Measure]:
        return search_measures(queryset, value)

    def filter_goal(self, queryset: QuerySet[Measure], name: str, value: Goal) -> QuerySet[Measure]:
        return measures_serving(goal_ids=goal_subtree_ids(value), measures=queryset)

    def filter_plan(self, queryset: QuerySet[Measure], name: str, value: Plan) -> QuerySet[Measure]:
        goal_ids = list(value.goals.values_list("pk", flat=True))
        return measures_serving(goal_ids=goal_ids, measures=queryset)

    @property
    def is_filtered(self) -> bool:
        return (
            any(self.form.cleaned_data.get(name) for name in self.filters)
            if self.is_bound
            else False
        )
