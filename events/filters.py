"""FilterSets shared by the API and the pages: one per resource.

Every filter validates its input through a form field, so a bad value becomes a 400 (API) or
a form error (pages) rather than a database error.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django_filters.fields import IsoDateTimeField

from events.models import (
    EVENT_TYPE_CHOICES,
    SUB_EVENT_TYPE_CHOICES,
    Actor,
    ActorAlias,
    Article,
    Event,
    Evidence,
    Location,
    Quote,
)
from events.normalize import normalize_name
from events.selectors.actors import actor_ids_matching
from events.selectors.events import estimated_rows, involving_actors
from events.typology import SUB_EVENT_PARENT

_COUNTRY_CODE = re.compile(r"^[A-Za-z]{2}$")
_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CountryCodeField(forms.CharField):
    """An ISO 3166-1 alpha-2 code, upper-cased."""

    def clean(self, value: str | None) -> str:
        value = (super().clean(value) or "").strip()
        if value and not _COUNTRY_CODE.match(value):
            raise ValidationError("Enter a two-letter ISO country code, e.g. IQ.", code="invalid")
        return value.upper()


_LON = r"[-+]?(?:180(?:\.0+)?|(?:1[0-7]\d|\d{1,2})(?:\.\d+)?)"
_LAT = r"[-+]?(?:90(?:\.0+)?|[1-8]?\d(?:\.\d+)?)"
# The whole syntax, ranges included, as one regex: the OpenAPI schema publishes this very pattern
# (events/api/schema.py), so what the schema allows and what the API accepts are the same.
BBOX_PATTERN = rf"^\s*(?:{_LON}\s*,\s*{_LAT}\s*,\s*{_LON}\s*,\s*{_LAT})?\s*$"
_BBOX = re.compile(BBOX_PATTERN)


class BBoxField(forms.CharField):
    """``min_lon,min_lat,max_lon,max_lat`` in WGS84 degrees (decimal numbers).

    As in GeoJSON (RFC 7946, 5.2) a box whose western edge lies east of its eastern one crosses
    the antimeridian; one whose southern edge lies north of its northern one holds nothing.
    """

    def clean(self, value: str | None) -> tuple[float, float, float, float] | None:
        value = (super().clean(value) or "").strip()
        if not value:
            return None
        if not _BBOX.match(value):
            raise ValidationError(
                "Enter min_lon,min_lat,max_lon,max_lat as four decimal numbers, longitudes from -180 to 180 "
                "and latitudes from -90 to 90."
            )
        min_lon, min_lat, max_lon, max_lat = (float(p) for p in value.split(","))
        return (min_lon, min_lat, max_lon, max_lat)


# Ids and counts beyond a bigint would reach the database and fail there (PostgreSQL).
_MAX_BIGINT = 2**63 - 1

# Up to this many text matches, the filter collects their ids first and hands the list to the
# event query; beyond it, walking the (-date, -id) index until a page is full is cheaper.
_ID_LIST_LIMIT = 5_000


_FIRST_INSTANT = dt.datetime(dt.MINYEAR, 1, 1, tzinfo=dt.UTC)
_LAST_INSTANT = dt.datetime(dt.MAXYEAR, 12, 31, 23, 59, 59, 999999, tzinfo=dt.UTC)


class UtcIsoDateTimeField(IsoDateTimeField):
    """An ISO 8601 date and time, handed on in UTC.

    ISO 8601 allows any offset under a day ("+22:12"); PostgreSQL reads none beyond +-15:59 and
    would fail on the query. In UTC the instant is the same. One before the first instant a
    datetime holds (year 1 with an offset east of UTC) is that first instant, one after the last
    is the last: "since" either still means every row or none.
    """

    def clean(self, value: str | None) -> dt.datetime | None:
        when = super().clean(value)
        if when is None or when.tzinfo is None:
            return when
        try:
            return when.astimezone(dt.UTC)
        except OverflowError:
            return _FIRST_INSTANT if when.year == dt.MINYEAR else _LAST_INSTANT


class UtcIsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = UtcIsoDateTimeField


class IntegerFilter(django_filters.NumberFilter):
    # NumberFilter with an integer form field, as django-filter's docs suggest; its stubs allow only DecimalField.
    field_class = forms.IntegerField  # type: ignore[assignment]

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("max_value", _MAX_BIGINT)
        super().__init__(*args, **kwargs)


class CountryFilter(django_filters.CharFilter):
    field_class = CountryCodeField


class BBoxFilter(django_filters.CharFilter):
    field_class = BBoxField

    def __init__(self, *, prefix: str = "", **kwargs) -> None:
        self.prefix = prefix
        super().__init__(**kwargs)

    def filter(self, qs: QuerySet, value: tuple[float, float, float, float] | None) -> QuerySet:
        if not value:
            return qs
        min_lon, min_lat, max_lon, max_lat = value
        p = self.prefix
        west, east = Q(**{f"{p}longitude__gte": min_lon}), Q(**{f"{p}longitude__lte": max_lon})
        longitudes = west & east if min_lon <= max_lon else west | east  # across the antimeridian
        return qs.filter(longitudes, **{f"{p}latitude__gte": min_lat, f"{p}latitude__lte": max_lat})


class EventFilter(django_filters.FilterSet):
    date_after = django_filters.DateFilter(field_name="date", lookup_expr="gte", label="From date", widget=_DATE)
    date_before = django_filters.DateFilter(field_name="date", lookup_expr="lte", label="To date", widget=_DATE)
    event_type = django_filters.ChoiceFilter(choices=EVENT_TYPE_CHOICES, label="Event type", empty_label="Any")
    sub_event_type = django_filters.ChoiceFilter(
        choices=SUB_EVENT_TYPE_CHOICES,
        label="Sub-event type",
        empty_label="Any",
        # Read by static/js/site.js to offer only the sub-types of the chosen type.
        widget=forms.Select(attrs={"data-parents": json.dumps(SUB_EVENT_PARENT)}),
    )
    country = CountryFilter(field_name="location__country_code", label="Country (ISO code)")
    admin1 = django_filters.CharFilter(field_name="location__admin1", lookup_expr="iexact", label="Province / admin1")
    location = IntegerFilter(field_name="location_id", min_value=1, label="Location id")
    actor = django_filters.CharFilter(method="filter_actor", label="Actor (id or name)")
    fatalities_min = IntegerFilter(field_name="fatalities", lookup_expr="gte", min_value=0, label="Fatalities at least")
    fatalities_max = IntegerFilter(field_name="fatalities", lookup_expr="lte", min_value=0, label="Fatalities at most")
    bbox = BBoxFilter(
        prefix="location__",
        label="Bounding box",
        help_text="min_lon,min_lat,max_lon,max_lat",
        widget=forms.TextInput(attrs={"aria-describedby": "id_bbox-help", "placeholder": "43,36,44,37"}),
    )
    review_status = django_filters.ChoiceFilter(
        choices=Event.ReviewStatus.choices, label="Review status", empty_label="Any"
    )
    q = django_filters.CharFilter(method="filter_text", label="Text")
    updated_since = UtcIsoDateTimeFilter(
        field_name="updated_at",
        lookup_expr="gte",
        label="Updated since",
        help_text="ISO 8601 date and time",
        widget=forms.TextInput(attrs={"aria-describedby": "id_updated_since-help"}),
    )

    class Meta:
        model = Event
        fields: list[str] = []

    def filter_actor(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        value = value.strip()
        if not value:
            return queryset
        actor_ids: list[int] | QuerySet[Actor]
        if value.isascii() and value.isdigit():
            actor_ids = [int(value)] if int(value) <= _MAX_BIGINT else []
        else:
            actor_ids = actor_ids_matching(value)
        if not isinstance(actor_ids, list):
            actor_ids = list(actor_ids.values_list("pk", flat=True))
        return queryset.filter(involving_actors(actor_ids))

    def filter_text(self, queryset: QuerySet[Event], name: str, value: str) -> QuerySet[Event]:
        value = value.strip()
        if not value:
            return queryset
        in_summary = Event.objects.filter(summary__icontains=value)
        in_evidence = Evidence.objects.filter(sentence__icontains=value)
        if connection.vendor != "postgresql":
            return queryset.filter(Q(summary__icontains=value) | Q(pk__in=in_evidence.values("event_id")))
        # Both lookups compile to UPPER(col) LIKE, served by the trigram indexes (migration 0005).
        # A rare term: collect the few matching ids through those indexes. A common one: walk the
        # list order and test each event, its evidence by an index lookup, until a page is full.
        if estimated_rows(in_summary) + estimated_rows(in_evidence) <= _ID_LIST_LIMIT:
            ids = set(in_summary.values_list("pk", flat=True)[: _ID_LIST_LIMIT + 1])
            ids |= set(in_evidence.values_list("event_id", flat=True)[: _ID_LIST_LIMIT + 1])
            if len(ids) <= _ID_LIST_LIMIT:
                return queryset.filter(pk__in=sorted(ids))
        # A scalar subquery, not EXISTS: PostgreSQL turns EXISTS into a hash of every matching
        # sentence (100,000 of them for a common word) before it returns the first row.
        first_sentence = Subquery(in_evidence.filter(event_id=OuterRef("pk")).values("pk")[:1])
        return queryset.alias(_sentence=first_sentence).filter(Q(summary__icontains=value) | Q(_sentence__isnull=False))


class ActorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Name or alias")
    kind = django_filters.ChoiceFilter(choices=Actor.Kind.choices)
    country = CountryFilter(field_name="country_code", label="Country (ISO code)")

    class Meta:
        model = Actor
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet[Actor], name: str, value: str) -> QuerySet[Actor]:
        value = value.strip()
        if not value:
            return queryset
        alias_ids = ActorAlias.objects.filter(alias__icontains=value).values("actor_id")
        return queryset.filter(Q(name__icontains=value) | Q(pk__in=alias_ids))


class LocationFilter(django_filters.FilterSet):
    WITH_EVENTS = "with_events"
    GAZETTEER = "gazetteer"

    q = django_filters.CharFilter(method="filter_text", label="Name")
    name = django_filters.CharFilter(
        method="filter_name",
        label="Exact name",
        help_text="The whole name, in any case: Mosul, not Mosul Dam (Name finds a part of a name).",
    )
    # The places list opens on the places with events (views.entities.location_list); the 235,000
    # gazetteer places are one choice away. Absent (the API's default): every place.
    places = django_filters.ChoiceFilter(
        choices=[(WITH_EVENTS, "Places with events"), (GAZETTEER, "All gazetteer places")],
        method="filter_places",
        label="Show",
        empty_label=None,
    )
    country = CountryFilter(field_name="country_code", label="Country (ISO code)")
    admin1 = django_filters.CharFilter(lookup_expr="iexact", label="Province / admin1")
    feature = django_filters.ChoiceFilter(choices=Location.Feature.choices)
    bbox = BBoxFilter(label="Bounding box (min_lon,min_lat,max_lon,max_lat)")

    class Meta:
        model = Location
        fields: list[str] = []

    def filter_text(self, queryset: QuerySet[Location], name: str, value: str) -> QuerySet[Location]:
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(name__icontains=value) | Q(alternate_names__icontains=value))

    def filter_name(self, queryset: QuerySet[Location], name: str, value: str) -> QuerySet[Location]:
        value = value.strip()
        if not value:
            return queryset
        # The indexed normalised name narrows the search; iexact keeps it exact (accents, articles).
        return queryset.filter(normalized=normalize_name(value), name__iexact=value)

    def filter_places(self, queryset: QuerySet[Location], name: str, value: str) -> QuerySet[Location]:
        # The stored count (events/services/counts.py) leaves rejected events out, as the page shows it.
        return queryset.filter(event_count__gt=0) if value == self.WITH_EVENTS else queryset


class QuoteFilter(django_filters.FilterSet):
    article = IntegerFilter(field_name="article_id", min_value=1)
    speaker = IntegerFilter(field_name="speaker_id", min_value=1, label="Speaker (actor id)")
    event = IntegerFilter(field_name="event_id", min_value=1)
    q = django_filters.CharFilter(field_name="text", lookup_expr="icontains", label="Text")
    speaker_name = django_filters.CharFilter(method="filter_speaker_name", label="Speaker (name)")
    actor = django_filters.CharFilter(
        method="filter_actor", label="Actor (id or name): the speaker or an actor of the quoted event"
    )
    published_after = django_filters.DateFilter(
        field_name="article__published_on", lookup_expr="gte", label="Published from", widget=_DATE
    )
    published_before = django_filters.DateFilter(
        field_name="article__published_on", lookup_expr="lte", label="Published until", widget=_DATE
    )

    class Meta:
        model = Quote
        fields: list[str] = []

    def filter_speaker_name(self, queryset: QuerySet[Quote], name: str, value: str) -> QuerySet[Quote]:
        # The resolved actor (by name or alias) or the free-text speaker an unresolved quote keeps.
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(speaker_id__in=actor_ids_matching(value)) | Q(speaker_name__icontains=value))

    def filter_actor(self, queryset: QuerySet[Quote], name: str, value: str) -> QuerySet[Quote]:
        value = value.strip()
        if not value:
            return queryset
        ids: list[int] | QuerySet[Actor]
        if value.isascii() and value.isdigit():
            ids = [int(value)] if int(value) <= _MAX_BIGINT else []
        else:
            ids = actor_ids_matching(value)
        # Both a list and a subquery are valid `__in` values; the stubs' lookup check takes only one of them.
        assoc = Event.assoc_actors.through.objects.filter(actor_id__in=ids).values("event_id")  # type: ignore[misc]
        events = Event.objects.filter(Q(actor1_id__in=ids) | Q(actor2_id__in=ids) | Q(pk__in=assoc)).values("pk")
        return queryset.filter(Q(speaker_id__in=ids) | Q(event_id__in=events))


class ArticleFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=Article.Status.choices)
    publisher = django_filters.CharFilter(lookup_expr="iexact")
    published_after = django_filters.DateFilter(field_name="published_on", lookup_expr="gte")
    published_before = django_filters.DateFilter(field_name="published_on", lookup_expr="lte")
    q = django_filters.CharFilter(field_name="title", lookup_expr="icontains", label="Title")

    class Meta:
        model = Article
        fields: list[str] = []
