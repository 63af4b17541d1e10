"""Which of several places of one name a story means, where a small namesake misleads:

* a dateline city that stands alone ("WASHINGTON (AP) -") is the famous one of its name, not the
  Indiana town a nearby small place would favour;
* a bare name shared by a first-level division and a small town of its country is the division
  ("California" the state, not California, Maryland; "Florida", not Florida, New York), unless the
  division is no better known than the town (the Isle of Man's parish of Peel and its town);
* a name of two words or more ending in a word for a building ("the White House", "the West Wing",
  "Trump Tower") is the building, not a small town spelled so nor a city translated so
  (Casablanca), and stands in the city the report was filed from when the story names no other.

Sentences written for these tests after the pattern of wire copy; none is from a reference article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.place_shapes import building_shaped
from ingest.extraction.places import Toponym, _candidates, _division_over_town

PUB = "2018-03-29"
DC = (38.9, -77.04)


def _near(p, point, degrees=0.5):
    return abs(p.latitude - point[0]) < degrees and abs(p.longitude - point[1]) < degrees


@pytest.mark.parametrize(
    ("surface", "building"),
    [
        ("White House", True),
        ("the West Wing", True),
        ("Trump Tower", True),
        ("Carnegie Hall", True),
        ("Washington Square", True),  # the square, not the Philadelphia neighbourhood so named
        ("House", False),  # one word: the name itself
        ("Houston", False),
        ("Tower Hamlets", False),
    ],
)
def test_building_shaped_names(surface, building):
    assert building_shaped(surface) is building


@pytest.mark.parametrize("name", ["White House", "Washington Square"])
def test_a_building_shaped_name_has_no_small_town_nor_translated_city(gazetteer, name):
    assert gazetteer.lookup(name)  # White House, Tennessee; Casablanca so translated; a neighbourhood
    assert _candidates(gazetteer, Toponym(0, len(name), name, 0, "GPE")) == []


@pytest.mark.parametrize(
    ("surface", "feature"),
    [("California", "admin1"), ("Florida", "admin1"), ("Peel", "city")],
)
def test_a_bare_division_name_beats_a_small_town_of_its_country(gazetteer, surface, feature):
    cands = gazetteer.lookup(surface)
    town = max(
        (p for p in cands if p.feature == "city" and p.country_code in ("US", "IM")),
        key=lambda p: p.population,
    )
    t = Toponym(0, len(surface), surface, 0, "GPE")
    assert _division_over_town(town, cands, [t]).feature == feature


def test_a_division_word_keeps_the_choice(gazetteer):
    cands = gazetteer.lookup("California")
    town = next(p for p in cands if p.feature == "city" and p.country_code == "US" and p.population < 100_000)
    t = Toponym(0, 10, "California", 0, "GPE", division=True)
    assert _division_over_town(town, cands, [t]) is town


def test_a_lone_dateline_city_is_the_famous_one_and_hosts_its_buildings(pipeline):
    text = (
        "WASHINGTON (AP) - The president's chief of staff has lost ground, aides say. "
        "Officials at the White House said the shake-up was long planned. "
        "Visitors to the White House were turned away on Friday."
    )
    places = {p.name: p for p in pipeline.extract(text, published=PUB).locations}
    assert _near(places["Washington"], DC)
    assert _near(places["White House"], DC)


def test_a_bare_state_is_the_state_in_a_story_of_small_towns(pipeline):
    text = (
        "LEONARDTOWN, Md. (AP) - Workers at the Patuxent River naval air station in St. Mary's County "
        "said they had moved from California to take the jobs."
    )
    places = {p.name: p for p in pipeline.extract(text, published=PUB).locations}
    # the Maryland town of California lies next to Leonardtown; the state is meant
    assert places["California"].latitude > 33
    assert places["California"].longitude < -110


@pytest.mark.parametrize(
    ("text", "point"),
    [
        ("NEW YORK (AP) - Stocks fell sharply on Monday as traders weighed the tariffs.", (40.71, -74.0)),
        ("NEW DELHI (Reuters) - Farmers marched on parliament on Monday over crop prices.", (28.61, 77.21)),
    ],
)
def test_a_lone_dateline_is_the_city_of_its_own_name(pipeline, text, point):
    locations = pipeline.extract(text, published=PUB).locations
    assert any(_near(p, point, 0.2) for p in locations), [(p.name, p.latitude, p.longitude) for p in locations]
