"""Parties the text leaves unnamed, coded as ACLED codes them: unnamed civilians, protesters and
rioters carry their country ("Civilians (Sudan)"), an arrest with no named doer was made by the
police of its country, a named "Force" is an actor, and an arrest named as the time another act
is measured from ("following X's arrest") is not a new one.

Sentences marked "real" are quoted from published news (outlet in the comment).
"""

from __future__ import annotations

import pytest

PUB = "2024-01-10"


def _events(pipeline, text):
    return pipeline.extract(text, published=PUB).events


@pytest.mark.parametrize(
    ("text", "sub_event_type", "role", "expected"),
    [
        (
            "Fighters from the Rapid Support Force attacked the town of El Fasher on Monday, killing 12 civilians.",
            "attack",
            "actor2",
            "Civilians (Sudan)",
        ),
        (
            "Police fired tear gas at hundreds of protesters in Nairobi on Tuesday.",
            "protest_with_intervention",
            "actor1",
            "Protesters (Kenya)",
        ),
    ],
)
def test_unnamed_crowds_and_victims_carry_the_incidents_country(pipeline, text, sub_event_type, role, expected):
    events = {e.sub_event_type: e for e in _events(pipeline, text)}
    assert getattr(events[sub_event_type], role) == expected


def test_the_qualified_name_is_the_reported_actor(pipeline):
    result = pipeline.extract(
        "Gunmen kidnapped three aid workers on the road to Kidal on Friday, officials said.", published=PUB
    )
    names = {a.name: a for a in result.actors}
    assert "Civilians (Mali)" in names
    assert "Civilians" not in names
    assert names["Civilians (Mali)"].country_code == "ML"


def test_a_named_group_keeps_its_name():
    from ingest.extraction.actors import ActorSet, Mention
    from ingest.extraction.events.country_names import _generic

    actors = ActorSet()
    vests = Mention(0, 12, "Yellow Vests", "Yellow Vests", "protesters", "FR", "org")
    actors.add(vests)
    assert not _generic(vests, actors)


@pytest.mark.parametrize(
    ("text", "police"),
    [
        # real: pakistankakhudahafiz.com, Peshawar, 2017 — passive, no doer named
        (
            "At least nine suspects were arrested during a pre-dawn search operation carried out on the outskirts "
            "of Peshawar on Saturday.",
            "Police Forces of Pakistan",
        ),
        ("About 200 opposition activists were detained in Minsk on Saturday.", "Police Forces of Belarus"),
    ],
)
def test_an_arrest_with_no_named_doer_was_made_by_the_police(pipeline, text, police):
    (arrest,) = [e for e in _events(pipeline, text) if e.sub_event_type == "arrests"]
    assert arrest.actor1 == police


def test_a_named_arrester_stays(pipeline):
    text = "Soldiers arrested five suspected militants in Gao on Monday, the army said."
    (arrest,) = [e for e in _events(pipeline, text) if e.sub_event_type == "arrests"]
    assert arrest.actor1 == "Military Forces of Mali"


def test_a_named_force_is_the_arrester(pipeline):
    text = (
        "On Monday, Mahmoud Hamza, a brigade commander, was reportedly detained by the Special Deterrence Force "
        "at the airport in Tripoli."
    )
    (arrest,) = [e for e in _events(pipeline, text) if e.sub_event_type == "arrests"]
    assert (arrest.actor1, arrest.actor2) == ("Special Deterrence Force", "Mahmoud Hamza")


def test_an_arrest_named_as_a_time_anchor_is_not_an_event(pipeline):
    text = "Protests have continued in the capital following the opposition leader's arrest."
    assert [e for e in _events(pipeline, text) if e.sub_event_type == "arrests"] == []
