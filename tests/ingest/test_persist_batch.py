"""Persisting an extraction result in bulk: a fixed number of queries, the same rows and history, race-safe."""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import replace
from types import SimpleNamespace

import pytest
from django.db import connection, connections, transaction
from django.db.models import Q
from django.test.utils import CaptureQueriesContext

from events.models import Actor, ActorAlias, Article, Event, Evidence, Location, Quote
from ingest.extraction.result import (
    ActorResult,
    ArticleMeta,
    EventResult,
    ExtractionResult,
    LocationResult,
    QuoteResult,
)
from ingest.persist import PersistStats, article_persist_result
from ingest.persist.events import EVENT_MATCH_DAYS, _candidates, _Resolved
from ingest.persist.rows import bulk_update
from tests.conftest import requires_services
from tests.factories import ActorFactory, EventFactory, LocationFactory


def _world(
    tag: str,
    n: int,
    *,
    day: int = 17,
    fatalities: int | None = 4,
    summary: str = "",
    geonames_base: int = 9_000_000,
) -> ExtractionResult:
    """An article naming n new actors and n places, with n incidents and n quotes.

    Event i pits actor i against actor i+1 (actor i+2 associated) in place i; the places lie
    over 100 km apart, so the incidents stay apart however their actors overlap.
    """
    actors = [
        ActorResult(name=f"{tag} Brigade {i}", kind="militia", country_code="IQ", aliases=(f"{tag} Brigades {i}",))
        for i in range(n)
    ]
    places = [
        LocationResult(
            name=f"{tag}abad {i}",
            country_code="IQ",
            feature="city",
            latitude=30.0 + i,
            longitude=40.0 + i,
            geonames_id=geonames_base + i,
        )
        for i in range(n)
    ]
    sentences, events, quotes = [], [], []
    offset = 0
    for i in range(n):
        sentence = f"Fighters of the {actors[i].name} clashed with the {actors[(i + 1) % n].name} in {places[i].name}."
        events.append(
            EventResult(
                event_type="battles",
                sub_event_type="armed_clash",
                actor1=actors[i].name,
                actor2=actors[(i + 1) % n].name,
                assoc_actors=(actors[(i + 2) % n].name,),
                location=places[i].name,
                country_code="IQ",
                latitude=places[i].latitude,
                longitude=places[i].longitude,
                date=f"2016-10-{day:02d}",
                date_precision="day",
                fatalities=fatalities,
                evidence=sentence,
                start=offset,
                end=offset + len(sentence),
                confidence=0.7,
                summary=summary,
            )
        )
        sentences.append(sentence)
        offset += len(sentence) + 1
    for i in range(n):
        quote = f"\u201cWe hold {places[i].name},\u201d a commander of the {actors[i].name} said."
        quotes.append(QuoteResult(text=quote, speaker=actors[i].name, start=offset, end=offset + len(quote)))
        sentences.append(quote)
        offset += len(quote) + 1
    return ExtractionResult(
        article=ArticleMeta(title=f"{tag} report"),
        text=" ".join(sentences),
        actors=tuple(actors),
        locations=tuple(places),
        events=tuple(events),
        quotes=tuple(quotes),
    )


def _article(result: ExtractionResult) -> Article:
    return Article.objects.create(text=result.text, status=Article.Status.PROCESSING)


def _persist(result: ExtractionResult, article: Article | None = None) -> tuple[PersistStats, int]:
    """Persist into a new (or the given) article; return the stats and the number of queries."""
    article = article or _article(result)
    with CaptureQueriesContext(connection) as queries:
        stats = article_persist_result(article=article, result=result)
    return stats, len(queries)


# Query counts


@pytest.mark.django_db
def test_queries_do_not_grow_with_the_number_of_actors_places_and_events():
    _, small = _persist(_world("Alpha", 4, geonames_base=1000))
    _, large = _persist(_world("Bravo", 8, geonames_base=2000))
    # Everything new: actors, aliases, places and events are each one insert (and one for history).
    assert large == small
    assert small <= 30  # 28, and one statement each for the actors' and places' stored counts

    # Second reports of the same incidents: everything is known and every event is matched.
    stats_small, known_small = _persist(_world("Alpha", 4, geonames_base=1000, summary="Later report."))
    stats_large, known_large = _persist(_world("Bravo", 8, geonames_base=2000, summary="Later report."))
    assert (stats_small.events_matched, stats_large.events_matched) == (4, 8)
    assert known_large == known_small
    assert known_small <= 17


@pytest.mark.django_db
def test_reextraction_costs_no_query_per_row():
    small, large = _world("Alpha", 4, geonames_base=1000), _world("Bravo", 8, geonames_base=2000)
    small_article, large_article = _article(small), _article(large)
    article_persist_result(article=small_article, result=small)
    article_persist_result(article=large_article, result=large)

    _, small_queries = _persist(small, small_article)
    _, large_queries = _persist(large, large_article)

    assert large_queries == small_queries <= 20


# What the rows and their history look like


@pytest.mark.django_db
def test_new_rows_are_stored_with_their_history():
    result = _world("Alpha", 3)
    article = _article(result)

    stats = article_persist_result(article=article, result=result)

    assert stats == PersistStats(events_created=3, events_matched=0, quotes=3)
    assert Actor.objects.count() == Actor.history.filter(history_type="+").count() == 3
    # The canonical name and the other surface form, each its own alias row.
    assert ActorAlias.objects.count() == ActorAlias.history.filter(history_type="+").count() == 6
    assert ActorAlias.objects.get(normalized="alpha brigades 1").actor.name == "Alpha Brigade 1"
    assert Location.objects.count() == Location.history.filter(history_type="+").count() == 3
    assert set(Location.objects.values_list("normalized", flat=True)) == {"alphaabad 0", "alphaabad 1", "alphaabad 2"}
    assert Evidence.objects.filter(article=article).count() == Evidence.history.filter(history_type="+").count() == 3
    for event in Event.objects.all():
        created = event.history.get()
        assert created.history_type == "+"
        # The history row records the associated actors, as a save followed by .set() would.
        assert {a.actor_id for a in created.assoc_actors.all()} == set(event.assoc_actors.values_list("pk", flat=True))
        assert event.assoc_actors.count() == 1
    evidence = Evidence.objects.filter(article=article).first()
    assert article.text[evidence.start : evidence.end] == evidence.sentence
    article.refresh_from_db()
    assert article.status == Article.Status.DONE
    assert article.actors.count() == 3
    assert article.locations.count() == 3
    assert set(Quote.objects.filter(article=article).values_list("speaker__name", flat=True)) == {
        "Alpha Brigade 0",
        "Alpha Brigade 1",
        "Alpha Brigade 2",
    }


@pytest.mark.django_db
def test_second_report_adds_evidence_keeps_the_larger_toll_and_records_a_change():
    first = _world("Alpha", 2, fatalities=5)
    article_persist_result(article=_article(first), result=first)
    updated_before = dict(Event.objects.values_list("pk", "updated_at"))

    second = _world("Alpha", 2, fatalities=3, summary="Fighting resumed at dawn.")
    stats = article_persist_result(article=_article(second), result=second)

    assert (stats.events_created, stats.events_matched) == (0, 2)
    assert Actor.objects.count() == 2
    assert Location.objects.count() == 2
    for event in Event.objects.all():
        assert event.fatalities == 5
        assert event.summary == "Fighting resumed at dawn."
        assert sorted(event.evidence.values_list("fatalities", flat=True)) == [3, 5]
        assert event.updated_at > updated_before[event.pk]
        changed = event.history.get(history_type="~")
        assert changed.summary == "Fighting resumed at dawn."
        assert {a.actor_id for a in changed.assoc_actors.all()} == set(event.assoc_actors.values_list("pk", flat=True))


@pytest.mark.django_db
def test_second_report_leaves_locked_fields_and_associates_alone():
    first = _world("Alpha", 3, fatalities=2)
    article_persist_result(article=_article(first), result=first)
    event = Event.objects.get(actor1__name="Alpha Brigade 0")
    event.fatalities = 1
    event.assoc_actors.set([])
    event.locked_fields = ["fatalities", "assoc_actors"]
    event.save()

    second = _world("Alpha", 3, fatalities=9, summary="A later toll.")
    article_persist_result(article=_article(second), result=second)

    event.refresh_from_db()
    assert event.fatalities == 1
    assert not event.assoc_actors.exists()
    assert event.summary == "A later toll."
    assert Event.objects.get(actor1__name="Alpha Brigade 1").fatalities == 9


@pytest.mark.django_db
def test_rejected_event_is_not_matched_again():
    first = _world("Alpha", 2)
    article_persist_result(article=_article(first), result=first)
    Event.objects.update(review_status=Event.ReviewStatus.REJECTED)

    stats = article_persist_result(article=_article(first), result=first)

    assert (stats.events_created, stats.events_matched) == (2, 0)
    assert Event.objects.filter(review_status=Event.ReviewStatus.AUTO).count() == 2


@pytest.mark.django_db
def test_two_reports_of_one_incident_in_one_article_become_one_event():
    one = _world("Alpha", 3)
    repeat = one.events[0]
    again = replace(repeat, start=len(one.text) + 1, end=len(one.text) + 1 + len(repeat.evidence))
    result = ExtractionResult(
        article=one.article,
        text=f"{one.text} {repeat.evidence}",
        actors=one.actors,
        locations=one.locations,
        events=(*one.events, again),
    )
    article = _article(result)

    stats = article_persist_result(article=article, result=result)

    assert (stats.events_created, stats.events_matched) == (3, 1)
    event = Event.objects.get(actor1__name="Alpha Brigade 0")
    assert sorted(event.evidence.values_list("start", flat=True)) == [repeat.start, again.start]


@pytest.mark.django_db
def test_two_incidents_the_pipeline_told_apart_in_one_article_stay_two_events():
    one = _world("Alpha", 1)
    first = one.events[0]
    other_kind = (
        "air_drone_strike" if first.sub_event_type != "air_drone_strike" else "shelling_artillery_missile_attack"
    )
    second = replace(
        first,
        event_type="explosions_remote_violence",
        sub_event_type=other_kind,
        start=len(one.text) + 1,
        end=len(one.text) + 1 + len(first.evidence),
    )
    first = replace(first, event_type="explosions_remote_violence", sub_event_type="suicide_bomb")
    result = ExtractionResult(
        article=one.article,
        text=f"{one.text} {first.evidence}",
        actors=one.actors,
        locations=one.locations,
        events=(first, second),
    )

    stats = article_persist_result(article=_article(result), result=result)

    assert (stats.events_created, stats.events_matched) == (2, 0)


@pytest.mark.django_db
def test_a_stored_actor_is_found_by_alias_or_by_name():
    islamic_state = ActorFactory(name="Islamic State", aliases=["ISIS"])
    by_hand = Actor.objects.create(name="Alpha Brigade 0")  # an editor's actor, no alias row yet
    result = _world("Alpha", 2)
    result = ExtractionResult(
        article=result.article,
        text=result.text,
        actors=(*result.actors, ActorResult(name="ISIS", kind="rebel_group", aliases=("the Islamic State",))),
    )
    article = _article(result)

    article_persist_result(article=article, result=result)

    assert set(article.actors.all()) == {islamic_state, by_hand, Actor.objects.get(name="Alpha Brigade 1")}
    assert Actor.objects.count() == 3
    assert set(by_hand.aliases.values_list("normalized", flat=True)) == {"alpha brigade 0", "alpha brigades 0"}
    # "the Islamic State" is a known alias already ("islamic state"): nothing to add.
    assert set(islamic_state.aliases.values_list("alias", flat=True)) == {"Islamic State", "ISIS"}


@pytest.mark.django_db
def test_a_place_without_geonames_id_is_found_by_name_country_and_kind():
    stored = Location.objects.create(name="Bartella", country_code="IQ", feature="city")
    places = (
        LocationResult(name="bartella", country_code="IQ", feature="city"),
        LocationResult(name="Bartella", country_code="IQ", feature="admin1"),
    )
    result = ExtractionResult(article=ArticleMeta(), text="Bartella", locations=places)
    article = _article(result)

    article_persist_result(article=article, result=result)

    assert Location.objects.count() == 2
    assert stored in article.locations.all()
    assert Location.objects.get(feature="admin1").normalized == "bartella"


@pytest.mark.django_db
def test_reextraction_replaces_evidence_and_quotes_and_drops_orphans_with_history():
    result = _world("Alpha", 3)
    article = _article(result)
    article_persist_result(article=article, result=result)
    dropped = Event.objects.get(actor1__name="Alpha Brigade 2")
    fewer = ExtractionResult(
        article=result.article,
        text=result.text,
        actors=result.actors,
        locations=result.locations,
        events=result.events[:2],
        quotes=result.quotes[:1],
    )

    stats = article_persist_result(article=article, result=fewer)

    assert (stats.events_created, stats.events_matched) == (0, 2)
    assert not Event.objects.filter(pk=dropped.pk).exists()
    assert Event.history.filter(id=dropped.pk, history_type="-").count() == 1
    assert Evidence.objects.filter(article=article).count() == 2
    assert Evidence.history.filter(history_type="-").count() == 3
    assert Quote.objects.filter(article=article).count() == 1
    assert Quote.history.filter(history_type="-").count() == 3


@pytest.mark.django_db
def test_first_extraction_reads_no_earlier_rows_and_reextraction_replaces_an_editors_links():
    result = _world("Alpha", 2)
    article = _article(result)
    with CaptureQueriesContext(connection) as queries:
        article_persist_result(article=article, result=result)
    read = " ".join(q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT"))
    # Only the lock's EXISTS look at the article's evidence, quotes and links.
    assert read.count('"events_evidence"') == read.count('"events_quote"') == 0
    assert read.count('"events_article_actors"') == read.count('"events_article_locations"') == 0

    stray_actor, stray_place = ActorFactory(), Location.objects.create(name="Elsewhere", country_code="SY")
    article.actors.add(stray_actor)
    article.locations.add(stray_place)
    article_persist_result(article=article, result=replace(result, actors=result.actors[:1], locations=()))

    assert list(article.actors.values_list("name", flat=True)) == ["Alpha Brigade 0"]
    assert not article.locations.exists()


@pytest.mark.django_db
def test_the_article_gets_the_normalised_text_keeps_its_title_and_raw_and_is_marked_done():
    result = _world("Alpha", 1)
    article = Article.objects.create(
        raw="<p>as fetched</p>", text="  as   submitted ", title="An editor's title", status=Article.Status.PROCESSING
    )
    untouched = Article.objects.create(text=result.text, status=Article.Status.PROCESSING)

    article_persist_result(article=article, result=replace(result, article=ArticleMeta(title="X", language="en")))
    article_persist_result(article=untouched, result=result)

    article.refresh_from_db()
    assert (article.text, article.raw, article.title, article.language) == (
        result.text,
        "<p>as fetched</p>",
        "An editor's title",
        "en",
    )
    assert (article.status, article.status_reason, article.extractor_version) == ("done", "", result.version)
    assert article.processed_at is not None
    assert article.updated_at >= article.processed_at
    untouched.refresh_from_db()
    assert (untouched.text, untouched.title, untouched.status) == (result.text, "Alpha report", "done")


@pytest.mark.django_db
def test_bulk_update_writes_each_rows_own_values_nulls_included():
    first, second, untouched = EventFactory(), EventFactory(fatalities=None, actor2=None), EventFactory()
    first.fatalities, first.date, first.actor2 = None, None, None
    second.fatalities, second.date, second.summary = 7, dt.date(2020, 2, 29), "Renamed \u2019quote\u2019"
    second.actor2 = first.actor1

    bulk_update([first, second], ["fatalities", "date", "actor2", "summary"])

    first.refresh_from_db()
    second.refresh_from_db()
    untouched_before = (untouched.fatalities, untouched.date, untouched.actor2_id, untouched.summary)
    untouched.refresh_from_db()
    assert (first.fatalities, first.date, first.actor2_id, first.summary) == (
        None,
        None,
        None,
        "Clash between two groups.",
    )
    assert (second.fatalities, second.date, second.actor2_id) == (7, dt.date(2020, 2, 29), first.actor1_id)
    assert second.summary == "Renamed \u2019quote\u2019"
    assert (untouched.fatalities, untouched.date, untouched.actor2_id, untouched.summary) == untouched_before


# Two workers at once


def _persist_in_thread(
    result: ExtractionResult,
    article_id: int,
    errors: list,
    hold: threading.Event | None = None,
    persisted: threading.Event | None = None,
) -> None:
    try:
        with transaction.atomic():
            article_persist_result(article=Article.objects.get(pk=article_id), result=result)
            if persisted:
                persisted.set()
            if hold:
                hold.wait(timeout=30)  # keep the new rows uncommitted while the other worker inserts
    except Exception as exc:  # reported to the test thread
        errors.append(exc)
    finally:
        connections.close_all()


def _waits_on_a_lock(timeout: float = 20.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
        time.sleep(0.05)
    return False


@requires_services
@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_two_workers_naming_the_same_new_actors_and_places_both_succeed(caplog):
    first = _world("Alpha", 4)
    # The other article names the same actors and places, and one actor of its own.
    second = ExtractionResult(
        article=first.article,
        text=first.text,
        actors=(*first.actors, ActorResult(name="Bravo Brigade 0", aliases=("Bravo Brigades 0",))),
        locations=first.locations,
        events=first.events,
        quotes=first.quotes,
    )
    articles = [_article(first).pk, _article(second).pk]
    errors: list[Exception] = []
    persisted, hold = threading.Event(), threading.Event()
    winner = threading.Thread(target=_persist_in_thread, args=(first, articles[0], errors, hold, persisted))
    loser = threading.Thread(target=_persist_in_thread, args=(second, articles[1], errors))

    caplog.set_level("INFO", logger="ingest.persist.rows")
    winner.start()
    assert persisted.wait(timeout=30)
    loser.start()
    # The second worker's inserts now wait on the first one's uncommitted rows.
    blocked = _waits_on_a_lock()
    hold.set()
    winner.join(timeout=60)
    loser.join(timeout=60)

    assert blocked
    assert errors == []
    assert "lost an insert race" in caplog.text
    assert Actor.objects.count() == 5
    assert Actor.history.filter(history_type="+").count() == 5
    assert Location.objects.count() == 4 == Location.history.filter(history_type="+").count()
    assert ActorAlias.objects.count() == 10 == ActorAlias.history.filter(history_type="+").count()
    # The second article's events are the first one's incidents.
    assert Event.objects.count() == 4
    for article in Article.objects.filter(pk__in=articles):
        assert article.status == Article.Status.DONE
        assert article.evidence.count() == 4
    assert set(Article.objects.get(pk=articles[1]).actors.values_list("name", flat=True)) == {
        "Alpha Brigade 0",
        "Alpha Brigade 1",
        "Alpha Brigade 2",
        "Alpha Brigade 3",
        "Bravo Brigade 0",
    }


def _orm_candidates(resolved, limit):
    """The candidates query as the ORM wrote it before it was written out, to hold the two to one answer."""
    ids = set().union(*(r.actor_ids for r in resolved))
    window = dt.timedelta(days=EVENT_MATCH_DAYS)
    when = Q()
    for event_type, date in sorted({(r.result.event_type, r.date or dt.date.min) for r in resolved}):
        dated = Q(date__range=(date - window, date + window)) if date > dt.date.min else Q(date__isnull=True)
        when |= Q(event_type=event_type) & dated
    associated = Event.assoc_actors.through.objects.filter(actor_id__in=ids).values("event_id")
    return list(
        Event.objects.exclude(review_status=Event.ReviewStatus.REJECTED)
        .select_related("location")
        .filter(when & (Q(actor1_id__in=ids) | Q(actor2_id__in=ids) | Q(pk__in=associated)))
        .order_by("-date", "-id")[:limit]
    )


@pytest.mark.django_db
def test_written_out_candidates_query_finds_what_the_orm_query_found_in_the_same_order():
    a, b, c, other = ActorFactory.create_batch(4)
    here = LocationFactory(latitude=36.34, longitude=43.13)
    day = dt.date(2016, 10, 17)
    make = EventFactory
    events = [
        make(event_type="battles", date=day, actor1=a, location=here),
        make(event_type="battles", date=day - dt.timedelta(days=2), actor2=b, location=None),
        make(event_type="battles", date=day + dt.timedelta(days=3), actor1=a),  # outside the window
        make(event_type="battles", date=None, actor1=a),
        make(event_type="battles", date=day, actor1=other, location=here),  # associate c below
        make(event_type="battles", date=day, actor1=a, review_status=Event.ReviewStatus.REJECTED),
        make(event_type="riots", date=day, actor1=b),
        make(event_type="riots", date=day, actor1=other),
        make(event_type="battles", date=day, actor1=a, location=here),
    ]
    events[4].assoc_actors.add(c)

    def resolved(event_type, date, *actors):
        result = SimpleNamespace(event_type=event_type)
        return _Resolved(result=result, actor1=actors[0], actor2=None, assoc=actors[1:], location=None, date=date)

    cases = [
        [resolved("battles", day, a), resolved("riots", day, b)],
        [resolved("battles", None, a)],
        [resolved("battles", day, c, b)],
        [resolved("protests", day, a)],
    ]
    for case in cases:
        for limit in (1, 2, 50):
            expected = _orm_candidates(case, limit)
            found = _candidates(case, limit)
            assert [e.pk for e in found] == [e.pk for e in expected]
            for event, orm_event in zip(found, expected, strict=True):
                assert {f.attname: getattr(event, f.attname) for f in Event._meta.concrete_fields} == {
                    f.attname: getattr(orm_event, f.attname) for f in Event._meta.concrete_fields
                }
                with CaptureQueriesContext(connection) as queries:
                    place = event.location
                    known = orm_event.location
                    assert (place and (place.pk, place.latitude, place.longitude)) == (
                        known and (known.pk, known.latitude, known.longitude)
                    )
                assert not queries.captured_queries
