"""A demonym that describes people is a nationality, not a place: "a Danish engineer", "a Chilean
teenager", "an Australian", "none of the crew were Greek", "she speaks Portuguese". It still tells
the article's context; the list of places leaves it out unless an event is placed there. A demonym
that modifies a place or a thing ("the Turkish border", "Kenyan ports", "the Spanish market") names
the place.

Sentences written for these tests after the pattern of wire copy; none is from a reference article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.place_shapes import nationality_of_people

PUB = "2019-05-14"


@pytest.mark.parametrize(
    ("text", "demonym", "people"),
    [
        ("said Lars Holm, a Danish engineer at the plant", "Danish", True),
        ("a Chilean teenager was among the injured", "Chilean", True),
        ("two Australian tourists were freed", "Australian", True),
        ("among them an Australian; the others were local", "Australian", True),
        ("none of the crew were Greek, the company said", "Greek", True),
        ("she speaks Portuguese at home", "Portuguese", True),
        ("The Dutch need a win on Sunday", "Dutch", True),
        ("trucks queued at the Turkish border", "Turkish", False),
        ("exports through Kenyan ports rose", "Kenyan", False),
        ("Turkish and Syrian forces clashed", "Turkish", False),  # coordinated adjectives
        ("the Iraqi-Kurdish frontier", "Iraqi", False),
        ("the new British Touring Car season", "British", False),
    ],
)
def test_a_demonym_that_describes_people(text, demonym, people):
    assert nationality_of_people(text, text.index(demonym) + len(demonym)) is people


def _places(pipeline, text):
    return {p.name for p in pipeline.extract(text, published=PUB).locations}


def test_a_nationality_is_no_place_of_the_article(pipeline):
    text = (
        "MOMBASA, Kenya (Reuters) - Police said on Tuesday they had arrested a Danish engineer and "
        "an Australian over the theft of fuel at the port, where exports through Kenyan terminals "
        "have fallen this year."
    )
    names = _places(pipeline, text)
    assert "Mombasa" in names
    assert not {"Danish", "Denmark", "Australian", "Australia"} & names


def test_a_demonym_that_modifies_a_place_is_kept(pipeline):
    text = "Trucks queued for three days at the Turkish border crossing before the convoy was let through."
    assert "Turkish" in _places(pipeline, text) or "Turkey" in _places(pipeline, text)


def test_an_event_placed_in_the_country_keeps_it(gazetteer):
    from ingest.extraction.places import PlaceSet, Resolved

    denmark = gazetteer.country("DK")._replace(name="Danish")
    places = PlaceSet(resolved={"danish": Resolved(denmark, surfaces=["Danish"], people_only=True)})
    assert places.results() == ()
    assert [r.name for r in places.results({"Danish"})] == ["Danish"]
