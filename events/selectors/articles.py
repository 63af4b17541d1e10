"""Reads of articles and their quotes, without the (possibly large) texts unless a page shows them."""

from __future__ import annotations

from django.db.models import F, Prefetch, QuerySet

from events.models import Actor, ActorAlias, Article, Evidence, Location, Quote


def quote_list() -> QuerySet[Quote]:
    return Quote.objects.select_related("speaker").defer("speaker__description")


def quotes_for_actor(actor: Actor) -> QuerySet[Quote]:
    return (
        quote_list()
        .select_related("article")
        .defer("article__raw", "article__text")
        .filter(speaker_id=actor.pk)
        .order_by("-article__published_on", "id")
    )


def quote_search() -> QuerySet[Quote]:
    """Return quotes with their speaker and (text-less) article joined, newest article first."""
    return (
        quote_list()
        .select_related("article")
        .defer("article__raw", "article__text")
        .order_by(F("article__published_on").desc(nulls_last=True), "-article_id", "start")
    )


def article_list() -> QuerySet[Article]:
    """Return articles without their (possibly large) raw and cleaned text."""
    return Article.objects.defer("raw", "text")


def article_detail() -> QuerySet[Article]:
    """Return articles with everything extracted from them prefetched."""
    return Article.objects.defer("raw").prefetch_related(
        Prefetch("actors", queryset=Actor.objects.only("id", "name", "kind").order_by("name")),
        Prefetch("locations", queryset=Location.objects.order_by("name")),
        Prefetch("quotes", queryset=quote_list().order_by("start")),
        Prefetch("evidence", queryset=Evidence.objects.only("id", "article_id", "event_id", "start", "end")),
    )


def article_page() -> QuerySet[Article]:
    """Return articles as article_detail does, with actor aliases too (to highlight mentions)."""
    return Article.objects.defer("raw").prefetch_related(
        Prefetch(
            "actors",
            queryset=Actor.objects.only("id", "name", "kind")
            .order_by("name")
            .prefetch_related(Prefetch("aliases", queryset=ActorAlias.objects.order_by("alias"))),
        ),
        Prefetch("locations", queryset=Location.objects.order_by("name")),
        Prefetch("quotes", queryset=quote_list().order_by("start")),
        Prefetch("evidence", queryset=Evidence.objects.only("id", "article_id", "event_id", "start", "end")),
    )


def article_search() -> QuerySet[Article]:
    """Return articles for the list page: no text, the newest first."""
    return article_list().order_by("-created_at", "-id")


def latest_articles(*, limit: int = 10) -> QuerySet[Article]:
    return article_list().order_by("-created_at", "-id")[:limit]
