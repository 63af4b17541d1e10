"""Output serializers for the read resources (submission: events/api/submission_serializers.py)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema_field, extend_schema_serializer
from rest_framework import serializers

from events import acled
from events.models import EVENT_TYPE_CHOICES, SUB_EVENT_TYPE_CHOICES, Actor, Article, Event, Evidence, Location, Quote
from events.selectors import events as event_selectors

# An article's URL as stored: canonical, but possibly an IRI (Django's URL validation takes non-ASCII
# characters unencoded), so no "format: uri" in the schema.
STORED_URL = "The article's canonical URL, as stored (it may hold unencoded non-ASCII characters)."


class ActorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Actor
        fields = ["id", "name"]


class LocationSerializer(serializers.ModelSerializer):
    class Meta:
        model = Location
        fields = [
            "id",
            "name",
            "country_code",
            "admin1",
            "admin2",
            "feature",
            "latitude",
            "longitude",
            "geonames_id",
            "population",
        ]


class LocationWithCountsSerializer(LocationSerializer):
    country = serializers.SerializerMethodField(help_text="Country name (ACLED spelling).")
    hierarchy = serializers.SerializerMethodField(help_text="Country, admin1, admin2 and the place, broadest first.")
    event_count = serializers.IntegerField(read_only=True, help_text="Events here (rejected ones left out).")

    class Meta(LocationSerializer.Meta):
        fields = [*LocationSerializer.Meta.fields, "country", "hierarchy", "event_count"]

    def get_country(self, location: Location) -> str:
        return acled.country(location.country_code).name

    def get_hierarchy(self, location: Location) -> list[str]:
        parts = [acled.country(location.country_code).name, location.admin1, location.admin2, location.name]
        return list(dict.fromkeys(p for p in parts if p))


class EvidenceSerializer(serializers.ModelSerializer):
    article_id = serializers.IntegerField(source="article.id", read_only=True)
    article_title = serializers.CharField(source="article.title", read_only=True)
    article_url = serializers.CharField(source="article.url", read_only=True, allow_null=True, help_text=STORED_URL)

    class Meta:
        model = Evidence
        fields = ["article_id", "article_title", "article_url", "sentence", "start", "end"]


class ArticleEventSerializer(serializers.ModelSerializer):
    """An event as listed under its article: without the evidence from every other article."""

    actor1 = ActorRefSerializer(read_only=True, allow_null=True)
    actor2 = ActorRefSerializer(read_only=True, allow_null=True)
    assoc_actors = ActorRefSerializer(many=True, read_only=True)
    location = LocationSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "event_type",
            "sub_event_type",
            "date",
            "date_precision",
            "actor1",
            "actor2",
            "assoc_actors",
            "location",
            "geo_precision",
            "fatalities",
            "summary",
            "confidence",
            "review_status",
        ]


class EventSerializer(ArticleEventSerializer):
    evidence = EvidenceSerializer(many=True, read_only=True)
    event_type_label = serializers.CharField(source="get_event_type_display", read_only=True)
    sub_event_type_label = serializers.CharField(source="get_sub_event_type_display", read_only=True)

    class Meta:
        model = Event
        fields = [
            "id",
            "event_type",
            "event_type_label",
            "sub_event_type",
            "sub_event_type_label",
            "cameo_code",
            "date",
            "date_precision",
            "actor1",
            "actor2",
            "assoc_actors",
            "location",
            "geo_precision",
            "fatalities",
            "summary",
            "confidence",
            "review_status",
            "locked_fields",
            "evidence",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def to_representation(self, event: Event) -> dict[str, Any]:
        # The declared fields above are the contract (and the schema). DRF's generic walk over
        # them — ~45 field objects an event with its actors, place and evidence — was most of an
        # API page's time at 50 events; this writes the same dict directly (tests pin equality).
        return {
            "id": event.pk,
            "event_type": event.event_type,
            "event_type_label": _EVENT_TYPE_LABELS.get(event.event_type, event.event_type),
            "sub_event_type": event.sub_event_type,
            "sub_event_type_label": _SUB_EVENT_TYPE_LABELS.get(event.sub_event_type, event.sub_event_type),
            "cameo_code": event.cameo_code,
            "date": event.date.isoformat() if event.date is not None else None,
            "date_precision": event.date_precision,
            "actor1": _actor_ref(event.actor1),
            "actor2": _actor_ref(event.actor2),
            "assoc_actors": [_actor_ref(actor) for actor in event.assoc_actors.all()],
            "location": _location(event.location),
            "geo_precision": event.geo_precision,
            "fatalities": event.fatalities,
            "summary": event.summary,
            "confidence": event.confidence,
            "review_status": event.review_status,
            "locked_fields": event.locked_fields,
            "evidence": [_evidence(item) for item in event.evidence.all()],
            "created_at": _DATETIME.to_representation(event.created_at),
            "updated_at": _DATETIME.to_representation(event.updated_at),
        }


_EVENT_TYPE_LABELS = {value: str(text) for value, text in EVENT_TYPE_CHOICES}
_SUB_EVENT_TYPE_LABELS = {value: str(text) for value, text in SUB_EVENT_TYPE_CHOICES}
_DATETIME = serializers.DateTimeField()


def _actor_ref(actor: Actor | None) -> dict[str, Any] | None:
    return None if actor is None else {"id": actor.pk, "name": actor.name}


def _location(place: Location | None) -> dict[str, Any] | None:
    if place is None:
        return None
    return {
        "id": place.pk,
        "name": place.name,
        "country_code": place.country_code,
        "admin1": place.admin1,
        "admin2": place.admin2,
        "feature": place.feature,
        "latitude": place.latitude,
        "longitude": place.longitude,
        "geonames_id": place.geonames_id,
        "population": place.population,
    }


def _evidence(item: Evidence) -> dict[str, Any]:
    article = item.article
    return {
        "article_id": article.pk,
        "article_title": article.title,
        "article_url": article.url,
        "sentence": item.sentence,
        "start": item.start,
        "end": item.end,
    }


class ActorSerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField()
    event_count = serializers.IntegerField(read_only=True, help_text="Events in any role (rejected ones left out).")
    first_seen = serializers.DateField(read_only=True, allow_null=True, help_text="Date of the earliest event.")
    last_seen = serializers.DateField(read_only=True, allow_null=True, help_text="Date of the latest event.")

    class Meta:
        model = Actor
        fields = [
            "id",
            "name",
            "kind",
            "country_code",
            "description",
            "aliases",
            "event_count",
            "first_seen",
            "last_seen",
            "created_at",
            "updated_at",
        ]

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_aliases(self, actor: Actor) -> list[str]:
        return [alias.alias for alias in actor.aliases.all()]


class QuoteSerializer(serializers.ModelSerializer):
    speaker = ActorRefSerializer(read_only=True, allow_null=True)
    article_id = serializers.IntegerField(read_only=True)
    event_id = serializers.IntegerField(read_only=True, allow_null=True)

    class Meta:
        model = Quote
        fields = [
            "id",
            "text",
            "speaker",
            "speaker_name",
            "speaker_role",
            "cue",
            "article_id",
            "start",
            "end",
            "event_id",
        ]


class ArticleListSerializer(serializers.ModelSerializer):
    url = serializers.CharField(read_only=True, allow_null=True, help_text=STORED_URL)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "title",
            "publisher",
            "published_on",
            "language",
            "status",
            "status_reason",
            "created_at",
            "processed_at",
        ]


class ArticleDetailSerializer(ArticleListSerializer):
    events = serializers.SerializerMethodField()
    actors = ActorRefSerializer(many=True, read_only=True)
    locations = LocationSerializer(many=True, read_only=True)
    quotes = QuoteSerializer(many=True, read_only=True)

    class Meta(ArticleListSerializer.Meta):
        fields = [
            *ArticleListSerializer.Meta.fields,
            "extractor_version",
            "text",
            "events",
            "actors",
            "locations",
            "quotes",
        ]

    @extend_schema_field(ArticleEventSerializer(many=True))
    def get_events(self, article: Article) -> list[dict[str, Any]]:
        # many=True: .data is a ReturnList of dicts; the stubs type every .data as a ReturnDict.
        return ArticleEventSerializer(event_selectors.events_for_article(article), many=True).data  # type: ignore[return-value]


class StatsQuerySerializer(serializers.Serializer):
    period = serializers.ChoiceField(choices=["day", "week", "month", "year"], default="month")
    top = serializers.IntegerField(min_value=1, max_value=200, default=20, help_text="Rows in by_country and by_actor.")


class _StatRowSerializer(serializers.Serializer):
    events = serializers.IntegerField()
    fatalities = serializers.IntegerField()


class _TypeStatSerializer(_StatRowSerializer):
    event_type = serializers.CharField()
    # A declared field named like Field.label (a str in the stubs); DRF takes it as a field.
    label = serializers.CharField()  # type: ignore[assignment]


class _CountryStatSerializer(_StatRowSerializer):
    country_code = serializers.CharField()
    country = serializers.CharField()


class _ActorStatSerializer(_StatRowSerializer):
    actor_id = serializers.IntegerField()
    actor = serializers.CharField()


class _PeriodStatSerializer(_StatRowSerializer):
    period = serializers.DateField(help_text="First day of the period.")


class StatsSerializer(serializers.Serializer):
    period = serializers.CharField()
    total = _StatRowSerializer()
    by_type = _TypeStatSerializer(many=True)
    by_country = _CountryStatSerializer(many=True)
    by_actor = _ActorStatSerializer(many=True)
    by_period = _PeriodStatSerializer(many=True)


class _PointSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Point"])
    coordinates = serializers.ListField(child=serializers.FloatField(), min_length=2, max_length=2)


class _FeatureSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=["Feature"])
    id = serializers.IntegerField()
    geometry = _PointSerializer(allow_null=True, help_text="Null when the event has no coordinates.")
    properties = serializers.DictField(help_text="The event, shaped as in the JSON list.")


@extend_schema_serializer(many=False)
class FeatureCollectionSerializer(serializers.Serializer):
    """The GeoJSON export: documentation only, the body is streamed."""

    type = serializers.ChoiceField(choices=["FeatureCollection"])
    features = _FeatureSerializer(many=True)
