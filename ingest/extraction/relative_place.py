"""Relative positions after a toponym: "Baibangou, a village about 100 kilometers north of the capital, Niamey".

A place the gazetteer lacks is often placed by the text itself, as a distance and a bearing from a
better-known place. ``relative_position`` reads that phrase right after the toponym and says how far,
in which direction and from where the text starts the anchor's name; ``offset`` moves the anchor's
point by it (a flat-earth step, right to well under a kilometre at the distances news gives).
Pure: no Django, no gazetteer.
"""

from __future__ import annotations

import math
import re
from typing import NamedTuple

# compass words -> bearing in degrees clockwise from north; "north-east", "northeast" and
# "northeastern" all read the same
BEARINGS = {
    "north": 0.0,
    "northeast": 45.0,
    "east": 90.0,
    "southeast": 135.0,
    "south": 180.0,
    "southwest": 225.0,
    "west": 270.0,
    "northwest": 315.0,
}
UNIT_KM = {"km": 1.0, "kms": 1.0, "kilometres": 1.0, "kilometers": 1.0, "kilometre": 1.0, "kilometer": 1.0,
           "miles": 1.609344, "mile": 1.609344, "mi": 1.609344}  # fmt: skip
# what an apposition may call the place before its distance: "a village about 100 km …"
PLACE_NOUNS = ("village", "town", "city", "hamlet", "settlement", "district", "area", "locality", "suburb", "camp")
# what it may call the anchor: "north of the capital, Niamey"
ANCHOR_NOUNS = ("capital", "city", "town", "provincial capital", "regional capital", "state capital", "port city")
_KM_PER_DEGREE = 111.195

_UNITS = "|".join(sorted(UNIT_KM, key=len, reverse=True))
_COMPASS = r"(?P<bearing>(?:north|south)(?:[- ]?(?:east|west))?|east|west)(?:ern)?"
_PATTERN = re.compile(
    rf",?\s+(?:(?:an?|the)\s+(?:small\s+|remote\s+)?(?:{'|'.join(PLACE_NOUNS)})\s+)?"
    r"(?:(?:some|about|around|roughly|nearly|approximately|almost|just|only)\s+)?"
    rf"(?P<dist>\d+(?:\.\d+)?)\s*(?P<unit>{_UNITS})\b\.?\s*(?:\([^)]{{0,30}}\)\s*)?"
    rf"(?:\(?{_COMPASS}\)?)?\s*(?:of|from)\s+"
    rf"(?:the\s+(?:{'|'.join(ANCHOR_NOUNS)}),?\s+(?:of\s+)?)?",
    re.IGNORECASE,
)


class RelativePosition(NamedTuple):
    km: float
    bearing: float | None  # None: "30 km from Y" gives the distance only
    anchor_start: int  # where the anchor's name starts in the text


def relative_position(text: str, end: int) -> RelativePosition | None:
    """The "…, N km <bearing> of Y" phrase that starts right after a toponym ending at ``end``."""
    m = _PATTERN.match(text, end)
    if m is None:
        return None
    km = float(m.group("dist")) * UNIT_KM[m.group("unit").lower()]
    word = m.group("bearing")
    bearing = BEARINGS[re.sub(r"[- ]", "", word.lower())] if word else None
    return RelativePosition(km, bearing, m.end())


def offset(latitude: float, longitude: float, km: float, bearing: float) -> tuple[float, float]:
    """The point ``km`` from (latitude, longitude) in the direction ``bearing`` (degrees from north)."""
    b = math.radians(bearing)
    lat = latitude + km * math.cos(b) / _KM_PER_DEGREE
    cos_lat = max(math.cos(math.radians((lat + latitude) / 2)), 0.01)
    lon = longitude + km * math.sin(b) / (_KM_PER_DEGREE * cos_lat)
    return round(max(-90.0, min(90.0, lat)), 5), round((lon + 180.0) % 360.0 - 180.0, 5)


# what a place inside a bigger one is called: "Ganai Mohalla area of Samboora", "Kalli village in Borno"
PART_NOUNS = (
    "village", "town", "hamlet", "settlement", "neighbourhood", "neighborhood", "suburb", "favela", "slum",
    "shantytown", "quarter", "district", "area", "locality", "township", "camp", "market", "compound",
)  # fmt: skip
# what the text calls the part of the bigger place it lies in: "in the southeastern countryside of Deir Ezzor"
CONTAINER_NOUNS = ("countryside", "outskirts", "suburbs", "environs", "area", "part", "periphery", "heart", "centre")
# the parts of a city an apposition may call a place: "Jacarezinho, one of the city's largest slums"
CITY_PARTS = (
    "neighbourhood",
    "neighborhood",
    "suburb",
    "favela",
    "slum",
    "shantytown",
    "quarter",
    "district",
    "township",
)

_NOUN = rf"(?:{'|'.join(PART_NOUNS)})"
_WITHIN = re.compile(
    rf",?\s+(?:(?:(?:an?|the)\s+)?(?:[a-z-]+\s+)?(?P<noun>{_NOUN})s?\s+)?"
    r"(?:just\s+|right\s+)?(?P<rel>in|inside|outside|near|of|on the outskirts of|in the outskirts of)\s+"
    rf"(?:the\s+)?(?:(?:central|{_COMPASS})\s+)?(?:(?:{'|'.join(CONTAINER_NOUNS)})\s+of\s+)?"
    rf"(?:the\s+(?:{'|'.join(ANCHOR_NOUNS)}),?\s+(?:of\s+)?)?(?=[A-Z])",
)
_CITY_PART = re.compile(
    r",\s+(?:an?|the|one of (?:the|its))\s+(?:(?:city|capital|town)(?:'|\u2019)s\s+)?(?:[\w-]+\s+){0,2}?"
    rf"(?:{'|'.join(CITY_PARTS)})s?\b"
    rf"(?P<tail>\s+(?:of|in)\s+(?:the\s+)?(?:(?:central|{_COMPASS})\s+)?(?=[A-Z]))?",
)


def within(text: str, end: int) -> int | None:
    """Where the name of the place that holds the toponym ending at ``end`` starts: "Al-Baghouz in
    the southeastern countryside of Deir Ezzor", "Ganai Mohalla area of Samboora", "Tongo Tongo,
    near Ouallam"; None when no such phrase follows. A bare "of" needs its noun ("the governor of
    Borno" places nothing)."""
    m = _WITHIN.match(text, end)
    if m is None or (m.group("rel") == "of" and m.group("noun") is None):
        return None
    return m.end()


class CityPart(NamedTuple):
    anchor_start: int | None  # where the city's name starts; None when it is only "the city"


def city_part(text: str, end: int) -> CityPart | None:
    """Is the toponym ending at ``end`` called a part of a city by the apposition after it
    ("Jacarezinho, one of the city's largest slums", "Karrada, a district of Baghdad")?"""
    m = _CITY_PART.match(text, end)
    if m is None:
        return None
    return CityPart(m.end() if m.group("tail") else None)
