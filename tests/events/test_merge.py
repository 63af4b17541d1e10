"""Merging actors and events, and splitting an event: the services and their admin actions."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError

from events.models import Actor, ActorAlias, Event, Evidence, Quote
from events.services.merging import actor_merge, event_merge, event_split
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    EventFactory,
    EvidenceFactory,
    LocationFactory,
    QuoteFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_user() -> User:
    if not Group.objects.filter(name="editor").exists():
        importlib.import_module("events.migrations.0004_editor_analyst_groups").create_roles(apps, None)
    user = User.objects.create_user("merging-editor", password="pw-editor-1", is_staff=True)
    user.groups.add(Group.objects.get(name="editor"))
    return user


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


# Actors


@pytest.fixture
def three_names_of_one_group():
    """'Islamic State' and two stray actors for the same group, each used in every way an actor can be."""
    winner = ActorFactory(name="Islamic State", aliases=["ISIS"], country_code="")
    daesh = ActorFactory(name="Daesh", aliases=["Da'ish"], country_code="IQ")
    isil = ActorFactory(name="ISIL", aliases=["Islamic State of Iraq and the Levant"], description="Jihadist group.")
    army = ActorFactory(name="Iraqi Army")
    as_actor1 = EventFactory(actor1=daesh, actor2=army)
    as_actor2 = EventFactory(actor1=army, actor2=isil)
    both = EventFactory(actor1=winner, actor2=army)
    both.assoc_actors.add(daesh, isil)
    associated = EventFactory(actor1=army, actor2=None)
    associated.assoc_actors.add(isil)
    quote = QuoteFactory(speaker=daesh)
    article = ArticleFactory()
    article.actors.add(daesh, isil)
    shared = ArticleFactory()
    shared.actors.add(winner, daesh)
    return {
        "winner": winner,
        "losers": [daesh, isil],
        "events": (as_actor1, as_actor2, both, associated),
        "quote": quote,
        "articles": (article, shared),
    }


def test_actor_merge_moves_aliases_roles_quotes_and_article_links(three_names_of_one_group, editor_user):
    world = three_names_of_one_group
    winner, losers = world["winner"], world["losers"]
    aliases_before = set(ActorAlias.objects.values_list("alias", flat=True))
    loser_ids = [a.pk for a in losers]

    merged = actor_merge(winner=winner, losers=losers, user=editor_user)

    assert merged == winner
    assert not Actor.objects.filter(pk__in=loser_ids).exists()
    # Every alias survives, now on the winner, and the losers' names resolve to it.
    assert set(ActorAlias.objects.filter(actor=winner).values_list("alias", flat=True)) >= aliases_before - {
        "Iraqi Army"
    }
    assert set(ActorAlias.objects.values_list("alias", flat=True)) == aliases_before
    assert ActorAlias.objects.get(alias="Daesh").actor == winner
    as_actor1, as_actor2, both, associated = (Event.objects.get(pk=e.pk) for e in world["events"])
    assert as_actor1.actor1 == winner
    assert as_actor2.actor2 == winner
    assert list(both.assoc_actors.all()) == [winner]
    assert list(associated.assoc_actors.all()) == [winner]
    assert Quote.objects.get(pk=world["quote"].pk).speaker == winner
    for article in world["articles"]:
        assert list(article.actors.all()) == [winner]
    winner.refresh_from_db()
    assert (winner.country_code, winner.description) == ("IQ", "Jihadist group.")  # gaps filled from losers
    # Who did it is on record, for the deleted actors and the moved rows alike.
    deleted = Actor.history.filter(id__in=loser_ids, history_type="-")
    assert deleted.count() == 2
    assert {h.history_user for h in deleted} == {editor_user}
    assert ActorAlias.history.filter(alias="ISIS").count() == 1
    assert ActorAlias.history.filter(alias="Da'ish").latest().history_user == editor_user
    assert as_actor1.history.latest().history_user == editor_user


def test_actor_merge_adds_a_loser_name_as_alias_when_it_had_none():
    winner = ActorFactory(name="Kurdistan Workers' Party")
    loser = Actor.objects.create(name="PKK")  # created by hand: no alias row at all

    actor_merge(winner=winner, losers=[loser], user=None)

    assert ActorAlias.objects.get(normalized="pkk").actor == winner


def test_actor_merge_needs_another_actor():
    winner = ActorFactory()
    with pytest.raises(ValidationError):
        actor_merge(winner=winner, losers=[winner], user=None)


def test_actor_merge_action_confirms_then_merges(editor_client, three_names_of_one_group):
    world = three_names_of_one_group
    ids = [world["winner"].pk, *(a.pk for a in world["losers"])]

    page = editor_client.post("/admin/events/actor/", {"action": "merge_actors", "_selected_action": ids})

    assert page.status_code == 200
    assert [t.name for t in page.templates][0] == "admin/events/actor/merge_confirmation.html"
    html = page.content.decode()
    assert 'name="winner"' in html
    assert "Daesh" in html
    assert Actor.objects.filter(pk__in=ids).count() == 3  # nothing happens before confirming

    done = editor_client.post(
        "/admin/events/actor/",
        {"action": "merge_actors", "_selected_action": ids, "post": "yes", "winner": world["winner"].pk},
    )

    assert done.status_code == 302
    assert list(Actor.objects.filter(pk__in=ids)) == [world["winner"]]


def test_actor_merge_action_needs_the_merge_permission(client, three_names_of_one_group):
    from django.contrib.auth.models import Permission

    user = User.objects.create_user("corrector", password="pw", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_actor", "change_actor"]))
    client.force_login(user)
    ids = [a.pk for a in Actor.objects.all()]
    client.post(
        "/admin/events/actor/",
        {"action": "merge_actors", "_selected_action": ids, "post": "yes", "winner": ids[0]},
    )
    assert Actor.objects.count() == len(ids)


# Events


@pytest.fixture
def duplicates():
    """One clash reported three times: the kept event, and two duplicates carrying an editor's lock."""
    place = LocationFactory(name="Bartella")
    target = EventFactory(fatalities=None, location=place, locked_fields=["date_precision"], date_precision="week")
    target.assoc_actors.add(ActorFactory(name="Peshmerga"))
    first = EventFactory(
        actor1=target.actor1, fatalities=4, location=place, summary="A second report.", locked_fields=["summary"]
    )
    first.assoc_actors.add(ActorFactory(name="Popular Mobilization Forces"))
    second = EventFactory(actor1=target.actor1, fatalities=7, location=None, date_precision="day")
    for event in (target, first, first, second):
        EvidenceFactory(event=event)
    QuoteFactory(event=second)
    return target, first, second


def test_event_merge_keeps_every_evidence_row_and_the_locks(duplicates, editor_user):
    target, first, second = duplicates
    evidence_before = set(Evidence.objects.values_list("pk", flat=True))

    merged = event_merge(target=target, others=[first, second], user=editor_user)

    assert merged.pk == target.pk
    assert set(Evidence.objects.filter(event=target).values_list("pk", flat=True)) == evidence_before
    assert not Event.objects.filter(pk__in=[first.pk, second.pk]).exists()
    target.refresh_from_db()
    assert {a.name for a in target.assoc_actors.all()} == {"Peshmerga", "Popular Mobilization Forces"}
    assert target.date_precision == "week"  # the target's own lock holds
    assert target.summary == "A second report."  # a duplicate's edit comes over, locked
    assert set(target.locked_fields) == {"date_precision", "summary"}
    assert target.fatalities == 7  # the larger figure, as ingest keeps it
    assert Quote.objects.get().event == target
    assert Evidence.history.filter(event_id=target.pk).latest().history_user == editor_user


def test_event_merge_keeps_a_shared_sentence_once():
    article = ArticleFactory()
    target, other = EventFactory(), EventFactory()
    EvidenceFactory(event=target, article=article, start=0)
    EvidenceFactory(event=other, article=article, start=0)
    EvidenceFactory(event=other, article=article, start=40)

    event_merge(target=target, others=[other], user=None)

    assert sorted(target.evidence.values_list("start", flat=True)) == [0, 40]


def test_event_merge_action_confirms_then_merges(editor_client, duplicates):
    target, first, second = duplicates
    ids = [target.pk, first.pk, second.pk]

    page = editor_client.post("/admin/events/event/", {"action": "merge_events", "_selected_action": ids})

    assert page.status_code == 200
    assert "admin/events/event/merge_confirmation.html" in [t.name for t in page.templates]
    assert 'name="target"' in page.content.decode()
    assert Event.objects.count() == 3

    editor_client.post(
        "/admin/events/event/",
        {"action": "merge_events", "_selected_action": ids, "post": "yes", "target": target.pk},
    )

    assert list(Event.objects.values_list("pk", flat=True)) == [target.pk]
    assert Evidence.objects.filter(event=target).count() == 4


def test_event_split_moves_the_chosen_evidence_to_a_new_event(editor_user):
    event = EventFactory(fatalities=12, locked_fields=["location"])
    event.assoc_actors.add(ActorFactory())
    stays = EvidenceFactory(event=event, fatalities=12)
    moves = [EvidenceFactory(event=event, fatalities=2), EvidenceFactory(event=event, fatalities=3)]

    new = event_split(event=event, evidence=moves, user=editor_user)

    assert new.pk != event.pk
    assert set(new.evidence.values_list("pk", flat=True)) == {e.pk for e in moves}
    assert list(event.evidence.values_list("pk", flat=True)) == [stays.pk]
    assert (new.event_type, new.date, new.actor1_id, new.location_id) == (
        event.event_type,
        event.date,
        event.actor1_id,
        event.location_id,
    )
    assert list(new.assoc_actors.all()) == list(event.assoc_actors.all())
    assert new.fatalities == 3  # what the moved sources reported
    assert new.locked_fields == ["location"]
    assert new.history.get(history_type="+").history_user == editor_user


@pytest.mark.parametrize("which", ["all", "none", "foreign"])
def test_event_split_refuses_an_impossible_split(which):
    event = EventFactory()
    own = [EvidenceFactory(event=event), EvidenceFactory(event=event)]
    chosen = {"all": own, "none": [], "foreign": [EvidenceFactory()]}[which]
    with pytest.raises(ValidationError):
        event_split(event=event, evidence=chosen, user=None)
    assert event.evidence.count() == 2


def test_event_split_action_confirms_then_splits(editor_client):
    event = EventFactory()
    stays, moves = EvidenceFactory(event=event), EvidenceFactory(event=event)

    page = editor_client.post("/admin/events/event/", {"action": "split_event", "_selected_action": [event.pk]})

    assert page.status_code == 200
    assert "admin/events/event/split_confirmation.html" in [t.name for t in page.templates]
    assert f'value="{moves.pk}"' in page.content.decode()

    editor_client.post(
        "/admin/events/event/",
        {"action": "split_event", "_selected_action": [event.pk], "post": "yes", "evidence": [moves.pk]},
    )

    assert Event.objects.count() == 2
    moves.refresh_from_db()
    assert moves.event_id != event.pk
    assert list(event.evidence.all()) == [stays]
