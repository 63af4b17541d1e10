"""Generic words ("troops", "the army") fed back as extra actors name no one: the pipeline skips them."""

from __future__ import annotations

import pytest

from events.generic_aliases import is_generic_alias
from ingest.extraction.actors import _BARE_HEADS, actor_dictionary, compile_extra_actors, freeze_extra_actors

NIGERIA = (
    "In Borno State, troops killed five Boko Haram fighters near Maiduguri on Tuesday, the army said. "
    "Residents said the soldiers later patrolled the town's main market."
)
# What a database held after one Iraqi story: its bare "troops" and "army" stored as Iraq's aliases.
LEAKED = [("Military Forces of Iraq", ["Golden Division", "troops", "army", "soldiers"], "state_force", "IQ")]


@pytest.mark.parametrize("head", _BARE_HEADS.split("|"))
def test_every_surface_the_bare_force_rule_gives_a_country_is_generic(head):
    # Such a surface takes its country from the story: stored for one country it would leak to others.
    assert is_generic_alias(head)
    assert is_generic_alias(f"the {head}")


def test_no_alias_of_a_specific_seed_actor_is_generic():
    specs, aliases = actor_dictionary()
    flagged = [(alias, name) for alias, name in aliases.items() if is_generic_alias(alias) and not specs[name].generic]
    assert flagged == []


def test_generic_names_and_aliases_are_left_out_of_the_extra_actor_regex():
    rows = freeze_extra_actors([*LEAKED, ("Troops", ["the troops"], "state_force", None)])

    _, owners = compile_extra_actors(rows)

    assert set(owners) == {"Military Forces of Iraq", "Golden Division"}


def test_stored_generic_aliases_do_not_give_a_nigerian_story_the_iraqi_army(pipeline):
    result = pipeline.extract(NIGERIA, published="2024-05-07", extra_actors=LEAKED)

    assert "Military Forces of Iraq" not in {a.name for a in result.actors}
    assert [(e.actor1, e.actor2) for e in result.events] == [("Military Forces of Nigeria", "Boko Haram")]


def test_specific_extra_aliases_still_name_their_actor(pipeline):
    text = "The Golden Division clashed with Islamic State militants near Mosul on Monday, officials said."

    result = pipeline.extract(text, published="2024-05-07", extra_actors=LEAKED)

    assert result.events
    assert result.events[0].actor1 == "Military Forces of Iraq"
