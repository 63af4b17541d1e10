"""A state's or a province's press abbreviation says where a story is: "Moncton, N.B.", "Kelowna,
B.C.", "Toowoomba, Qld", "Wagga Wagga, NSW" resolve to the division (data/regions.json holds the
abbreviations), a dotted one counts for the article's country ("Hillsdale Crossing, N.B." is kept
as a Canadian place though the gazetteer knows it only as a hamlet), and a town the article's named
state holds wins over its namesakes elsewhere ("Centreville" after "Va." is Virginia's, not
Alabama's), and a small town of another state is no namesake at all ("Stonewall" near Haymarket,
Va.).

Sentences written for these tests after the pattern of local news; none is from a reference article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.nlp import annotate
from ingest.extraction.places import _near_anchor, resolve_places

PUB = "2018-04-02"


@pytest.mark.parametrize(
    ("abbreviation", "division", "country"),
    [
        ("N.B.", "New Brunswick", "CA"),
        ("B.C.", "British Columbia", "CA"),
        ("Ont.", "Ontario", "CA"),
        ("Qld", "Queensland", "AU"),
        ("NSW", "New South Wales", "AU"),
        ("Wash.", "Washington", "US"),
    ],
)
def test_a_press_abbreviation_is_its_division(gazetteer, abbreviation, division, country):
    assert any(
        p.name == division and p.feature == "admin1" and p.country_code == country
        for p in gazetteer.lookup(abbreviation)
    )


def test_a_dotted_abbreviation_counts_for_the_country(gazetteer):
    text = "Two horses were taken from a barn on Ridge Road in Centreville, N.B., on Monday."
    places = resolve_places(text, annotate(text), gaz=gazetteer)
    assert places.country_counts["CA"] >= 1


def test_a_town_of_the_named_state_is_near_an_anchor(gazetteer):
    (virginia,) = [p for p in gazetteer.lookup("Va.") if p.feature == "admin1"]
    towns = [p for p in gazetteer.lookup("Warrenton") if p.country_code == "US"]
    assert {p.admin1 for p in towns if _near_anchor(p, [virginia])} == {"VA"}
    assert len(towns) > 2  # Georgia's, Missouri's, North Carolina's and Oregon's are not


def test_a_small_town_of_another_state_is_not_a_namesake_in_a_story_naming_its_state(pipeline):
    # written for the test: the gazetteer's Stonewalls are in Louisiana, Mississippi, Texas ...
    text = (
        "Residents of Haymarket, Va., packed a meeting on Tuesday over plans for a data centre near "
        "Stonewall, a subdivision a few miles away."
    )
    places = {p.name: p for p in pipeline.extract(text, published="2018-04-05").locations}
    assert abs(places["Stonewall"].latitude - places["Haymarket"].latitude) < 0.5
    assert abs(places["Stonewall"].longitude - places["Haymarket"].longitude) < 0.5
