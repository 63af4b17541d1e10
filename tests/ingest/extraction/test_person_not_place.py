"""A person's name is no place even with a preposition before it, where the preposition belongs
to something else: an associate ("a source close to McGregor": someone near the person) and a
possessive ("voted in Modi's name", "a minister in Modi's cabinet": "in" governs what the person
owns). A place keeps its cue: "a village close to Kidal", "in Aleppo's old city".

Sentences written for these tests after the pattern of wire copy; none is from a reference article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.places import _cued_place, _person_not_place

PUB = "2018-04-06"


@pytest.mark.parametrize(
    ("text", "name", "cued"),
    [
        ("A source close to McGregor said he was upset.", "McGregor", False),
        ("Sources close to Kenyatta denied the report.", "Kenyatta", False),
        ("People very close to Sharif say he will run.", "Sharif", False),
        ("The village lies close to Kidal.", "Kidal", True),
        ("Troops moved closer to Goma.", "Goma", True),
        ("Soldiers were sent to Kidal.", "Kidal", True),
    ],
)
def test_an_associate_of_a_person_is_no_place(text, name, cued):
    at = text.index(name)
    assert _cued_place(text, at, at + len(name), in_gazetteer=True) is cued


@pytest.mark.parametrize(
    ("text", "name", "person"),
    [
        ("Farmers voted in Modi's name last time.", "Modi", True),
        ("He is a minister in Sharif\u2019s cabinet.", "Sharif", True),
        ("He was born in Sharif and grew up there.", "Sharif", False),
        ("Modi said the plan would work.", "Modi", True),
    ],
)
def test_a_preposition_before_a_possessive_governs_what_is_owned(text, name, person):
    at = text.index(name)
    # the article names the person in full elsewhere: "Narendra Modi", "Nawaz Sharif"
    surnames = {"narendra", "modi", "nawaz", "sharif"}
    assert _person_not_place(text, at, name, surnames, surnames) is person


def test_the_possessive_of_a_named_person_makes_no_place(pipeline):
    text = (
        "NEW DELHI (Reuters) - Farmers in the state blamed the government of Prime Minister Narendra Modi "
        'for the slump in crop prices. "Many of us voted in Modi\'s name last time," said one grower. '
        "A minister in Modi's cabinet said the figures would improve."
    )
    names = {p.name for p in pipeline.extract(text, published=PUB).locations}
    assert "New Delhi" in names
    assert "Modi" not in names


@pytest.mark.parametrize(
    ("text", "name", "fallback"),
    [
        # the name's last word is a person's name found elsewhere in the article
        (
            "Protesters called for the release of Khader Adnan. They chanted for Khadr Adnan, holding his picture.",
            "Khadr Adnan",
            False,
        ),
        # a place the gazetteer lacks whose last word names no one keeps its fallback
        ("Protesters gathered in Khader Adnan. They marched to Wadi Zorvan, holding pictures.", "Wadi Zorvan", True),
    ],
)
def test_a_name_ending_in_a_persons_name_gets_no_fallback(gazetteer, text, name, fallback):
    from events.normalize import normalize_name
    from ingest.extraction.places import Toponym, _worth_a_fallback

    at = text.index(name)
    person = "Khader Adnan"
    persons = [(normalize_name(person), text.index(person))]
    mention = [Toponym(at, at + len(name), name, 0, "FAC")]
    assert _worth_a_fallback(mention, True, gazetteer, persons, text=text) is fallback
