"""Roads and junctions the NER misses (ingest/extraction/roads.py) and where they are placed.

Sentences from British local news and from reports on Syria's M5 highway, trimmed to the words the
rules read, except where a row says it was written for the test.
"""

from __future__ import annotations

import pytest

from ingest.extraction.roads import junction_after, road_numbers

PUB = "2019-07-01"
SUFFOLK = (52.18, 1.03)


def _roads(text: str) -> list[str]:
    return [text[s:e] for s, e in road_numbers(text)]


@pytest.mark.parametrize(
    ("text", "roads"),
    [
        # "on the" and a place preposition after the number
        ("The incident happened on the A12 near Stratford St Mary.", ["A12"]),
        ("Queues formed at junction 34 on the A1(M) at Blyth.", ["A1(M)"]),
        # a word for travel before it
        ("Exit the A14 at J47 Woolpit and follow the A1088 through Norton.", ["A14", "A1088"]),
        ("A petrol station could be built just off the A14 at Wherstead.", ["A14"]),
        # a road word after it, a name or two between at most
        ("Continue through Great Barton to rejoin the A14 westbound carriageway at J43.", ["A14"]),
        ("Saraqeb is along that M5 highway, recently claimed by the Syrian military.", ["M5"]),
        ("The road from the roundabout to the A429 Cirencester junction will close.", ["A429"]),
        # a list after a road so named (written for the test)
        ("A diversion will run via the A436, A40 and A429 until Friday.", ["A436", "A40", "A429"]),
        # the same shape naming something else (written for the test)
        ("Emirates flies the Airbus A380 on the route between Dubai and London.", []),
        ("Passengers on the A380 from Dubai were delayed.", []),
        ("Recruits trained with the M16 rifle along the range.", []),
        ("Pupils must reach the B2 level in English.", []),
        ("The A12 has been closed.", []),  # no word around it says road: left out
        ("Print it on A4 paper.", []),
    ],
)
def test_a_road_number_is_a_road_where_the_words_around_it_say_so(text, roads):
    assert _roads(text) == roads


@pytest.mark.parametrize(
    ("text", "name", "junction"),
    [
        ("Traffic queued at the Catthorpe interchange for hours.", "Catthorpe", True),
        ("Aid lorries waited at the Kerem Shalom crossing on Sunday.", "Kerem Shalom", True),
        ("Troops manned the Qalandia checkpoint overnight.", "Qalandia", True),
        ("The Catthorpe council met on Monday.", "Catthorpe", False),
    ],
)
def test_a_junction_noun_after_a_name_makes_it_a_junction(text, name, junction):
    assert junction_after(text, text.index(name) + len(name)) is junction


def test_a_road_is_placed_in_the_county_its_sentence_names(pipeline):
    text = "The incident happened on the A12 near Stratford St Mary in Suffolk, police said."
    places = {p.name: p for p in pipeline.extract(text, published=PUB).locations}
    road = places["A12"]
    assert road.country_code == "GB"
    assert abs(road.latitude - SUFFOLK[0]) < 0.3
    assert abs(road.longitude - SUFFOLK[1]) < 0.3
