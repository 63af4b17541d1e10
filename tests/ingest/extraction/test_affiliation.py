"""Unnamed fighters the report then ties to a named group are that group (events/affiliation.py):
"The militants, we believe, are associated with Jaish-e-Muhammad militant outfit", "the gunmen were
members of the ADF". A group merely named nearby, or fighters tied to no one, change nothing.

Written for these tests after the pattern of Kashmiri and Congolese wire copy; none is from a
reference article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.events.affiliation import AFFILIATION

PUB = "2020-09-28"  # a Monday


@pytest.mark.parametrize(
    ("tie", "group"),
    [
        (
            "\u201cThe militants, we believe, are associated with Jaish-e-Muhammad militant outfit,\u201d a police "
            "source said.",
            "Jaish-e-Mohammed",
        ),
        ("Police said the militants belonged to Lashkar-e-Taiba.", "Lashkar-e-Taiba"),
    ],
)
def test_fighters_tied_to_a_group_are_that_group(pipeline, tie, group):
    result = pipeline.extract(
        "Two unidentified militants were killed in a gunfight with government forces in Pulwama district on "
        "Sunday. " + tie,
        published=PUB,
    )
    (clash,) = result.events
    assert group in (clash.actor1, clash.actor2)


def test_a_group_named_without_a_tie_changes_nothing(pipeline):
    result = pipeline.extract(
        "Two unidentified militants were killed in a gunfight with government forces in Pulwama district on "
        "Sunday. Lashkar-e-Taiba has carried out several attacks in the district this year, police said.",
        published=PUB,
    )
    assert "Lashkar-e-Taiba" not in [a for e in result.events for a in (e.actor1, e.actor2)]


@pytest.mark.parametrize(
    ("before", "ties"),
    [
        ("the gunmen were members of ", True),
        ("the attackers are believed to be linked to ", True),
        ("the army said it had fought ", False),
        ("rebels said they had met ", False),
    ],
)
def test_the_tie_is_a_phrase_of_belonging(before, ties):
    assert bool(AFFILIATION.search(before)) is ties
