"""A force's battle on ground a named group holds ("a town controlled by al-Shabaab", "the
Al-Shabaab-held town of Jilib", "a neighbourhood controlled by the G9 gang coalition") is fought
against that group when the report names no armed opponent: unnamed gunmen or suspects, or
civilians the parse gave a battle as its target. A named opponent stays.

Written for these tests after the pattern of Somali and Haitian wire copy; none is from a reference
article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.events.control import CONTROL_AFTER, CONTROL_BEFORE

PUB = "2019-06-10"  # a Monday


def _clashes(pipeline, text):
    events = pipeline.extract(text, published=PUB).events
    return [(e.actor1, e.actor2) for e in events if e.sub_event_type == "armed_clash"]


@pytest.mark.parametrize(
    ("text", "sides"),
    [
        (
            "Somali troops fought gunmen on Sunday in Jilib, a town controlled by al-Shabaab, officials said.",
            ("Military Forces of Somalia", "al-Shabaab"),
        ),
        (
            # the ground told in the next sentence: the pass, not the parse, names the opponent
            "Somali troops fought gunmen on Sunday in Jilib, officials said. The town has long been controlled by "
            "al-Shabaab.",
            ("Military Forces of Somalia", "al-Shabaab"),
        ),
        (
            "Troops battled gunmen in the Al-Shabaab-held town of Jilib on Sunday.",
            ("Military Forces of Somalia", "al-Shabaab"),
        ),
        (
            "Police clashed with suspects in a neighbourhood of Port-au-Prince controlled by the G9 gang coalition on "
            "Monday, killing four people.",
            ("Police Forces of Haiti", "G9"),
        ),
    ],
)
def test_a_battle_on_held_ground_is_fought_against_the_group_holding_it(pipeline, text, sides):
    assert _clashes(pipeline, text) == [sides]


def test_a_named_opponent_stays(pipeline):
    text = "Somali troops fought ISIS fighters on Sunday near Jilib, a town controlled by al-Shabaab, officials said."
    assert _clashes(pipeline, text) == [("Military Forces of Somalia", "Islamic State Somalia Province")]


@pytest.mark.parametrize(
    ("before", "after", "held"),
    [
        ("a favela controlled by the ", "", True),
        ("districts under the control of ", "", True),
        ("a stronghold of ", "", True),
        ("", "-held town", True),
        ("", " controlled areas", True),
        ("talks brokered by the ", "", False),
        ("", "-led coalition", False),
    ],
)
def test_phrases_of_control(before, after, held):
    found = bool(before and CONTROL_BEFORE.search(before)) or bool(after and CONTROL_AFTER.match(after))
    assert found is held
