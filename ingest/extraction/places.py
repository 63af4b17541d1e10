"""Stage 4: find toponyms and resolve them against the gazetteer, using the article's context.

Scoring follows what good geoparsers do: population (a prior for fame), the countries the
article talks about (names and demonyms, "northern Iraqi city"), capitals, feature type, and
closeness to places already resolved without doubt. A place the gazetteer lacks but that is
clearly a place inherits the nearest resolved place of its country, else the country itself.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from spacy.lang.en.stop_words import STOP_WORDS

from events.normalize import normalize_name

from .datelines import dateline_end, dateline_spans
from .dates import MONTH_NAMES, WEEKDAY_NAMES
from .embedded_places import INSTITUTION_WORDS, city_hint, facility_after, leading_place
from .gazetteer import Gazetteer, Place, country_table, default_gazetteer
from .nlp import Paragraph
from .person_shapes import PLACE_PREFIXES
from .place_coherence import side_by_side
from .place_shapes import (
    BUILDING_TOWN_POPULATION,
    authors_name,
    building_shaped,
    club_after,
    given_name_before,
    is_given_name,
    names_an_affair,
    nationality_of_people,
    not_a_place_name,
    owner_before_person,
    persons_name,
    subject_studied,
)
from .relative_place import city_part, offset, relative_position, within
from .result import LocationResult
from .roads import ROAD_NUMBER, junction_after, road_numbers

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Labels the NER puts on places it misreads ("captured in Chattanooga" as a PRODUCT): a cue may overrule them
# "neighborhoods including Solino and Delmas", "villages such as Kpankpe": a plural word for places before a list
_LIST_BEFORE = re.compile(
    r"\b(?:neighbou?rhoods|villages|towns|districts|communities|areas|localities)\s+(?:including|such\s+as|like)\s+$"
)
_MISREAD_LABELS = frozenset({"ORG", "PERSON", "NORP", "PRODUCT", "WORK_OF_ART", "EVENT"})
_PLACE_CUE = re.compile(
    r"(?:\b(?:in|at|near|outside|from|to|into|around|towards|toward|across|of|village|town|city|district|"
    r"province|region|area|camp)\s+(?:the\s+)?)$",
    re.IGNORECASE,
)
_COMPASS = frozenset({"north", "south", "east", "west", "central", "inc", "ltd", "corp", "llc", "plc"})
_STOP = frozenset(
    {
        "west",
        "east",
        "north",
        "south",
        "the west",
        "the east",
        "earth",
        "downtown",
        "city",
        "capital",
        # "the Centre" of Indian English is the central government; a regime and a climate pattern
        "centre",
        "center",
        "nazi",
        "el nino",
        "el niño",
        "la nina",
        "la niña",
    }
)


@dataclass
class Toponym:
    start: int
    end: int
    surface: str
    paragraph: int
    label: str
    is_demonym: bool = False
    division: bool = False  # "Yobe state", "province of Nineveh": a first-level division is meant
    dateline: bool = False  # "CAMP MURRAY, Wash. —": the paragraph opens with it
    municipal: bool = False  # "the City of Palestine", "Palestine City Hall": a town is meant, not a country
    county: bool = False  # "Fulton county", "Clarke and Oconee counties": the county of the name


@dataclass
class Resolved:
    place: Place
    precision: int = 1  # 1 exact, 2 nearby place, 3 country fallback
    surfaces: list[str] = field(default_factory=list)
    admin1_name: str | None = None
    people_only: bool = False  # named only by a demonym describing people ("a Norwegian academic")


@dataclass
class PlaceSet:
    """Resolved toponym mentions of one article."""

    mentions: list[tuple[Toponym, str]] = field(default_factory=list)  # (toponym, key into resolved)
    resolved: dict[str, Resolved] = field(default_factory=dict)
    focus: str | None = None  # key of the most mentioned sub-country place
    focus_country: str | None = None
    country_counts: Counter[str] = field(default_factory=Counter)

    def in_span(self, start: int, end: int, *, demonyms: bool = False) -> list[tuple[Toponym, Resolved]]:
        return [
            (t, self.resolved[k])
            for t, k in self.mentions
            if t.start >= start and t.end <= end and (demonyms or not t.is_demonym)
        ]

    def results(self, keep: Collection[str] = ()) -> tuple[LocationResult, ...]:
        """The article's places; a country named only as people's nationality is left out unless
        ``keep`` (the names an event is placed at) holds it."""
        out = []
        for r in self.resolved.values():
            p = r.place
            if r.people_only and p.name not in keep:
                continue
            out.append(
                LocationResult(
                    name=p.name,
                    country_code=p.country_code,
                    admin1=r.admin1_name or (p.name if p.feature == "admin1" else None),
                    feature=p.feature,
                    latitude=p.latitude,
                    longitude=p.longitude,
                    geonames_id=p.geonames_id if r.precision == 1 else None,
                    population=p.population or None,
                    aliases=tuple(r.surfaces),
                )
            )
        return tuple(out)


def km(a: Place, b: Place) -> float:
    p1, p2 = math.radians(a.latitude), math.radians(b.latitude)
    dp, dl = p2 - p1, math.radians(b.longitude - a.longitude)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def ruler_place_names(min_population: int = 1_000_000) -> list[str]:
    """Names the entity ruler pins as GPE: countries (all names) and very big cities."""
    names = {n for info in country_table().values() for n in info.names if n[:1].isupper()}
    gaz = default_gazetteer()
    for p in gaz.places:
        if p.feature == "admin1" and p.country_code != "US":
            continue  # "Central", "Eastern", "Centre": division names too often plain words to pin
        if (p.feature in ("region", "admin1") or p.population >= min_population) and p.name.isascii():
            names.add(p.name)
    # A city named after a country ("Port Sudan", "Kuwait City") must be pinned too, or the
    # ruler's country pattern takes its last word and the city is lost.
    pinned = {n for n in names if " " not in n}
    for p in gaz.places:
        words = p.name.split()
        if p.feature == "city" and len(words) > 1 and p.name.isascii() and pinned.intersection(words):
            names.add(p.name)
    return sorted(n for n in names if len(n) > 2)


class _Entity(NamedTuple):
    """A spaCy entity read once: every ``Span.text`` call joins its tokens anew."""

    paragraph: int
    start: int  # offsets in the article text
    end: int
    text: str
    label: str


def _entities(paragraphs: Sequence[Paragraph]) -> list[_Entity]:
    out = []
    for para in paragraphs:
        for ent in para.doc.ents:
            start = para.start + ent.start_char
            if ent.label_ in PLACE_LABELS and ", " in ent.text:
                out.extend(_comma_parts(para.index, start, ent.text, ent.label_))
            else:
                out.append(_Entity(para.index, start, para.start + ent.end_char, ent.text, ent.label_))
    return out


_PART = re.compile(r"[^,]+")


def _comma_parts(paragraph: int, start: int, text: str, label: str) -> list[_Entity]:
    """A place entity the NER ran over a comma ("Thruxton, Hampshire") is a place and its division:
    one entity each, when every part is a name."""
    parts = [
        (start + m.start() + len(m.group()) - len(m.group().lstrip()), m.group().strip()) for m in _PART.finditer(text)
    ]
    if not all(part[:1].isupper() for _, part in parts):
        return [_Entity(paragraph, start, start + len(text), text, label)]
    return [_Entity(paragraph, at, at + len(part), part, label) for at, part in parts]


_LEADING_THE = re.compile(r"^(?:the|The)\s+")
_POSSESSIVE_END = re.compile(r"['\u2019]s?$")


@functools.lru_cache(maxsize=4096)  # pure in the entity's text, and an article names its places again and again
def _entity_surface(ent_text: str) -> str:
    """The name an entity gives, without "the", quotes, a possessive or a lower-case feature word."""
    surface = _LEADING_THE.sub("", ent_text).strip(" '\u2019\",;:")
    surface = _POSSESSIVE_END.sub("", surface)
    return _FEATURE_SUFFIX.sub("", surface) if " " in surface else surface


# Words a real date or time holds; a DATE the NER gives with none of them and no digit is a name it
# misread ("embedded with US forces in Manbij", Manbij tagged DATE), free for a place cue to claim.
_DATE_WORDS = re.compile(
    r"\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\b|\b(?:mon|tues|wednes|thurs|fri|satur|sun)day"
    r"|\b(?:day|days|week|weeks|weekend|month|months|year|years|decade|decades|century|centuries|hour|hours|minute|"
    r"minutes|today|tonight|yesterday|tomorrow|morning|afternoon|evening|night|dawn|dusk|noon|midnight|ago|"
    r"season|spring|summer|autumn|fall|winter|christmas|easter|ramadan|eid|diwali|holiday|holidays|era|age|"
    r"period|time|times|recent|recently|now|past|future|quarter|term|anniversary)\b",
    re.IGNORECASE,
)


def _misread_date(label: str, text: str) -> bool:
    return label in ("DATE", "TIME") and not any(ch.isdigit() for ch in text) and not _DATE_WORDS.search(text)


def find_toponyms(
    text: str, paragraphs: Sequence[Paragraph], gaz: Gazetteer, blocked: Sequence[tuple[int, int]] = ()
) -> list[Toponym]:
    out: list[Toponym] = []
    entities = _entities(paragraphs)
    people = [normalize_name(ent.text) for ent in entities if ent.label == "PERSON"]
    person_words = {w for name in people for w in name.split()}
    # words of full personal names ("John Kelly"): a lone "Kelly" the NER calls PERSON may be a town
    surnames = {w for name in people if " " in name for w in name.split()}
    named = [(ent.start, ent.end) for ent in entities if not _misread_date(ent.label, ent.text)]
    defined = _defined_acronyms(text, gaz)
    out.extend(_cued_toponyms(text, paragraphs, gaz, [*named, *blocked]))
    for ent in entities:
        s, e = ent.start, ent.end
        if any(bs < e and s < be for bs, be in blocked) or _inside_a_longer_place(s, e, out):
            continue
        surface = _entity_surface(ent.text)
        if not surface or normalize_name(surface) in _STOP or _WEAPON_AFTER.match(text[e : e + 30]):
            continue
        if surface in defined or surface.endswith("-"):
            continue  # "British Airways (BA)": the text says what the acronym is; "IBA-": a cut piece
        if ent.label in PLACE_LABELS:
            if not any(ch.isupper() for ch in surface[:4]):
                continue
            if _person_not_place(text, s, surface, person_words, surnames) and not gaz.country_code_for(surface):
                continue  # "Yulia" tagged GPE in one sentence and PERSON in another is a person
            if authors_name(text, s, e):
                continue  # "music by Haydn, Chopin and Liszt", "Tchaikovsky's piano concerto"
            if (owner := owner_before_person(surface)) is not None:
                surface = owner  # "Notre Dame's Jessica Shepard": the place is the owner
            if _HYPHEN_AFTER.match(text, e) and not _hyphenated_place(text, s, e, gaz):
                continue  # "Tanesha Melbourne-Blake": a piece of a hyphenated name
            at = s + ent.text.find(surface)
            at, surface = _longer_name(text, at, surface, gaz)
            surface = _name_continued(text, at, surface, gaz)
            if _given_name_not_place(text, at, surface, gaz):
                continue
            if club_after(text, at + len(surface)):
                continue  # "Queens Park Rangers", "Bolton Wanderers": a club, not the place
            out.append(Toponym(at, at + len(surface), surface, ent.paragraph, ent.label))
            end = at + len(surface)
            building_end = facility_after(text, end, _FEATURE_WORD)
            # "St. Peter's Basilica" is one name; "Seoul's Jamsil Stadium" a place and its building
            owned = building_end is None and text.startswith(("'s ", "\u2019s "), end)
            if owned and not _owns_its_buildings(surface, gaz):
                building_end = facility_after(text, end, _FEATURE_WORD, possessive=True)
            if building_end is not None:
                # "the Manila Cathedral" tagged GPE "Manila": the building is named too; a name that
                # is no place of note ("St. Peter" of "St. Peter's Basilica") is only a piece of it
                # (looked up here, not for every name: few are followed by a building)
                if not _owns_its_buildings(surface, gaz):
                    out.pop()
                out.append(Toponym(at, building_end, text[at:building_end], ent.paragraph, "FAC"))
        elif (
            ent.label in _MISREAD_LABELS
            and surface[:1].isupper()
            and not surface.isupper()
            and not ROAD_NUMBER.match(surface)  # "the A429 Cirencester junction": the road is read below
            and junction_after(text, e)
        ):
            # "the Air Balloon roundabout", tagged ORG: the junction is named after it
            at = s + ent.text.find(surface)
            out.append(Toponym(at, at + len(surface), surface, ent.paragraph, "FAC"))
        elif ent.label == "NORP" and gaz.country_code_for(surface):
            out.append(Toponym(s, e, surface, ent.paragraph, "NORP", is_demonym=True))
        elif (
            ent.label in _MISREAD_LABELS
            and any(ch.isupper() for ch in surface)
            and (
                (
                    feature_after := bool(_SETTLEMENT_AFTER.match(text, e))
                    or (
                        bool(_DIVISION_AFTER.match(text[e : e + 20]))
                        and any(p.feature == "admin1" for p in gaz.lookup(surface))
                    )
                )
                or gaz.country_code_for(surface)
                or surface.split()[0].lower().rstrip(".") in PLACE_PREFIXES  # "Brgy Buhanginan" tagged PERSON
                or _cued_place(text, s, e, bool(gaz.lookup(surface)))
                or _townspeople(text, s, e, surface, gaz)
            )
            and (
                feature_after
                or not (_names_a_person(surface, surnames) and not _LOCATIVE_BEFORE.search(text[max(0, s - 20) : s]))
            )
        ):
            # spaCy calls some places ORG or PERSON ("Dabiq", "al-Bab"); the context says place
            out.append(Toponym(s, e, surface, ent.paragraph, "GPE"))
        elif ent.label in ("ORG", "PERSON") and _named_facility(surface) and not _inside_building(s, e, out):
            # "Altnagelvin Hospital", "Kingsley Road": a named building or street is a place too
            out.extend(_facility_toponyms(text, s + ent.text.find(surface), surface, ent.paragraph, gaz))
        if ent.label in ("ORG", "FAC", "GPE") and (lead := leading_place(surface, gaz)) is not None:
            # "the Winnipeg Fire Paramedic Service", "Cavan Town Hall", "the Lamar County Jail": the
            # place it is named after
            at = s + ent.text.find(surface)
            # a county's own building names the county as well ("the Lamar County Courthouse")
            county = lead.endswith(" County") and not any(o.start == at and o.end == at + len(lead) for o in out)
            if county or not any(o.start == at for o in out):
                out.append(Toponym(at, at + len(lead), lead, ent.paragraph, "GPE"))
    out.extend(_venues(text, entities, out, blocked))
    out.extend(_listed_toponyms(text, gaz, out, blocked, surnames))
    out.extend(_dateline_toponyms(text, paragraphs, gaz, out, blocked))
    out.extend(_comma_divisions(text, gaz, out, blocked))
    out.extend(_plural_divisions(text, paragraphs, out, blocked))
    out.extend(_roads(text, paragraphs, out, blocked))
    return out


def _roads(
    text: str, paragraphs: Sequence[Paragraph], found: Sequence[Toponym], blocked: Sequence[tuple[int, int]]
) -> list[Toponym]:
    """Road numbers the text names as roads ("on the A120 at Coggeshall", roads.py), whatever the NER said."""
    taken = [(t.start, t.end) for t in found] + list(blocked)
    out = []
    for s, e in road_numbers(text):
        para = next((p for p in paragraphs if p.start <= s < p.end), None)
        if para is not None and not _overlaps(s, e, taken):
            out.append(Toponym(s, e, text[s:e], para.index, "FAC"))
    return out


_WORD_BEFORE = re.compile(r"(?:^|(?<=\s))(?P<word>[A-Z][a-z]+)\s+$")
_HYPHEN_AFTER = re.compile(r"-[A-Z][a-z]")


# "at Terra Kulture in Lagos", "at the Palais des Nations in Geneva": a name between "at" and "in
# <place>" is a venue in that place, whatever the NER called it
_AT_BEFORE = re.compile(r"\b(?:at|inside)\s+(?:the\s+)?$")
_IN_AFTER = re.compile(r"\s+in\s+(?:the\s+)?")
_VENUE_LABELS = frozenset({"ORG", "FAC", "EVENT", "PERSON", "WORK_OF_ART", "PRODUCT"})


def _venues(
    text: str, entities: Sequence[_Entity], found: Sequence[Toponym], blocked: Sequence[tuple[int, int]]
) -> list[Toponym]:
    """Names the NER gave another label that stand between "at" and "in" a place found already."""
    starts = {t.start for t in found if not t.is_demonym and t.label in PLACE_LABELS}
    taken = [(t.start, t.end) for t in found] + list(blocked)
    out = []
    for ent in entities:
        if ent.label not in _VENUE_LABELS or _overlaps(ent.start, ent.end, taken):
            continue
        after = _IN_AFTER.match(text, ent.end)
        if after is None or after.end() not in starts:
            continue
        if not _AT_BEFORE.search(text[max(0, ent.start - 12) : ent.start]):
            continue
        surface = _entity_surface(ent.text)
        if not surface[:1].isupper() or not_a_place_name(surface) or persons_name(surface):
            continue
        if " " not in surface and ent.label in ("ORG", "PERSON"):
            continue  # "works at Reuters in London": one word the NER calls an organisation is one
        at = ent.start + ent.text.find(surface)
        out.append(Toponym(at, at + len(surface), surface, ent.paragraph, "FAC"))
    return out


# "British Airways (BA)", "the Zimbabwe Tourism Authority (ZTA)": a name and its acronym in brackets
_ACRONYM_DEFINED = re.compile(
    r"(?P<long>(?:[A-Z][\w&'\u2019-]*\s+(?:(?:of|and|for|the)\s+)*){1,7})\((?P<short>[A-Z]{2,6})\)"
)


def _defined_acronyms(text: str, gaz: Gazetteer) -> set[str]:
    """Acronyms the text defines as the short form of a name that is no place (whose initials they are)."""
    out = set()
    for m in _ACRONYM_DEFINED.finditer(text):
        words = m.group("long").split()
        capitals = [w for w in words if w[:1].isupper()]
        short = m.group("short")
        if not "".join(w[0] for w in capitals).endswith(short):
            continue
        # the long form from the word its acronym starts at: "Republic of Korea (DPRK)" is a place
        first = len(words) - words[::-1].index(capitals[-len(short)]) - 1
        long = " ".join(words[first:])
        if not (gaz.country_code_for(long) or gaz.lookup(long)):
            out.add(short)
    return out


def _hyphenated_place(text: str, start: int, end: int, gaz: Gazetteer) -> bool:
    """Is the name with its hyphenated tail a place the gazetteer knows ("Gilgit-Baltistan"), or a
    pair of places ("Asia-Pacific", "Syrian-Turkish")?"""
    m = re.match(r"-([A-Z][\w'\u2019]*)", text[end:])
    if m is None:
        return False
    names = [text[start : end + m.end()]]
    if not _ACRONYM_SHAPE.fullmatch(text[start:end]):
        names.append(m.group(1))  # "IBA-Karachi": an acronym before a place is an institution of it
    for name in names:
        if gaz.country_code_for(name) or any(normalize_name(p.name) == normalize_name(name) for p in gaz.lookup(name)):
            return True
    return False


def _longer_name(text: str, at: int, surface: str, gaz: Gazetteer) -> tuple[int, str]:
    """The NER's place with the capitalised word before it when the two make a name the gazetteer
    knows: spaCy tags "Ireland" in "Northern Ireland", "Sudan" in "South Sudan"."""
    m = _WORD_BEFORE.search(text, max(0, at - 20), at)
    if m is None:
        return at, surface
    longer = f"{m.group('word')} {surface}"
    if any(normalize_name(p.name) == normalize_name(longer) or p.feature != "city" for p in gaz.lookup(longer)):
        return m.start("word"), longer
    return at, surface


_WORD_AFTER = re.compile(r" (?P<word>[A-Z][a-z\u00c0-\u017f]+)\b")


def _name_continued(text: str, at: int, surface: str, gaz: Gazetteer) -> str:
    """The NER's place with the capitalised word after it when the two are a place's own name in the
    gazetteer: spaCy splits "Boa Vista" into GPE "Boa" and ORG "Vista"."""
    m = _WORD_AFTER.match(text, at + len(surface))
    if m is None:
        return surface
    longer = f"{surface} {m.group('word')}"
    if any(normalize_name(p.name) == normalize_name(longer) for p in gaz.lookup(longer)):
        return longer
    return surface


# "shelled a police station in nearby Ah Myint village": a lower-case word for a settlement after a
# name the NER took for a person's makes it a place
_SETTLEMENT_AFTER = re.compile(
    r"\s+(?:village|hamlet|township|settlement|payam|boma|commune)s?\b|\s+administrative\s+post\b"
    # "Garwer cattle camp", "the Abu Shouk displacement camp"; not a group's "training camp"
    r"|\s+(?:(?:cattle|displacement|displaced|refugee|idp|IDP|transit|migrant|fishing|mining)\s+)?camps?\b"
    r"|\s+town\b(?!\s+(?:hall|council|meeting|square|cent(?:re|er)|clerk))"
)

# The cues that put a name on the map even when the article also calls someone by it: "born in
# Bolton". "At", "to", "from" do not: "fatigue at Kelly", "offering the job to Bolton".
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:(?:town|city|village|suburbs?|district|province|region|county)\s+of|in|near|outside|into)\s+$",
    re.IGNORECASE,
)


# A city this big is a place of note: it stands on its own before its buildings ("Seoul's Jamsil
# Stadium", where a smaller namesake is more likely a piece of the building's name: "St. Peter's
# Basilica"), and a title-case word before a colon that names it is a dateline, not a speaker
_CITY_OF_NOTE_POPULATION = 100_000


def _of_note(places: Sequence[Place], kinds: Collection[str] = ("country", "admin1")) -> bool:
    """Is one of ``places`` a division of ``kinds`` or a city of note?"""
    return any(p.feature in kinds or (p.feature == "city" and p.population >= _CITY_OF_NOTE_POPULATION) for p in places)


def _owns_its_buildings(surface: str, gaz: Gazetteer) -> bool:
    """Is this name a place of note, so that a building after it is its building, not its name?"""
    return _of_note(gaz.lookup(surface), ("country", "admin1", "admin2", "region"))


def _person_not_place(text: str, start: int, surface: str, person_words: set[str], surnames: set[str]) -> bool:
    """Is a one-word name the NER calls a place here a person the article names elsewhere?

    A word of a full personal name ("Yulia" of "Yulia Skripal") needs a locative cue to be a
    place; a word the NER only calls PERSON on its own ("to the Samos hotspot") needs that or
    "at"/"around" ("in Samos", "around Hinton").
    """
    before = text[max(0, start - 20) : start]
    if _names_a_person(surface, surnames):
        # "in Modi's cabinet": the preposition governs what the person owns, not the name
        return not _LOCATIVE_BEFORE.search(before) or bool(_POSSESSIVE_AFTER.match(text, start + len(surface)))
    return _names_a_person(surface, person_words) and not _AROUND_BEFORE.search(before)


_POSSESSIVE_AFTER = re.compile(r"['\u2019]s\b")
_AROUND_BEFORE = re.compile(r"\b(?:in|near|outside|into|at|around)\s+(?:the\s+)?$", re.IGNORECASE)


# A town spelled like a common given name needs a cue or this many people to be the town
_GIVEN_NAME_TOWN_POPULATION = 100_000


def _given_name_not_place(text: str, start: int, surface: str, gaz: Gazetteer) -> bool:
    """Is a one-word name the NER calls a place a person's: a surname after a given name ("Andrew
    Jordan"), or a given name itself with no locative cue ("Olivia said", "the deaths of Helen,
    Clarence and Irene") that no country, division or big city is spelled as?"""
    if " " in surface:
        return False
    given = given_name_before(text, start)
    if given is not None and not gaz.lookup(f"{given} {surface}"):
        return True
    if not is_given_name(surface) or _AROUND_BEFORE.search(text[max(0, start - 20) : start]):
        return False
    return not any(
        p.feature in ("country", "admin1", "region") or p.population >= _GIVEN_NAME_TOWN_POPULATION
        for p in gaz.lookup(surface)
    )


def _names_a_person(surface: str, person_words: set[str]) -> bool:
    """Is this one-word name a word of a full personal name of the article ("Kelly" of "John Kelly")?"""
    key = normalize_name(surface)
    return " " not in key and key in person_words


def _inside_a_longer_place(start: int, end: int, toponyms: Sequence[Toponym]) -> bool:
    """Is the span the tail of a place found longer than the NER's entity ("Vista" of "Boa Vista")?"""
    return any(t.label in PLACE_LABELS and t.start < start and end <= t.end for t in toponyms)


def _inside_building(start: int, end: int, toponyms: Sequence[Toponym]) -> bool:
    """Is the span part of a building's name found already ("Atlantic University" of "Florida
    Atlantic University", the NER's GPE "Florida" continued)?"""
    return any(t.label == "FAC" and t.start <= start and end <= t.end for t in toponyms)


def _named_facility(surface: str) -> bool:
    """Is this a proper name of a building, street or natural feature, not a generic institution?"""
    if not surface[:1].isupper() or not _FEATURE_WORD.search(surface):
        return False
    head, of, _ = surface.partition(" of the ")
    if of and not _FEATURE_WORD.search(f" {head.split()[-1]}"):
        # "the Culture Department of the Armenian Embassy" is a department, not the embassy (but
        # "Bank of America Stadium", no article after "of", is a stadium)
        return False
    return any(w not in INSTITUTION_WORDS for w in normalize_name(surface).split()[:-1])


def _facility_toponyms(text: str, start: int, surface: str, paragraph: int, gaz: Gazetteer) -> list[Toponym]:
    """The facility, and the known place its name is owned by ("Derry's Altnagelvin Hospital")."""
    m = re.match(r"(?P<owner>[^'\u2019]+)['\u2019]s\s+(?P<rest>.+)", surface)
    if m is None or not _named_facility(m.group("rest")):
        return [Toponym(start, start + len(surface), surface, paragraph, "FAC")]
    owner = m.group("owner")
    facility = Toponym(start + m.start("rest"), start + len(surface), m.group("rest"), paragraph, "FAC")
    if not gaz.lookup(owner):
        return [facility]
    return [Toponym(start, start + len(owner), owner, paragraph, "GPE"), facility]


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


# "ALBUQUERQUE, N.M. (AP) —", "CAMP MURRAY, Wash.", "WINNIPEG — ": a news dateline opens a paragraph
# with the place in capitals, then a comma, a bracketed agency or a dash.
_DATELINE = re.compile(
    r"\(?(?P<name>[A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){0,3})\)?(?=\s*(?:,|\(|\u2014|\u2013|-))"
)


# A title-case word before a colon is as often a speaker or a label ("Trump:", "Warning:"): a
# dateline so written is taken only for a country, a first-level division or a city of note.
_TITLED_DATELINE = re.compile(r"\s*(?P<name>[A-Z][a-z]+(?:[ -][A-Z][a-z]+){0,2})\s*:(?=\s)")


def _dateline_toponyms(
    text: str,
    paragraphs: Sequence[Paragraph],
    gaz: Gazetteer,
    found: Sequence[Toponym],
    blocked: Sequence[tuple[int, int]],
) -> list[Toponym]:
    """The dateline place of each paragraph that the NER missed (it reads capitals poorly)."""
    spans = [(t.start, t.end) for t in found] + list(blocked)
    out = []
    for para in paragraphs:
        m = _DATELINE.match(text, para.start, para.end)
        titled = m is None
        if titled:
            # "Muscat: The 10th Muscat International Film Festival ...", the Gulf and Indian press's
            # form: a city of note or a country the story opens with (after its headline, on a
            # scraped page), then a colon ("Jackson: We played well" further down is a speaker)
            opens = para.index <= paragraphs[0].index + 1
            m = _TITLED_DATELINE.match(text, para.start, para.end) if opens else None
            if m is None or not dateline_end(para.doc.text) or not _of_note(gaz.lookup(m.group("name"))):
                continue
        s, e = m.span("name")
        name = m.group("name").rstrip(".")
        e = s + len(name)
        if (len(name) < 5 and not titled) or _overlaps(s, e, spans):  # "(CNN) —", "AP -": agencies, not places
            continue
        if (
            gaz.lookup(name)
            or _FEATURE_WORD.search(name.title())
            or _comma_divisions(text, gaz, [Toponym(s, e, name, para.index, "GPE")], ())
        ):
            out.append(Toponym(s, e, name, para.index, "GPE", dateline=True))
    return out


_WORD = r"[A-Z][\w.'\u2019]*(?:-[\w.'\u2019]+)*"
_LIST_NAME = r"[A-Z][^\W\d_]+(?:[ -][A-Z][^\W\d_]+)?"
_NEXT_IN_LIST = re.compile(rf"(?:,\s+|,?\s+and\s+)(?P<name>{_LIST_NAME})\b")
_PREVIOUS_IN_LIST = re.compile(rf"\b(?P<name>{_LIST_NAME})(?:,\s+|,?\s+and\s+)$")


def _listed_toponyms(
    text: str, gaz: Gazetteer, found: Sequence[Toponym], blocked: Sequence[tuple[int, int]], surnames: set[str]
) -> list[Toponym]:
    """Known towns listed with a place that the NER misread ("stores in Zilina, Nitra and Presov").

    A name coordinated with a place ("X, Y and Z") is taken when the gazetteer has it as a town or
    division and it is neither a calendar word nor the surname of someone the article names.
    """
    spans = [(t.start, t.end) for t in found if t.label in PLACE_LABELS or t.label == "CUE"] + list(blocked)
    queue = [t for t in found if not t.is_demonym and t.label in PLACE_LABELS]
    out: list[Toponym] = []
    while queue:
        t = queue.pop()
        for s, name in _list_neighbours(text, t):
            e = s + len(name)
            if _overlaps(s, e, spans) or not _listable(name, text, gaz, surnames):
                continue
            new = Toponym(s, e, name, t.paragraph, "GPE")
            out.append(new)
            queue.append(new)
            spans.append((s, e))
    return out


def _list_neighbours(text: str, t: Toponym) -> list[tuple[int, str]]:
    """The names just after and just before ``t`` in a list: (start, name) pairs."""
    out = []
    after = _NEXT_IN_LIST.match(text, t.end, min(len(text), t.end + 60))
    if after:
        out.append((after.start("name"), after.group("name")))
    window = max(0, t.start - 60)
    before = _PREVIOUS_IN_LIST.search(text[window : t.start])
    # "Still, Kent is ...": a capitalised word that opens the sentence heads no list
    if before and not _opens_sentence(text, window + before.start("name")):
        out.append((max(0, t.start - 60) + before.start("name"), before.group("name")))
    return out


def _opens_sentence(text: str, start: int) -> bool:
    return not text[:start].strip() or bool(re.search(r"[.!?\u201d\"\n]\s*$", text[max(0, start - 3) : start]))


def _written_in_lower_case(name: str, text: str) -> bool:
    """Does the article also write the name as a plain word ("Still", "baseball")?"""
    return re.search(rf"\b{re.escape(name.lower())}\b", text) is not None


def _listable(name: str, text: str, gaz: Gazetteer, surnames: set[str]) -> bool:
    """May a name listed with a place be a town: known, no acronym, no word the article writes in lower case?"""
    key = normalize_name(name)
    if key in _NOT_PLACES or key in MONTH_NAMES or key in _STOP or key in _COMPASS:
        return False  # "Pakistan, Dec 12": an abbreviated month after a dateline place
    if any(w in surnames for w in key.split()):
        return False
    if _ACRONYM.fullmatch(name) or _written_in_lower_case(name, text):
        return False  # "TASS", "Still": an agency's initials, a plain word capitalised in a list
    return any(p.feature in ("city", "admin1") and p.population >= 1000 for p in gaz.lookup(name))


_AFTER_COMMA = re.compile(rf"\.?,\s+(?P<name>{_WORD}(?:\s+{_WORD})?)")


def _comma_divisions(
    text: str, gaz: Gazetteer, found: Sequence[Toponym], blocked: Sequence[tuple[int, int]]
) -> list[Toponym]:
    """A division or country after a place and a comma that the NER missed ("Pleasanton, Calif.",
    "New Quay, Ceredigion"), and the town after a building ("Percy French Hotel, Ballyjamesduff")."""
    spans = [(t.start, t.end) for t in found] + list(blocked)
    out = []
    for t in found:
        m = _AFTER_COMMA.match(text, t.end)
        if m is None:
            continue
        kinds = ("admin1", "admin2", "city") if t.label == "FAC" else ("admin1", "admin2")
        for name in (m.group("name"), m.group("name").split()[0]):
            if (
                name.endswith(".")
                and not any(p.feature == "admin1" for p in gaz.lookup(name))  # "Mont.", "Wash."
                and any(normalize_name(p.name) == normalize_name(name) for p in gaz.lookup(name[:-1]))
            ):
                name = name[:-1]  # "Garland Groh Blvd., Hagerstown.": the sentence's full stop, not "Calif."
            s, e = m.start("name"), m.start("name") + len(name)
            if _overlaps(s, e, spans):
                break
            if gaz.country_code_for(name) or any(p.feature in kinds for p in gaz.lookup(name)):
                out.append(Toponym(s, e, name, t.paragraph, "GPE"))
                spans.append((s, e))
                break
    return out


# Calendar words and common nouns that NER sometimes tags as places.
_NOT_PLACES = frozenset(
    [
        *MONTH_NAMES[:12],
        *WEEKDAY_NAMES,
        "the",
        "a",
        "an",
        "this",
        "that",
        "his",
        "her",
        "their",
        "its",
        "our",
        "my",
        "parliament",
        "congress",
        "court",
        "government",
        "police",
        "army",
        "state",
        "islam",
        "english",
        "arabic",
        "french",
        "god",
        "christmas",
        "ramadan",
        "eid",
    ]
)
_CUED = re.compile(
    r"\b(?P<cue>(?:village|town|city|district|hamlet|settlement|locality|camp|commune|suburb|neighbou?rhood|"
    r"resident|native)s?\s+of|"
    r"near|outside|in|at|into|around)\s+(?P<name>[A-Z][a-z\u00c0-\u017f'\u2019]+(?:[ -][A-Z][a-z\u00c0-\u017f]+){0,2})"
)

# "in the Amhara region", "across the Oromia region": a division the NER left untagged (it reads
# the name as a people's) is the division when the gazetteer knows one of that name
_CUED_DIVISION = re.compile(
    # "in the neighbouring Tigray region", "in the northern part of Niger's Tahoua region"
    r"\b(?:in|across|throughout|of|near|into|from)\s+(?:the\s+(?:[a-z]+\s+)?|[A-Z][a-z]+['\u2019]s\s+)"
    r"(?P<name>[A-Z][a-z\u00c0-\u017f'\u2019]+(?:[ -][A-Z][a-z\u00c0-\u017f]+)?)\s+"
    r"(?:region|province|state|governorate|oblast|prefecture)\b"
)


# "state Rep. Deborah Gonzalez (D-Athens)", "Sen. Bill Cowsert (R-Athens)": a legislator's party and
# home town or state
_PARTY_HOMETOWN = re.compile(
    r"\((?:D|R|I|Dem|Rep|Ind)\.?\s?[-\u2013]\s?(?P<name>[A-Z][a-z\u00c0-\u017f'\u2019]+(?:[ -][A-Z][a-z\u00c0-\u017f]+){0,2}\.?)\)"
)


# "Merrick residents Matthew Klein, ...": a town the NER left untagged, named for its people
_RESIDENTS_OF_PLACE = re.compile(
    r"(?<![\w'\u2019-])(?P<name>(?:Mc|Mac)?[A-Z][a-z\u00c0-\u017f]+(?:[ -][A-Z][a-z\u00c0-\u017f]+)?)(?:['\u2019]s)?\s+"
    r"(?:residents?|homeowners|villagers|[Pp]olice|[Mm]ayor|[Ff]ire\s+[Dd]epartment|[Cc]ity\s+[Cc]ouncil)\b"
)


# "arson attacks on Shwe Hlay and War Yar villages": names joined before a plural settlement noun
_NAME = r"[A-Z][a-z\u00c0-\u017f'\u2019]+(?:[ -][A-Z][a-z\u00c0-\u017f]+){0,2}"
_PAIR_AFTER = re.compile(
    rf"(?<![\w-])(?P<first>{_NAME})(?:,\s+(?P<middle>{_NAME}))?,?\s+and\s+(?P<last>{_NAME})\s+"
    r"(?:villages|towns|hamlets|settlements)\b"
)


# "Clarke and Oconee counties", "Kandahar, Helmand and Uruzgan provinces": divisions named before
# one plural division word
_PLURAL_DIVISIONS = re.compile(
    rf"(?<![\w-])(?P<first>{_NAME})(?:,\s+(?P<middle>{_NAME}))?,?\s+and\s+(?P<last>{_NAME})\s+"
    r"(?P<word>counties|provinces|states|regions|districts|governorates|oblasts|prefectures)\b"
)


def plural_division_spans(text: str) -> dict[tuple[int, int], str]:
    """The names a plural division word follows, by span, with the word ("Clarke" and "Oconee" of
    "Clarke and Oconee counties")."""
    return {
        m.span(group): m.group("word")
        for m in _PLURAL_DIVISIONS.finditer(text)
        for group in ("first", "middle", "last")
        if m.group(group) is not None
    }


def _plural_divisions(
    text: str, paragraphs: Sequence[Paragraph], found: Sequence[Toponym], blocked: Sequence[tuple[int, int]]
) -> list[Toponym]:
    """The names before a plural division word, whatever the NER called them ("Oconee" tagged ORG)."""
    spans = [(t.start, t.end) for t in found] + list(blocked)
    out = []
    for (s, e), _word in plural_division_spans(text).items():
        name = text[s:e]
        if _overlaps(s, e, spans) or name.split()[0].lower() in _NOT_PLACES:
            continue
        para = next((p.index for p in paragraphs if p.start <= s < p.end), 0)
        out.append(Toponym(s, e, name, para, "GPE"))
    return out


_COUNTY_AFTER = re.compile(r"\s+county\b", re.IGNORECASE)


def _cued_toponyms(
    text: str, paragraphs: Sequence[Paragraph], gaz: Gazetteer, taken: Sequence[tuple[int, int]]
) -> list[Toponym]:
    """Capitalised names after a place cue that the NER missed ("near Kidal", "the village of Kpankpe").

    A name after "village of" is a place even if the gazetteer lacks it (it will fall back coarsely);
    after a bare preposition it counts only when the gazetteer knows it. ``taken``: the spans of the
    NER's entities and of the actors already found, which no cued name may overlap.
    """
    # a cue's regex (its name in the group "name"), what the gazetteer must say of the name, the label
    named_cues: tuple[tuple[re.Pattern[str], Callable[[str, int, int], bool], str], ...] = (
        (_PARTY_HOMETOWN, lambda name, s, e: bool(gaz.lookup(name)), "GPE"),
        (_RESIDENTS_OF_PLACE, lambda name, s, e: _townspeople(text, s, e, name, gaz), "CUE"),
        (_CUED_DIVISION, lambda name, s, e: any(p.feature == "admin1" for p in gaz.lookup(name)), "GPE"),
    )
    out = []
    for para in paragraphs:
        chunk = text[para.start : para.end]
        for m in _CUED.finditer(chunk):
            s, e = para.start + m.start("name"), para.start + m.end("name")
            name = m.group("name")
            if any(ts < e and s < te for ts, te in taken) or normalize_name(name) in _NOT_PLACES:
                continue
            if m.start("name") == 0 or name.split()[0].lower() in _NOT_PLACES:
                continue
            strong = " of" in m.group("cue")
            if not strong and not any(p.feature in ("city", "admin1") for p in gaz.lookup(name)):
                continue
            out.append(Toponym(s, e, name, para.index, "GPE" if strong else "CUE"))
        for m in _PAIR_AFTER.finditer(chunk):
            for group in ("first", "middle", "last"):
                if m.group(group) is None:
                    continue
                s, e = para.start + m.start(group), para.start + m.end(group)
                name = m.group(group)
                if normalize_name(name) in _NOT_PLACES or name.split()[0].lower() in _NOT_PLACES:
                    continue
                if not any(ts < e and s < te for ts, te in taken) or group != "last":
                    out.append(Toponym(s, e, name, para.index, "GPE"))
        for pattern, fits, label in named_cues:
            for m in pattern.finditer(chunk):
                s, e = para.start + m.start("name"), para.start + m.end("name")
                name = m.group("name")
                if any(ts < e and s < te for ts, te in taken) or normalize_name(name) in _NOT_PLACES:
                    continue
                if fits(name, s, e):
                    out.append(Toponym(s, e, name, para.index, label))
    return out


_STRONG_BEFORE = re.compile(
    r"\b(?:towns?|city|cities|villages?|outskirts|suburbs?|district|province|region|fortress|stronghold|capital|port|"
    r"governorate|county|state)\s+of\s+$|\b(?:near|outside|in|at|into|towards?)\s+$"
    # "in the capital, Freetown": an apposition to a word for a place
    r"|\b(?:capital|city|town|village|province|region|district)\s*,\s+$",
    re.IGNORECASE,
)
_WEAK_BEFORE = re.compile(
    r"(?i:\b(?:of|from|to|across|around|between)\s+$)"
    # the object of an act done to a place: "Turkey fired on Qamishli", "troops shelled Beryslav"
    r"|\b(?:shelled|bombed|bombarded|fired\s+on|fired\s+at|captured|seized|recaptured|retook|stormed|besieged|"
    r"overran|liberated|encircled|evacuated)\s+$"
    r"|\b(?i:between|from)\s+[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,2}\s+(?:and|to)\s+$",
)
# "sources close to the minister", "a person familiar with X": people near a person, not a place
_ASSOCIATE_BEFORE = re.compile(
    r"\b(?:sources?|persons?|people|someone|anyone|those|aides?|friends?|officials?|insiders?|allies|figures?)\s+"
    r"(?:(?:very|so|also)\s+)?close\s+to\s+$",
    re.IGNORECASE,
)
_APPOS_AFTER = re.compile(
    r"^,\s+(?:a|an|the)\s+(?:[\w-]+\s+){0,3}?(?:town|city|village|stronghold|district|suburb|province|region|"
    r"area|neighbou?rhood|camp|port|capital|hub)\b(?!\s+(?:head|chief|elder|leader|official|council|resident|"
    r"mayor|administrator|governor|spokes\w+|representative|committee|imam|priest|chairman|guard|police)\w*)",
    re.IGNORECASE,
)
# "Katyusha rockets", "Grad missiles": a name before a weapon noun names the weapon, not a place.
_WEAPON_AFTER = re.compile(
    r"^[-\s]+(?:type\s+)?(?:rockets?|missiles?|drones?|rifles?|launchers?|shells?|howitzers?|jets?|tanks?|"
    r"helicopters?|bombs?|warplanes?|grenades?|mortars?)\b",
    re.IGNORECASE,
)
# "Kwatandashi village": a lower-case feature word is no part of the name ("Mexico City" keeps its own).
_FEATURE_SUFFIX = re.compile(
    r"\s+(?:village|town|city|district|county|hamlet|settlement|area|locality|camp|community|neighbou?rhood)$"
)


# The last word of a building, street or natural feature: such a name is a place even unknown.
_FEATURE_WORD = re.compile(
    r"\s(?:Street|St\.?|Road|Rd\.?|Avenue|Ave\.?|Boulevard|Blvd\.?|Lane|Drive|Highway|Square|Bridge|Tower|"
    r"Park|Airport|Station|Hospital|Clinic|School|Academy|University|College|Church|Cathedral|Chapel|Basilica|"
    r"Mosque|Temple|Stadium|Arena|Centre|Center|Hall|Library|Museum|Theatre|Theater|Hotel|Inn|Castle|Palace|"
    r"Prison|Courthouse|Court|Embassy|Market|Mall|Plaza|Farm|Harbou?r|Port|River|Lake|Mountains?|Mount|Valley|"
    r"Island|Islands|Beach|Bay|Canal|Forest|Desert|Ocean|Sea|Coast|Peninsula|County|Parish|Township|District)$"
)


# "the towns of Saraqeb and Ehsim": the second of a plural cue's pair
_PAIR_BEFORE = re.compile(
    r"\b(?:villages|towns|cities|hamlets|settlements|localities)\s+of\s+[A-Z][\w'\u2019-]*"
    r"(?:\s+[A-Z][\w'\u2019-]*){0,2}\s+and\s+$"
)


# "in eastern Ghouta", "across northern Rakhine": a lower-case compass adjective before a name is
# said of a region or a place, whatever the gazetteer knows of the name
_COMPASS_BEFORE = re.compile(r"\b(?:north|south|east|west|(?:north|south)-?(?:east|west))ern\s+$")


_BASED_AFTER = re.compile(r"-based\b")
# "Kilburn resident Mary Jones", "Bellmore homeowners": a place's people named after it
_RESIDENT_WORDS = r"(?:residents?|natives?|homeowners|villagers|townspeople|townsfolk)"
# "McDonough police", "Dahlonega's Mayor Sam Norton": a town named by its own officers
_TOWN_OFFICE_WORDS = (
    r"(?:[Pp]olice|[Mm]ayor|[Ff]ire\s+[Dd]epartment|[Ff]irefighters|[Cc]ity\s+[Cc]ouncil|[Tt]own\s+[Cc]ouncil|"
    r"[Ss]chool\s+[Bb]oard|[Cc]ouncil(?:man|woman|member|lor)|[Aa]ldermen|[Aa]lderman)"
)
_RESIDENTS_AFTER = re.compile(rf"\s+{_RESIDENT_WORDS}\b|(?:['\u2019]s)?\s+{_TOWN_OFFICE_WORDS}\b")
# "A 67-year-old Merrick man", "two Springfield women": a person said to be from a town ("the Jackson
# woman" may be Mrs Jackson; "the Kennedy family" is hers)
_TOWNSPERSON_BEFORE = re.compile(
    r"(?:^|\s)(?i:a|an|two|three|four|five|six|several)\s+(?:\d+-year-old\s+)?$|\b\d+-year-old\s+$"
)
_TOWNSPERSON_AFTER = re.compile(
    r"\s+(?:man|woman|men|women|boy|girl|boys|girls|teen|teens|teenager|teenagers|couple|motorist|driver|"
    r"pedestrian|cyclist|student)\b"
)
# "the Federal University of Technology, Owerri", "the Indian Institute of Technology, Kanpur": a
# college's town after its name
_CAMPUS_BEFORE = re.compile(
    r"\b(?:University|Institute|College|Polytechnic|Academy)(?:\s+of(?:\s+(?:and\s+)?[A-Z][\w'\u2019-]*)+)?,\s+$"
)


def _cued_place(text: str, start: int, end: int, in_gazetteer: bool) -> bool:
    if _ASSOCIATE_BEFORE.search(text[max(0, start - 40) : start]):
        return False  # "a source close to McGregor": someone's associate, not a place nearby
    if _PAIR_BEFORE.search(text[max(0, start - 60) : start]):
        return True
    before = text[max(0, start - 30) : start]
    if _COMPASS_BEFORE.search(before) or _LIST_BEFORE.search(before):
        return True
    if in_gazetteer and _BASED_AFTER.match(text, end):
        return True  # "the Kent-based team", "a London-based charity"
    if in_gazetteer and _CAMPUS_BEFORE.search(text[max(0, start - 80) : start]):
        return True
    if _APPOS_AFTER.match(text[end : end + 60]):
        return True
    if _STRONG_BEFORE.search(before):
        return in_gazetteer or bool(re.search(r"\bof\s+$", before))
    return in_gazetteer and bool(_WEAK_BEFORE.search(before))


# a town this small is no reading of a capitalised word before "residents" or "man" ("White", Texas)
_TOWNSPEOPLE_MIN_POPULATION = 5_000


def _townspeople(text: str, start: int, end: int, surface: str, gaz: Gazetteer) -> bool:
    """Is ``surface`` a town named for its people ("a 67-year-old Merrick man", "Merrick residents")?"""
    townsperson = _TOWNSPERSON_AFTER.match(text, end) and _TOWNSPERSON_BEFORE.search(text[max(0, start - 30) : start])
    if not (townsperson or _RESIDENTS_AFTER.match(text, end)) or surface.lower() in STOP_WORDS:
        return False
    if _written_in_lower_case(surface, text):
        return False  # "Young residents" where the article also says "young"
    return any(
        p.feature in ("city", "admin2") and p.population >= _TOWNSPEOPLE_MIN_POPULATION for p in gaz.lookup(surface)
    )


_CAP_WORDS = re.compile(r"[A-Z][\w'\u2019.-]*(?:\s+(?:of\s+)?[A-Z][\w.-]*)*")


def countries_named(text: str, gaz: Gazetteer) -> set[str]:
    """Return ISO codes of countries named or implied by a demonym in a stretch of text."""
    out: set[str] = set()
    for m in _CAP_WORDS.finditer(text):
        words = re.split(r"[\s-]+", m.group(0))
        for i in range(len(words)):
            for j in range(min(len(words), i + 4), i, -1):
                code = gaz.country_code_for(" ".join(words[i:j]))
                if code:
                    out.add(code)
                    break
    return out


def _context(toponyms: Sequence[Toponym], gaz: Gazetteer) -> Counter[str]:
    counts: Counter[str] = Counter()
    for t in toponyms:
        code = None if t.municipal else gaz.country_code_for(t.surface)
        if code:
            counts[code] += 1
            continue
        if t.surface.endswith("."):
            # "Estey's Bridge, N.B.", "Camp Murray, Wash.": a division's dotted abbreviation names its country
            divisions = {p.country_code for p in gaz.lookup(t.surface) if p.feature == "admin1" and p.country_code}
            if len(divisions) == 1:
                counts[divisions.pop()] += 1
                continue
        key = normalize_name(t.surface)
        # only places that bear the name itself: "Salisbury" says nothing for Harare, once so called
        words = set(_expand(key).split())
        cands = [
            p
            for p in gaz.lookup(t.surface)
            if words <= set(_expand(normalize_name(p.name)).split()) and (p.feature == "city" or not t.municipal)
        ]
        if cands:
            best = max(cands, key=lambda p: p.population)
            if (
                best.population >= 100_000
                and best.country_code
                and sum(1 for c in cands if c.population >= best.population / 10) == 1
            ):
                counts[best.country_code] += 1
    return counts


_DIVISION_AFTER = re.compile(
    r"^['\u2019]?s?\s+(?:state|province|region|governorate|oblast|prefecture|county|department|division)\b",
    re.IGNORECASE,
)
_DIVISION_BEFORE = re.compile(
    r"\b(?:state|province|region|governorate|oblast|prefecture|department)\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
_DIVISION_WORD = re.compile(
    r"\s(?:state|province|region|governorate|oblast|prefecture|county|department|division)$", re.IGNORECASE
)


def _is_division(text: str, start: int, end: int, surface: str) -> bool:
    return bool(
        _DIVISION_AFTER.match(text[end : end + 20])
        or _DIVISION_BEFORE.search(text[max(0, start - 30) : start])
        or _DIVISION_WORD.search(surface)
    )


# A town's own offices around a name: "the City of Palestine", "Palestine City Hall", "the Georgia
# city council". Not "Israel Police" or "the Jordan police": a country has its police too.
_MUNICIPAL_BEFORE = re.compile(r"\b(?:[Cc]ity|[Tt]own|[Vv]illage|[Bb]orough|[Tt]ownship)\s+of\s+$")
_MUNICIPAL_AFTER = re.compile(
    r"\s+(?:City|Town|Village|city|town|village)\s+(?:Council|Hall|Manager|Commission|Clerk|council|hall|manager|"
    r"commission|clerk|limits|officials)\b"
)


def _mark_municipal(text: str, toponyms: Sequence[Toponym], gaz: Gazetteer) -> None:
    """Mark every mention of a country's or division's name that the text calls a town once.

    One sense per name: "PALESTINE —" and "the Palestine water system" are the town of "the Palestine
    City Council" too. Only a name the gazetteer also knows as a town is reread.
    """
    towns = {
        normalize_name(t.surface)
        for t in toponyms
        if not t.is_demonym
        and (_MUNICIPAL_BEFORE.search(text, max(0, t.start - 20), t.start) or _MUNICIPAL_AFTER.match(text, t.end))
        and any(p.feature == "city" for p in gaz.lookup(t.surface))
    }
    for t in toponyms:
        if not t.is_demonym and normalize_name(t.surface) in towns:
            t.municipal = True


def _key(t: Toponym) -> str:
    return normalize_name(t.surface) + ("|division" if t.division else "")


def _score(
    p: Place, t: Toponym, ctx: Counter[str], local: set[str], anchors: Sequence[Place], key: str, top: int = 0
) -> float:
    s = math.log10(p.population + 10)
    if p.feature == "country":
        s += 6
    elif p.feature == "region":
        s += 3
    elif p.feature == "admin1":
        s += 4 if t.division else -0.25  # a bare "Kaduna" is the city; "Kaduna state" the division
    elif t.division:
        s -= 2
    if p.is_capital:
        s += 2
    if p.country_code and p.country_code in ctx:
        s += 2 + min(ctx[p.country_code], 3) * 0.5
    if p.country_code in local:
        s += 2
    base, own = _expand(key.split("|")[0]), _expand(normalize_name(p.name))
    if own == base or (p.population >= 1_000_000 and set(base.split()) <= set(own.split())):
        # the place's own name, or a famous one's usual short form ("New York" for New York City);
        # not an old or translated name ("Salisbury" for Harare, "White House" for Casablanca)
        s += 1.5
    elif p.population < 5000 and p.country_code not in ctx:
        s -= 4  # an obscure alternate spelling abroad is almost never what the writer meant
    else:
        s -= 0.5
    if _near_anchor(p, anchors):
        # the story's places cluster: a namesake a few kilometres from a city it names beats one a
        # region away ("Mitrovica" beside Zvecan is Kosovo's, not Serbia's Sremska Mitrovica)
        s += 3 if _beside_anchor(p, anchors) else 2
    elif p.feature == "city" and p.country_code not in local:
        s -= _fame_gap(p.population, top)
    return s


# A town smaller than this that shares a first-level division's name ("California, Maryland",
# "Florida, New York") is not what a bare mention of the name means
_TOWN_NOT_DIVISION_POPULATION = 100_000


def _division_over_town(best: Place, cands: Sequence[Place], ts: Sequence[Toponym]) -> Place:
    """A bare "California" is the state, not the Maryland town a nearby place would favour."""
    if best.feature != "city" or best.population >= _TOWN_NOT_DIVISION_POPULATION or any(t.division for t in ts):
        return best
    name = normalize_name(ts[0].surface)
    for p in cands:
        if (
            p.feature == "admin1"
            and p.country_code == best.country_code
            and p.population > best.population  # better known than the town: its biggest city is bigger
            and normalize_name(p.name) == name
        ):
            return p
    return best


def _near_anchor(p: Place, anchors: Sequence[Place]) -> bool:
    """Is ``p`` near a place resolved without doubt: a city within 300 km, or a city or county of a
    named state?"""
    if p.feature == "city":
        # a city near one the article names, or in a state it names ("Centreville" after "Va.")
        return any(
            (a.feature == "city" and km(p, a) < 300)
            or (
                a.feature == "admin1"
                and a.admin1 is not None
                and (a.country_code, a.admin1) == (p.country_code, p.admin1)
            )
            for a in anchors
        )
    if p.feature == "admin2":
        # a county of a named state, or around a named city ("Hamilton County" beside Chattanooga)
        return any(
            (a.feature == "admin1" and (a.country_code, a.admin1) == (p.country_code, p.admin1))
            or (a.feature == "city" and km(p, a) < _COUNTY_KM)
            for a in anchors
        )
    return False


_COUNTY_KM = 80  # a second-level division's centre lies this near the cities in it

_COMMA_BEFORE = re.compile(r",\s*$")


def _counties_of_named_states(choice: dict[str, Place], keyed: dict[str, list[Toponym]], gaz: Gazetteer) -> None:
    """A county outside every state the story names is its namesake in one: "Oconee" beside
    Georgia is Georgia's Oconee County, not South Carolina's."""
    states = {(p.country_code, p.admin1) for p in choice.values() if p.feature == "admin1" and p.admin1}
    if not states:
        return
    for key, p in list(choice.items()):
        if p.feature != "admin2" or (p.country_code, p.admin1) in states:
            continue
        inside = [
            q for q in _candidates(gaz, keyed[key][0]) if q.feature == "admin2" and (q.country_code, q.admin1) in states
        ]
        if len(inside) == 1:
            choice[key] = inside[0]


def _country_or_division(
    text: str, choice: dict[str, Place], keyed: dict[str, list[Toponym]], anchors: list[Place], gaz: Gazetteer
) -> None:
    """A country's name that is also another country's state means the state when the story's towns
    are in it: "Athens, Georgia", "the governor of Georgia visited Atlanta and Savannah".

    The state wins when a town named just before the name and a comma has a namesake in it, or
    when more of the article's towns and counties lie in the state than in the country.
    """
    for key, p in list(choice.items()):
        ts = keyed[key]
        if p.feature != "country" or ts[0].is_demonym:
            continue
        states = [d for d in gaz.lookup(ts[0].surface) if d.feature == "admin1" and d.country_code != p.country_code]
        towns = [q for q in choice.values() if q.feature in ("city", "admin2")] if states else []
        for d in states:
            where = (d.country_code, d.admin1)
            in_state = sum(1 for q in towns if (q.country_code, q.admin1) == where)
            in_country = sum(1 for q in towns if q.country_code == p.country_code)
            before = _towns_before_comma(text, ts, keyed, choice, gaz, where)
            if before or in_state > in_country:
                choice[key] = d
                for k, q in before.items():
                    choice[k] = q
                anchors[:] = [a for a in anchors if a is not p] + [d, *before.values()]
                break


def _towns_before_comma(
    text: str,
    mentions: Sequence[Toponym],
    keyed: dict[str, list[Toponym]],
    choice: dict[str, Place],
    gaz: Gazetteer,
    where: tuple[str | None, str | None],
) -> dict[str, Place]:
    """The towns named just before a mention and a comma ("Athens, Georgia") that have a namesake in ``where``."""
    out = {}
    for k, ts in keyed.items():
        for o in ts:
            if not any(o.end < t.start and _COMMA_BEFORE.match(text, o.end, t.start) for t in mentions):
                continue
            inside = [q for q in _candidates(gaz, o) if q.feature == "city" and (q.country_code, q.admin1) == where]
            if inside:
                out[k] = max(inside, key=lambda q: q.population)
    return out


def _counties_beside_towns(choice: dict[str, Place], keyed: dict[str, list[Toponym]], gaz: Gazetteer) -> None:
    """A county far from every town the story names is its namesake around them: "the Washington County
    Sheriff's Office" beside Hagerstown and Boonsboro is Maryland's, not Oregon's. County names repeat
    from state to state (thirty Washington Counties); the towns of a local story are read first."""
    towns = [p for p in choice.values() if p.feature == "city"]
    for key, p in list(choice.items()):
        if p.feature != "admin2" or not towns or any(km(p, t) < _COUNTY_KM for t in towns):
            continue
        around = [
            (sum(1 for t in towns if km(q, t) < _COUNTY_KM), q.population, q)
            for q in _candidates(gaz, keyed[key][0])
            if q.feature == "admin2"
        ]
        best = max(around, key=lambda x: x[:2], default=None)
        if best is not None and best[0] > 0:
            choice[key] = best[2]


def _move_into_named_counties(
    choice: dict[str, Place], keyed: dict[str, list[Toponym]], anchors: list[Place], gaz: Gazetteer
) -> None:
    """A city far from every county the article names is the namesake inside one, if there is one.

    "Manhattan" in a story of "the Riley County Police Department" is Manhattan, Kansas, not New York:
    a county is local news's own frame, and a famous namesake (placed without doubt by its size)
    gives way to the town in it. A state alone does not do this: a Texas story may well mention Paris;
    nor is a capital the story names among other places of its country.
    """
    counties = [p for p in choice.values() if p.feature == "admin2"]
    if not counties:
        return
    for key, p in list(choice.items()):
        if p.feature != "city" or any(km(p, c) < _COUNTY_KM for c in counties):
            continue
        if p.is_capital and any(k != key and o.country_code == p.country_code for k, o in choice.items()):
            continue  # a capital among other places of its country stays: "Washington, D.C." beside Morris County
        base = _expand(key.split("|")[0])
        inside = [
            q
            for q in _candidates(gaz, keyed[key][0])
            if q.feature == "city"
            and _expand(normalize_name(q.name)) == base
            and any(km(q, c) < _COUNTY_KM for c in counties)
        ]
        if inside:
            choice[key] = max(inside, key=lambda q: q.population)
            anchors[:] = [choice[key] if a is p else a for a in anchors]


def _namesakes_side_by_side(
    choice: dict[str, Place], keyed: dict[str, list[Toponym]], anchors: list[Place], gaz: Gazetteer, ctx: Counter[str]
) -> None:
    """Two towns resolved far apart whose namesakes lie side by side are those (place_coherence.py)."""
    towns = {key: p for key, p in choice.items() if p.feature == "city"}
    if len(towns) < 2:
        return
    candidates = {}
    for key in towns:
        base = _expand(key.split("|")[0])
        candidates[key] = [
            q
            for q in _candidates(gaz, keyed[key][0])
            if q.feature == "city" and _expand(normalize_name(q.name)) == base
        ]

    def support(p: Place, leave_out: set[str]) -> int:
        # the article's other towns and states near it, and its countries
        return (p.country_code in ctx) + sum(
            1
            for k, o in choice.items()
            if k not in leave_out and o.feature in ("city", "admin1") and _near_anchor(p, [o])
        )

    for key, q in side_by_side(towns, candidates, support, km).items():
        anchors[:] = [q if a is choice[key] else a for a in anchors]
        choice[key] = q


_BESIDE_KM = 50


def _beside_anchor(p: Place, anchors: Sequence[Place]) -> bool:
    return p.feature == "city" and any(a.feature == "city" and km(p, a) < _BESIDE_KM for a in anchors)


def _fame_gap(population: int, top: int) -> float:
    """Penalty for a namesake several times smaller than the best-known city of the name.

    Country context read from the whole article is weak evidence: a US story that mentions a
    soldier "born in Manchester" means the English city, not a New Hampshire town a fifth its
    size. Only strong context (the country named in the same sentence, a resolved place nearby)
    lets the small namesake win.
    """
    if top < 100_000 or population >= top:
        return 0.0
    return 2 * max(0.0, math.log10(top / max(population, 1)) - 0.4)


def _top_city_population(cands: Sequence[Place], key: str, ctx: Counter[str]) -> int:
    """Return the population of the biggest city that bears the name itself (not as an alias) and
    that the article could mean: its country is mentioned, or it is a city of millions."""
    base = _expand(key.split("|")[0])
    return max(
        (
            p.population
            for p in cands
            if p.feature == "city"
            and _expand(normalize_name(p.name)) == base
            and (p.country_code in ctx or p.population >= 1_000_000)
        ),
        default=0,
    )


def _likeliest(codes: set[str], ctx: Counter[str]) -> str | None:
    """Return the country of ``codes`` the article mentions most (ties by code, so runs agree)."""
    return max(sorted(codes), key=lambda c: ctx[c]) if codes else None


_ABBREVIATED = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}


@functools.lru_cache(maxsize=4096)  # pure in the name; the scorer expands each candidate's name several times
def _expand(name: str) -> str:
    """Spell out the usual abbreviations of a normalised name: "st petersburg" -> "saint petersburg"."""
    return " ".join(_ABBREVIATED.get(w, w) for w in name.split())


_POSSESSIVE = re.compile(r"['\u2019]s\s")


def owned_by_country(text: str, start: int, end: int, gaz: Gazetteer) -> tuple[int, int]:
    """The span of an actor's mention the places stage must leave alone: all of it, but for a
    country named as its owner ("Cameroon's soldiers", "Nigeria's army" name the country; "the
    Cameroonian military" names no place)."""
    m = _POSSESSIVE.search(text, start, end)
    if m is None:
        return start, end
    owner = text[start : m.start()]
    if owner[:1].isupper() and gaz.country_code_for(owner) and normalize_name(owner) not in _demonyms():
        return m.end(), end
    return start, end


def resolve_places(
    text: str,
    paragraphs: Sequence[Paragraph],
    *,
    blocked: Sequence[tuple[int, int]] = (),
    gaz: Gazetteer | None = None,
    context_countries: Sequence[str] = (),
) -> PlaceSet:
    """Stage 4: resolve every toponym of an article to a gazetteer place."""
    gaz = gaz or default_gazetteer()
    toponyms = find_toponyms(text, paragraphs, gaz, blocked)
    listed_divisions = plural_division_spans(text)
    for t in toponyms:
        listed = listed_divisions.get((t.start, t.end))
        t.division = _is_division(text, t.start, t.end, t.surface) or listed is not None
        t.county = listed == "counties" or bool(_COUNTY_AFTER.match(text, t.end))
    _mark_municipal(text, toponyms, gaz)
    ctx = _context(toponyms, gaz)
    # "Malian soldiers" is an actor, not a toponym, but it says where the article is as loudly
    ctx.update(c for c in context_countries if c)
    out = PlaceSet(country_counts=ctx)
    persons = [
        (normalize_name(e.text), para.start + e.start_char)
        for para in paragraphs
        for e in para.doc.ents
        if e.label_ == "PERSON"
    ]
    organisations = [
        (normalize_name(_entity_surface(e.text)), para.start + e.start_char)
        for para in paragraphs
        for e in para.doc.ents
        if e.label_ == "ORG"
    ]
    sentences: dict[int, list[tuple[int, int]]] = {}
    for para in paragraphs:
        sentences[para.index] = [(para.start + s.start_char, para.start + s.end_char) for s in para.sents]

    datelines = dateline_spans(paragraphs)
    # "BEIRUT, LEBANON – … the town of Al-Baghouz": where the reporter files from says nothing of
    # which country the sentence's places are in
    names_masked = _mask_names(text, toponyms, gaz)
    masked = _blank(names_masked, datelines)

    local_memo: dict[tuple[int, int, int], set[str]] = {}

    def local_codes(t: Toponym) -> set[str]:
        # memoised per span: it reads nothing but the toponym's span, and scoring asks per candidate
        where = (t.paragraph, t.start, t.end)
        if where not in local_memo:
            line = next(((s, e) for s, e in datelines if s <= t.start < e), None)
            # and the other way round: a dateline's own words place it ("BEIRUT, LEBANON –"), the
            # story's first sentence does not ("TIJUANA & SAN DIEGO -- The Mexican government ...")
            local_memo[where] = (
                _countries_around(t, [line], names_masked, gaz)
                if line
                else _countries_around(t, sentences.get(t.paragraph, ()), masked, gaz)
            )
        return set(local_memo[where])

    # unambiguous places first: they anchor the rest
    keyed: dict[str, list[Toponym]] = {}
    for t in toponyms:
        keyed.setdefault(_key(t), []).append(t)
    anchors: list[Place] = []
    choice: dict[str, Place] = {}
    pending: list[str] = []
    famous: list[str] = []  # placed first by a famous namesake's size, before the anchors were known
    for key, ts in keyed.items():
        code = None if ts[0].municipal else gaz.country_code_for(ts[0].surface)
        if code and ts[0].division and any(p.feature == "admin1" for p in gaz.lookup(ts[0].surface)):
            code = None  # "Niger state" is Nigeria's, not the country Niger
        if code and (ts[0].is_demonym or gaz.country(code)):
            place = gaz.country(code)
            if place:
                choice[key] = place
            continue
        cands = _candidates(gaz, ts[0])
        if cands and any(_overlaps(o.start, o.end, datelines) and _BARE_DATELINE_AFTER.match(text, o.end) for o in ts):
            # "WASHINGTON (AP) -": a dateline city that stands alone is the famous one of its name
            own = normalize_name(ts[0].surface)  # "NEW DELHI": New Delhi itself, not Delhi so called
            best = max(cands, key=lambda p: (p.feature == "city", normalize_name(p.name) == own, p.population))
            choice[key] = best
            anchors.append(best)
            continue
        if len(cands) == 1 or (cands and sorted(p.population for p in cands)[-1] >= 1_000_000):
            top = _top_city_population(cands, key, ctx)
            local = local_codes(ts[0])
            best = _division_over_town(max(cands, key=lambda p: _score(p, ts[0], ctx, local, (), key, top)), cands, ts)
            choice[key] = best
            if best.feature in ("city", "admin1"):
                anchors.append(best)
            if len(cands) > 1:
                famous.append(key)
        else:
            pending.append(key)
    for key in pending:
        ts = keyed[key]
        cands = _candidates(gaz, ts[0])
        if cands:
            local = set().union(*(local_codes(t) for t in ts))
            top = _top_city_population(cands, key, ctx)
            best = max(cands, key=lambda p: _score(p, ts[0], ctx, local, anchors, key, top))
            choice[key] = _division_over_town(best, cands, ts)
    placed_later = [choice[k] for k in pending if k in choice and choice[k].feature in ("city", "admin1")]
    for key in famous:
        # "Suffolk County" beside Centerport, N.Y., is New York's: the places resolved since may say so
        old = choice[key]
        others = [a for a in anchors if a is not old] + placed_later
        ts = keyed[key]
        if any(_overlaps(o.start, o.end, datelines) for o in ts):
            continue  # where the report is filed from is no part of the story's cluster
        cands = _candidates(gaz, ts[0])
        local = set().union(*(local_codes(t) for t in ts))
        top = _top_city_population(cands, key, ctx)
        best = _division_over_town(max(cands, key=lambda p: _score(p, ts[0], ctx, local, others, key, top)), cands, ts)
        near = _near_anchor if best.feature == "admin2" else _beside_anchor
        if best != old and best.feature == old.feature and near(best, others) and not _near_anchor(old, others):
            choice[key] = best
            anchors[:] = [best if a is old else a for a in anchors]
    _country_or_division(text, choice, keyed, anchors, gaz)
    _counties_of_named_states(choice, keyed, gaz)
    _counties_beside_towns(choice, keyed, gaz)
    _move_into_named_counties(choice, keyed, anchors, gaz)
    _namesakes_side_by_side(choice, keyed, anchors, gaz, ctx)
    # the first-level divisions the article names ("Va.", "Virginia"), by country
    named_divisions = {(p.country_code, p.admin1) for p in choice.values() if p.feature == "admin1" and p.admin1}
    for key in list(choice):
        p = choice[key]
        if ctx and p.feature == "city" and p.population < 20_000 and p.country_code not in ctx:
            del choice[key]  # a village abroad when the article is about elsewhere: likely a misreading
        elif (
            p.feature == "city"
            and p.population < 20_000
            and any(cc == p.country_code for cc, _ in named_divisions)
            and (p.country_code, p.admin1) not in named_divisions
            and not _near_anchor(p, anchors)
        ):
            # a small town of another state, far from the story's places, in a story that names its
            # states: "Stonewall" in a Virginia story is not Stonewall, Mississippi
            del choice[key]
        elif keyed[key][0].label == "CUE" and p.country_code not in ctx and (ctx or p.population < 100_000):
            del choice[key]  # a name the NER did not see as a place needs the article's context to back it
    # counts decide the focus
    city_counts: Counter[str] = Counter()
    for key, ts in keyed.items():
        p = choice.get(key)
        if p and p.feature in ("city", "admin1", "region") and p.country_code:
            city_counts[key] += len(ts)
            ctx[p.country_code] += 0  # keep the country known
    if city_counts:
        out.focus = city_counts.most_common(1)[0][0]
    countries = Counter({c: n for c, n in ctx.items() if n})
    for key, ts in keyed.items():
        p = choice.get(key)
        if p and p.feature != "country" and p.country_code:
            countries[p.country_code] += len(ts)
    out.focus_country = countries.most_common(1)[0][0] if countries else None
    divisions = [o for o in toponyms if (d := choice.get(_key(o))) is not None and d.feature == "admin1"]
    for key, ts in keyed.items():
        if divisions and key in choice and (division := _outside_its_division(text, ts[0], divisions, choice)):
            # "Paris, Texas" is the Texas town of the name; "the village of Kaduna in Niger state",
            # which the gazetteer lacks, is not the city of Kaduna: it falls back to the state
            inside = [
                q
                for q in _candidates(gaz, ts[0])
                if q.feature == "city" and (q.country_code, q.admin1) == (division.country_code, division.admin1)
            ]
            if inside and division.admin1:
                choice[key] = max(inside, key=lambda q: q.population)
            else:
                del choice[key]
    fallback_precision: dict[str, int] = {}
    for key, ts in keyed.items():
        p = choice.get(key)
        if p is None or p.feature != "city":
            continue
        city = _city_it_is_part_of(text, ts, toponyms, choice, _main_city(city_counts, choice, key))
        if city is not None and city.geonames_id != p.geonames_id and km(city, p) > _NAMESAKE_KM:
            # "Jacarezinho, one of the city's largest slums" in a story from Rio: not the town in Paraná
            choice[key] = _stand_in(city, ts[0].surface)
            fallback_precision[key] = 2
    hint_memo: dict[str, Place | None] = {}

    def hints(code: str) -> Place | None:
        # read only when a building needs a city: most articles never ask
        if code not in hint_memo:
            hint_memo[code] = _city_hinted(paragraphs, gaz, code)
        return hint_memo[code]

    # fallbacks for places the gazetteer lacks
    for key, ts in keyed.items():
        if key in choice:
            continue
        t = ts[0]
        plain = key.removesuffix("|division")
        if plain != key and plain in choice and choice[plain].feature not in ("country", "region"):
            # "the rural region of Al-Baghouz" after "the town of Al-Baghouz": the place already placed
            choice[key] = choice[plain]
            continue
        cued = any(_place_cued(text, o, toponyms) for o in ts)
        if not (t.label in PLACE_LABELS or cued) or t.label in ("NORP", "CUE"):
            continue
        settled = any(_SETTLEMENT_AFTER.match(text, o.end) for o in ts)
        in_dateline = any(_overlaps(o.start, o.end, datelines) for o in ts)
        if not _worth_a_fallback(
            ts, cued, gaz, persons, settled=settled, shouted=not in_dateline, text=text, organisations=organisations
        ):
            continue
        placed = _placed_relative_to(text, ts, toponyms, choice) or _city_it_is_part_of(
            text, ts, toponyms, choice, _main_city(city_counts, choice, key)
        )
        if placed is not None:
            # "Baibangou, a village about 100 km north of the capital, Niamey": the text places it
            choice[key] = _stand_in(placed, t.surface)
            fallback_precision[key] = 2
            continue
        division = _division_in_sentence(t, toponyms, choice, sentences.get(t.paragraph, ()))
        # (a town's second-level division is not known: only a first-level one's towns are asked)
        in_admin1 = division is not None and division.feature == "admin1"
        town = _town_of_division(t, division, toponyms, choice, datelines) if in_admin1 else None
        if town is not None:
            # "Chaung-U Township, Sagaing Region" in a story that also names Monywa, a Sagaing town:
            # the story's own town is nearer the truth than the middle of a region
            choice[key] = _stand_in(town, t.surface)
            fallback_precision[key] = 2
            continue
        if division is not None:
            # "the village of Gashua-Kura in Yobe state": the state is all we know for sure
            choice[key] = division._replace(name=t.surface, geonames_id=None, population=0, feature="other")
            fallback_precision[key] = 3
            continue
        near = _nearest_known(t, toponyms, choice, local_codes(t) or ({out.focus_country} - {None}), datelines)
        if near is not None:
            choice[key] = _stand_in(near, t.surface)
            fallback_precision[key] = 2
            continue
        code = _likeliest(local_codes(t), ctx) or out.focus_country
        focus_place = choice.get(out.focus) if out.focus else None
        facility = t.label == "FAC" or building_shaped(t.surface) or _named_facility(t.surface)
        if out.focus and not facility and all(_overlaps(o.start, o.end, datelines) for o in keyed[out.focus]):
            # named only where the report was filed from: no sign the place is in it, though a
            # building or street of that country is likeliest in the city the report came from
            focus_place = None
        if code and not (focus_place is not None and focus_place.feature == "city"):
            # "Press Street" in a story that names only "the New Orleans Railways and Light Company",
            # "the Shankill" in one of "Belfast Magistrate's Court": the city its names open with
            focus_place = hints(code)
        if focus_place is not None and focus_place.feature == "city" and focus_place.country_code == code:
            # a street, building or district of the city the article is about
            choice[key] = _stand_in(focus_place, t.surface)
            fallback_precision[key] = 2
            continue
        country = gaz.country(code) if code else None
        if country:
            choice[key] = country._replace(name=t.surface, geonames_id=None, feature="other", population=0)
            fallback_precision[key] = 3
    named_countries = {
        choice[k].country_code
        for k, ts in keyed.items()
        if k in choice and not ts[0].is_demonym and choice[k].feature == "country"
    }
    country_entry: dict[str, str] = {}
    # names first, then demonyms: "Iraqi" joins the entry of Iraq when the article names Iraq itself
    for t in sorted(toponyms, key=lambda t: t.is_demonym):
        key = _key(t)
        if key not in choice:
            continue
        p = choice[key]
        if t.is_demonym and p.country_code in named_countries and p.country_code in country_entry:
            r = out.resolved[country_entry[p.country_code]]
            if t.surface not in r.surfaces:
                r.surfaces.append(t.surface)
            out.mentions.append((t, country_entry[p.country_code]))
            continue
        # one entry per spelling: "U.S." and "United States" are both reported, resolved alike
        res_key = f"{key.removesuffix('|division')}|{p.name}|{p.country_code}|{p.feature}"
        if p.feature == "country" and not t.is_demonym and p.country_code:
            country_entry.setdefault(p.country_code, res_key)
        people = t.is_demonym and nationality_of_people(text, t.end)
        r = out.resolved.get(res_key)
        if r is None:
            precision = fallback_precision.get(key, 1)
            r = out.resolved[res_key] = Resolved(
                p._replace(name=t.surface) if t.is_demonym or precision > 1 else p,
                precision=precision,
                admin1_name=_admin1_name(gaz, p),
                people_only=people,
            )
        elif not people:
            r.people_only = False
        if t.surface not in r.surfaces:
            r.surfaces.append(t.surface)
        out.mentions.append((t, res_key))
    out.mentions.sort(key=lambda m: m[0].start)
    if out.focus:
        p = choice[out.focus]
        out.focus = f"{out.focus.removesuffix('|division')}|{p.name}|{p.country_code}|{p.feature}"
    return out


def _city_hinted(paragraphs: Sequence[Paragraph], gaz: Gazetteer, code: str) -> Place | None:
    """The big city of country ``code`` that the article's organisations are most often named after."""
    counts: Counter[Place] = Counter(
        p
        for para in paragraphs
        for e in para.doc.ents
        if e.label_ in ("ORG", "FAC") and (p := city_hint(e.text, gaz)) is not None and p.country_code == code
    )
    return counts.most_common(1)[0][0] if counts else None


# a dateline name with no division or country after it: "WASHINGTON (AP) -", "BEIRUT —"
_BARE_DATELINE_AFTER = re.compile(r"\s*(?:\(|[\u2014\u2013-]|:)")


# "Mansila, near the border with Niger": the country across a border is the neighbour, not the container
_ACROSS_BORDER = re.compile(
    r"\b(?:borders?|frontiers?|bordering)\s+(?:with\s+|of\s+)?(?:the\s+)?[^,.;()]{0,40}", re.IGNORECASE
)


# "the Serb-controlled north of Mitrovica", "Russian-occupied Melitopol", "the Saudi-led coalition":
# who holds or leads, not the country a place is in
_HOLDER = re.compile(
    r"\b[A-Z][\w'\u2019]*(?:\s[A-Z][\w'\u2019]*)?-(?:controlled|held|occupied|run|led|backed|dominated|majority|"
    r"annexed|allied|aligned|supported|installed|appointed|administered)\b"
)


def _countries_around(t: Toponym, sentences: Sequence[tuple[int, int]], masked: str, gaz: Gazetteer) -> set[str]:
    """Countries the rest of ``t``'s sentence names (``masked``: the text with non-country places blanked),
    leaving out a country named as across a border or as the one holding a place, and people's
    nationalities."""
    for s, e in sentences:
        if s <= t.start < e:
            around = _people_blanked(masked[s : t.start] + " " * (t.end - t.start) + masked[t.end : e])
            return countries_named(_HOLDER.sub(" ", _ACROSS_BORDER.sub(" ", around)), gaz)
    return set()


_ACRONYM = re.compile(r"[A-Z]{2,5}\d*")


def _worth_a_fallback(
    ts: Sequence[Toponym],
    cued: bool,
    gaz: Gazetteer,
    persons: Sequence[tuple[str, int]],
    *,
    settled: bool = False,
    shouted: bool = True,
    text: str = "",
    organisations: Sequence[tuple[str, int]] = (),
) -> bool:
    """May a name the gazetteer cannot place (mentioned at ``ts``) still be reported, placed coarsely?

    The NER's place labels on unknown names are often wrong: a bare acronym is an
    organisation ("APC", "NATO"), a lone unknown word with no place cue before it a product,
    a surname or a storm, and a name tagged PERSON elsewhere in the article is that person,
    unless a mention of it is followed by a word for a settlement (``settled``: "Kan Gyi Kone village").
    """
    t = ts[0]
    if not_a_place_name(t.surface):  # "the Easter Vigil", "Operation Lafiya Dole", "the Republic of"
        return False
    if t.label == "FAC" and ROAD_NUMBER.fullmatch(t.surface):
        return True  # "the A120": found only where the words around it say it is a road
    if shouted and t.surface.isupper() and len(t.surface) >= 4 and " " not in t.surface:
        return False  # "SURGE IN MURALS.": a headline's capitals, not a place the gazetteer lacks
    if text and subject_studied(text, t.start):
        return False  # "a BA (Hons) in Divinity"
    if text and any(names_an_affair(text, o.end) for o in ts):
        return False  # "the Skripal affair", "the Single Sky framework"
    if _ACRONYM_SHAPE.fullmatch(t.surface):  # covers _ACRONYM ("APC") and inner capitals ("MoD")
        return bool(_candidates(gaz, t))
    if gaz.lookup(t.surface) or _FEATURE_WORD.search(t.surface):
        return True
    if persons_name(t.surface):  # "Helen Kunz", tagged FAC
        return False
    if text and not settled and " " not in t.surface and _written_in_lower_case(t.surface, text):
        return False  # "editor of Baseball Toronto" in a story on baseball: a common noun capitalised
    key, starts = normalize_name(t.surface), {o.start for o in ts}
    if not settled and (" " in key or not cued) and any(n == key and s not in starts for n, s in persons):
        return False
    if not settled and " " in key and any(key.split()[-1] in n.split() for n, s in persons if s not in starts):
        return False  # "the release of Hanna Shalabi", tagged FAC, where "Shalabi" is a person elsewhere
    if (
        not settled
        and all(o.label != "FAC" for o in ts)  # a venue ("at the Palais des Nations in Geneva") is a place
        and any(n == key and s not in starts for n, s in organisations)
        and not _located(text, ts)
    ):
        return False  # "Wavepiston said", "the Verkhovna Rada": named as an organisation elsewhere, and never "in" it
    # an unknown several-word name the NER calls GPE with no cue is mostly a team, firm or person
    # ("Man City", "Ocean Infinity"); LOC/FAC labels and datelines are surer
    return cued or (" " in t.surface and any(o.label != "GPE" or o.dateline for o in ts))


# "the Abu Shouk displacement camp", "the Zorva border town": a lower-case feature noun after the name
_FEATURE_AFTER = re.compile(
    r"^\s+(?:[a-z-]+\s+)?(?:camp|village|town|city|district|neighbou?rhood|settlement|suburb|province|county)\b"
)


def _located(text: str, ts: Sequence[Toponym]) -> bool:
    """Is a mention the object of a locative ("in X", "near X", "the town of X")? "To", "from"
    and "of" take organisations as freely as places ("added to Wavepiston's equity")."""
    return any(_LOCATIVE_BEFORE.search(text[max(0, o.start - 20) : o.start]) for o in ts)


def _place_cued(text: str, t: Toponym, toponyms: Sequence[Toponym]) -> bool:
    """Does the text around ``t`` say it is a place ("in X", "X, a town", "Estey's Bridge, X")?"""
    return bool(
        _PLACE_CUE.search(text[max(0, t.start - 20) : t.start])
        or _LIST_BEFORE.search(text[max(0, t.start - 40) : t.start])
        or _COMPASS_BEFORE.search(text[max(0, t.start - 20) : t.start])
        or _APPOS_AFTER.match(text[t.end : t.end + 60])
        or _FEATURE_AFTER.match(text[t.end : t.end + 40])
        or _SETTLEMENT_AFTER.match(text, t.end)
        or any(0 < t.start - o.end <= 2 and text[o.end : t.start].strip() == "," for o in toponyms)
        or _PAIR_BEFORE.search(text[max(0, t.start - 60) : t.start])
        or any(m.start() <= t.start < m.end() for m in _PAIR_AFTER.finditer(text, max(0, t.start - 80), t.end + 80))
    )


_ETHNIC_BEFORE = re.compile(r"\bethnic\s+$", re.IGNORECASE)


def _mask_names(text: str, toponyms: Sequence[Toponym], gaz: Gazetteer) -> str:
    """Blank out the place names that are not countries: "Percy French Hotel" says nothing of France."""
    chars = list(text)
    for t in toponyms:
        if t.municipal or not gaz.country_code_for(t.surface):
            chars[t.start : t.end] = " " * (t.end - t.start)
    return "".join(chars)


def _people_blanked(sentence: str) -> str:
    """``sentence`` without the demonyms that describe people: "an American journalist", "ethnic
    Serb police" say who someone is, not which country a place of the sentence is in."""
    chars = list(sentence)
    for m in _CAP_WORDS.finditer(sentence):
        if normalize_name(m.group()) not in _demonyms():
            continue  # "Police in Serbia were sent": a country's name is no one's nationality
        ethnic = _ETHNIC_BEFORE.search(sentence[max(0, m.start() - 10) : m.start()])
        if ethnic or nationality_of_people(sentence, m.end()):
            chars[m.start() : m.end()] = " " * (m.end() - m.start())
    return "".join(chars)


@functools.cache
def _demonyms() -> frozenset[str]:
    return frozenset(normalize_name(d) for info in country_table().values() for d in info.demonyms)


def _blank(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with the characters of ``spans`` turned to spaces (offsets kept)."""
    for s, e in spans:
        text = text[:s] + " " * (e - s) + text[e:]
    return text


# A name in capitals or with inner capitals ("ATC", "MoD", "PAN"): an organisation's acronym or a
# code more often than a place. The gazetteer's loose lookup and its airport codes give such a name a
# town ("ATC" Arthur's Town, "MoD" Modesto, "PAN" Hpa-An); it may only be a country, a division, a
# city of a million or a town spelled so, of some size ("JUBA, South Sudan", a dateline).
_ACRONYM_SHAPE = re.compile(r"[A-Z][a-z]?[A-Z]{1,4}\d*")
_MIN_SPELLED_POPULATION = 20_000
_MIN_CODED_POPULATION = 1_000_000


def _fits_acronym(p: Place, surface: str) -> bool:
    if p.feature in ("country", "admin1", "region") or p.population >= _MIN_CODED_POPULATION:
        return True
    return normalize_name(p.name) == normalize_name(surface) and p.population >= _MIN_SPELLED_POPULATION


def _candidates(gaz: Gazetteer, t: Toponym) -> list[Place]:
    """Places a toponym may be; "Niger state" cannot be a country."""
    cands = gaz.lookup(t.surface)
    if building_shaped(t.surface):
        # "the White House" is the building, not White House, Tennessee, nor Casablanca translated
        own = normalize_name(t.surface)
        cands = [p for p in cands if normalize_name(p.name) == own and p.population >= BUILDING_TOWN_POPULATION]
    if _ACRONYM_SHAPE.fullmatch(t.surface):
        cands = [p for p in cands if _fits_acronym(p, t.surface)]
    if t.surface.endswith(".") and any(p.feature == "admin1" for p in cands):
        return [p for p in cands if p.feature == "admin1"]  # "Wash.", "Mont.": a state's abbreviation
    if t.county and not any(p.feature == "admin2" for p in cands):
        # "Fulton county", "Clarke and Oconee counties": the gazetteer names a county with its word
        cands = gaz.lookup(f"{t.surface} County") or cands
    if t.division:
        return [p for p in cands if p.feature != "country"] or cands
    if t.municipal:
        return [p for p in cands if p.feature == "city"] or cands
    return cands


_TO_DIVISION = re.compile(r"^,?\s+(?:in\s+|of\s+)?(?:the\s+)?(?:(?:north|south|east|west)\w*\s+)?$", re.IGNORECASE)


def _outside_its_division(
    text: str, t: Toponym, divisions: Sequence[Toponym], choice: dict[str, Place]
) -> Place | None:
    """The division the text places ``t`` in ("X in Y state", "X, Y province") if its chosen place
    does not lie in it. ``divisions`` are the toponyms resolved to first-level divisions."""
    p = choice[_key(t)]
    if p.feature != "city":
        return None
    for o in divisions:
        if not (0 <= o.start - t.end <= 30):
            continue
        d = choice[_key(o)]
        if not _TO_DIVISION.match(text[t.end : o.start]):
            continue
        if d.country_code != p.country_code:
            return d
        if d.admin1 and p.admin1:
            return d if d.admin1 != p.admin1 else None
        return d if km(d, p) > 250 else None
    return None


def _division_in_sentence(
    t: Toponym, toponyms: Sequence[Toponym], choice: dict[str, Place], sentences: Sequence[tuple[int, int]]
) -> Place | None:
    span = next(((s, e) for s, e in sentences if s <= t.start < e), None)
    if span is None:
        return None
    found = [
        p
        for o in toponyms
        if o is not t
        and (p := choice.get(_key(o))) is not None
        and p.feature in _DIVISIONS
        and span[0] <= o.start < span[1]
    ]
    # the smaller division is the nearer truth: "the A12 near Stratford St Mary in Suffolk" (a county)
    return min(found, key=lambda p: _DIVISIONS.index(p.feature), default=None)


_DIVISIONS = ("admin2", "admin1")  # smallest first


def _town_of_division(
    t: Toponym,
    division: Place,
    toponyms: Sequence[Toponym],
    choice: dict[str, Place],
    datelines: Sequence[tuple[int, int]],
) -> Place | None:
    """The town of ``division`` the article names nearest to ``t`` (not in a dateline), if any."""
    best, best_d = None, None
    for o in toponyms:
        p = choice.get(_key(o))
        if p is None or p.feature != "city" or o.is_demonym or _overlaps(o.start, o.end, datelines):
            continue
        if p.country_code != division.country_code or not p.admin1 or p.admin1 != division.admin1:
            continue
        d = abs(o.start - t.start)
        if best_d is None or d < best_d:
            best, best_d = p, d
    return best


def _admin1_name(gaz: Gazetteer, p: Place) -> str | None:
    if p.feature == "admin1":
        return p.name
    if p.feature in ("country", "region"):
        return None
    names = getattr(gaz, "admin1_name", None)
    return names(p.country_code, p.admin1) if names else None


def _stand_in(p: Place, surface: str) -> Place:
    """A place the gazetteer lacks, named as the text names it, at the point of the known place ``p``."""
    return p._replace(name=surface, geonames_id=None, population=0, is_capital=False, feature="other")


def _placed_relative_to(
    text: str, ts: Sequence[Toponym], toponyms: Sequence[Toponym], choice: dict[str, Place]
) -> Place | None:
    """The point a "…, N km <bearing> of Y" phrase after a mention of the place gives, Y resolved;
    else the town a phrase puts it in or near ("X in the countryside of Y", "X, near Y")."""
    for t in ts:
        rel = relative_position(text, t.end)
        if rel is None:
            continue
        for o in toponyms:
            anchor = choice.get(_key(o))
            if anchor is None or o.start != rel.anchor_start or anchor.feature in ("country", "region"):
                continue
            if rel.bearing is None:
                return anchor
            lat, lon = offset(anchor.latitude, anchor.longitude, rel.km, rel.bearing)
            return anchor._replace(latitude=lat, longitude=lon)
    for t in ts:
        # "Al-Baghouz in the southeastern countryside of Deir Ezzor", "Tongo Tongo, near Ouallam"
        start = within(text, t.end)
        anchor = _anchor_at(start, toponyms, choice) if start is not None else None
        if anchor is not None:
            return anchor
    return None


_NAMESAKE_KM = 100.0  # a city this far from the city the text puts a place in is another place of that name


def _main_city(city_counts: Counter[str], choice: dict[str, Place], besides: str) -> Place | None:
    """The town the article names most often, other than the place ``besides`` itself."""
    for key, _n in city_counts.most_common():
        p = choice.get(key)
        if key != besides and p is not None and p.feature == "city":
            return p
    return None


def _anchor_at(start: int, toponyms: Sequence[Toponym], choice: dict[str, Place]) -> Place | None:
    """The resolved town whose mention starts at ``start`` (not a division or a country)."""
    for o in toponyms:
        if o.start == start:
            p = choice.get(_key(o))
            return p if p is not None and p.feature == "city" else None
    return None


def _city_it_is_part_of(
    text: str, ts: Sequence[Toponym], toponyms: Sequence[Toponym], choice: dict[str, Place], focus: Place | None
) -> Place | None:
    """The city an apposition makes a mention of the place part of ("…, a district of Baghdad";
    "…, one of the city's largest slums": the city the article is about). Every mention of the name
    counts, the ones the NER missed too."""
    ends = {t.end for t in ts} | {m.end() for m in re.finditer(rf"\b{re.escape(ts[0].surface)}\b", text)}
    for end in sorted(ends):
        part = city_part(text, end)
        if part is None:
            continue
        if part.anchor_start is not None:
            return _anchor_at(part.anchor_start, toponyms, choice)
        return focus if focus is not None and focus.feature == "city" else None
    return None


def _nearest_known(
    t: Toponym,
    toponyms: Sequence[Toponym],
    choice: dict[str, Place],
    codes: set[str],
    datelines: Sequence[tuple[int, int]] = (),
) -> Place | None:
    """Return the resolved city mentioned closest in the text to ``t`` (within two paragraphs), same
    country; never a dateline's city, which is where the report was filed, not near its places."""
    best, best_d = None, None
    for o in toponyms:
        p = choice.get(_key(o))
        if p is None or p.feature != "city" or o.is_demonym or normalize_name(o.surface) == normalize_name(t.surface):
            continue
        if o.dateline or _overlaps(o.start, o.end, datelines):
            continue
        if codes and p.country_code not in codes:
            continue
        d = abs(o.start - t.start) + (0 if abs(o.paragraph - t.paragraph) <= 2 else 100_000)
        if best_d is None or d < best_d:
            best, best_d = p, d
    return best
