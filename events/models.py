"""The knowledge base: articles, actors, locations, events, their evidence and quotes."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from events.links import detail_url
from events.normalize import normalize_name
from events.typology import EVENT_TYPES, label

EVENT_TYPE_CHOICES = [(slug, label(slug)) for slug in EVENT_TYPES]
SUB_EVENT_TYPE_CHOICES = [(sub, label(sub)) for subs in EVENT_TYPES.values() for sub in subs]


class Article(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        FETCHING = "fetching", "Fetching"
        PROCESSING = "processing", "Processing"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"
        SKIPPED = "skipped", "Skipped"

    url = models.URLField(max_length=2000, null=True, blank=True)
    title = models.CharField(max_length=500, blank=True)
    publisher = models.CharField(max_length=200, blank=True)
    published_on = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=8, blank=True)
    raw = models.TextField(blank=True, help_text="The document as submitted (HTML or text).")
    text = models.TextField(blank=True, help_text="Cleaned main text; evidence offsets point into it.")
    content_hash = models.CharField(max_length=64, null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.QUEUED)
    status_reason = models.TextField(blank=True)
    extractor_version = models.CharField(max_length=32, blank=True)
    # Annotated: the stubs cannot infer the type of a relation to a model defined further down.
    actors: models.ManyToManyField[Actor, Any] = models.ManyToManyField("Actor", blank=True, related_name="articles")
    locations: models.ManyToManyField[Location, Any] = models.ManyToManyField(
        "Location", blank=True, related_name="articles"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    processed_at = models.DateTimeField(null=True, blank=True)
    # Set by ingest when a (near-)identical copy of an already processed article arrives: the copy
    # is skipped, not extracted again, and counts as one more source for the original.
    duplicate_of = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="duplicates"
    )
    fingerprint = models.CharField(
        max_length=64, blank=True, db_index=True, help_text="SimHash of the main text (near-duplicate detection)."
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["url"], condition=Q(url__isnull=False), name="article_unique_url"),
            models.UniqueConstraint(
                fields=["content_hash"], condition=Q(content_hash__isnull=False), name="article_unique_content_hash"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "-created_at"]),
            models.Index(fields=["published_on"]),
            # The dashboard's "latest articles" and the article list's default order.
            models.Index(fields=["-created_at", "-id"], name="article_created_idx"),
        ]

    def __str__(self) -> str:
        return self.title or self.url or f"Article {self.pk}"

    def get_absolute_url(self) -> str:
        return detail_url("events:article-detail", self.pk)


class Actor(models.Model):
    class Kind(models.TextChoices):
        STATE_FORCE = "state_force", "State force"
        REBEL_GROUP = "rebel_group", "Rebel group"
        MILITIA = "militia", "Militia"
        POLITICAL_PARTY = "political_party", "Political party"
        PROTESTERS = "protesters", "Protesters"
        RIOTERS = "rioters", "Rioters"
        CIVILIANS = "civilians", "Civilians"
        PERSON = "person", "Person"
        GOVERNMENT = "government", "Government body"
        INTERNATIONAL = "international", "International organisation"
        MEDIA = "media", "Media"
        OTHER = "other", "Other"

    name = models.CharField(max_length=300, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.OTHER)
    country_code = models.CharField(max_length=2, blank=True)
    description = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Denormalised by events.services.counts.event_counts_refresh (after merges, splits, edits and ingest,
    # and by Celery beat): counting a busy actor's events live cost ~1 s per page of actors.
    # Events in any role, each once; rejected events left out.
    event_count = models.IntegerField(default=0, editable=False)
    first_seen = models.DateField(null=True, blank=True, editable=False, help_text="Date of the earliest event.")
    last_seen = models.DateField(null=True, blank=True, editable=False, help_text="Date of the latest event.")
    # The counts are derived data, not editorial changes: no history row for them.
    history = HistoricalRecords(excluded_fields=["event_count", "first_seen", "last_seen"])

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind"]),
            models.Index(fields=["country_code"]),
            models.Index(fields=["-event_count", "-id"], name="actor_event_count_idx"),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return detail_url("events:actor-detail", self.pk)


class ActorAlias(models.Model):
    actor = models.ForeignKey(Actor, on_delete=models.CASCADE, related_name="aliases")
    alias = models.CharField(max_length=300)
    normalized = models.CharField(max_length=300, unique=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["alias"]
        verbose_name_plural = "actor aliases"

    def __str__(self) -> str:
        return self.alias

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize_name(self.alias)
        super().save(*args, **kwargs)


class Location(models.Model):
    class Feature(models.TextChoices):
        COUNTRY = "country", "Country"
        ADMIN1 = "admin1", "First-level division"
        ADMIN2 = "admin2", "Second-level division"
        CITY = "city", "Populated place"
        REGION = "region", "Region"
        OTHER = "other", "Other"

    name = models.CharField(max_length=200)
    country_code = models.CharField(max_length=2, blank=True)
    admin1 = models.CharField(max_length=200, blank=True)
    admin2 = models.CharField(max_length=200, blank=True)
    feature = models.CharField(max_length=10, choices=Feature.choices, default=Feature.CITY)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    geonames_id = models.IntegerField(null=True, blank=True)
    population = models.BigIntegerField(null=True, blank=True)
    normalized = models.CharField(max_length=200, db_index=True, editable=False)
    alternate_names = models.TextField(blank=True, help_text="Other names, one per line.")
    # Denormalised like Actor.event_count (rejected events left out).
    event_count = models.IntegerField(default=0, editable=False)
    history = HistoricalRecords(excluded_fields=["event_count"])

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["geonames_id"], condition=Q(geonames_id__isnull=False), name="location_unique_geonames_id"
            ),
        ]
        indexes = [
            models.Index(fields=["country_code", "admin1"]),
            models.Index(fields=["latitude", "longitude"]),
            models.Index(fields=["-event_count", "-id"], name="location_event_count_idx"),
        ]

    def __str__(self) -> str:
        context = ", ".join(p for p in (self.admin1, self.country_code) if p and p != self.name)
        return f"{self.name} ({context})" if context else self.name

    def save(self, *args, **kwargs) -> None:
        self.normalized = normalize_name(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return detail_url("events:location-detail", self.pk)


class Event(models.Model):
    class DatePrecision(models.TextChoices):
        DAY = "day", "Day"
        WEEK = "week", "Week"
        MONTH = "month", "Month"
        YEAR = "year", "Year"

    class ReviewStatus(models.TextChoices):
        AUTO = "auto", "Automatic"
        REVIEWED = "reviewed", "Reviewed"
        REJECTED = "rejected", "Rejected"

    class GeoPrecision(models.IntegerChoices):
        EXACT = 1, "Exact place"
        NEAR = 2, "Near / part of a region"
        COARSE = 3, "Province or country"

    # Fields an editor may change; an edit adds the name to locked_fields so re-extraction
    # leaves it alone.
    EDITABLE_FIELDS = (
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
    )

    event_type = models.CharField(max_length=40, choices=EVENT_TYPE_CHOICES)
    sub_event_type = models.CharField(max_length=50, choices=SUB_EVENT_TYPE_CHOICES)
    cameo_code = models.CharField(max_length=4, blank=True)
    date = models.DateField(null=True, blank=True)
    date_precision = models.CharField(max_length=5, choices=DatePrecision.choices, default=DatePrecision.DAY)
    actor1 = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="events_as_actor1")
    actor2 = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="events_as_actor2")
    assoc_actors = models.ManyToManyField(Actor, blank=True, related_name="events_as_associate")
    location = models.ForeignKey(Location, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    geo_precision = models.PositiveSmallIntegerField(choices=GeoPrecision.choices, default=GeoPrecision.EXACT)
    fatalities = models.PositiveIntegerField(null=True, blank=True, help_text="Empty means unknown, not zero.")
    summary = models.TextField(blank=True)
    confidence = models.FloatField(default=0.5)
    review_status = models.CharField(max_length=10, choices=ReviewStatus.choices, default=ReviewStatus.AUTO)
    locked_fields = models.JSONField(default=list, blank=True, help_text="Fields an editor changed.")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[assoc_actors])

    class Meta:
        ordering = ["-date", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(confidence__gte=0) & Q(confidence__lte=1), name="event_confidence_0_1"),
        ]
        # One index per filter, each ending in the list's (-date, -id) order so a filtered page is
        # a range scan that stops after a page. PostgreSQL-only indexes (trigram text search, the
        # pages' NULLS LAST date order) live in migration 0005, outside the model state.
        indexes = [
            models.Index(fields=["-date", "-id"]),
            models.Index(fields=["event_type", "-date"]),
            models.Index(fields=["sub_event_type"]),
            models.Index(fields=["review_status"]),
            models.Index(fields=["updated_at", "id"]),
            models.Index(fields=["location", "-date", "-id"], name="event_location_date_idx"),
            models.Index(fields=["actor1", "-date", "-id"], name="event_actor1_date_idx"),
            models.Index(fields=["actor2", "-date", "-id"], name="event_actor2_date_idx"),
            models.Index(fields=["-created_at", "-id"], name="event_created_idx"),
            # ?ordering=-fatalities (the deadliest first), with or without fatalities_min.
            models.Index(fields=["-fatalities", "-id"], name="event_fatalities_idx"),
        ]

    def __str__(self) -> str:
        where = f" in {self.location.name}" if self.location_id and self.location else ""
        return f"{self.get_sub_event_type_display()}{where} on {self.date or 'unknown date'}"

    def get_absolute_url(self) -> str:
        return detail_url("events:event-detail", self.pk)

    def is_locked(self, field_name: str) -> bool:
        return field_name in (self.locked_fields or [])


class Evidence(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="evidence")
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="evidence")
    sentence = models.TextField()
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    # The toll this source reported for the event; sources disagree, and the event keeps one figure.
    fatalities = models.PositiveIntegerField(null=True, blank=True, help_text="Fatalities this source reported.")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["article_id", "start"]
        verbose_name_plural = "evidence"
        constraints = [
            models.UniqueConstraint(fields=["event", "article", "start"], name="evidence_unique_sentence"),
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="evidence_end_after_start"),
        ]

    def __str__(self) -> str:
        return self.sentence[:80]


class Quote(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="quotes")
    text = models.TextField()
    speaker = models.ForeignKey(Actor, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    speaker_name = models.CharField(max_length=300, blank=True)
    speaker_role = models.CharField(max_length=300, blank=True)
    cue = models.CharField(max_length=40, blank=True)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    event = models.ForeignKey(Event, null=True, blank=True, on_delete=models.SET_NULL, related_name="quotes")
    history = HistoricalRecords()

    class Meta:
        ordering = ["article_id", "start"]
        constraints = [models.UniqueConstraint(fields=["article", "start"], name="quote_unique_offset")]

    def __str__(self) -> str:
        return f"{self.speaker_name or 'Unknown'}: {self.text[:60]}"


class EditorScope(models.Model):
    """One country an editor may change (a regional desk is a user with several of these rows).

    An editor with no rows is unrestricted (the behaviour before scopes existed); superusers are
    always unrestricted. The rules that read these rows live in events/permissions.py.
    """

    user = models.ForeignKey("auth.User", on_delete=models.CASCADE, related_name="editor_scopes")
    country_code = models.CharField(max_length=2, help_text="ISO 3166-1 alpha-2 code, e.g. NG.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user_id", "country_code"]
        verbose_name = "editor country scope"
        constraints = [
            models.UniqueConstraint(fields=["user", "country_code"], name="editor_scope_unique_country"),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.country_code}"

    def save(self, *args, **kwargs) -> None:
        self.country_code = (self.country_code or "").strip().upper()
        super().save(*args, **kwargs)
