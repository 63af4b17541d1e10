"""Fixtures for the events web layer: a small, fully linked world of events."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.core.cache import cache

from events.models import Actor, Article, Event, Location
from events.services.counts import event_counts_refresh
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    EventFactory,
    EvidenceFactory,
    LocationFactory,
    QuoteFactory,
)

MOSUL_TEXT = (
    "Iraqi forces advanced on Mosul on Monday.\n\n"
    "Militants of the Islamic State attacked a checkpoint near Bashiqa, killing three soldiers. "
    '"We will liberate every village," the commander said.\n\n'
    "Protesters gathered in Baghdad."
)


@pytest.fixture(autouse=True)
def _fresh_throttle_cache():
    # The API throttles by the shared "throttle" cache; tests must not use up each other's budget.
    from events.api.throttling import throttle_history_clear

    cache.clear()
    throttle_history_clear()
    yield
    cache.clear()
    throttle_history_clear()


@pytest.fixture(autouse=True)
def _aggregates_not_cached(settings):
    # Tests count queries and change data between two requests; test_aggregate_cache.py turns it on.
    settings.AGGREGATE_CACHE_SECONDS = 0


@dataclass
class World:
    article: Article
    isis: Actor
    army: Actor
    pmf: Actor
    mosul: Location
    baghdad: Location
    clash: Event
    attack: Event
    protest: Event


def _span(text: str, sentence: str) -> tuple[int, int]:
    start = text.index(sentence)
    return start, start + len(sentence)


@pytest.fixture
def world(db) -> World:
    """Three events from one article, with actors in every role, places and a quote."""
    isis = ActorFactory(name="Islamic State", aliases=["ISIS", "Daesh"], country_code="IQ")
    army = ActorFactory(name="Iraqi Armed Forces", kind=Actor.Kind.STATE_FORCE, aliases=["Iraqi forces"])
    pmf = ActorFactory(name="Popular Mobilization Forces", kind=Actor.Kind.MILITIA)
    protesters = ActorFactory(name="Protesters (Iraq)", kind=Actor.Kind.PROTESTERS)
    mosul = LocationFactory(name="Mosul", admin1="Nineveh", latitude=36.34, longitude=43.13)
    bashiqa = LocationFactory(name="Bashiqa", admin1="Nineveh", latitude=36.45, longitude=43.35)
    baghdad = LocationFactory(name="Baghdad", admin1="Baghdad", latitude=33.34, longitude=44.40)
    article = ArticleFactory(title="Battle for Mosul begins", text=MOSUL_TEXT)
    article.actors.add(isis, army, pmf)
    article.locations.add(mosul, bashiqa, baghdad)

    clash = EventFactory(
        event_type="battles",
        sub_event_type="armed_clash",
        date=dt.date(2016, 10, 17),
        actor1=army,
        actor2=isis,
        location=mosul,
        fatalities=None,
        summary="Iraqi forces advanced on Mosul.",
    )
    clash.assoc_actors.add(pmf)
    attack = EventFactory(
        event_type="violence_against_civilians",
        sub_event_type="attack",
        date=dt.date(2016, 10, 16),
        actor1=isis,
        actor2=army,
        location=bashiqa,
        fatalities=3,
        summary="Checkpoint attack.",
        review_status=Event.ReviewStatus.REVIEWED,
    )
    protest = EventFactory(
        event_type="protests",
        sub_event_type="peaceful_protest",
        date=dt.date(2016, 11, 2),
        actor1=protesters,
        actor2=None,
        location=baghdad,
        fatalities=0,
        summary="A protest.",
    )
    for event, sentence in [
        (clash, "Iraqi forces advanced on Mosul on Monday."),
        (attack, "Militants of the Islamic State attacked a checkpoint near Bashiqa, killing three soldiers."),
        (protest, "Protesters gathered in Baghdad."),
    ]:
        start, end = _span(MOSUL_TEXT, sentence)
        EvidenceFactory(event=event, article=article, sentence=sentence, start=start, end=end)
    quote = "We will liberate every village,"
    start, end = _span(MOSUL_TEXT, quote)
    QuoteFactory(article=article, text=quote, speaker=army, speaker_role="commander", start=start, end=end, event=clash)
    # The factories write rows directly; the stored counts are what ingest and the services keep.
    event_counts_refresh()
    return World(article, isis, army, pmf, mosul, baghdad, clash, attack, protest)


def make_events(n: int) -> list[Event]:
    """Create ``n`` events, each with its own actors, location, an associated actor and evidence."""
    events = []
    for _ in range(n):
        event = EventFactory()
        event.assoc_actors.add(ActorFactory())
        EvidenceFactory(event=event)
        QuoteFactory(event=event)
        events.append(event)
    return events


@pytest.fixture
def event_batch(db):
    """Return a function that creates n fully linked events."""
    return make_events
