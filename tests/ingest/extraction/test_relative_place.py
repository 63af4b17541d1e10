"""A place the gazetteer lacks, placed by the text: "X, a village about 100 km north of Y"."""

from __future__ import annotations

import pytest

from ingest.extraction.places import km
from ingest.extraction.relative_place import offset, relative_position

from .places_helpers import places_by_surface


@pytest.mark.parametrize(
    ("text", "place", "distance", "bearing", "anchor"),
    [
        (
            "Kaniko, a village about 100 kilometers (62 miles) north of the capital, Niamey, was hit.",
            "Kaniko",
            100,
            0,
            "Niamey",
        ),
        ("Rebels took Bweremana, 40 km north-west of Goma, on Monday.", "Bweremana", 40, 315, "Goma"),
        ("They fled Dogofry, some 30 miles southeast of Timbuktu.", "Dogofry", 48.28, 135, "Timbuktu"),
        ("Police reached Kalli, 12km from Maiduguri, at dawn.", "Kalli", 12, None, "Maiduguri"),
        ("Gunmen struck Tamou, a town 60 km (37 mi) south-eastern of Niamey.", "Tamou", 60, 135, "Niamey"),
    ],
)
def test_the_phrase_gives_distance_bearing_and_anchor(text, place, distance, bearing, anchor):
    rel = relative_position(text, text.index(place) + len(place))
    assert rel is not None
    assert rel.km == pytest.approx(distance, abs=0.01)
    assert rel.bearing == bearing
    assert text[rel.anchor_start :].startswith(anchor)


@pytest.mark.parametrize(
    "text",
    [
        "Kaniko, the capital of the district, was hit.",  # no distance
        "Kaniko, where 100 people live north of Niamey, was hit.",  # a number that is no distance
        "Kaniko and Niamey, 100 km apart, were hit.",  # not an apposition of the first place
    ],
)
def test_no_relative_position_without_the_phrase(text):
    assert relative_position(text, text.index(",")) is None


@pytest.mark.parametrize(("bearing", "dlat", "dlon"), [(0, 1, 0), (90, 0, 1), (180, -1, 0), (270, 0, -1)])
def test_offset_moves_the_point_that_way(bearing, dlat, dlon):
    lat, lon = offset(10.0, 20.0, 100.0, bearing)
    assert round(lat - 10.0, 3) * dlat >= 0
    assert round(lon - 20.0, 3) * dlon >= 0
    assert abs(lat - 10.0) + abs(lon - 20.0) == pytest.approx(0.9, abs=0.05)


def test_an_unknown_village_lands_where_the_text_puts_it_not_on_its_anchor():
    text = (
        "NIAMEY, Niger - Soldiers killed 20 fighters who were preparing to attack Zarbakoye, a village "
        "about 150 kilometers north of the capital, Niamey, the ministry said."
    )
    by_name = places_by_surface(text, "Zarbakoye", "Niamey")
    village, capital = by_name["Zarbakoye"].place, by_name["Niamey"].place
    assert village.latitude > capital.latitude
    assert km(village, capital) == pytest.approx(150, abs=5)
    assert by_name["Zarbakoye"].precision == 2
