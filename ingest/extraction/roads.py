"""Roads and junctions the NER misses: "a crash on the A120", "via the A436, A40 and A429", "the M5
highway", "the Air Balloon roundabout", "the Kerem Shalom crossing".

A road number (a letter and up to four digits: Britain's A and M roads, Ireland's N and M, Syria's
M4 and M5) is a road only when the words around it say so: a road word after it ("the A417
southbound carriageway", "the M5 highway", "the A429 Cirencester junction"), a word for travel
before it ("along the", "via the", "onto the"), "on the" with a place preposition after it ("on the
A120 at Coggeshall"), or a list with such a road. The same shape names aircraft ("the A380"),
weapons ("an M16") and paper sizes, so a sentence with such a word keeps none. A junction noun
after a name makes the name a junction ("the Air Balloon roundabout"). Pure: regexes and tables.
"""

from __future__ import annotations

import re

from .place_shapes import lower_case_word_after

# Words after a road number (one or two names may stand between: "the A429 Cirencester junction").
ROAD_WORDS = frozenset(
    {
        "road",
        "highway",
        "motorway",
        "carriageway",
        "expressway",
        "freeway",
        "junction",
        "bypass",
        "roundabout",
        "northbound",
        "southbound",
        "eastbound",
        "westbound",
        "slip",
        "dual",
        "corridor",
    }
)
# Words before "the <number>" that make it a way travelled.
TRAVEL_WORDS = frozenset(
    {"along", "via", "off", "onto", "join", "joins", "joined", "joining", "rejoin", "closed", "close", "follow",
     "follows", "exit", "exits", "exited", "leave", "leaving", "left"}
)  # fmt: skip
# Prepositions after "on the <number>" that place something on a road ("on the A120 at Coggeshall").
ON_ROAD_AFTER = frozenset({"at", "between", "near", "in", "towards", "toward", "outside", "from", "to"})
# Words of a sentence in which the road-number shape names something else.
NOT_ROAD_WORDS = frozenset(
    {
        "airbus",
        "boeing",
        "airline",
        "airlines",
        "flight",
        "flights",
        "flies",
        "flew",
        "flying",
        "passengers",
        "aircraft",
        "airliner",
        "airliners",
        "plane",
        "planes",
        "jet",
        "jets",
        "fleet",
        "rifle",
        "rifles",
        "carbine",
        "carbines",
        "tank",
        "tanks",
        "howitzer",
        "howitzers",
        "missile",
        "missiles",
        "bomber",
        "bombers",
        "paper",
        "level",
        "levels",
        "vitamin",
        "vitamins",
    }
)
# Lower-case nouns after a name that make the name a junction or a crossing point.
JUNCTION_NOUNS = frozenset({"roundabout", "junction", "interchange", "flyover", "checkpoint", "crossing"})

_NUMBER = r"[AMBN]\d{1,4}(?:\([MT]\))?"
ROAD_NUMBER = re.compile(_NUMBER)
_ROAD = re.compile(rf"(?<![\w/-]){_NUMBER}(?![\w/-])")
_WORDS_BEFORE = re.compile(r"(?P<word>[A-Za-z]+)\s+the\s+$")
_AFTER = re.compile(r"\s+(?:[A-Z][\w'\u2019-]*\s+){0,2}(?P<word>[a-z]+)\b")
_NEXT = re.compile(rf"(?:,\s*|,?\s+(?:and|or)\s+)(?:the\s+)?(?P<road>{_NUMBER})(?![\w/-])")
_SENTENCE_END = re.compile(r"[.!?\n]")


def _sentence_words(text: str, start: int) -> set[str]:
    left = max((m.end() for m in _SENTENCE_END.finditer(text, max(0, start - 300), start)), default=max(0, start - 300))
    right = _SENTENCE_END.search(text, start)
    return set(re.findall(r"[a-z]+", text[left : right.start() if right else len(text)].lower()))


def _road_cued(text: str, start: int, end: int) -> bool:
    after = _AFTER.match(text, end)
    if after is not None and after.group("word") in ROAD_WORDS:
        return True
    before = _WORDS_BEFORE.search(text, max(0, start - 20), start)
    if before is None:
        return False
    word = before.group("word").lower()
    if word in TRAVEL_WORDS:
        return True
    follows = re.match(r"\s+(?P<word>[a-z]+)\b", text[end:])
    return word == "on" and follows is not None and follows.group("word") in ON_ROAD_AFTER


def road_numbers(text: str) -> list[tuple[int, int]]:
    """Spans of the road numbers the text names as roads."""
    out: list[tuple[int, int]] = []
    for m in _ROAD.finditer(text):
        if any(s <= m.start() < e for s, e in out) or not _road_cued(text, m.start(), m.end()):
            continue
        if _sentence_words(text, m.start()) & NOT_ROAD_WORDS:
            continue
        spans = [m.span()]
        end = m.end()
        while (nxt := _NEXT.match(text, end)) is not None:  # "via the A436, A40 and A429"
            spans.append(nxt.span("road"))
            end = nxt.end()
        out.extend(s for s in spans if s not in out)
    return sorted(out)


def junction_after(text: str, end: int) -> bool:
    """Does a junction noun follow the name ending at ``end`` ("the Air Balloon roundabout")?"""
    return lower_case_word_after(text, end) in JUNCTION_NOUNS
