"""A dateline in title case before a colon, the Indian and Gulf press's form ("Lucknow: ...").

The NER often leaves the name untagged (it reads it as a heading); the places stage takes it when
the story opens with it (after a scraped page's headline at most) and it is a country, a
first-level division or a city of 100,000 or more. A title-case word before a colon is as often a
speaker or a label ("Clinton: We will not back down", "Warning: ..."), so a smaller namesake is not
taken, nor a name further down the story, where a colon follows a speaker in a transcript.
"""

from __future__ import annotations

import pytest

PUB = "2019-07-14"


def _names(pipeline, text: str) -> set[str]:
    return {p.name for p in pipeline.extract(text, published=PUB).locations}


@pytest.mark.parametrize(
    ("text", "place"),
    [
        (
            "Muscat: The festival came to a close amid much fanfare on Saturday, with awards for the best "
            "feature film and the best documentary.",
            "Muscat",
        ),
        # newstracklive.com, trimmed
        ("Lucknow: Police is seen taking to the streets to check rumours of child theft in the state.", "Lucknow"),
        # a scraped page's headline before it (after the layout of a kolkata24x7.com page)
        (
            "Special Police Teams Constituted To Maintain Law And Order\n\n"
            "Muscat: To maintain law and order, special teams of police have been constituted.",
            "Muscat",
        ),
    ],
)
def test_a_titled_dateline_of_a_city_of_note_is_a_place(pipeline, text, place):
    assert place in _names(pipeline, text)


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("Clinton: We will not back down, she told supporters at the rally on Friday evening.", "Clinton"),
        ("Warning: The following pictures may distress some readers, the broadcaster said.", "Warning"),
        (
            "The coach spoke to reporters after the game.\n\nHe was asked about the second half.\n\n"
            "Jackson: The team played well in the second half, and we deserved the win.",
            "Jackson",
        ),
    ],
)
def test_a_speaker_or_a_label_before_a_colon_is_no_place(pipeline, text, word):
    assert word not in _names(pipeline, text)
