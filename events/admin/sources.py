"""Places, evidence and quotes in the admin: each editable within the editor's countries."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from events import permissions
from events.admin.base import CountryScopedAdmin, scope_message
from events.models import Evidence, Location, Quote


@admin.register(Location)
class LocationAdmin(CountryScopedAdmin):
    list_display = ["name", "country_code", "admin1", "feature", "latitude", "longitude", "population"]
    list_filter = ["feature", "country_code"]
    search_fields = ["name", "normalized", "admin1", "=geonames_id"]

    def scope_violation(self, user: Any, data: dict[str, Any], instance: Location) -> tuple[str, str] | None:
        code = data.get("country_code", instance.country_code)
        if not permissions.can_edit_country(user, code):
            return "country_code", scope_message(user, f"Country “{code or 'none'}” is")
        return None


@admin.register(Evidence)
class EvidenceAdmin(CountryScopedAdmin):
    list_display = ["__str__", "event", "article", "start", "end", "fatalities"]
    list_select_related = ["event__location", "article"]
    search_fields = ["sentence"]
    raw_id_fields = ["event", "article"]

    def scope_violation(self, user: Any, data: dict[str, Any], instance: Evidence) -> tuple[str, str] | None:
        event = data.get("event", instance.event if instance.event_id else None)
        if event is not None and not permissions.can_edit_event(user, event):
            return "event", scope_message(user, "This event is")
        return None

    def get_queryset(self, request: HttpRequest) -> QuerySet[Evidence]:
        return super().get_queryset(request).defer("article__raw", "article__text")


@admin.register(Quote)
class QuoteAdmin(CountryScopedAdmin):
    list_display = ["__str__", "speaker", "speaker_role", "cue", "article"]
    list_select_related = ["speaker", "article"]
    search_fields = ["text", "speaker_name", "speaker__name"]
    list_filter = ["cue"]
    raw_id_fields = ["article", "event"]
    autocomplete_fields = ["speaker"]

    def scope_violation(self, user: Any, data: dict[str, Any], instance: Quote) -> tuple[str, str] | None:
        event = data.get("event", instance.event if instance.event_id else None)
        article = data.get("article", instance.article if instance.article_id else None)
        if article is None:
            return None  # the form reports the missing article
        if permissions.can_edit_quote(user, Quote(event=event, article=article)):
            return None
        if event is not None:
            return "event", scope_message(user, "This event is")
        return "article", scope_message(user, "Some of this article's countries are")

    def get_queryset(self, request: HttpRequest) -> QuerySet[Quote]:
        return super().get_queryset(request).defer("article__raw", "article__text")
