"""Read-only API resources over the selectors, event exports and stats, plus article submission."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.urls import reverse
from django.views.defaults import page_not_found
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics, mixins, status, viewsets
from rest_framework.exceptions import MethodNotAllowed, ValidationError
from rest_framework.permissions import SAFE_METHODS, BasePermission
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from events import exports
from events.api import serializers, submission_serializers
from events.api.pagination import KeysetPagination, resolve_ordering
from events.api.renderers import EXPORT_FORMATS, EXPORT_RENDERERS
from events.filters import ActorFilter, ArticleFilter, EventFilter, LocationFilter, QuoteFilter
from events.models import Actor, Article, Event, Location, Quote
from events.selectors import actors, aggregates, articles, places
from events.selectors import events as event_selectors
from events.services import articles as article_services

# Any path segment is routed to the view, which answers an id that is not one (0.5, abc) with the
# API's JSON 404; the router's default pattern sent "0.5" to Django's HTML 404 page instead.
ANY_ID = r"[^/]+"


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """handler404: JSON ``{"detail": ...}`` under /api/, as every API error; the HTML page elsewhere."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": "Not found."}, status=404)
    return page_not_found(request, exception or Http404())


class CanSubmitArticle(BasePermission):
    """Writing needs the events.add_article permission; reading follows the API's default."""

    def has_permission(self, request: Request, view: APIView) -> bool:
        if request.method in SAFE_METHODS:
            return True
        return bool(request.user and request.user.has_perm("events.add_article"))


class FormatErrorsMixin:
    """Answer an unknown ``?format=`` with a 400 that names the choices, not a bare 404.

    A method the view does not take stays a 405 whatever ``?format=`` says: the export formats are
    only offered to the list action, so ``TRACE ?format=csv`` would otherwise be "unknown format".
    """

    def perform_content_negotiation(self, request: Request, force: bool = False) -> tuple[BaseRenderer, str]:
        try:
            return super().perform_content_negotiation(request, force)  # type: ignore[misc]
        except Http404 as exc:
            if request.method not in self.allowed_methods:  # type: ignore[attr-defined]
                raise MethodNotAllowed(str(request.method)) from exc
            formats = ", ".join(r.format for r in self.get_renderers() if r.format != "api")  # type: ignore[attr-defined]
            raise ValidationError({"format": [f"Unknown format; choose one of {formats}."]}) from exc


_EXPORTS: dict[str, tuple[Callable[[QuerySet[Event]], Iterator[str]], str, str]] = {
    "csv": (exports.stream_csv, "text/csv; charset=utf-8", "events.csv"),
    "geojson": (exports.stream_geojson, "application/geo+json", "events.geojson"),
    "jsonl": (exports.stream_jsonl, "application/x-ndjson", "events.jsonl"),
}


@extend_schema_view(
    list=extend_schema(
        summary="List or export events",
        description="Filters combine with AND; keyset cursor pagination (no counts). With `format=csv`, "
        "`geojson` or `jsonl` the whole filtered set is streamed instead of a page: CSV in ACLED's column "
        "set (event_id_cnty, event_date, event_type, sub_event_type, actor1, actor2, assoc_actor_1, country, "
        "admin1, location, latitude, longitude, geo_precision, fatalities, notes, source), a GeoJSON "
        "FeatureCollection, or one JSON event per line.",
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["json", "csv", "geojson", "jsonl"],
                description="Response format; csv, geojson and jsonl stream every matching event.",
            )
        ],
        responses={
            (200, "application/json"): serializers.EventSerializer(many=True),
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.STR, description="ACLED-compatible CSV"),
            (200, "application/geo+json"): OpenApiResponse(
                serializers.FeatureCollectionSerializer, description="GeoJSON FeatureCollection"
            ),
            (200, "application/x-ndjson"): OpenApiResponse(OpenApiTypes.STR, description="One JSON event per line"),
            (400, "application/json"): OpenApiResponse(description="Invalid filter"),
        },
    ),
    retrieve=extend_schema(summary="One event with its evidence"),
)
class EventViewSet(FormatErrorsMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = ANY_ID
    serializer_class = serializers.EventSerializer
    filterset_class = EventFilter
    pagination_class = KeysetPagination
    ordering_fields = ("date", "updated_at", "created_at", "fatalities", "confidence", "id")
    default_ordering = "-date"

    def get_queryset(self) -> QuerySet[Event]:
        return event_selectors.event_list() if self.action == "retrieve" else event_selectors.event_rows()

    # Narrower than the stubs' generic row type: get_queryset pages Event rows only, never values().
    def paginate_queryset(self, queryset: QuerySet[Event]) -> list[Event] | None:  # type: ignore[override]
        page: list[Event] | None = super().paginate_queryset(queryset)
        return None if page is None else event_selectors.events_load_relations(page)

    def get_renderers(self) -> list[BaseRenderer]:
        renderers = super().get_renderers()
        if getattr(self, "action", None) == "list":
            renderers += [renderer() for renderer in EXPORT_RENDERERS]
        return renderers

    def handle_exception(self, exc: Exception) -> Response:
        # An error in an export request is still reported as JSON, not as a broken CSV.
        renderer = getattr(self.request, "accepted_renderer", None)
        if renderer is not None and renderer.format in EXPORT_FORMATS:
            self.request.accepted_renderer = JSONRenderer()
            self.request.accepted_media_type = JSONRenderer.media_type
        return super().handle_exception(exc)

    # An export answers with a stream, which DRF's dispatch returns as it would a Response.
    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response | StreamingHttpResponse:  # type: ignore[override]
        export = request.accepted_renderer.format
        if export not in EXPORT_FORMATS:
            return super().list(request, *args, **kwargs)
        events = self.filter_queryset(Event.objects.all())
        # An export is not paged, but a page_size the schema forbids is still the 400 it is for a page.
        assert isinstance(self.paginator, KeysetPagination)  # pagination_class above
        self.paginator.get_page_size(request)
        # Reach the database before the 200 and the headers go out: once streaming, an outage could
        # only cut the file short; here it is still a 503 (events/api/exceptions.py).
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        ordering = resolve_ordering(request, self, Event)
        stream, content_type, filename = _EXPORTS[export]
        response = StreamingHttpResponse(stream(events.order_by(*ordering.order_by())), content_type=content_type)
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response


@extend_schema_view(
    list=extend_schema(
        summary="List actors",
        description="With aliases, event counts and first/last seen dates. The counts are kept on the actor "
        "and recounted after each change and every EVENT_COUNTS_REFRESH_SECONDS.",
    ),
    retrieve=extend_schema(summary="One actor"),
)
class ActorViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = ANY_ID
    serializer_class = serializers.ActorSerializer
    filterset_class = ActorFilter
    pagination_class = KeysetPagination
    ordering_fields = ("name", "created_at", "event_count", "id")
    default_ordering = "name"

    def get_queryset(self) -> QuerySet[Actor]:
        return actors.actor_list()


@extend_schema_view(
    list=extend_schema(summary="List locations", description="With coordinates, hierarchy and event counts."),
    retrieve=extend_schema(summary="One location"),
)
class LocationViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = ANY_ID
    serializer_class = serializers.LocationWithCountsSerializer
    filterset_class = LocationFilter
    pagination_class = KeysetPagination
    ordering_fields = ("name", "population", "event_count", "id")
    default_ordering = "name"

    def get_queryset(self) -> QuerySet[Location]:
        return places.location_list()


@extend_schema_view(list=extend_schema(summary="List quotes"), retrieve=extend_schema(summary="One quote"))
class QuoteViewSet(viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = ANY_ID
    serializer_class = serializers.QuoteSerializer
    filterset_class = QuoteFilter
    pagination_class = KeysetPagination
    ordering_fields = ("id",)
    default_ordering = "-id"

    def get_queryset(self) -> QuerySet[Quote]:
        return articles.quote_list()


@extend_schema_view(
    list=extend_schema(summary="List articles"),
    retrieve=extend_schema(
        summary="One article",
        description="Status and reason; once processed, the events, actors, places and quotes found in it.",
    ),
)
class ArticleViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    lookup_value_regex = ANY_ID
    filterset_class = ArticleFilter
    pagination_class = KeysetPagination
    ordering_fields = ("id", "created_at", "published_on")
    default_ordering = "-id"
    # The stubs type the setting as the dotted paths; api_settings has imported them into classes.
    permission_classes = [*api_settings.DEFAULT_PERMISSION_CLASSES, CanSubmitArticle]  # type: ignore[list-item]

    def get_queryset(self) -> QuerySet[Article]:
        if self.action == "retrieve":
            return articles.article_detail()
        return articles.article_list()

    def get_serializer_class(self) -> type[serializers.serializers.BaseSerializer]:
        if self.action == "retrieve":
            return serializers.ArticleDetailSerializer
        if self.action == "create":
            return submission_serializers.ArticleSubmitSerializer
        return serializers.ArticleListSerializer

    @extend_schema(
        summary="Submit an article for processing",
        description="Needs a token whose user has the events.add_article permission. Resubmitting the same "
        "text or URL returns the existing article.",
        request=submission_serializers.ArticleSubmitSerializer,
        responses={
            202: submission_serializers.ArticleSubmittedSerializer,
            400: OpenApiResponse(description="Invalid submission"),
            401: OpenApiResponse(description="No or invalid token"),
            403: OpenApiResponse(description="The user may not submit articles"),
        },
    )
    def create(self, request: Request, *args: object, **kwargs: object) -> Response:
        input_serializer = submission_serializers.ArticleSubmitSerializer(data=request.data)
        input_serializer.is_valid(raise_exception=True)
        article = article_services.article_submit(**input_serializer.validated_data)
        # With eager Celery the article may already be processed by now.
        article.refresh_from_db(fields=["status"])
        location = request.build_absolute_uri(reverse("api:article-detail", args=[article.pk]))
        output = submission_serializers.ArticleSubmittedSerializer(
            {"id": article.pk, "url": location, "status": article.status}
        )
        return Response(output.data, status=status.HTTP_202_ACCEPTED, headers={"Location": location})


@extend_schema(
    summary="Event statistics",
    description="Counts and fatalities by event type, country, actor (any role) and period, over the events "
    "that match the same filters as the event list. Rejected events are left out unless review_status asks "
    "for them.",
    parameters=[serializers.StatsQuerySerializer],
    responses={200: serializers.StatsSerializer, 400: OpenApiResponse(description="Invalid filter")},
    filters=True,
)
class StatsView(generics.GenericAPIView):
    queryset = Event.objects.all()
    filterset_class = EventFilter
    serializer_class = serializers.StatsSerializer
    pagination_class = None

    def get(self, request: Request) -> Response:
        query = serializers.StatsQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        events = self.filter_queryset(self.get_queryset())
        if not request.query_params.get("review_status"):
            events = events.exclude(review_status=Event.ReviewStatus.REJECTED)
        period, top = query.validated_data["period"], query.validated_data["top"]
        try:
            # Keyed on the SQL, so equivalent query strings share an entry and no filter is left out.
            sql, params = events.order_by().values("pk").query.sql_with_params()
        except EmptyResultSet:  # a filter that matches nothing by construction
            sql, params = "", ()
        data = aggregates.cached_aggregate(
            f"stats:{period}:{top}:{sql}:{params!r}", lambda: aggregates.event_stats(events, period=period, top=top)
        )
        return Response(serializers.StatsSerializer(data).data)
