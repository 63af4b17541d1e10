"""Persisting never stores a generic word ("troops", "the army") as an alias, so it cannot leak to later stories."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from events.generic_aliases import is_generic_alias
from events.models import Actor, ActorAlias, Article, Event
from ingest import known_actors
from ingest.extraction.result import ActorResult, ArticleMeta, ExtractionResult
from ingest.persist import article_persist_result
from ingest.tasks import process_article_task
from tests.factories import ActorFactory

pytestmark = pytest.mark.django_db

IRAQ = (
    "Iraqi troops advanced on Mosul on Monday. The troops clashed with Islamic State militants near Bartella, "
    "killing 12 fighters, officials said. The army said soldiers had retaken the village."
)
NIGERIA = (
    "In Borno State, troops killed five Boko Haram fighters near Maiduguri on Tuesday, the army said. "
    "Residents said the soldiers later patrolled the town's main market."
)


@pytest.fixture(autouse=True)
def _fresh_table():
    known_actors.forget()
    yield
    known_actors.forget()


def _persist(*actors: ActorResult) -> Article:
    article = Article.objects.create(text="A report.", status=Article.Status.PROCESSING)
    result = ExtractionResult(article=ArticleMeta(title="A report"), text=article.text, actors=actors)
    article_persist_result(article=article, result=result)
    return article


def _aliases(name: str) -> set[str]:
    return set(ActorAlias.objects.filter(actor__name=name).values_list("alias", flat=True))


def _ingest(text: str, day: int) -> Article:
    article = Article.objects.create(text=text, status=Article.Status.QUEUED, published_on=dt.date(2024, 5, day))
    process_article_task.apply(args=[article.pk])
    article.refresh_from_db()
    assert article.status == Article.Status.DONE, article.status_reason
    return article


def test_persist_stores_only_the_specific_aliases():
    nigeria = ActorResult(
        "Military Forces of Nigeria", "state_force", "NG", aliases=("Nigerian Army", "troops", "the army")
    )

    _persist(nigeria)

    assert _aliases("Military Forces of Nigeria") == {"Military Forces of Nigeria", "Nigerian Army"}


def test_persist_does_not_look_an_actor_up_by_a_stored_generic_alias():
    # rows an older version stored: "troops" and "the army" as Iraq's
    ActorFactory(name="Military Forces of Iraq", kind="state_force", country_code="IQ", aliases=["troops", "the army"])

    article = _persist(ActorResult("Military Forces of Nigeria", "state_force", "NG", aliases=("troops", "the army")))

    assert set(article.actors.values_list("name", flat=True)) == {"Military Forces of Nigeria"}
    assert _aliases("Military Forces of Nigeria") == {"Military Forces of Nigeria"}


def test_an_actor_with_a_generic_name_is_found_by_its_name_and_gets_no_alias():
    protesters = ActorResult("Protesters", "protesters", aliases=("protesters", "demonstrators"))

    first, second = _persist(protesters), _persist(protesters)

    assert Actor.objects.filter(name="Protesters").count() == 1
    assert first.actors.get().pk == second.actors.get().pk
    assert _aliases("Protesters") == set()


def test_load_actors_stores_no_generic_alias():
    call_command("load_actors")

    assert [a for a in ActorAlias.objects.values_list("alias", flat=True) if is_generic_alias(a)] == []
    assert "gunmen" not in {a for _, aliases, *_ in known_actors.known_actors() for a in aliases}
    assert "Iraqi troops" in _aliases("Military Forces of Iraq")


def test_troops_of_an_iraqi_story_do_not_become_the_troops_of_a_nigerian_one():
    iraq = _ingest(IRAQ, 6)
    assert "Military Forces of Iraq" in set(iraq.actors.values_list("name", flat=True))

    known_actors.forget()
    nigeria = _ingest(NIGERIA, 7)

    assert "Military Forces of Iraq" not in set(nigeria.actors.values_list("name", flat=True))
    event = Event.objects.get(evidence__article=nigeria)
    assert (event.actor1.name, event.actor2.name) == ("Military Forces of Nigeria", "Boko Haram")
    assert _aliases("Military Forces of Iraq") == {"Military Forces of Iraq", "Iraqi troops"}
    assert _aliases("Military Forces of Nigeria") == {"Military Forces of Nigeria"}


def test_the_pipeline_fed_the_stored_table_gives_bare_troops_the_storys_country():
    _ingest(IRAQ, 6)
    # and an old row, stored before generic aliases were refused
    ActorAlias.objects.get_or_create(actor=Actor.objects.get(name="Military Forces of Iraq"), alias="troops")
    known_actors.forget()
    from ingest.extraction.pipeline import get_pipeline

    result = get_pipeline().extract(NIGERIA, published="2024-05-07", extra_actors=known_actors.known_actors())

    troops = next(a for a in result.actors if "troops" in a.aliases)
    assert troops.name == "Military Forces of Nigeria"
    assert "Military Forces of Iraq" not in {a.name for a in result.actors}
