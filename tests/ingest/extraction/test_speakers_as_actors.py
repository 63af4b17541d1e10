"""A quote's named speaker is an actor of the article even where the NER missed the name: "said NATO
spokesperson in Kosovo Uwe Nowitzki" gives the quote its speaker, and the actor list the person. A
speaker of one word or a generic one ("a resident") is left to the actor stage.
"""

from __future__ import annotations

from ingest.extraction.pipeline import _with_named_speakers
from ingest.extraction.result import ActorResult, QuoteResult


def _quote(speaker: str | None) -> QuoteResult:
    return QuoteResult(text="The roads will be cleared by Friday.", speaker=speaker, start=0, end=36)


def test_named_speakers_no_actor_names_join_the_actors():
    reported = (ActorResult("Kosovo Force", "international", None, ("KFOR",)),)
    quotes = [
        _quote("Maja Kocijancic"),
        _quote("Maja Kocijancic"),  # once, however often quoted
        _quote("Veracruz prosecutor's office"),
        _quote("KFOR"),  # an actor already, by its alias
        _quote("resident"),
        _quote("Wafa"),
        _quote(None),
    ]
    out = _with_named_speakers(reported, quotes)
    assert [(a.name, a.kind) for a in out] == [
        ("Kosovo Force", "international"),
        ("Maja Kocijancic", "person"),
        ("Veracruz prosecutor's office", "other"),
    ]
