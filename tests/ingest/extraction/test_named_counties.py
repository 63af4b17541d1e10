"""A city far from every county the story names is the namesake inside one.

Local news frames itself by county ("the Riley County Police Department"); a famous namesake that
its size alone placed ("Manhattan", New York) gives way to the town of that name within the named
county (Manhattan, Kansas). A state named alone does not do this, a capital is never moved, and a
city with no namesake in the county stays where it is.
"""

from __future__ import annotations

import pytest

from .places_helpers import countries_and_divisions

PUB = "2021-03-16"


def _places(pipeline, text: str) -> dict[str, tuple[str | None, str | None]]:
    return countries_and_divisions(pipeline, text, PUB)


@pytest.mark.parametrize(
    "text",
    [
        # 1350kman.com
        "MANHATTAN — The Riley County Police Department is reporting a slower than normal Fake Patty's Day "
        "this year. RCPD Captain Richard Fink presented preliminary data from Saturday to Riley County "
        "commissioners Monday.",
        # 1350kman.com, two paragraphs of one page
        "With 97 votes, RCPD beat out the Manhattan Fire Department, which came in second place with 67 votes, "
        "and Riley County Emergency Medical Services, which came in a close third place with 64 votes.\n\n"
        "A convicted sex offender and former U.S. Marine from Manhattan was sentenced Tuesday to eight years "
        "in federal prison for possessing child pornography.",
    ],
)
def test_a_city_named_beside_its_county_is_the_county_town(pipeline, text):
    assert _places(pipeline, text)["Manhattan"] == ("US", "Kansas")


@pytest.mark.parametrize(
    ("text", "name", "where"),
    [
        # no Paris in Orange County: the famous one stays
        (
            "The Orange County sheriff said the suspect had flown to Paris last week.",
            "Paris",
            ("FR", "Île-de-France"),
        ),
        # a capital stays: "Washington, D.C." beside Morris County, N.J.
        (
            "The Morris County man bought his ticket in Washington, D.C., on Friday, and the New Jersey "
            "Lottery said he had not come forward.",
            "Washington",
            ("US", "District of Columbia"),
        ),
    ],
)
def test_a_city_with_no_namesake_in_the_county_stays(pipeline, text, name, where):
    assert _places(pipeline, text)[name] == where
