"""Actors stored in the database (e.g. added by an editor) are recognised in new articles."""

from __future__ import annotations

import datetime as dt

import pytest

from events.models import Actor, ActorAlias, Article, Event
from ingest import known_actors
from ingest.tasks import process_article_task

pytestmark = pytest.mark.django_db

TEXT = (
    "Fighters of the Tanzim al-Wadi militia attacked an army post near Kidal on Monday, killing four soldiers, "
    "officials said. The Tanzim al-Wadi militia later claimed responsibility for the attack in a statement.\n\n"
    "Residents said the fighting lasted several hours before the attackers withdrew towards the desert."
)


@pytest.fixture(autouse=True)
def _fresh_table():
    known_actors.forget()
    yield
    known_actors.forget()


def test_an_editors_actor_and_alias_are_fed_to_the_pipeline():
    actor = Actor.objects.create(name="Wadi Brigades", kind=Actor.Kind.MILITIA, country_code="ML")
    ActorAlias.objects.create(actor=actor, alias="Tanzim al-Wadi militia")

    rows = known_actors.known_actors()
    assert ("Wadi Brigades", ["Tanzim al-Wadi militia"], "militia", "ML") in rows

    article = Article.objects.create(text=TEXT, status=Article.Status.QUEUED, published_on=dt.date(2024, 5, 7))
    process_article_task.apply(args=[article.pk])

    article.refresh_from_db()
    assert article.status == Article.Status.DONE, article.status_reason
    assert article.actors.filter(pk=actor.pk).exists()
    event = Event.objects.filter(evidence__article=article).first()
    assert event is not None
    assert actor.pk in {event.actor1_id, event.actor2_id, *event.assoc_actors.values_list("pk", flat=True)}


def test_people_are_not_fed_back():
    Actor.objects.create(name="John Smith", kind=Actor.Kind.PERSON)
    assert all(name != "John Smith" for name, *_ in known_actors.known_actors())
