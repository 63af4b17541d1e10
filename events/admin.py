"""The editors' workbench: every model, with history, and locking of edited event fields."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from events.models import Actor, ActorAlias, Article, Event, Evidence, Location, Quote
from events.services import event_lock_fields


class ActorAliasInline(admin.TabularInline):
    model = ActorAlias
    extra = 1
    fields = ["alias", "normalized"]
    readonly_fields = ["normalized"]


class EvidenceInline(admin.TabularInline):
    model = Evidence
    extra = 0
    fields = ["article", "sentence", "start", "end"]
    raw_id_fields = ["article"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publisher", "published_on", "status", "language", "created_at"]
    list_filter = ["status", "language", "publisher"]
    search_fields = ["title", "url", "publisher"]
    date_hierarchy = "created_at"
    readonly_fields = ["content_hash", "created_at", "updated_at", "processed_at", "extractor_version"]
    raw_id_fields = ["actors", "locations"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).defer("raw", "text")


@admin.register(Actor)
class ActorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "country_code", "updated_at"]
    list_filter = ["kind", "country_code"]
    search_fields = ["name", "aliases__alias"]
    inlines = [ActorAliasInline]


@admin.register(ActorAlias)
class ActorAliasAdmin(admin.ModelAdmin):
    list_display = ["alias", "actor", "normalized"]
    list_select_related = ["actor"]
    search_fields = ["alias", "normalized", "actor__name"]
    autocomplete_fields = ["actor"]


@admin.register(Location)
class LocationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "country_code", "admin1", "feature", "latitude", "longitude", "population"]
    list_filter = ["feature", "country_code"]
    search_fields = ["name", "normalized", "admin1", "=geonames_id"]


@admin.register(Event)
class EventAdmin(SimpleHistoryAdmin):
    list_display = [
        "__str__",
        "event_type",
        "date",
        "actor1",
        "actor2",
        "location",
        "fatalities",
        "review_status",
        "is_edited",
    ]
    list_filter = ["review_status", "event_type", "sub_event_type", "date_precision", "location__country_code"]
    list_select_related = ["actor1", "actor2", "location"]
    search_fields = ["summary", "actor1__name", "actor2__name", "location__name"]
    date_hierarchy = "date"
    autocomplete_fields = ["actor1", "actor2", "assoc_actors", "location"]
    readonly_fields = ["created_at", "updated_at"]
    inlines = [EvidenceInline]
    actions = ["mark_reviewed", "mark_rejected"]

    @admin.display(boolean=True, description="edited")
    def is_edited(self, event: Event) -> bool:
        return bool(event.locked_fields)

    def save_model(self, request: HttpRequest, obj: Event, form: ModelForm, change: bool) -> None:
        # changed_data covers assoc_actors too (the m2m is saved later, in save_related), so the
        # lock is written together with the row.
        if change:
            event_lock_fields(event=obj, field_names=form.changed_data)
        super().save_model(request, obj, form, change)

    def _set_review_status(self, request: HttpRequest, queryset: QuerySet[Event], status: str) -> None:
        count = 0
        # One save per row rather than update(): each change gets its history record.
        for event in queryset.exclude(review_status=status):
            event.review_status = status
            event._history_user = request.user  # type: ignore[attr-defined]
            event.save(update_fields=["review_status", "updated_at"])
            count += 1
        self.message_user(request, f"{count} event(s) marked {status}.", messages.SUCCESS)

    @admin.action(description="Mark selected events reviewed", permissions=["change"])
    def mark_reviewed(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        self._set_review_status(request, queryset, Event.ReviewStatus.REVIEWED)

    @admin.action(description="Mark selected events rejected", permissions=["change"])
    def mark_rejected(self, request: HttpRequest, queryset: QuerySet[Event]) -> None:
        self._set_review_status(request, queryset, Event.ReviewStatus.REJECTED)


@admin.register(Evidence)
class EvidenceAdmin(admin.ModelAdmin):
    list_display = ["__str__", "event", "article", "start", "end"]
    list_select_related = ["event__location", "article"]
    search_fields = ["sentence"]
    raw_id_fields = ["event", "article"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Evidence]:
        return super().get_queryset(request).defer("article__raw", "article__text")


@admin.register(Quote)
class QuoteAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "speaker", "speaker_role", "cue", "article"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker_name", "speaker__name"]
    list_filter = ["cue"]
    raw_id_fields = ["article", "event"]
    autocomplete_fields = ["speaker"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Quote]:
        return super().get_queryset(request).defer("article__raw", "article__text")
