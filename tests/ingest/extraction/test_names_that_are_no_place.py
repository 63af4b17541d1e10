"""Names the NER calls places that the words around them make something else: a club ("Queens
Park Rangers", "Bolton Wanderers"), an author ("a sonata by Haydn", "music by Haydn, Chopin and
Liszt", "Tchaikovsky's piano concerto"), a subject studied ("a BA (Hons) in Divinity"), a headline's
capitals ("SURGE IN MURALS."), a place's possessive before a person ("Notre Dame's Jessica
Shepard" is Notre Dame's), the central government of Indian English ("the Centre"), a regime
("Nazi Germany") and a climate pattern ("El Niño"). A building whose name a non-place owns is one
name ("St. Peter's Basilica"); a place's building is the place and the building ("Seoul's Jamsil
Stadium").

Sentences written for these tests after the pattern of wire and local copy; none is from a
reference article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.place_shapes import authors_name, club_after, owner_before_person, subject_studied

PUB = "2018-04-08"


@pytest.mark.parametrize(
    ("text", "name", "club"),
    [
        ("Bolton Wanderers lost again.", "Bolton", True),
        ("He joined Queens Park Rangers in May.", "Queens Park", True),
        ("Leeds United sacked the coach.", "Leeds", True),
        ("Flooding hit Bolton on Monday.", "Bolton", False),
        ("The United Nations met in Geneva.", "Geneva", False),
    ],
)
def test_a_club_word_after_a_place(text, name, club):
    assert club_after(text, text.index(name) + len(name)) is club


@pytest.mark.parametrize(
    ("text", "name", "author"),
    [
        ("She played a sonata by Haydn at the final.", "Haydn", True),
        ("a recital of music by Haydn, Chopin and Liszt", "Chopin", True),
        ("He will play Tchaikovsky's first piano concerto.", "Tchaikovsky", True),
        ("The team flew to Vienna on Friday.", "Vienna", False),
        ("They were attacked by Syria's army.", "Syria", False),
    ],
)
def test_an_authors_name(text, name, author):
    at = text.index(name)
    assert authors_name(text, at, at + len(name)) is author


@pytest.mark.parametrize(
    ("text", "name", "subject"),
    [
        ("She holds a BA (Hons) in Divinity from Durham.", "Divinity", True),
        ("He has a master's in Theology.", "Theology", True),
        ("She holds a post in Durham.", "Durham", False),
    ],
)
def test_a_subject_studied(text, name, subject):
    assert subject_studied(text, text.index(name)) is subject


@pytest.mark.parametrize(
    ("surface", "owner"),
    [
        ("Notre Dame\u2019s Jessica Shepard", "Notre Dame"),
        ("Texas's Mary Jones", "Texas"),
        ("Martha's Vineyard Hospital", None),  # no given name and surname after the possessive
    ],
)
def test_a_places_possessive_before_a_person(surface, owner):
    assert owner_before_person(surface) == owner


def _places(pipeline, text):
    return {p.name for p in pipeline.extract(text, published=PUB).locations}


@pytest.mark.parametrize(
    ("text", "absent", "present"),
    [
        (
            "Ian Holloway believes Queens Park Rangers have turned a corner after the win in London.",
            {"Queens Park", "Queen's Park"},
            {"London"},
        ),
        (
            "The pianist, from Cork, played music by Haydn, Chopin and Liszt before a piece by Haydn.",
            {"Haydn"},
            {"Cork"},
        ),
        (
            "The Supreme Court told the Centre to frame a water-sharing scheme for Karnataka.",
            {"Centre"},
            {"Karnataka"},
        ),
    ],
)
def test_names_the_context_makes_no_place(pipeline, text, absent, present):
    names = _places(pipeline, text)
    assert not absent & names
    assert present <= names


def test_a_building_a_saint_owns_is_one_name(pipeline):
    text = "VATICAN CITY (AP) - The pope led the Easter Vigil service in St. Peter's Basilica on Saturday."
    names = _places(pipeline, text)
    assert "St. Peter's Basilica" in names
    assert "St. Peter" not in names


def test_a_headlines_capitals_get_no_fallback_but_a_datelines_do(gazetteer):
    from ingest.extraction.places import Toponym, _worth_a_fallback

    word = [Toponym(0, 9, "ZORVATHEN", 0, "GPE")]
    assert not _worth_a_fallback(word, True, gazetteer, [])
    assert _worth_a_fallback(word, True, gazetteer, [], shouted=False)


def test_a_subject_studied_gets_no_fallback(gazetteer):
    from ingest.extraction.places import Toponym, _worth_a_fallback

    text = "She holds a BA in Zorvathen Studies and a post in Zorvathen."
    first = [Toponym(text.index("Zorvathen"), text.index("Zorvathen") + 9, "Zorvathen", 0, "GPE")]
    last = [Toponym(text.rindex("Zorvathen"), text.rindex("Zorvathen") + 9, "Zorvathen", 0, "GPE")]
    assert not _worth_a_fallback(first, True, gazetteer, [], text=text)
    assert _worth_a_fallback(last, True, gazetteer, [], text=text)
