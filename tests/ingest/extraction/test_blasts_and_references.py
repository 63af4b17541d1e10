"""Blasts before anyone counts or claims them, incidents named only as a time reference, places that
describe a group, and tolls whose doer is named in the act's "by" phrase.

Texts were written for these tests in the shape of wire copy; none comes from a reference set.
"""

from __future__ import annotations

import pytest

PUB = "2022-06-10"


def _events(pipeline, text):
    return pipeline.extract(text, published=PUB).events


@pytest.mark.parametrize(
    ("text", "sub_event_type", "location"),
    [
        (
            "A car bomb exploded outside a busy market in Kismayo on Tuesday morning.",
            "remote_explosive_landmine_ied",
            "Kismayo",
        ),
        (
            "A roadside bomb blew up near a checkpoint in Baidoa on Monday.",
            "remote_explosive_landmine_ied",
            "Baidoa",
        ),
    ],
)
def test_a_blast_at_a_named_town_is_an_event_without_a_toll_or_a_doer(pipeline, text, sub_event_type, location):
    assert [(e.sub_event_type, e.location) for e in _events(pipeline, text)] == [(sub_event_type, location)]


@pytest.mark.parametrize(
    "text",
    [
        "Officials said a bombing could hit the capital soon.",  # no blast went off
        "Security forces recovered a car bomb in a garage in Kismayo on Tuesday.",  # a weapon, not its use
    ],
)
def test_a_blast_word_alone_is_no_explosion(pipeline, text):
    assert not [e for e in _events(pipeline, text) if e.event_type == "explosions_remote_violence"]


def test_two_blasts_of_one_suicide_attack_are_one_event(pipeline):
    text = (
        "On Friday evening a minibus exploded at the gate of a hotel in Beledweyne, and minutes later a "
        "suicide bomber blew himself up among the people who ran to help."
    )
    assert [e.sub_event_type for e in _events(pipeline, text)] == ["suicide_bomb"]


@pytest.mark.parametrize(
    ("text", "sub_event_type"),
    [
        ("Police recovered 14 IEDs planted by the rebels in a forest near Kismayo.", "disrupted_weapons_use"),
        ("Soldiers defused a landmine buried on a road near Beledweyne on Sunday.", "disrupted_weapons_use"),
    ],
)
def test_a_device_taken_out_of_use_is_a_disrupted_weapon(pipeline, text, sub_event_type):
    assert [e.sub_event_type for e in _events(pipeline, text)] == [sub_event_type]


def test_an_incident_named_as_a_time_reference_is_not_the_sentence_event_nor_its_place(pipeline):
    text = (
        "A suicide bomber blew himself up at a restaurant in Beledweyne on Sunday, killing nine people.\n\n"
        "Three days before the Beledweyne bombing, six people were killed when a bomb exploded outside a "
        "hotel in the capital Mogadishu."
    )
    events = sorted(_events(pipeline, text), key=lambda e: e.location or "")
    assert [(e.location, e.fatalities) for e in events] == [("Beledweyne", 9), ("Mogadishu", 6)]


def test_a_sentence_set_at_another_time_is_not_a_follow_up_of_the_incident_before(pipeline):
    text = (
        "A bomb exploded at a bus station in Baidoa on Monday, killing five people.\n"
        "A week earlier, three people were killed when a bomb exploded in Kismayo."
    )
    events = _events(pipeline, text)
    assert sorted((e.location, e.fatalities) for e in events) == [("Baidoa", 5), ("Kismayo", 3)]


def test_the_doer_in_the_acts_by_phrase_is_actor1_and_a_place_describing_the_group_is_not_the_events(pipeline):
    text = (
        "A car exploded outside a crowded cafe in Beledweyne on Saturday.\n\n"
        "At least 12 people died in the attack, the latest by al-Shabaab, an Islamist group in East Africa."
    )
    events = _events(pipeline, text)
    assert len(events) == 1
    assert (events[0].actor1.lower(), events[0].location, events[0].fatalities) == ("al-shabaab", "Beledweyne", 12)
