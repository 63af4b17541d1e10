"""Articles in the admin: the intake, with re-extraction and retry actions."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest

from events.admin.base import refuse_outside_scope
from events.models import Article
from events.services import articles as article_services


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["__str__", "publisher", "published_on", "status", "language", "created_at"]
    list_filter = ["status", "language", "publisher"]
    search_fields = ["title", "url", "publisher"]
    date_hierarchy = "created_at"
    readonly_fields = ["content_hash", "created_at", "updated_at", "processed_at", "extractor_version"]
    raw_id_fields = ["actors", "locations"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    actions = ["reextract", "retry_failed"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[Article]:
        return super().get_queryset(request).defer("raw", "text")

    def has_reextract_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("events.reextract_article")

    @admin.action(description="Retry the failed ones", permissions=["reextract"])
    def retry_failed(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        if _refuse_articles_outside_scope(self, request, queryset):
            return
        failed = queryset.filter(status=Article.Status.FAILED).values_list("pk", flat=True)
        ids = article_services.article_reextract(article_ids=failed)
        self.message_user(request, f"{len(ids)} failed article(s) queued again.")

    @admin.action(description="Re-run extraction (keeps editors' corrections)", permissions=["reextract"])
    def reextract(self, request: HttpRequest, queryset: QuerySet[Article]) -> None:
        if _refuse_articles_outside_scope(self, request, queryset):
            return
        ids = article_services.article_reextract(article_ids=queryset.values_list("pk", flat=True))
        self.message_user(request, f"{len(ids)} article(s) queued for extraction.", messages.SUCCESS)
        skipped = queryset.count() - len(ids)
        if skipped:
            self.message_user(
                request, f"{skipped} article(s) left alone: being processed, or nothing stored.", messages.WARNING
            )


def _refuse_articles_outside_scope(model_admin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet) -> bool:
    # Re-extraction rewrites the (unlocked) events of every country an article touches.
    # services.article_reextract takes no user: the scope is enforced here.
    return refuse_outside_scope(model_admin, request, queryset, "re-extract")
