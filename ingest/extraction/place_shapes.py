"""Name shapes that are no place, whatever label the NER gave them.

* A name the gazetteer cannot place is an event, a law, a programme or a body when its last word
  says so ("the Easter Vigil", "the Armenian Genocide", "the Framework Act", "the Humane
  Society") or its first word does ("Operation Lafiya Dole", "Hurricane Maria"); a name cut off at
  a function word ("the Republic of", "Grand and") is a piece of a longer one.
* A name of two words or more ending in a word for a building ("the White House", "Trump Tower")
  is the building, not a small town that bears the name; it is placed in the story's city.
* A demonym that describes people ("a Norwegian academic", "an American", "were British") is a
  nationality, not a place: the article's context keeps it, its list of places does not.
* A common given name is a person, not the village of that name, unless a locative cue puts it on
  the map ("in Clarence"): "Olivia said", "the deaths of Helen, Clarence and Irene". A place name
  right after a given name is a surname ("Andrew Jordan", "George Washington").

The given names are the US Census 1990 first-name lists shipped in the ``names`` package (MIT),
cut at the ranks below; a newcomer extends the heads and openers by adding a row.
"""

from __future__ import annotations

import functools
import importlib.resources
import re

# Last words of unplaceable names that make the name an event, a document, a programme or a body.
NOT_A_PLACE_HEADS = frozenset(
    {
        "vigil",
        "mass",
        "day",
        "days",
        "week",
        "genocide",
        "massacre",
        "act",
        "bill",
        "law",
        "framework",
        "strategy",
        "directive",
        "programme",
        "program",
        "initiative",
        "campaign",
        "show",
        "network",
        "society",
        "service",
        "department",
        "police",
        "sheriff",
        "ministry",
        "agency",
        "committee",
        "commission",
        "foundation",
        "fund",
        "party",
        "festival",
        "competition",
        "tournament",
        "championship",
        "championships",
        "contest",
        "conference",
        "awards",
        "award",
    }
)

# Lower-case nouns after a name the gazetteer lacks that make it the name of an affair or a policy,
# not of a place: "the Skripal affair", "the Single Sky framework". (Not "massacre" or "campaign":
# "the Srebrenica massacre" happened in a place.)
AFFAIR_NOUNS = frozenset({"affair", "scandal", "saga", "framework", "strategy", "directive", "doctrine", "agenda"})
_NOUN_AFTER = re.compile(r"\s+(?P<noun>[a-z]+)\b")


def lower_case_word_after(text: str, end: int) -> str | None:
    """The lower-case word right after a name ending at ``end`` ("affair" of "the Skripal affair")."""
    m = _NOUN_AFTER.match(text, end)
    return m.group("noun") if m is not None else None


def names_an_affair(text: str, end: int) -> bool:
    """Does an affair or policy noun follow the name ending at ``end``?"""
    return lower_case_word_after(text, end) in AFFAIR_NOUNS


# First words that make a name an operation or a storm.
NOT_A_PLACE_OPENERS = frozenset({"operation", "hurricane", "typhoon", "cyclone", "storm", "tropical"})

# Last words that make a name a building or a square, whatever small town is spelled so ("the White House",
# not White House, Tennessee; "Trump Tower", "the West Wing"): a building stands in its city.
BUILDING_HEADS = frozenset(
    {"house", "tower", "towers", "wing", "building", "mansion", "palace", "hall", "square", "plaza"}
)
# A town at least this big may still be meant by a building-shaped name.
BUILDING_TOWN_POPULATION = 50_000


def building_shaped(surface: str) -> bool:
    """Is this a name of two or more words whose last word names a building?"""
    words = surface.lower().split()
    return len(words) >= 2 and words[-1] in BUILDING_HEADS


# Nouns for people after a demonym that make it a person's nationality, not a place ("a Norwegian
# academic", "a Palestinian teenager"); a plural "s" is read too. "the Turkish border" names a place.
NATIONALITY_NOUNS = frozenset(
    {
        "man",
        "men",
        "woman",
        "women",
        "boy",
        "girl",
        "child",
        "children",
        "teenager",
        "teen",
        "youth",
        "baby",
        "national",
        "citizen",
        "resident",
        "expatriate",
        "expat",
        "tourist",
        "visitor",
        "student",
        "academic",
        "professor",
        "scholar",
        "researcher",
        "scientist",
        "expert",
        "analyst",
        "journalist",
        "reporter",
        "photographer",
        "writer",
        "author",
        "novelist",
        "poet",
        "artist",
        "actor",
        "actress",
        "singer",
        "musician",
        "pianist",
        "composer",
        "director",
        "filmmaker",
        "player",
        "footballer",
        "striker",
        "midfielder",
        "defender",
        "goalkeeper",
        "athlete",
        "boxer",
        "fighter",
        "driver",
        "rider",
        "cyclist",
        "swimmer",
        "runner",
        "climber",
        "jockey",
        "coach",
        "businessman",
        "businesswoman",
        "entrepreneur",
        "billionaire",
        "millionaire",
        "engineer",
        "doctor",
        "nurse",
        "lawyer",
        "priest",
        "nun",
        "missionary",
        "pilgrim",
        "hostage",
        "captive",
        "prisoner",
        "detainee",
        "refugee",
        "migrant",
        "asylum-seeker",
        "diplomat",
        "envoy",
        "worker",
        "volunteer",
        "activist",
        "dissident",
        "blogger",
        "couple",
        "family",
        "mother",
        "father",
        "son",
        "daughter",
        "brother",
        "sister",
        "wife",
        "husband",
        "friend",
        "teacher",
        "pensioner",
        "grandmother",
        "grandfather",
        "victim",
        "survivor",
        "suspect",
        "killer",
    }
)
_NATIONALITY_AFTER = re.compile(
    r"^\s+(?:[a-z-]+\s+)?(?:"
    + "|".join(sorted(map(re.escape, NATIONALITY_NOUNS), key=len, reverse=True))
    + r")(?:e?s)?\b"
)
# A demonym used as a noun: "an American;", "none of the injured were British,", "The Irish need
# 85 points", "speaks Portuguese". Not before "and"/"or", which coordinate adjectives ("Turkish and
# Syrian forces"), nor a hyphen ("Iraqi-Kurdish").
_NOMINAL_AFTER = re.compile(
    r"^(?:\s*[,.;:)!?\u201d\"]|\s+[\u2014\u2013]|\s*$|\s+(?:is|are|was|were|has|have|had|need|needs|"
    r"said|says|told|to|who|whose|in|at|on|for|from|with|by|as|than|but|because|if|when|while|over|after|before|"
    r"during|under|about|into|against|near|since|until|without|among)\b)"
)


def nationality_of_people(text: str, end: int) -> bool:
    """Does the demonym ending at ``end`` describe people, not a place: a person's nationality
    ("a Norwegian academic") or the demonym as a noun ("an American", "were British")?"""
    after = text[end : end + 40]
    return bool(_NATIONALITY_AFTER.match(after) or _NOMINAL_AFTER.match(after))


# Capitalised words after a place's name that make it a sports club's ("Queens Park Rangers",
# "Bolton Wanderers", "Leeds United"): the club, not the place.
CLUB_WORDS = frozenset(
    {"Rangers", "Rovers", "Wanderers", "United", "Athletic", "Albion", "Hotspur", "Harriers", "Argyle", "FC", "F.C."}
)
_CLUB_AFTER = re.compile(r" (?P<word>[A-Z][\w.]*)")
_CLUB_KEYS = frozenset(w.rstrip(".") for w in CLUB_WORDS)


def club_after(text: str, end: int) -> bool:
    """Does a club word follow the place's name ending at ``end``?"""
    m = _CLUB_AFTER.match(text, end)
    return m is not None and m.group("word").rstrip(".") in _CLUB_KEYS


# Works of art and learning: a name after "<work> by" or before "'s <work>" is its author's
WORK_NOUNS = frozenset(
    {
        "music",
        "piece",
        "work",
        "song",
        "album",
        "painting",
        "portrait",
        "sculpture",
        "poem",
        "novel",
        "book",
        "play",
        "opera",
        "symphony",
        "concerto",
        "sonata",
        "film",
        "movie",
        "score",
        "ballet",
        "composition",
        "masterpiece",
        "essay",
        "letter",
        "speech",
    }
)
_WORKS = "|".join(sorted(WORK_NOUNS, key=len, reverse=True))
_WORK_BY_BEFORE = re.compile(
    rf"\b(?:(?:{_WORKS})s?|written|composed|painted|directed|designed|sung|performed)\s+by\s+"
    r"(?:[A-Z][\w'\u2019-]+,\s+)*$"
)
_WORK_AFTER = re.compile(rf"['\u2019]s\s+(?:[\w-]+\s+){{0,2}}?(?:{_WORKS})s?\b")


def authors_name(text: str, start: int, end: int) -> bool:
    """Is the name at ``start:end`` an author's: "a piece by Haydn", "music by Haydn, Chopin and
    Liszt", "Tchaikovsky's 1st piano concerto"?"""
    return bool(_WORK_BY_BEFORE.search(text[max(0, start - 120) : start]) or _WORK_AFTER.match(text, end))


# Subjects of a degree: "a BA (Hons) in Divinity", "a master's in Theology"
_STUDIED_BEFORE = re.compile(
    r"\b(?:BA|BSc|MA|MSc|MBA|PhD|LLB|LLM|BEd|degree|diploma|doctorate|bachelor['\u2019]?s|master['\u2019]?s|"
    r"majou?r(?:ed|ing|s)?)\s+(?:\(Hons\)\s+)?in\s+$",
    re.IGNORECASE,
)


def subject_studied(text: str, start: int) -> bool:
    return bool(_STUDIED_BEFORE.search(text[max(0, start - 40) : start]))


# "Notre Dame's Jessica Shepard": a place's possessive before a person's given name and surname
_OWNER_BEFORE_PERSON = re.compile(r"(?P<owner>.+?)['\u2019]s (?P<given>[A-Z][a-z]+) [A-Z]")


def owner_before_person(surface: str) -> str | None:
    """The owner of a name "X's <Given> <Surname>" the NER read as one place, else None."""
    m = _OWNER_BEFORE_PERSON.match(surface)
    return m.group("owner") if m is not None and is_given_name(m.group("given")) else None


# A name does not end in one of these: it is a piece the NER cut from a longer one.
_DANGLING = frozenset({"of", "and", "the", "de", "for", "to", "at", "in", "on", "with", "&"})

# Ranks of the census lists kept: the common names, not the long tail where towns hide ("Paris").
TOP_FEMALE_NAMES = 700
TOP_MALE_NAMES = 500


def not_a_place_name(surface: str) -> bool:
    """Is this unplaceable name an event's, a document's or a body's, or a cut piece of a name?"""
    words = surface.lower().split()
    if not words:
        return True
    if words[-1] in _DANGLING:
        return True
    if len(words) < 2:
        return False
    # the head of "X of Y" is X: "the Culture Department of the Armenian Embassy" is a department
    head = surface.lower().partition(" of ")[0].split()
    return words[-1] in NOT_A_PLACE_HEADS or head[-1] in NOT_A_PLACE_HEADS or words[0] in NOT_A_PLACE_OPENERS


def persons_name(surface: str) -> bool:
    """Is this unplaceable name of two or three capitalised words a person's ("Helen Kunz", "Scott
    Pruitt"): does it open with a common given name? The caller has ruled out feature words
    ("Victoria Street")."""
    words = surface.split()
    return 2 <= len(words) <= 3 and all(w[:1].isupper() for w in words) and is_given_name(words[0])


@functools.cache
def given_names() -> frozenset[str]:
    """Common given names, lower-cased."""
    out: set[str] = set()
    for file, top in (("dist.female.first", TOP_FEMALE_NAMES), ("dist.male.first", TOP_MALE_NAMES)):
        lines = importlib.resources.files("names").joinpath(file).read_text().splitlines()
        out.update(line.split()[0].lower() for line in lines[:top] if line.strip())
    return frozenset(out)


def is_given_name(word: str) -> bool:
    return word.lower() in given_names()


_WORD_BEFORE = re.compile(r"(?:^|(?<=\s))(?P<word>[A-Z][a-z]+) $")


def given_name_before(text: str, start: int) -> str | None:
    """The given name right before a name starting at ``start`` ("Andrew" of "Andrew Jordan")."""
    m = _WORD_BEFORE.search(text, max(0, start - 20), start)
    return m.group("word") if m is not None and is_given_name(m.group("word")) else None
