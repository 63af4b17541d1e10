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
