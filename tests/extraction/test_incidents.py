"""Incident-level events: sentences of one incident make one event with the incident's own place,
day and toll; a killed person no word makes a combatant is a civilian victim.

Texts were written for these tests in the shape of wire copy (lead, place sentence, toll).
"""

from __future__ import annotations

import pytest

PUB = "2021-05-03"

# (text, expected (sub-type, place, date) of the single violent event)
ONE_INCIDENT = [
    (
        # the lead names only the dateline and a border; the next sentence names the town and the day
        "NIAMEY, Niger — An ambush on a military patrol near Niger's border with Mali killed 16 Niger "
        "soldiers, the government said.\n\nThe patrol was returning from a mission in Tillia, in the "
        "Tahoua region, when it was attacked by men riding motorcycles on Saturday evening.",
        ("armed_clash", "Tillia", "2021-05-01"),
    ),
    (
        "KANO, Nigeria (Reuters) - Gunmen ambushed a police convoy, killing four officers, police said.\n\n"
        "The attack happened on Friday near Dansadau, in Zamfara state, a police spokesman said.",
        ("armed_clash", "Dansadau", "2021-04-30"),
    ),
]


@pytest.mark.parametrize(("text", "expected"), ONE_INCIDENT)
def test_the_place_sentence_gives_the_incident_its_town_and_day(pipeline, text, expected):
    events = [e for e in pipeline.extract(text, published=PUB).events if e.event_type == "battles"]
    assert [(e.sub_event_type, e.location, e.date) for e in events] == [expected]


@pytest.mark.parametrize(
    ("text", "event_type", "sub_event_type"),
    [
        (
            "Pedro Ramos, a 45-year-old who covered the police beat for a local daily, was killed on "
            "Wednesday night in Tierra Blanca.",
            "violence_against_civilians",
            "attack",
        ),
        (
            "Troops killed militant commander Abu Yusuf in a raid on his hideout on Sunday.",
            "battles",
            "armed_clash",
        ),
    ],
)
def test_a_killed_person_is_a_civilian_unless_the_words_arm_them(pipeline, text, event_type, sub_event_type):
    events = pipeline.extract(text, published=PUB).events
    assert (event_type, sub_event_type) in {(e.event_type, e.sub_event_type) for e in events}
