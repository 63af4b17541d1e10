"""Stones thrown are rioting, and who threw them at whom:

* "hurled rocks at", "pelted police with stones", "stone-pelting" is a riot by the crowd that threw
  them (a thrown grenade is not: the weapon rows type it);
* the force the stones were thrown at is the riot's other side, not a force named elsewhere in
  the sentence;
* a verb with a subject of its own that names no actor ("when dozens of suspects hurled rocks")
  was not done by an actor named in another clause ("troops were operating in the area");
* a witness's quoted narration in a when-clause reports the act, like one in a main clause;
* "the clashes" may point back to a riot as well as to a battle.

Written for these tests after the pattern of wire copy; none is from a reference article.
"""

from __future__ import annotations

import pytest

PUB = "2024-06-15"  # a Saturday


@pytest.mark.parametrize(
    ("text", "target"),
    [
        ("Youths pelted police with stones in Srinagar on Friday.", "Police Forces of India"),
        (
            "Dozens of protesters hurled rocks at Kenyan police outside the parliament in Nairobi on Friday.",
            "Police Forces of Kenya",
        ),
    ],
)
def test_stones_thrown_are_a_riot_against_those_they_were_thrown_at(pipeline, text, target):
    (event,) = pipeline.extract(text, published=PUB).events
    assert event.sub_event_type == "violent_demonstration"
    assert event.actor1.startswith(("Rioters", "Protesters"))
    assert event.actor2 == target


def test_a_thrown_grenade_is_no_riot(pipeline):
    (event,) = pipeline.extract(
        "Militants hurled a grenade at a police patrol in Srinagar on Friday, wounding three officers.",
        published=PUB,
    ).events
    assert event.sub_event_type == "grenade"


def test_the_thrower_is_the_subject_not_a_force_named_before(pipeline):
    result = pipeline.extract(
        "A Palestinian teenager was shot dead in the West Bank town of Qabatiya on Saturday, the Palestinian "
        "health ministry said. An Israeli military official told AFP that troops were operating in the Jenin "
        "area when \u201cdozens of suspects hurled rocks at Israeli security forces\u201d.",
        published=PUB,
    )
    (riot,) = [e for e in result.events if e.event_type == "riots"]
    assert riot.actor1.startswith("Rioters")
    assert riot.actor2 == "Military Forces of Israel"


def test_the_clashes_may_point_back_to_a_riot(pipeline):
    result = pipeline.extract(
        "Rival groups hurled stones at each other in Kasganj on Friday before shots were fired, police said. "
        "Another man injured in the clashes, Naushad, is admitted to hospital.",
        published=PUB,
    )
    assert [e.event_type for e in result.events] == ["riots"]
