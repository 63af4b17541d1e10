"""Name shapes that are no place whatever the NER's label: an event's, a law's or a body's name
the gazetteer cannot place ("the Easter Vigil Mass", "Operation Safe Corridor", "the Humane
Society"), a piece cut at a function word ("the Republic of"), a given name with no locative cue
("Olivia said") and a place's name right after a given name ("Andrew Jordan": a surname).

Sentences written for these tests after the pattern of local and wire news; none is from a
reference article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.place_shapes import given_name_before, is_given_name, not_a_place_name, persons_name
from ingest.extraction.places import _entity_surface, _given_name_not_place

PUB = "2024-03-10"


@pytest.mark.parametrize(
    ("surface", "no_place"),
    [
        ("Easter Vigil", True),
        ("Easter Sunday Mass", True),
        ("Operation Safe Corridor", True),
        ("Hurricane Idai", True),
        ("Gift of Life Network", True),
        ("Public Order Act", True),
        ("Republic of", True),  # cut from "the Republic of Armenia"
        ("Grand and", True),
        ("Marathon County Sheriff", True),
        ("St. Louis Police", True),
        ("Gaston Avenue", False),
        ("Kan Gyi Kone", False),
        ("Maiduguri", False),
        ("Day", False),  # one word: the head alone names nothing
    ],
)
def test_names_that_are_no_place(surface, no_place):
    assert not_a_place_name(surface) is no_place


@pytest.mark.parametrize(
    ("word", "given"),
    [("Helen", True), ("Andrew", True), ("Olivia", True), ("Maiduguri", False), ("Paris", False)],
)
def test_common_given_names(word, given):
    # "Paris" is far down the census list: the long tail where towns hide is cut off
    assert is_given_name(word) is given


@pytest.mark.parametrize(
    ("text", "surface", "person"),
    [
        ("The champion will partner Andrew Jordan again next season.", "Jordan", True),
        ("A statue of George Washington was removed.", "Washington", True),
        ("Troops from Jordan crossed the border.", "Jordan", False),
        ("Olivia said the fire spread within minutes.", "Olivia", True),
        ("Floods cut off a farm near Olivia on Monday.", "Olivia", False),  # a locative cue
        ("Virginia said the ban would stand.", "Virginia", False),  # a state so spelled
        ("Florence said the museums would reopen.", "Florence", False),  # a city of 370,000
    ],
)
def test_a_given_name_or_a_surname_is_no_place(gazetteer, text, surface, person):
    assert _given_name_not_place(text, text.index(surface), surface, gazetteer) is person


@pytest.mark.parametrize(
    ("surface", "person"),
    [
        ("Helen Kunz", True),
        ("Scott Pruitt", True),
        ("Mary Ann Cole", True),
        ("Kan Gyi Kone", False),
        ("Twic East", False),
        ("Helen", False),  # one word: the given-name rule with its cues decides
    ],
)
def test_an_unplaceable_name_opening_with_a_given_name_is_a_person(surface, person):
    assert persons_name(surface) is person


@pytest.mark.parametrize(
    ("entity", "surface"),
    [("Twic East county", "Twic East"), ("Ohio County", "Ohio County"), ("Kwatandashi village", "Kwatandashi")],
)
def test_a_lower_case_feature_word_is_no_part_of_the_name(entity, surface):
    assert _entity_surface(entity) == surface


def test_the_given_name_right_before(gazetteer):
    text = "partner Andrew Jordan"
    assert given_name_before(text, text.index("Jordan")) == "Andrew"
    assert given_name_before("the border of Jordan", len("the border of ")) is None


def _places(pipeline, text):
    return {p.name for p in pipeline.extract(text, published=PUB).locations}


def test_an_event_the_ner_calls_a_facility_is_no_place(pipeline):
    text = "Thousands of worshippers attended the Easter Vigil Mass at a church in Kaduna on Saturday, police said."
    places = _places(pipeline, text)
    assert "Kaduna" in places
    assert not any("Vigil" in p for p in places)


def test_a_racing_drivers_surname_is_no_country(pipeline):
    text = "The 28-year-old will again partner his teammates Colin Turkington and Andrew Jordan this season."
    assert "Jordan" not in _places(pipeline, text)
