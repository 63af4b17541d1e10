"""Articles (list and reading view with everything found in them highlighted) and quote search."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from events.filters import ArticleFilter, QuoteFilter
from events.highlight import Span, find_mentions, highlight
from events.models import Article, Quote
from events.selectors import articles as article_selectors
from events.selectors import events as event_selectors
from events.views._listing import clean_query, paginate

PER_PAGE = 50


def article_list(request: HttpRequest) -> HttpResponse:
    article_filter = ArticleFilter(request.GET or None, queryset=article_selectors.article_search())
    valid = not article_filter.is_bound or article_filter.is_valid()
    page = paginate(article_filter.qs if valid else Article.objects.none(), request.GET.get("page"), per_page=PER_PAGE)
    context = {"form": article_filter.form, "page": page, "querystring": clean_query(request.GET, "page").urlencode()}
    return render(request, "events/article_list.html", context)


def _article_spans(article: Article) -> list[Span]:
    """Evidence and quotes by their offsets; actors and places wherever their names occur."""
    spans = [Span(e.start, e.end, ref=f"evidence-{e.pk}", title="Event evidence") for e in article.evidence.all()]
    spans += [
        Span(q.start, q.end, q.text, ref=f"quote-{q.pk}", kind="quote", title=f"Quote: {q.speaker_name or 'unknown'}")
        for q in article.quotes.all()
    ]
    names: dict[str, Span] = {}
    for location in article.locations.all():
        template = Span(0, 0, kind="location", title=f"Place: {location}", href=location.get_absolute_url())
        names[location.name] = template
    for actor in article.actors.all():
        template = Span(0, 0, kind="actor", title=f"Actor: {actor.name}", href=actor.get_absolute_url())
        for form in [actor.name, *(alias.alias for alias in actor.aliases.all())]:
            names[form] = template
    return spans + find_mentions(article.text, names)


def article_detail(request: HttpRequest, pk: int) -> HttpResponse:
    article = get_object_or_404(article_selectors.article_page(), pk=pk)
    context = {
        "article": article,
        "paragraphs": highlight(article.text, _article_spans(article)),
        "events": list(event_selectors.events_for_article(article)),
    }
    return render(request, "events/article_detail.html", context)


def quote_list(request: HttpRequest) -> HttpResponse:
    quote_filter = QuoteFilter(request.GET or None, queryset=article_selectors.quote_search())
    valid = not quote_filter.is_bound or quote_filter.is_valid()
    quotes = quote_filter.qs if valid else Quote.objects.none()
    page = paginate(quotes, request.GET.get("page"), per_page=PER_PAGE)
    context = {"form": quote_filter.form, "page": page, "querystring": clean_query(request.GET, "page").urlencode()}
    return render(request, "events/quote_list.html", context)
