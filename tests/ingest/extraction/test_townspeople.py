"""A town named for its people or its college, as local and regional papers name it.

* "A 67-year-old Merrick man", "A Wantagh man": a capitalised word between "a" (or an age, or a
  number) and "man", "woman", "teenager"... is the town the person is from, when the gazetteer
  knows a town of 5,000 or more by that name; the NER often tags it PERSON or ORG;
* "Merrick residents Matthew Klein, ...", "Kilburn resident Mary Jones": the same before
  "resident(s)", "native(s)", "homeowners", "villagers" (untagged names need the story's country);
* "the Federal University of Technology, Owerri": a college's town after a comma;
* "McDonough police", "Dahlonega's Mayor Sam Norton": a town named by its own officers.

Not: a common word before "residents" ("Many residents", "Most residents", "Young residents" where the
article writes "young" too), a hamlet of a few hundred people ("a White man").
"""

from __future__ import annotations

import pytest

PUB = "2024-06-13"


def _places(pipeline, text: str) -> dict[str, str | None]:
    return {p.name: p.country_code for p in pipeline.extract(text, published=PUB).locations}


@pytest.mark.parametrize(
    ("text", "place", "country"),
    [
        # longislandpress.com
        (
            "A 67-year-old Merrick man died after being pushed to the ground by a robber in Brooklyn on "
            "Wednesday night.",
            "Merrick",
            "US",
        ),
        # libn.com
        (
            "A Wantagh man was arrested Thursday for allegedly loaning money at exorbitant interest rates, "
            "threatening borrowers who couldn't repay him and keeping several loaded guns and weapons at his home.",
            "Wantagh",
            "US",
        ),
        # two sentences of the Merrick Herald (issuu.com/richnercomm)
        (
            "Merrick residents Matthew Klein, Alyssa Beznicki and Oriana Merzlyak are students enrolled in JFK's "
            "Culinary Hospitality and Applied Management Program, also known as CHAMP, which teaches students "
            "about cooking and running businesses. Town of Hempstead officials claimed victory last week after "
            "Gov. Kathy Hochul put an indefinite pause on a congestion-pricing plan in New York City.",
            "Merrick",
            "US",
        ),
        # dailytimes.ng
        (
            "No few than 2, 929 students of the Federal University of Technology, Owerri (FUTO) would be "
            "conferred with degrees and out of the number 42 students bagged first class honours.",
            "Owerri",
            "NG",
        ),
        (
            "Kilburn resident Mary Jones said the road had been closed since the morning.",
            "Kilburn",
            "GB",
        ),
        # fox5atlanta.com: a town named by its own officers
        (
            "McDonough police are searching for a woman who they said is passing phony money at area "
            "businesses. McDonough police said the woman is part of a counterfeiters ring which is striking "
            "all over metro Atlanta.",
            "McDonough",
            "US",
        ),
        (
            "Friday, Lumpkin County Sheriff Stacy Jarrard posted a message on the department's Facebook page. "
            "Dahlonega's Mayor Sam Norton has a message for visitors.",
            "Dahlonega",
            "US",
        ),
        # longislandpress.com and tbrnewsmedia.com: a town police force named for the town
        (
            "Two adults and three children—including two boys ages 15 and 12 and a 5-year-old girl—were in the "
            "East Avenue home when the gunmen broke in at 11:29 p.m., Riverhead Town Police said. The victims "
            "called 911 after the suspects fled and started shooting at the house. Suffolk County Police have "
            "arrested a Medford man.",
            "Riverhead",
            "US",
        ),
    ],
)
def test_a_town_named_for_its_people_or_its_college_is_a_place(pipeline, text, place, country):
    assert _places(pipeline, text).get(place) == country


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Many residents of Texas said so. Most residents were angry at the city council.", "Many"),
        ("Many residents of Texas said so. Most residents were angry at the city council.", "Most"),
        ("Young residents left the town in Texas; the young ones could not find work.", "Young"),
        ("Police in Texas said a White man, 45, had been detained near the scene.", "White"),
        ("The Kennedy family said in Boston that it would not comment.", "Kennedy"),
        ("Capitol Police said two men were held in Washington; Metropolitan Police said so too.", "Capitol"),
        ("Capitol Police said two men were held in Washington; Metropolitan Police said so too.", "Metropolitan"),
    ],
)
def test_a_common_word_before_residents_or_man_is_no_town(pipeline, text, word):
    assert word not in _places(pipeline, text)
