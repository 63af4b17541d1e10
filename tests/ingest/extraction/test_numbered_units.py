"""A unit known by its number alone ("the 444th brigade") is a force of its own, as Libya's armed
groups are; one named with an arm of the service ("the 21st Infantry Battalion") or owned by a state
("Ukraine's 47th Brigade") is a unit of a state's army, which the state mentions name. A person
named as a group's commander stands for the group as a side of a fight ("clashes between the
parties" after his arrest; events/roles.side_of). Sentences
written for the test after the pattern of wire reports from Tripoli, Kyiv and Sulu.
"""

from __future__ import annotations

import pytest

from ingest.extraction.actors import named_group_mentions


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Clashes broke out after the commander of the 444th brigade was detained.", ["444th Brigade"]),
        ("Fighters of the 301st Battalion and the 52nd Regiment held the road.", ["301st Battalion", "52nd Regiment"]),
        ("Troops from the 21st Infantry Battalion engaged the gunmen.", []),
        ("The 82nd Airborne Division arrived in Poland.", []),
        ("Ukraine's 47th Brigade said it had repelled an assault.", []),
        ("The Russian 155th Brigade lost a tank near the village.", []),
        ("The office is on the 3rd floor of the building.", []),
    ],
)
def test_a_unit_known_by_its_number_is_a_force_of_its_own(text, names):
    assert [m.name for m in named_group_mentions(text)] == names


def test_a_numbered_brigade_is_an_actor_of_the_article(pipeline):
    text = (
        "TRIPOLI, Libya (AP) - Clashes erupted in the Libyan capital on Monday after the commander of the "
        "444th brigade was detained at the airport by a rival armed group, officials said."
    )
    assert "444th Brigade" in {a.name for a in pipeline.extract(text, published="2023-08-15").actors}


def test_a_commanders_group_is_the_side_in_the_fight_his_arrest_set_off(pipeline):
    # written for the test: the arrested commander stands for his brigade in the clashes
    text = (
        "TRIPOLI, Libya (AP) - Ahmed Salem, the commander of the 301st brigade, was detained by the Radaa "
        "Special Deterrence Force at the airport on Monday. The arrest led to armed clashes between the "
        "parties, officials said."
    )
    events = pipeline.extract(text, published="2023-08-15").events
    arrest = next(e for e in events if e.sub_event_type == "arrests")
    clash = next(e for e in events if e.sub_event_type == "armed_clash")
    assert arrest.actor2 == "Ahmed Salem"
    assert {clash.actor1, clash.actor2} == {"Special Deterrence Force", "301st Brigade"}
