"""Where a blast or a shelling happened and whom it hit, when the text names no doer:

* people killed or hurt by a bomb or a shell, none of them armed, were civilians, whoever fired
  ("At least one person has been killed ... after a shelling attack on a Russian region");
* a country named across a border ("a Russian region bordering Ukraine", "near the border with
  Mali") is the neighbour of the place, not the place.

Written for these tests after the pattern of wire copy; none is from a reference article.
"""

from __future__ import annotations

import pytest

PUB = "2023-05-30"  # a Tuesday


@pytest.mark.parametrize(
    ("text", "victims"),
    [
        (
            "At least one person was killed and four others injured when shells hit a bus station in the town of "
            "Horlivka on Tuesday, the local mayor said.",
            "Civilians (Ukraine)",
        ),
        ("Two bombs exploded outside a hotel in Mogadishu on Tuesday, killing 14 people.", "Civilians (Somalia)"),
        # soldiers hit are no civilians
        ("A roadside bomb killed four soldiers near Gao on Tuesday.", "Military Forces of Mali"),
    ],
)
def test_the_unarmed_dead_of_an_unclaimed_blast_are_civilians(pipeline, text, victims):
    (event,) = pipeline.extract(text, published=PUB).events
    assert event.event_type == "explosions_remote_violence"
    assert event.actor2 == victims


@pytest.mark.parametrize(
    ("text", "place", "country"),
    [
        (
            "At least one person has been killed after a shelling attack on the town of Shebekino in a Russian "
            "region bordering Ukraine, the region's governor said on Tuesday.",
            "Shebekino",
            "RU",
        ),
        (
            "Gunmen attacked an army post in Djibo near the border with Mali on Tuesday, killing 12 soldiers.",
            "Djibo",
            "BF",
        ),
    ],
)
def test_a_country_across_the_border_is_not_the_place(pipeline, text, place, country):
    (event,) = pipeline.extract(text, published=PUB).events
    assert (event.location, event.country_code) == (place, country)


def test_a_region_bordering_a_country_places_nothing_there(pipeline):
    result = pipeline.extract(
        "At least one person has been killed after a shelling attack on a Russian region bordering Ukraine, the "
        "region's governor said on Tuesday.",
        published=PUB,
    )
    assert [e.country_code for e in result.events] != ["UA"]
