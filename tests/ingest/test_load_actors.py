"""manage.py load_actors: the seed dictionary and per-country state actors, loaded idempotently."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from events.models import Actor, ActorAlias

pytestmark = pytest.mark.django_db


def _aliases(name):
    return set(ActorAlias.objects.filter(actor__name=name).values_list("alias", flat=True))


def test_load_actors_seeds_groups_and_state_forces():
    call_command("load_actors")

    assert {"ISIS", "Daesh", "ISIL"} <= _aliases("Islamic State")
    assert Actor.objects.get(name="Islamic State").kind == "rebel_group"
    iraq = Actor.objects.get(name="Military Forces of Iraq")
    assert (iraq.kind, iraq.country_code) == ("state_force", "IQ")
    assert "Iraqi army" in _aliases("Military Forces of Iraq")
    assert "Nigerian police" in _aliases("Police Forces of Nigeria")
    assert Actor.objects.filter(name="Government of Turkey").exists()
    # the dictionary's own state force is not doubled by the per-country rule
    assert "IDF" in _aliases("Military Forces of Israel")


def test_load_actors_twice_changes_nothing():
    call_command("load_actors")
    counts = (Actor.objects.count(), ActorAlias.objects.count())
    call_command("load_actors")
    assert (Actor.objects.count(), ActorAlias.objects.count()) == counts


def test_alias_owned_by_another_actor_is_left_alone():
    other = Actor.objects.create(name="Editors' Daesh", kind="rebel_group")
    ActorAlias.objects.create(actor=other, alias="Daesh")

    call_command("load_actors")

    assert ActorAlias.objects.get(normalized="daesh").actor == other
    assert "ISIS" in _aliases("Islamic State")


def test_existing_actor_keeps_editor_changes():
    Actor.objects.create(name="Taliban", kind="government", country_code="AF", description="edited")

    call_command("load_actors")

    taliban = Actor.objects.get(name="Taliban")
    assert (taliban.kind, taliban.description) == ("government", "edited")
    assert "Taleban" in _aliases("Taliban")


def test_loaded_aliases_feed_the_pipeline_as_extra_actors():
    from ingest.extraction.pipeline import get_pipeline

    call_command("load_actors", "--no-state-forces")
    militia = Actor.objects.create(name="Zintan Brigades", kind="militia", country_code="LY")
    ActorAlias.objects.create(actor=militia, alias="Zintani fighters")
    rows = [
        (a.name, [al.alias for al in a.aliases.all()], a.kind, a.country_code or None)
        for a in Actor.objects.prefetch_related("aliases")
    ]

    result = get_pipeline().extract(
        "Zintani fighters clashed with rival militias in Tripoli on Sunday.", published="2024-03-15", extra_actors=rows
    )

    assert "Zintan Brigades" in {a.name for a in result.actors}
    assert any(e.actor1 == "Zintan Brigades" for e in result.events)
