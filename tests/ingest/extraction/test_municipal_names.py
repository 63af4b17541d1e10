"""A country's name that the text calls a town: "the City of Palestine", "Palestine City Hall".

US local papers write of towns named after countries (Palestine, Texas; Poland, Ohio; Jordan,
Minnesota). A town's own offices next to the name ("City of", "Town of", "City Council", "City
Hall", "city limits") say the town is meant; every mention of the name in the article is then the
town (one sense per name), and the name gives the article no country of its own. A country's police
("Israel Police") is no such cue.
"""

from __future__ import annotations

import pytest

from .places_helpers import countries_and_divisions

PUB = "2013-03-09"


def _places(pipeline, text: str) -> dict[str, tuple[str | None, str | None]]:
    return countries_and_divisions(pipeline, text, PUB)


@pytest.mark.parametrize(
    "text",
    [
        # palestineherald.com, 2013
        "PALESTINE — The Palestine City Council will consider changes to the composition of the police "
        "department when they meeting for a regular meeting at 5:30 p.m. Monday in City Council Chambers at "
        "Palestine City Hall, located at 504 N. Queen St.",
        # palestineherald.com
        "Possible future annexation by the City of Palestine will be discussed Monday night during a work "
        "session during the regular city council meeting.\n\nCity Manager Dale Brown said Friday afternoon "
        "that the areas in question for possible future annexation include the Fort Houston Homestead "
        "subdivision, where only part of the development lies inside the city limits, and an area south of "
        "town along U.S. 287/Texas 19.",
    ],
)
def test_a_country_name_with_a_town_hall_is_the_town(pipeline, text):
    assert _places(pipeline, text)["Palestine"] == ("US", "Texas")


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        ("Israel Police said two men were arrested in northern Israel on Sunday after the attack.", "Israel", "IL"),
        ("The Jordan police said the crossing would reopen on Monday, the first in Jordan to do so.", "Jordan", "JO"),
        ("Smoke rose over the Jordan city of Irbid, where the Jordan government had sent troops.", "Jordan", "JO"),
    ],
)
def test_a_country_with_its_police_stays_the_country(pipeline, text, name, country):
    assert _places(pipeline, text)[name][0] == country
