from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from strategia.monitoring.models import StatusUpdate
from strategia.organisations.models import Unit
from strategia.strategy.models import Goal, Measure, Plan

from .fields import TranslatedField

Translated = extend_schema_field(
    {
        "type": "object",
        "properties": {c: {"type": "string", "nullable": True} for c in ["fi", "sv", "en"]},
    }
)(TranslatedField)


class UnitSerializer(serializers.ModelSerializer):
    name = Translated()
    # Nullable: the schema must say so, or a top-level row breaks it.
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Unit
        fields = ("slug", "name", "kind", "parent")


class PlanSerializer(serializers.ModelSerializer):
    name = Translated()
    summary = Translated()
    description = Translated()
    monitoring = Translated()
    # Nullable: the schema must say so, or a top-level row breaks it.
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Plan
        fields = (
            "slug",
            "kind",
            "name",
            "summary",
            "description",
            "monitoring",
            "parent",
            "start_year",
            "end_year",
            "decision_date",
            "decision_paragraph",
            "document_url",
            "url",
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, plan: Plan) -> str:
        return self.context["request"].build_absolute_uri(plan.get_absolute_url())


class GoalSerializer(serializers.ModelSerializer):
    plan = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    # Nullable: the schema must say so, or a top-level row breaks it.
    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    name = Translated()
    description = Translated()

    class Meta:
        model = Goal
        fields = ("id", "plan", "slug", "kind", "parent", "name", "description", "themes", "order")


class MeasureSerializer(serializers.ModelSerializer):
    name = Translated()
    description = Translated()
    goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    responsible_unit = serializers.SlugRelatedField(
        slug_field="slug", read_only=True, allow_null=True
    )
    collaborating_units = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    url = serializers.SerializerMethodField()

    class Meta:
        model = Measure
        fields = (
            "identifier",
            "slug",
            "name",
            "description",
            "goals",
            "responsible_unit",
            "collaborating_units",
            "start_date",
            "end_date",
            "status",
            "progress",
            "cost_estimate",
            "budget_reference",
            "visibility",
            "updated_at",
            "url",
        )

    @extend_schema_field(OpenApiTypes.URI)
    def get_url(self, measure: Measure) -> str:
        return self.context["request"].build_absolute_uri(measure.get_absolute_url())


class StatusUpdateSerializer(serializers.ModelSerializer):
    measure = serializers.SlugRelatedField(slug_field="identifier", read_only=True)
    text = Translated()

    class Meta:
        model = StatusUpdate
        fields = ("id", "measure", "date", "status", "progress", "text")
