"""Tolls that belong to an operation, and tolls that do not belong to a protest:

* a force's operation told with its dead is an armed act whose toll joins the raid just told
  ("The deadliest police operation in the city's history has left 25 dead"); an operation with no
  dead, or nobody's, is no event;
* a killing told after a peaceful gathering is no part of it: the protest keeps no toll.

Written for these tests after the pattern of wire copy; none is from a reference article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.events.fatalities import fatalities
from ingest.extraction.nlp import load_nlp

PUB = "2021-05-07"  # a Friday


def test_a_deadly_operation_gives_the_raid_its_toll(pipeline):
    result = pipeline.extract(
        "Police raided the Mare favela in Rio de Janeiro on Thursday in search of drug traffickers. Residents say "
        "officers entered homes without a warrant. The deadliest police operation in the city's history has left "
        "25 dead, including a police officer.",
        published=PUB,
    )
    (raid,) = [e for e in result.events if e.event_type == "battles"]
    assert raid.actor1 == "Police Forces of Brazil"
    assert raid.fatalities == 25


@pytest.mark.parametrize(
    "text",
    [
        "A police operation to clear the market in Lagos began on Thursday, officials said.",
        "The operation in Lagos left 25 dead, officials said.",
    ],
)
def test_an_operation_is_no_event_without_a_force_and_its_dead(pipeline, text):
    assert [e for e in pipeline.extract(text, published=PUB).events if e.event_type == "battles"] == []


def test_a_killing_after_a_protest_adds_no_toll_to_it(pipeline):
    result = pipeline.extract(
        "Residents of Mare protested on Thursday after the police operation in Rio de Janeiro. A suspect was "
        "killed in the bedroom of a house, a public defender said.",
        published=PUB,
    )
    protests = [e for e in result.events if e.event_type == "protests"]
    assert [p.fatalities for p in protests] == [None]


def test_a_toll_told_before_the_sides_goes_to_the_clash_named_later(pipeline):
    result = pipeline.extract(
        "The death toll from armed clashes in Tripoli has risen to over 27, with more than 100 injured, the "
        "health ministry said on Tuesday. On Monday, a militia commander was detained by the Special "
        "Deterrence Force in Tripoli. The arrest resulted in armed clashes between the parties.",
        published="2023-08-16",
    )
    (clash,) = [e for e in result.events if e.sub_event_type == "armed_clash"]
    assert clash.fatalities == 27  # "over 27", which the NER reads as a day, and not the 100 injured


def test_a_toll_with_no_one_named_is_no_event_of_its_own(pipeline):
    result = pipeline.extract(
        "The death toll from armed clashes in Tripoli has risen to 27, the health ministry said on Tuesday.",
        published="2023-08-16",
    )
    assert list(result.events) == []


@pytest.mark.parametrize(
    ("sentence", "dead"),
    [
        ("The death toll from the clashes in Tripoli has risen to over 27, with more than 100 injured.", 27),
        ("The toll from the bombing on July 3 has reached 324, the ministry said.", 324),
    ],
)
def test_a_toll_counts_people_not_days(sentence, dead):
    doc = load_nlp()(sentence)
    assert fatalities(next(doc.sents)) == dead


@pytest.mark.parametrize(
    ("text", "sub_type"),
    [
        ("Police said 49 persons had been taken into custody in Kasganj on Saturday.", "arrests"),
        ("Nine suspects were placed in detention in Peshawar on Saturday, police said.", "arrests"),
        # South Asian press: a dharna is a sit-in
        ("Farmers sat on dharna outside the collectorate in Meerut on Saturday.", "peaceful_protest"),
        ("Opposition workers staged a dharna in Lucknow on Saturday.", "peaceful_protest"),
    ],
)
def test_custody_is_an_arrest_and_a_dharna_a_protest(pipeline, text, sub_type):
    events = pipeline.extract(text, published="2018-01-28").events
    assert [e.sub_event_type for e in events] == [sub_type]


@pytest.mark.parametrize(
    "text",
    [
        "The minister took part in a meeting in Lucknow on Saturday.",
        "The court placed the case in the hands of a new judge in Lucknow on Saturday.",
    ],
)
def test_taking_or_placing_without_custody_is_no_arrest(pipeline, text):
    assert pipeline.extract(text, published="2018-01-28").events == ()


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("Police said 49 persons had been taken into custody in Kasganj in connection with Friday's violence.",
         "Rioters (India)"),
        ("Police arrested 30 people in Leicester on Sunday over the violence of Saturday night.", "Rioters (United Kingdom)"),
        # held for something else: nobody is named, no rioters either
        ("Police arrested 30 people in Leicester on Sunday in connection with a fraud inquiry.", None),
    ],
)  # fmt: skip
def test_people_held_over_a_riot_are_rioters(pipeline, text, held):
    (arrest,) = pipeline.extract(text, published="2018-01-28").events
    assert arrest.sub_event_type == "arrests"
    assert arrest.actor2 == held
