"""A name in capitals or with inner capitals ("ATC", "MoD", "PAN", "BBC") is an organisation's acronym
or a code more often than a place: the gazetteer's loose lookup and its airport codes must not make it
a town. It may still be a country or a division ("US", "UK", "DPRK"), a city of a million ("NYC") or a
town spelled so in a dateline ("MOPTI, Mali"). And a DATE the NER gives with no date in it ("in
Manbij") is a misread name a place cue may claim.

Written for these tests after the pattern of wire copy; none is from a reference article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.places import Toponym, _candidates, _defined_acronyms, _hyphenated_place, _misread_date

PUB = "2018-04-10"


def _places(pipeline, text):
    return {p.name for p in pipeline.extract(text, published=PUB).locations}


@pytest.mark.parametrize(
    ("text", "not_a_place"),
    [
        ("The MoD confirmed the soldier's death in Syria on Friday.", "Modesto"),
        ("Air traffic control (ATC) staff in Brussels walked out on Tuesday.", "Arthur\u2019s Town"),
        ("The BBC reported that the fire in Leeds was under control by Sunday.", "Bay City"),
        ("Analysts at the PAN party in Mexico City said turnout fell.", "Hpa-An"),
    ],
)
def test_an_acronym_is_no_town(pipeline, text, not_a_place):
    assert not_a_place not in _places(pipeline, text)


def test_acronyms_of_countries_and_a_towns_dateline_stay(pipeline):
    places = _places(pipeline, "MOPTI, Mali (AP) - The US and UK condemned an attack on a checkpoint on Tuesday.")
    assert {"Mopti", "United States", "United Kingdom"} <= places


@pytest.mark.parametrize(
    ("surface", "kept", "dropped"),
    [
        ("DPRK", "North Korea", None),
        ("NYC", "New York City", None),
        ("MoD", None, "Modesto"),
        ("DBS", None, "Dubois"),
        ("CIS", None, "Cis"),
    ],
)
def test_which_places_an_acronym_may_be(gazetteer, surface, kept, dropped):
    names = {p.name for p in _candidates(gazetteer, Toponym(0, len(surface), surface, 0, "GPE"))}
    if kept:
        assert kept in names
    if dropped:
        assert dropped not in names


@pytest.mark.parametrize(
    ("label", "text", "misread"),
    [
        ("DATE", "Manbij", True),  # "US forces in Manbij", the town tagged DATE: free for "in" to claim
        ("DATE", "last Friday", False),
        ("DATE", "2018", False),
        ("DATE", "the holy month", False),
        ("TIME", "dawn", False),
        ("GPE", "Manbij", False),
    ],
)
def test_a_date_with_no_date_in_it_is_a_misread_name(label, text, misread):
    assert _misread_date(label, text) is misread


@pytest.mark.parametrize(
    ("text", "place", "found"),
    [
        # a piece of a hyphenated surname is no place
        (
            "The family of Tanesha Melbourne-Blake, 17, who died in Tottenham, London, spoke on Friday.",
            "Melbourne",
            False,
        ),
        # a pair of places, or a place the gazetteer knows whole, stays
        ("Russia wants a greater role in the Asia-Pacific region, officials in Hanoi said.", "Asia", True),
        ("Protests spread across Gilgit-Baltistan on Monday.", "Gilgit-Baltistan", True),
    ],
)
def test_a_hyphenated_name(pipeline, text, place, found):
    assert (place in _places(pipeline, text)) is found


@pytest.mark.parametrize(
    ("text", "defined"),
    [
        ("Air Zimbabwe approached British Airways (BA) about the route.", {"BA"}),
        ("the Zimbabwe Tourism Authority (ZTA) chief said", {"ZTA"}),
        ("Islamic State West Africa Province (ISWAP) fighters", {"ISWAP"}),
        ("the Democratic People's Republic of Korea (DPRK) said", set()),  # a country's
        ("the United Arab Emirates (UAE) said", set()),
        ("the army (FAMa) said", set()),  # no initials to match
    ],
)
def test_an_acronym_the_text_defines_as_no_place(gazetteer, text, defined):
    assert _defined_acronyms(text, gazetteer) == defined


@pytest.mark.parametrize(
    ("text", "head", "place"),
    [
        ("a student at IBA-Karachi wrote", "IBA", False),  # an acronym before a place is its institution
        ("the Asia-Pacific region", "Asia", True),
        ("in Gilgit-Baltistan", "Gilgit", True),
    ],
)
def test_an_acronym_before_a_hyphenated_place_is_no_place(gazetteer, text, head, place):
    start = text.index(head)
    assert _hyphenated_place(text, start, start + len(head), gazetteer) is place
