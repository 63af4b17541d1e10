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
        ("armed_clash", "Dan Sadau", "2021-04-30"),  # GeoNames spells the Zamfara town in two words
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


@pytest.mark.parametrize(
    "text",
    [
        # definite generic actors point back to the incident just told
        "Gunmen shot dead a local reporter in Tierra Blanca on Wednesday night, prosecutors said.\n\n"
        "The gunmen opened fire and fled in a vehicle, the statement said.",
        # a definite noun trigger in a subordinate clause is the incident told, not a new one
        "Government warplanes struck the town of Saraqeb on Sunday, killing 42 civilians, activists said.\n\n"
        "It was not immediately clear what the attacks were targeting.",
    ],
)
def test_a_mention_that_points_back_joins_the_incident(pipeline, text):
    events = [e for e in pipeline.extract(text, published=PUB).events if e.event_type != "protests"]
    assert len(events) == 1
    assert len(events[0].extra_evidence) == 1


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        # the victims of the killing tell what kind of attack the bare "revenge attack" was
        (
            "Boko Haram militants killed 65 mourners at a funeral in a revenge attack on Saturday.",
            "attack",
        ),
        # an administrative post is a division, not a military post
        (
            "Insurgents murdered and beheaded five villagers on Tuesday in the Mucojo administrative post, police said.",
            "attack",
        ),
        # intercepting people is an armed encounter; intercepting drones disrupts weapons
        ("The army intercepted a group of suspected jihadists on Friday night, killing 24 of them.", "armed_clash"),
        (
            "Russian air defences intercepted 14 Ukrainian drones over Belgorod on Friday night, the ministry said.",
            "disrupted_weapons_use",
        ),
    ],
)
def test_the_sub_type_follows_who_or_what_was_hit(pipeline, text, sub_event_type):
    assert sub_event_type in {e.sub_event_type for e in pipeline.extract(text, published=PUB).events}


def test_a_repeated_page_title_is_a_headline_not_a_second_event(pipeline):
    text = (
        "Two militants killed in ongoing Pulwama gunfight\n\nTwo militants killed in ongoing Pulwama gunfight\n\n"
        "Anantnag: Two militants have been killed in Samboora area of Pulwama district in an ongoing gunfight "
        "with government forces."
    )
    assert len([e for e in pipeline.extract(text, published=PUB).events if e.event_type == "battles"]) == 1


def test_a_weekday_before_an_apposed_group_is_not_a_group(pipeline):
    text = "Later on Friday, an insurgent group attacked a neighbourhood of Nangade town, killing three people."
    assert "Friday" not in {a.name for a in pipeline.extract(text, published=PUB).actors}


@pytest.mark.parametrize(
    ("text", "actor"),
    [
        ("A teenager was killed by Israeli fire in the town of Beit Furik on Saturday.", "Military Forces of Israel"),
        ("Two civilians died in a Russian raid on the village on Monday, officials said.", "Military Forces of Russia"),
    ],
)
def test_a_nationalitys_fire_or_raid_names_its_forces(pipeline, text, actor):
    events = pipeline.extract(text, published=PUB).events
    assert actor in {n for e in events for n in (e.actor1, e.actor2)}


def test_a_destination_is_not_where_the_fighting_was(pipeline):
    text = (
        "Kurdish forces clashed with Islamic State fighters in Mosul on Monday.\n\n"
        "Officials said many Islamic State fighters had been killed and that Kurdish forces continue to "
        "advance towards the town of Tal Afar."
    )
    events = [e for e in pipeline.extract(text, published="2016-10-17").events if e.event_type == "battles"]
    assert events
    town = next(loc.name for loc in pipeline.extract(text, published="2016-10-17").locations if "Afar" in loc.name)
    assert town not in {e.location for e in events}
