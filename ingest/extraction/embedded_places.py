"""Places named inside other names.

An institution or a building named after the place it stands in names that place ("the Winnipeg
Fire Paramedic Service", "Cavan County Council", "St. Louis Police", "Makeen Market Complex"):
geoparsing corpora count such an embedded place as a toponym, and for an event tracker it is
where the institution acts. A newspaper, a team or a firm named after a city ("the Suffolk
Times", "the Oakland Athletics", "Aberdeen Asset Management") is not there in the same sense,
so only the heads of the table below make the leading name a place.

The reverse case: the NER often tags the place of a building and leaves the rest of the name out
("the Manila Cathedral" as GPE "Manila"; "Florida Atlantic University" as GPE "Florida"). The
capitalised words after a place, ending in a feature word, are the building's name as well.

A firm's or a team's name that opens with a big city ("the New Orleans Railways and Light
Company") makes no toponym, but hints where the story is set: a street the gazetteer lacks, in a
story that names no city of its own, stands in that city.

Pure functions on strings and the gazetteer; ``places.find_toponyms`` turns their spans into
toponyms.
"""

from __future__ import annotations

import re

from events.normalize import normalize_name

from .gazetteer import Gazetteer, Place

# The last word of a name that is a body or a building of the place it opens with. One word per
# row; a possessive ("Council's") is read without its "'s".
LOCAL_BODY_HEADS = frozenset(
    {
        # public services of a town, a county or a state
        "police",
        "constabulary",
        "sheriff",
        "courthouse",  # "the Lamar County Courthouse"
        "coroner",  # "the Sangamon County Coroner"
        "stoppers",  # "Sangamon County Crime Stoppers"
        "department",
        "service",
        "command",
        "council",
        "assembly",
        "government",
        "area",  # "Guma Local Government Area"
        "municipality",
        "corporation",  # "Lagos Municipal Corporation"
        "court",
        "prison",
        "jail",
        # buildings and grounds that stand in the place
        "hall",
        "institute",
        "hospital",
        "library",
        "cathedral",
        "mosque",
        "church",
        "market",
        "complex",
        "airport",
        "station",
        "stadium",
        "club",
        "lagoon",
    }
)

# Words that name a kind of institution, not a place: "Supreme Court", "State University".
INSTITUTION_WORDS = frozenset(
    [
        "supreme",
        "high",
        "district",
        "constitutional",
        "federal",
        "state",
        "national",
        "secondary",
        "primary",
        "public",
        "catholic",
        "orthodox",
        "military",
        "criminal",
        "appeal",
        "appeals",
        "crown",
        "grave",
        "crimes",
        "general",
    ]
)


# Words that open many names without naming a place, though the gazetteer has a town so spelled
# ("Western Trust", "Central Mental Hospital", "Royal Street"); INSTITUTION_WORDS ("Federal
# University") are ruled out word by word besides.
NOT_A_LEADING_PLACE = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "royal",
        "union",
        "city",
        "county",
        "university",
        "college",
        "bank",
        "council",
        "border",
        "airport",
        "commerce",
        "chamber",
    }
)

# Smallest town whose name may open an institution's name; a hamlet so spelled is a word of the name.
MIN_TOWN_POPULATION = 1000
_NAME_WORD = re.compile(r"[A-Z][\w.'\u2019-]*")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


def leading_place(surface: str, gaz: Gazetteer) -> str | None:
    """The place an institution's or a building's name opens with, if its head is one of
    ``LOCAL_BODY_HEADS`` ("Winnipeg" of "The Winnipeg Fire Paramedic Service"), else None."""
    words = surface.split()
    if words and words[0] in ("the", "The"):
        words = words[1:]
    if len(words) < 2 or _POSSESSIVE.sub("", words[-1]).lower() not in LOCAL_BODY_HEADS:
        return None
    for k in (3, 2, 1):
        if len(words) <= k:
            continue
        lead = words[:k]
        if not all(_NAME_WORD.fullmatch(w) for w in lead):
            continue
        name = " ".join(lead)
        key = normalize_name(name)
        if key in NOT_A_LEADING_PLACE or INSTITUTION_WORDS.intersection(key.split()):
            continue
        places = gaz.lookup(name)
        if gaz.country_code_for(name) and not any(p.feature == "country" for p in places):
            continue  # a demonym ("Canadian Blood Services"), not the country
        if any(_stands_alone(p.feature, p.population) for p in places):
            return name
    return None


# Smallest city whose name opening a firm's or a team's name says where a story is set
HINT_CITY_POPULATION = 100_000


def city_hint(surface: str, gaz: Gazetteer) -> Place | None:
    """The big city any organisation's name opens with ("New Orleans" of "the New Orleans Railways
    and Light Company", "Chicago" of "the Chicago Transit Authority"), as a hint of where the story
    is set, not as a toponym: a firm named after a city is no place, but it is mostly in that city."""
    words = surface.split()
    if words and words[0] in ("the", "The"):
        words = words[1:]
    for k in (3, 2, 1):
        if len(words) <= k or not all(_NAME_WORD.fullmatch(w) for w in words[:k]):
            continue
        name = " ".join(words[:k])
        own = normalize_name(name)
        cities = [
            p
            for p in gaz.lookup(name)
            if p.feature == "city" and p.population >= HINT_CITY_POPULATION and normalize_name(p.name) == own
        ]
        if cities:
            return max(cities, key=lambda p: p.population)
    return None


def _stands_alone(feature: str, population: int) -> bool:
    return feature in ("country", "admin1", "admin2") or (feature == "city" and population >= MIN_TOWN_POPULATION)


# Capitalised words after a place that end in a feature word: " Cathedral", " Atlantic University".
def facility_after(text: str, end: int, feature_word: re.Pattern[str], *, possessive: bool = False) -> int | None:
    """The end of a building's name that continues a place's mention ending at ``end`` ("Manila"
    of "the Manila Cathedral", "St. Peter" of "St. Peter's Basilica"), or None when no feature word
    closes the next capitalised words. ``possessive``: the name may own it ("St. Peter's Basilica",
    for a name that is no place of its own; "Seoul's Jamsil Stadium" is a place and its building)."""
    if possessive and (own := _OWNER_MARK.match(text, end)) is not None:
        end = own.end()
    m = _WORDS_AFTER.match(text, end)
    if m is None:
        return None
    words = m.group(0).split(" ")[1:]
    for n in range(len(words), 0, -1):
        name = " " + " ".join(words[:n])
        if feature_word.search(name):
            return None if words[n - 1].lower() in NOT_BUILDING_HEADS else end + len(name)
    return None


# An institution or a division named after a place is not a building there: "Arizona State
# University", "the Delhi High Court", "Marathon County".
NOT_BUILDING_HEADS = frozenset(
    {"university", "college", "academy", "court", "district", "county", "parish", "township"}
)


_OWNER_MARK = re.compile(r"['\u2019]s(?= [A-Z])")
_WORDS_AFTER = re.compile(r"(?: (?:[A-Z][a-z]+|of|de|del))+")
