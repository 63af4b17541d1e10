"""A place named inside another name: an institution or a building named after the place it stands
in names that place ("the Dallas Fire-Rescue Department", "Kano State Police Command"), while a
newspaper, a team or a firm named after a city does not; and a building's name the NER cut short at
its place ("the Kano Central Mosque" tagged GPE "Kano") is a place of its own; and a big city that
opens a firm's name ("the New Orleans Railways and Light Company") hints where a story that names
no city of its own is set, so its streets stand in that city.

Sentences written for these tests after the pattern of local and wire news; none is from a
reference article.
"""

from __future__ import annotations

import re

import pytest

from ingest.extraction.embedded_places import city_hint, facility_after, leading_place

PUB = "2024-03-10"
_FEATURE = re.compile(r"\s(?:Mosque|Cathedral|Airport|Market|University|Court|Hall|County)$")


@pytest.mark.parametrize(
    ("name", "place"),
    [
        ("the Dallas Fire-Rescue Department", "Dallas"),
        ("Kano State Police Command", "Kano"),
        ("The Maiduguri Teaching Hospital", "Maiduguri"),
        ("Peshawar High Court", "Peshawar"),
        ("the Cork County Council's", "Cork"),
        ("the Suffolk Times", None),  # a newspaper is not where it is read
        ("Aberdeen Asset Management", None),  # a firm
        ("the Oakland Athletics", None),  # a team
        ("the Supreme Court", None),  # a word of an institution, though a town is so spelled
        ("the Western Hospital", None),  # an adjective
        ("Canadian Blood Services", None),  # a demonym, not the country
        ("Council", None),  # one word names nothing inside it
    ],
)
def test_the_place_an_institution_is_named_after(gazetteer, name, place):
    assert leading_place(name, gazetteer) == place


@pytest.mark.parametrize(
    ("text", "place", "building"),
    [
        ("prayers at the Kano Central Mosque on Friday", "Kano", "Kano Central Mosque"),
        ("flights out of Kabul Airport resumed", "Kabul", "Kabul Airport"),
        ("students of Arizona State University marched", "Arizona", None),  # an institution
        ("a petition before the Delhi High Court", "Delhi", None),
        ("deputies in Marathon County said", "Marathon", None),  # a division, not a building
        ("the Manila police said", "Manila", None),  # no capitalised name follows
    ],
)
def test_a_building_the_ner_cut_short_at_its_place(text, place, building):
    end = text.index(place) + len(place)
    got = facility_after(text, end, _FEATURE)
    assert (text[text.index(place) : got] if got is not None else None) == building


def _places(pipeline, text):
    return [p.name for p in pipeline.extract(text, published=PUB).locations]


def test_an_institutions_place_is_a_place(pipeline):
    text = (
        "The Kitchener Fire Department said crews were called to the 200 block of King Street just after "
        "1 a.m. Saturday. No one was hurt."
    )
    places = pipeline.extract(text, published=PUB).locations
    assert "Kitchener" in {p.name for p in places}
    # the street is placed in the town the article is about
    street = next(p for p in places if p.name == "King Street")
    assert street.country_code == "CA"


def test_a_newspaper_named_after_a_town_is_no_place(pipeline):
    text = "The Suffolk Times reported on Tuesday that the vote on the new budget had been delayed again."
    assert "Suffolk" not in _places(pipeline, text)


def test_one_spelling_of_one_place_is_one_entry(pipeline):
    # "Galway" opens "Galway County Council" (a division word follows it) and stands alone later
    text = (
        "Galway County Council said the road would stay closed. Residents in Galway were told to expect "
        "delays through the weekend."
    )
    assert _places(pipeline, text).count("Galway") == 1


@pytest.mark.parametrize(
    ("name", "city"),
    [
        ("the New Orleans Railways and Light Company", "New Orleans"),
        ("Chicago Transit Authority", "Chicago"),
        ("The Lagos Chamber of Commerce", "Lagos"),
        ("Kennett Paper Mills", None),  # a small town opens no hint
        ("the Acme Corporation", None),
        ("Chicago", None),  # the city itself is a toponym, not a hint
    ],
)
def test_a_big_city_opening_a_firms_name_hints_where_the_story_is(gazetteer, name, city):
    hint = city_hint(name, gazetteer)
    assert (hint.name if hint else None) == city


def test_streets_stand_in_the_city_a_firm_is_named_after(pipeline):
    text = (
        "Workers from Louisiana and Mississippi filled the warehouses on Press Street after the war. "
        "The New Orleans Railways and Light Company built its power house at the corner of Desire Street "
        "in 1903, and the old depot on Royal Street closed."
    )
    places = {p.name: p for p in pipeline.extract(text, published=PUB).locations}
    for street in ("Desire Street", "Royal Street"):
        assert abs(places[street].latitude - 29.95) < 0.2, street
        assert abs(places[street].longitude + 90.07) < 0.2, street


def test_a_firm_named_after_a_city_abroad_moves_no_street(pipeline):
    text = (
        "Workers from Louisiana and Mississippi filled the warehouses on Press Street after the war. "
        "The Toronto Dominion Bank later bought the power house at the corner of Desire Street."
    )
    places = {p.name: p for p in pipeline.extract(text, published=PUB).locations}
    assert places["Desire Street"].country_code == "US"
    assert abs(places["Desire Street"].latitude - 43.7) > 1
