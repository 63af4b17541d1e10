"""An incident's toll: a follow-up that retells it does not add to it, one that names more dead
does, and an earlier incident's toll told as history is not this one's."""

from __future__ import annotations

import pytest

PUB = "2019-07-27"
LEAD = (
    "OUAGADOUGOU - Armed men raided a village in Burkina Faso's restive north on Friday, killing 15 people "
    "and burning shops, a regional governor said Saturday."
)


@pytest.mark.parametrize(
    ("follow_up", "toll"),
    [
        ("A statement by the governor of the Centre-Nord region said that 15 people were killed.", 15),
        ("Officials said 12 people died in the raid.", 15),
        ("A child was also killed in the raid.", 16),
    ],
)
def test_a_follow_up_retelling_the_toll_does_not_add_to_it(pipeline, follow_up, toll):
    events = [e for e in pipeline.extract(f"{LEAD} {follow_up}", published=PUB).events if e.event_type != "protests"]
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("attack", toll)]


def test_an_earlier_incidents_toll_told_as_history_is_not_this_ones(pipeline):
    text = (
        "An explosion in Kabul on Monday killed at least six people, police said. The most notorious "
        "attack since the takeover was in 2022, when at least 53 people were slain in a suicide bombing "
        "at an education centre."
    )
    events = pipeline.extract(text, published="2024-09-03").events
    assert [e.fatalities for e in events if e.date and e.date.startswith("2024")] == [6]


@pytest.mark.parametrize(
    "scene",
    [
        "This new chapter of bloodshed took place in the southeastern city of Juliaca, an official said.",
        "The tragedy occurred in the southeastern city of Juliaca, an official said.",
    ],
)
def test_a_sentence_that_only_places_the_incident_gives_it_its_town(pipeline, scene):
    # AFP (January 2023): the lead names only the country
    text = (
        "PERU (AFP): At least 17 people died Monday in Peru as protesters trying to storm an airport "
        f"clashed with security forces. {scene}"
    )
    events = pipeline.extract(text, published="2023-01-10").events
    assert [(e.location, e.fatalities) for e in events] == [("Juliaca", 17)]


def test_a_scene_without_a_word_pointing_back_places_nothing(pipeline):
    text = (
        "PERU (AFP): At least 17 people died Monday in Peru as protesters trying to storm an airport "
        "clashed with security forces. A concert took place in Juliaca on Sunday."
    )
    events = pipeline.extract(text, published="2023-01-10").events
    assert [e.location for e in events] == ["Peru"]
