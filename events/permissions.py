"""Who may read at all (``read_is_public``), and object-level rules for editors: regional desks.

An editor's scope is the set of ISO 3166-1 alpha-2 codes in their ``EditorScope`` rows. The rules:

* a superuser is always unrestricted; so is a user with no scope rows (the behaviour before
  scopes existed), e.g. a central desk;
* a scoped user may change a location whose ``country_code`` is in the scope (a location without
  a country code belongs to the central desk);
* an event, through its location; an event without a location belongs to the central desk: it
  has no country, so a regional desk cannot claim it (fail closed). Once a central editor places
  it, the desk of that country takes it over;
* evidence, through its event; a quote through its event, or through its article when it has none;
* an article (re-extraction) only when every country it touches is in the scope: the countries
  of the events its evidence supports and of the places it mentions. An article with no known
  country (not processed yet, failed, or nothing placed) belongs to the central desk;
* actors are shared reference data across desks and are not scoped; merging actors rewrites the
  events and quotes that name them, so a scoped user may only merge actors whose events and
  quotes are all in scope (``can_merge_actors``).

These rules narrow Django's model permissions (``events.change_event`` …), never widen them:
callers check both. ``editable(user, queryset)`` is the queryset form of the same rules.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.db.models import Exists, Model, OuterRef, Q, QuerySet

from events.models import Actor, Article, EditorScope, Event, Evidence, Location, Quote

_CACHE_ATTR = "_editor_scope_countries"


def read_is_public() -> bool:
    """Tell whether anonymous visitors may read pages, exports and the API (PUBLIC_READ).

    API_PUBLIC_READ is the setting's older name; either one off makes the deployment private.
    """
    return bool(getattr(settings, "PUBLIC_READ", True) and getattr(settings, "API_PUBLIC_READ", True))


def editor_countries(user: Any) -> frozenset[str] | None:
    """Return the countries ``user`` may change, or None when unrestricted.

    Anonymous and inactive users get the empty set: they may change nothing.
    """
    if user is None or not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", True):
        return frozenset()
    if user.is_superuser:
        return None
    if not hasattr(user, _CACHE_ATTR):  # once per request: the user object lives as long as it
        codes = frozenset(EditorScope.objects.filter(user_id=user.pk).values_list("country_code", flat=True))
        setattr(user, _CACHE_ATTR, codes or None)
    return getattr(user, _CACHE_ATTR)


def forget_scope(user: Any) -> None:
    """Drop the cached scope of a user object (after changing their scope rows)."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_scoped(user: Any) -> bool:
    return editor_countries(user) is not None


def can_edit_country(user: Any, country_code: str | None) -> bool:
    scope = editor_countries(user)
    return scope is None or (country_code is not None and country_code.upper() in scope)


def can_edit_location(user: Any, location: Location | None) -> bool:
    if editor_countries(user) is None:
        return True
    return location is not None and can_edit_country(user, location.country_code)


def can_edit_event(user: Any, event: Event) -> bool:
    if editor_countries(user) is None:
        return True
    return event.location_id is not None and can_edit_location(user, event.location)


def can_edit_evidence(user: Any, evidence: Evidence) -> bool:
    if editor_countries(user) is None:
        return True
    return evidence.event_id is not None and can_edit_event(user, evidence.event)


def can_edit_article(user: Any, article: Article) -> bool:
    if editor_countries(user) is None:
        return True
    return article.pk is not None and editable(user, Article.objects.filter(pk=article.pk)).exists()


def can_edit_quote(user: Any, quote: Quote) -> bool:
    if editor_countries(user) is None:
        return True
    if quote.event is not None:
        return can_edit_event(user, quote.event)
    return quote.article_id is not None and can_edit_article(user, quote.article)


_OBJECT_RULES: dict[type[Model], Callable[[Any, Any], bool]] = {
    Location: can_edit_location,
    Event: can_edit_event,
    Evidence: can_edit_evidence,
    Article: can_edit_article,
    Quote: can_edit_quote,
}


def can_edit(user: Any, obj: Any) -> bool:
    """The scope rule for any object; objects of models that are not scoped are always allowed."""
    rule = _OBJECT_RULES.get(type(obj))
    return True if rule is None else rule(user, obj)


def _editable_articles(queryset: QuerySet[Article], scope: frozenset[str]) -> QuerySet[Article]:
    evidence = Evidence.objects.filter(article=OuterRef("pk"))
    places = Article.locations.through.objects.filter(article=OuterRef("pk"))
    has_country = Exists(evidence.filter(event__location__isnull=False)) | Exists(places)
    return (
        queryset.filter(has_country)
        # exclude() keeps the rows whose event has no location; those are out of scope too.
        .exclude(Exists(evidence.exclude(event__location__country_code__in=scope)))
        .exclude(Exists(places.exclude(location__country_code__in=scope)))
    )


def editable(user: Any, queryset: QuerySet) -> QuerySet:
    """Narrow ``queryset`` to the objects ``user`` may change (all of them when unrestricted)."""
    scope = editor_countries(user)
    if scope is None:
        return queryset
    model = queryset.model
    if model is Location:
        return queryset.filter(country_code__in=scope)
    if model is Event:
        return queryset.filter(location__country_code__in=scope)
    if model is Evidence:
        return queryset.filter(event__location__country_code__in=scope)
    if model is Article:
        return _editable_articles(queryset, scope)
    if model is Quote:
        articles = _editable_articles(Article.objects.all(), scope)
        return queryset.filter(
            Q(event__location__country_code__in=scope) | Q(event__isnull=True, article__in=articles.values("pk"))
        )
    return queryset


def all_editable(user: Any, queryset: QuerySet) -> bool:
    """True when ``user`` may change every object of ``queryset``."""
    if editor_countries(user) is None:
        return True
    allowed = editable(user, queryset.model._default_manager.all()).values("pk")
    return not queryset.exclude(pk__in=allowed).exists()


def can_merge_actors(user: Any, actors: Iterable[Actor]) -> bool:
    """True when every event and quote that names one of ``actors`` is in ``user``'s scope."""
    if editor_countries(user) is None:
        return True
    ids = [a.pk for a in actors]
    events = Event.objects.filter(Q(actor1__in=ids) | Q(actor2__in=ids) | Q(assoc_actors__in=ids))
    return all_editable(user, events) and all_editable(user, Quote.objects.filter(speaker__in=ids))


def describe_scope(user: Any) -> str:
    scope = editor_countries(user)
    if scope is None:
        return "all countries"
    return ", ".join(sorted(scope)) or "no countries"
