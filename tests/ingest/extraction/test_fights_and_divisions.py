"""Fights told in words the triggers missed, and the sides they name:

* "exchanged fire", "traded gunfire", "an exchange of fire" is a fight; what is exchanged must be
  shots ("exchanged views", "an exchange of prisoners" is none);
* a subject "X and Y" of a reciprocal act ("Fano fighters and troops exchanged fire") names both sides;
* "Fighting broke out when the army launched an operation to push Fano fighters out of Kobo": the
  clause that tells how it began names who began it and against whom;
* "in the Amhara region": a division the NER left untagged is still the place when the gazetteer
  knows a division of that name;
* one crowd, called protesters in one sentence and rioters in the next, is one riot.

The first sentence is adapted from a real report (Rediff, Pakistan 2007); the others are written
for these tests.
"""

from __future__ import annotations

import pytest

PUB = "2023-08-03"  # a Thursday


@pytest.mark.parametrize(
    "text",
    [
        "Armed militants inside the seminary exchanged small arms fire with troops who had surrounded the area "
        "near Mingora on Friday.",
        "Police and gunmen traded gunfire for two hours in the town of Kaduna on Tuesday.",
        "Fano fighters and troops exchanged fire near Debre Tabor on Tuesday, a doctor told Reuters.",
    ],
)
def test_an_exchange_of_fire_is_a_fight_between_two_sides(pipeline, text):
    events = pipeline.extract(text, published=PUB).events
    assert [e.sub_event_type for e in events] == ["armed_clash"]
    assert events[0].actor1 is not None
    assert events[0].actor2 is not None
    assert events[0].actor1 != events[0].actor2


@pytest.mark.parametrize(
    "text",
    [
        "The two leaders exchanged views on the war in Addis Ababa on Tuesday.",
        "The army and the rebels agreed an exchange of prisoners in Addis Ababa on Tuesday.",
    ],
)
def test_exchanging_anything_but_shots_is_no_fight(pipeline, text):
    assert [e.sub_event_type for e in pipeline.extract(text, published=PUB).events if e.event_type == "battles"] == []


def test_the_clause_that_tells_how_fighting_began_names_its_sides(pipeline):
    (event,) = pipeline.extract(
        "Fighting broke out several days ago when the Ethiopian National Defense Force (ENDF) launched an "
        "operation to push Fano fighters out of the town of Kobo, said a diplomatic source.",
        published=PUB,
    ).events
    assert (event.sub_event_type, event.actor1, event.actor2) == ("armed_clash", "Military Forces of Ethiopia", "Fano")
    assert event.location == "Kobo"


def test_a_division_the_ner_missed_is_the_place(pipeline):
    result = pipeline.extract(
        "Ethiopia's military has clashed with fighters from a militia in the Amhara region, residents said on "
        "Wednesday.",
        published=PUB,
    )
    (event,) = result.events
    assert event.country_code == "ET"
    assert any(loc.feature == "admin1" and loc.country_code == "ET" for loc in result.locations)


@pytest.mark.parametrize(
    "text",
    [
        "Protesters torched cars near the town of Zvecan on Friday. Reports said police fired tear gas after "
        "rioters threw stones at a roadblock near the town of Zvecan.",
        "Serb protesters hurled stones at NATO troops in Zvecan on Friday. Later, rioters set fire to two cars "
        "near the town of Zvecan, police said.",
    ],
)
def test_protesters_then_rioters_are_one_crowd(pipeline, text):
    result = pipeline.extract(text, published="2012-06-02")
    assert [e.sub_event_type for e in result.events] == ["violent_demonstration"]


@pytest.mark.parametrize(
    "follow_up",
    [
        "The arrest resulted in armed clashes between the parties.",
        "The arrest sparked fighting between the two sides.",
        "Clashes between them went on into the night.",
    ],
)
def test_clashes_between_the_parties_are_fought_by_the_sides_just_named(pipeline, follow_up):
    result = pipeline.extract(
        "On Monday, a militia commander was detained by the Special Deterrence Force in Tripoli. " + follow_up,
        published="2023-08-16",
    )
    (clash,) = [e for e in result.events if e.sub_event_type == "armed_clash"]
    assert clash.actor1 == "Special Deterrence Force"
    assert clash.date == "2023-08-14"  # the day of the arrest it followed


def test_clashes_between_named_sides_keep_their_own(pipeline):
    result = pipeline.extract(
        "On Monday, a militia commander was detained by the Special Deterrence Force in Tripoli. Clashes between "
        "the 444th Brigade and the Libyan National Army broke out on Tuesday.",
        published="2023-08-16",
    )
    assert "Special Deterrence Force" not in [e.actor1 for e in result.events if e.sub_event_type == "armed_clash"]
