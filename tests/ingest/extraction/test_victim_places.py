"""A lead's toll that the next sentences place village by village ("Four of the victims were
farmers working in the village of A. The other two were shot near B village") is an event a place,
each with its part of the dead, as ACLED codes a location each; a part with no place, a hometown
("Two of the dead were from B") or parts that do not add up to the lead's toll leave it one event.

Written for these tests after the pattern of Nigerian and Mozambican local press; the village names
are made up so that the gazetteer cannot place them; none is from a reference article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.events.victim_places import _PART, _count

PUB = "2019-06-10"  # a Monday
LEAD = "Gunmen killed six people on Sunday in Bukkuyum local government area of Zamfara State, police said. "


def _attacks(pipeline, text):
    result = pipeline.extract(text, published=PUB)
    return sorted((e.location, e.fatalities) for e in result.events if e.sub_event_type == "attack")


def test_dead_placed_village_by_village_are_an_event_a_village(pipeline):
    text = (
        LEAD + "Four of the victims were farmers working in the village of Nasarawa Mailayi. The other two were "
        "shot near Adabka village as they fled."
    )
    assert _attacks(pipeline, text) == [("Adabka", 2), ("Nasarawa Mailayi", 4)]


def test_the_remaining_dead_take_what_the_lead_leaves(pipeline):
    text = (
        LEAD + "Five of the dead were cut down on a farm road near the village of Nasarawa Mailayi. The remaining "
        "victim was caught near Adabka village."
    )
    assert _attacks(pipeline, text) == [("Adabka", 1), ("Nasarawa Mailayi", 5)]


@pytest.mark.parametrize(
    "rest",
    [
        # a hometown says where the dead lived, not where they were killed
        "Four of the victims were farmers working in the village of Nasarawa Mailayi. Two of the dead were from Adabka.",
        # the parts do not add up to the lead's six
        "Four of the victims were farmers working in the village of Nasarawa Mailayi. The fifth victim was caught "
        "near Adabka village.",
        # the dead are told, not placed
        "Four of the victims were farmers. The other two were traders.",
    ],
)
def test_dead_not_shared_out_by_place_stay_one_event(pipeline, rest):
    attacks = _attacks(pipeline, LEAD + rest)
    assert [dead for _, dead in attacks] == [6]


@pytest.mark.parametrize(
    ("sentence", "count"),
    [
        ("Four of the victims were fishermen", 4),
        ("Twenty-three of those killed were soldiers", 23),
        ("The fifth victim was caught", 1),
        ("The last body was found", 1),
        ("The other two victims were women", 2),
        ("The remaining three were shot", 3),
        ("The other victims were buried", None),  # the rest, counted from the lead
    ],
)
def test_a_part_opens_with_its_count(sentence, count):
    m = _PART.match(sentence)
    assert m is not None
    assert _count(m) == count


@pytest.mark.parametrize(
    "sentence",
    ["Most victims were fishermen", "The other side fired back", "Four of them were arrested", "The victims were"],
)
def test_other_openings_are_no_part(sentence):
    assert _PART.match(sentence) is None
