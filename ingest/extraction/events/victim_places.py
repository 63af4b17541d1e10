"""A toll shared out by place: "Gunmen killed five people on Tuesday in X district … Four of the
victims were fishermen, living in the village of A … The fifth victim was caught near B village".
ACLED codes an event a location, so when the sentences after a lead tell where its dead were, place
by place, and their parts add up to the lead's toll, the incident becomes one event a place, each
with its part of the toll. A part that names no place of its own, a hometown ("Two of the dead were
from Kabul") or parts that do not add up leave the incident whole."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from spacy.tokens import Span

from ..nlp import Paragraph
from ..page_tail import body_end
from ..places import PlaceSet, Resolved
from .candidate import Candidate
from .fatalities import parse_number

# The words that open a part. A newcomer adds a noun for the dead to _DEAD, an ordinal to _ORDINALS.
_DEAD = r"(?:victims?|dead|deceased|bod(?:y|ies)|people killed|those killed|persons killed)"
_ORDINALS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last)"
_COUNT = r"(?:\d+|[a-z]+(?:[- ][a-z]+)?)"
_PART = re.compile(
    rf"^\W*(?:"
    rf"(?P<n>{_COUNT}) of (?:the {_DEAD}|those (?:killed|who died))"  # "Four of the victims were …"
    rf"|the {_ORDINALS} (?:victim|body|person killed)"  # "The fifth victim was caught near …"
    rf"|the (?:other|remaining) (?:(?P<m>{_COUNT}) )?{_DEAD}"  # "The other two victims …", "The remaining dead …"
    rf"|the (?:other|remaining) (?P<k>\d+|two|three|four|five|six|seven|eight|nine|ten)\b"  # "The other two were …"
    rf")",
    re.IGNORECASE,
)
_REST = re.compile(r"^\W*the (?:other|remaining)\b", re.IGNORECASE)
_HOMETOWN = re.compile(r"\b(?:from|native of|natives of|hail(?:ed|ing)? from)\s+(?:the\s+)?(?:\w+\s+of\s+)?$", re.I)
_REACH = 4  # sentences after the lead in which its dead may be placed
_SETTLEMENTS = frozenset({"city", "other"})


@dataclass(frozen=True)
class _Sentence:
    index: int
    start: int
    end: int
    span: Span


def _sentences(paragraphs: Sequence[Paragraph]) -> list[_Sentence]:
    """The article's sentences as the event loop numbers them (sentences.detect_events)."""
    out: list[_Sentence] = []
    for para in paragraphs[: body_end(paragraphs)]:
        for sent in para.sents:
            out.append(_Sentence(len(out) + 1, para.start + sent.start_char, para.start + sent.end_char, sent))
    return out


def _count(m: re.Match[str]) -> int | None:
    """How many dead a part counts: its number, one for "the fifth victim", None for "the others"."""
    n = m.group("n") or m.group("m") or m.group("k")
    if n is not None:
        return parse_number(n)
    return None if m.group(0).lower().rstrip().endswith(("victims", "dead", "deceased", "bodies")) else 1


def _own_place(s: _Sentence, text: str, places: PlaceSet) -> Resolved | None:
    """The settlement the part puts its dead in, not a hometown."""
    for t, r in places.in_span(s.start, s.end):
        if r.place.feature in _SETTLEMENTS and not _HOMETOWN.search(text[max(s.start, t.start - 40) : t.start]):
            return r
    return None


def split_by_victim_places(
    incidents: list[Candidate], text: str, paragraphs: Sequence[Paragraph], places: PlaceSet
) -> list[Candidate]:
    """Replace each incident whose dead the next sentences place town by town with one event a town."""
    tolled = [c for c in incidents if c.fatalities is not None and c.fatalities >= 2]
    if not tolled:
        return incidents
    sents = _sentences(paragraphs)
    starts = sorted(c.start for c in incidents)
    out: list[Candidate] = []
    for c in incidents:
        parts = _parts(c, sents, starts, text, places) if c in tolled else None
        if parts is None:
            out.append(c)
            continue
        lead = (c.sentence.text, c.start, c.end)
        for place, n, s in parts:
            out.append(
                replace(
                    c,
                    place=place,
                    place_own=True,
                    geo_precision=1,
                    fatalities=n,
                    sentence=s.span,
                    start=s.start,
                    end=s.end,
                    extra=[lead],
                    merged_names=set(c.merged_names),
                )
            )
    return out


def _parts(
    c: Candidate, sents: list[_Sentence], starts: list[int], text: str, places: PlaceSet
) -> list[tuple[Resolved, int, _Sentence]] | None:
    """The (place, dead, sentence) parts of ``c``'s toll, when two or more places share all of it."""
    total = c.fatalities or 0
    later = [s for s in starts if s > c.start]
    stop = later[0] if later else len(text)
    first = next((s.index for s in sents if s.start <= c.start < s.end), None)
    if first is None:
        return None
    parts: list[tuple[Resolved, int | None, _Sentence]] = []
    for s in sents[first : first + _REACH]:
        if s.start >= stop:
            break
        m = _PART.match(s.span.text)
        if m is None:
            continue
        place = _own_place(s, text, places)
        if place is None:
            return None  # "Three of the victims were children": the dead are told, not placed
        if c.place is not None and place.place.country_code != c.place.place.country_code:
            return None  # a namesake abroad: the gazetteer's reading, not the report's
        parts.append((place, _count(m), s))
    known = sum(n for _, n, _ in parts if n is not None)
    unknown = [i for i, (_, n, _) in enumerate(parts) if n is None]
    if len(unknown) > 1 or (unknown and not _REST.match(parts[unknown[0]][2].span.text)):
        return None
    if unknown:
        i = unknown[0]
        parts[i] = (parts[i][0], total - known, parts[i][2])
        known = total
    named = {p.place.name for p, _, _ in parts}
    if len(parts) < 2 or len(named) < len(parts) or known != total or any((n or 0) <= 0 for _, n, _ in parts):
        return None
    return [(p, n or 0, s) for p, n, s in parts]
