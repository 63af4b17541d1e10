"""Admin for feeds: what is polled, how it is going, and a button to poll now."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypedDict

from django.contrib import admin, messages
from django.db.models import Count

from ingest.feeds import feed_poll
from ingest.models import Feed, FeedEntry

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class _EntryCount(TypedDict):
    _entry_count: int


class FeedEntryInline(admin.TabularInline):
    model = FeedEntry
    fields = ("seen_at", "title", "link", "article")
    readonly_fields = fields
    raw_id_fields = ("article",)
    extra = 0
    max_num = 0
    can_delete = False
    ordering = ("-seen_at",)
    show_change_link = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("article")


@admin.register(Feed)
class FeedAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "url",
        "is_active",
        "poll_interval",
        "last_polled_at",
        "next_poll_at",
        "error_count",
        "short_last_error",
        "entry_count",
    )
    list_filter = ("is_active",)
    search_fields = ("name", "url")
    readonly_fields = ("last_polled_at", "etag", "last_modified", "error_count", "last_error", "created_at")
    fields = ("url", "name", "poll_interval", "is_active", "next_poll_at", *readonly_fields)
    actions = ("poll_now",)
    inlines = (FeedEntryInline,)

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(_entry_count=Count("entries"))

    @admin.display(description="entries", ordering="_entry_count")
    def entry_count(self, obj: WithAnnotations[Feed, _EntryCount]) -> int:
        return obj._entry_count

    @admin.display(description="last error")
    def short_last_error(self, obj: Feed) -> str:
        return obj.last_error[:120]

    @admin.action(description="Poll now")
    def poll_now(self, request, queryset):
        new = failed = 0
        for feed in queryset:
            result = feed_poll(feed=feed, force=True)
            new += result.new_entries
            if result.error:
                failed += 1
                self.message_user(request, f"{feed}: {result.error}", level=messages.WARNING)
        self.message_user(request, f"Polled {queryset.count()} feed(s): {new} new entries, {failed} failed.")


@admin.register(FeedEntry)
class FeedEntryAdmin(admin.ModelAdmin):
    list_display = ("title", "feed", "link", "article", "seen_at")
    list_filter = ("feed",)
    search_fields = ("title", "link", "guid")
    list_select_related = ("feed", "article")
    raw_id_fields = ("article",)
    readonly_fields = ("feed", "guid", "link", "title", "article", "seen_at")

    def has_add_permission(self, request) -> bool:
        return False
