"""Read-only API resources over the selectors, plus article submission."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.pagination import CursorPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from events import selectors, services
from events.api import serializers
from events.filters import ActorFilter, ArticleFilter, EventFilter, LocationFilter, QuoteFilter
from events.models import Actor, Article, Event, Location, Quote


class NewestFirstPagination(CursorPagination):
    ordering = ("-id",)
    page_size_query_param = "page_size"
    max_page_size = 500


class NamePagination(NewestFirstPagination):
    ordering = ("name", "id")


class CanSubmitArticle(BasePermission):
    """Writing needs the events.add_article permission; reading follows the API's default."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return bool(request.user and request.user.has_perm("events.add_article"))


@extend_schema_view(
    list=extend_schema(summary="List events", description="Filters combine with AND; cursor-paginated."),
    retrieve=extend_schema(summary="One event with its evidence"),
)
class EventViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter
    pagination_class = NewestFirstPagination

    def get_queryset(self) -> QuerySet[Event]:
        return selectors.event_list()


@extend_schema_view(list=extend_schema(summary="List actors"), retrieve=extend_schema(summary="One actor"))
class ActorViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.ActorSerializer
    filterset_class = ActorFilter
    pagination_class = NamePagination

    def get_queryset(self) -> QuerySet[Actor]:
        return selectors.actor_list()


@extend_schema_view(list=extend_schema(summary="List locations"), retrieve=extend_schema(summary="One location"))
class LocationViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.LocationSerializer
    filterset_class = LocationFilter
    pagination_class = NewestFirstPagination

    def get_queryset(self) -> QuerySet[Location]:
        return selectors.location_list()


@extend_schema_view(list=extend_schema(summary="List quotes"), retrieve=extend_schema(summary="One quote"))
class QuoteViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = serializers.QuoteSerializer
    filterset_class = QuoteFilter
    pagination_class = NewestFirstPagination

    def get_queryset(self) -> QuerySet[Quote]:
        return selectors.quote_list()


@extend_schema_view(
    list=extend_schema(summary="List articles"),
    retrieve=extend_schema(
        summary="One article",
        description="Status and reason; once processed, the events, actors, places and quotes found in it.",
    ),
)
class ArticleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    filterset_class = ArticleFilter
    pagination_class = NewestFirstPagination
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, CanSubmitArticle]

    def get_queryset(self) -> QuerySet[Article]:
        if self.action == "retrieve":
            return selectors.article_detail()
        return selectors.article_list()

    def get_serializer_class(self) -> type[serializers.serializers.BaseSerializer]:
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        if self.action == "create":
            return serializers.ArticleSubmitSerializer
        return serializers.ArticleListSerializer

    @extend_schema(
        summary="Submit an article for processing",
        description="Needs a token whose user has the events.add_article permission. Resubmitting the same "
        "text or URL returns the existing article.",
        request=serializers.ArticleSubmitSerializer,
        responses={
            202: serializers.ArticleSubmittedSerializer,
            400: OpenApiResponse(description="Invalid submission"),
            401: OpenApiResponse(description="No or invalid token"),
            403: OpenApiResponse(description="The user may not submit articles"),
        },
    )
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        input_serializer = serializers.ArticleSubmitSerializer(data=request.data)
        input_serializer.is_valid(raise_exception=True)
        article = services.article_submit(**input_serializer.validated_data)
        # With eager Celery the article may already be processed by now.
        article.refresh_from_db(fields=["status"])
        location = request.build_absolute_uri(reverse("api:article-detail", args=[article.pk]))
        output = serializers.ArticleSubmittedSerializer({"id": article.pk, "url": location, "status": article.status})
        return Response(output.data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})
