"""Participation in the open API: ideas and initiatives, read-only.

Ideas come through ``selectors.ideas_visible_to`` (public ones only, unless
the client is signed-in staff who may see all) and their measures through the
strategy's ``measures_visible_to``, like the pages. Authors appear by display
name; no e-mail address, and no initiator who did not consent to be named,
is ever serialised.
"""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from strategia.api.views import OrganisationScopedViewSet
from strategia.strategy.models import Measure
from strategia.strategy.selectors import measures_visible_to

from . import selectors
from .models import Idea, IdeaAnswer, Initiative
from .text import render_markdown


class AnswerSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = IdeaAnswer
        fields = ("kind", "text", "reasons", "decide_by", "unit", "published_at")


class IdeaSerializer(serializers.ModelSerializer):
    author = serializers.SerializerMethodField()
    text_html = serializers.SerializerMethodField()
    goals = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    unit = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    measures = serializers.SerializerMethodField()
    answer = serializers.SerializerMethodField()
    supports = serializers.IntegerField(source="support_count", read_only=True)

    class Meta:
        model = Idea
        fields = (
            "id",
            "title",
            "text",
            "text_html",
            "author",
            "state",
            "goals",
            "place",
            "service",
            "unit",
            "due_date",
            "created_at",
            "published_at",
            "supports",
            "answer",
            "measures",
        )

    @extend_schema_field(serializers.CharField())
    def get_author(self, idea: Idea) -> str:
        participant = getattr(idea.author, "participant", None) if idea.author else None
        return participant.display_name if participant else ""

    @extend_schema_field(serializers.CharField())
    def get_text_html(self, idea: Idea) -> str:
        return str(render_markdown(idea.text))

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_measures(self, idea: Idea) -> list[str]:
        return [measure.identifier for measure in idea.visible_measures]

    @extend_schema_field(AnswerSerializer(allow_null=True))
    def get_answer(self, idea: Idea) -> dict | None:
        answers = idea.published_answers
        return AnswerSerializer(answers[0]).data if answers else None


class IdeaViewSet(OrganisationScopedViewSet):
    queryset = Idea.objects.none()  # for the schema; requests use get_queryset
    serializer_class = IdeaSerializer
    filterset_fields = ("state",)
    public_cache_kinds = ("participation", "strategy", "sample")

    def get_queryset(self) -> QuerySet[Idea]:
        user, organisation = self.request.user, self.organisation
        answers = IdeaAnswer.objects.filter(published_at__isnull=False).select_related("unit")
        return (
            selectors.ideas_visible_to(user=user, organisation=organisation)
            .select_related("unit", "author__participant")
            .prefetch_related(
                "goals",
                Prefetch(
                    "answers",
                    queryset=answers.order_by("-published_at", "-pk"),
                    to_attr="published_answers",
                ),
                Prefetch(
                    "measures",
                    queryset=measures_visible_to(user=user, organisation=organisation).order_by(
                        "identifier"
                    ),
                    to_attr="visible_measures",
                ),
            )
            .annotate(support_count=Count("supports", distinct=True))
            .order_by("-created_at", "-pk")
        )


class InitiativeSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    initiators = serializers.SerializerMethodField()
    initiator_count = serializers.SerializerMethodField()
    measures = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = (
            "id",
            "identifier",
            "subject",
            "summary",
            "submitted_on",
            "channel",
            "external_url",
            "body",
            "status",
            "decision",
            "decision_date",
            "initiators",
            "initiator_count",
            "measures",
        )

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_initiators(self, initiative: Initiative) -> list[str]:
        """Only the names their owners allowed to be shown."""
        return [person.name for person in initiative.initiators.all() if person.show_name]

    @extend_schema_field(serializers.IntegerField())
    def get_initiator_count(self, initiative: Initiative) -> int:
        return len(initiative.initiators.all())

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_measures(self, initiative: Initiative) -> list[str]:
        return [measure.identifier for measure in initiative.visible_measures]


class InitiativeViewSet(OrganisationScopedViewSet):
    queryset = Initiative.objects.none()  # for the schema; requests use get_queryset
    serializer_class = InitiativeSerializer
    filterset_fields = ("status", "channel")
    public_cache_kinds = ("participation", "strategy", "sample")

    def get_queryset(self) -> QuerySet[Initiative]:
        measures = measures_visible_to(user=self.request.user, organisation=self.organisation)
        return selectors.initiatives_of(self.organisation).prefetch_related(
            Prefetch(
                "measures",
                queryset=Measure.objects.filter(pk__in=measures.values("pk")).order_by(
                    "identifier"
                ),
                to_attr="visible_measures",
            )
        )
