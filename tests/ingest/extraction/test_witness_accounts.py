"""A weapon dropped is a weapon used, a bare "fighter jet" is a state's air force, and a witness's
quoted narration of what someone did reports an event, where a speaker's opinion, plea or account
of their own side's losses does not."""

from __future__ import annotations

import pytest

PUB = "2023-07-06"


def _violent(pipeline, text):
    return [e for e in pipeline.extract(text, published=PUB).events if e.event_type != "strategic_developments"]


@pytest.mark.parametrize(
    ("text", "sub_type", "doer", "dead"),
    [
        (
            "A drone dropped explosives on a house in Kherson, Ukraine, on Sunday, killing two people.",
            "air_drone_strike",
            None,
            2,
        ),
        (
            "A fighter jet dropped four bombs near Kyauk Ka village in Sagaing Region, Myanmar, on Wednesday.",
            "air_drone_strike",
            "Military Forces of Myanmar",
            None,
        ),
        (
            "Military helicopters dropped barrel bombs on Daraya, Syria, on Tuesday.",
            "air_drone_strike",
            "Military Forces of Syria",
            None,
        ),
    ],
)
def test_a_dropped_weapon_is_a_strike(pipeline, text, sub_type, doer, dead):
    events = _violent(pipeline, text)
    assert [e.sub_event_type for e in events] == [sub_type]
    assert events[0].actor1 == doer
    assert events[0].fatalities == dead


@pytest.mark.parametrize(
    "text",
    [
        "Military helicopters dropped leaflets over Idlib, Syria, on Monday.",
        "The air force dropped food and medicine over the besieged town of Deir ez-Zor, Syria.",
    ],
)
def test_dropping_anything_else_is_no_strike(pipeline, text):
    assert _violent(pipeline, text) == []


def test_a_witness_narrating_an_act_reports_it(pipeline):
    text = (
        "Government forces and rebels fought in Idlib province, Syria, on Monday.\n\n"
        '"Warplanes dropped four bombs on the market in Maarat al-Numan," a resident told Reuters.'
    )
    strikes = [e for e in _violent(pipeline, text) if e.sub_event_type == "air_drone_strike"]
    assert len(strikes) == 1
    assert strikes[0].actor1 == "Military Forces of Syria"
    assert strikes[0].location.startswith("Ma")


@pytest.mark.parametrize(
    "quote",
    [
        '"This was a cowardly attack on innocent people," the governor of Borno state in Nigeria said.',
        '"We lost three comrades in the shelling," a rebel commander in Idlib, Syria, said.',
        '"They will attack again if nobody stops them," a resident of Maiduguri, Nigeria, said.',
        '"Our fighters attacked the base in Idlib, Syria," a rebel spokesman said.',
    ],
)
def test_an_opinion_a_plea_or_the_speakers_own_side_reports_nothing(pipeline, quote):
    assert _violent(pipeline, quote) == []


def test_a_witness_retelling_the_incident_just_reported_adds_no_event(pipeline):
    text = (
        "Gunmen raided the village of Kompienga in eastern Burkina Faso on Friday, killing nine people "
        "and burning shops, the governor said.\n\n"
        'A resident said that "the attackers burnt shops and motorcycles".'
    )
    events = _violent(pipeline, text)
    assert len(events) == 1
    assert events[0].fatalities == 9
