"""Stage 3: find actor mentions and resolve them to canonical actors.

Three sources, in order of trust: the seed alias dictionary (``data/actors.json``), rules that
turn "Iraqi army" / "Iraq's Security Forces" / "Turkish government" into one state actor per
country, and spaCy's PERSON/ORG entities. Generic nouns ("the militants", "the group") are
carried back to the last named armed group, the way a reader would.
"""

from __future__ import annotations

import bisect
import dataclasses
import functools
import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span

from events.generic_aliases import is_generic_alias
from events.normalize import normalize_name

from .gazetteer import DATA_DIR, Gazetteer, country_table, default_gazetteer
from .nlp import Paragraph
from .person_shapes import not_a_person, speaking_name
from .regex_trie import trie_regex
from .result import ActorResult

# An extra actor row as the regex cache keys it: (name, aliases, kind, country code).
FrozenActor = tuple[str, tuple[str, ...], str, str | None]

ARMED_NON_STATE = frozenset({"rebel_group", "militia"})
FORCE_HEADS = (
    r"armed forces|army|forces|troops|soldiers|military|security forces|air force|air forces|navy|"
    r"warplanes|jets|fighter jets|aircraft|drones|helicopters|marines|special forces|national guard|"
    r"coast guard|artillery|tanks|gunboats|paratroopers|commandos|air ?strikes?|air raids?|drone strikes?|"
    r"missile strikes?|shelling|bombardment|strikes?|missiles?|rockets?|drone|warplane|jet|bombers?|helicopter|"
    r"gunships?|shells|mortars?|mortar fire|artillery fire|glide bombs|junta|national guard|guardsmen|"
    # the state's fire and operations name the state's forces: "killed by Israeli fire", "a Russian raid"
    r"fire|gunfire|sniper fire|raids?|offensive|incursion|military operation|bombing"
)
POLICE_HEADS = r"police|police forces|policemen|police officers|riot police|gendarmerie|gendarmes|border guards"
GOVERNMENT_HEADS = (
    r"government|authorities|officials|regime|foreign ministry|defence ministry|defense ministry|"
    r"interior ministry|ministry of defence|ministry of defense|cabinet|administration"
)
FORCE_MODIFIERS = r"(?:(?:armed|security|special|government|military|army|air|naval|federal|national|regime|pro-government|elite|regular)\s+)*"
TITLES = frozenset(
    [
        "sir",
        "dame",
        "lord",
        "lady",
        "mr",
        "mrs",
        "ms",
        "miss",
        "dr",
        "prof",
        "professor",
        "president",
        "vice",
        "prime",
        "minister",
        "secretary",
        "general",
        "gen",
        "lt",
        "col",
        "colonel",
        "major",
        "maj",
        "capt",
        "captain",
        "sgt",
        "sergeant",
        "commander",
        "admiral",
        "senator",
        "sen",
        "rep",
        "representative",
        "governor",
        "gov",
        "king",
        "queen",
        "prince",
        "princess",
        "sheikh",
        "sheik",
        "emir",
        "ayatollah",
        "imam",
        "pope",
        "chancellor",
        "defence",
        "defense",
        "foreign",
        "home",
        "interior",
        "state",
        "deputy",
        "chief",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "ambassador",
        "mayor",
        "judge",
        "justice",
        "brig",
        "brigadier",
        "field",
        "marshal",
        "premier",
        "official",
        "leader",
        "rev",
        "reverend",
        "father",
        "bishop",
        "cardinal",
    ]
)
ORG_HEADS = frozenset(
    [
        "office",
        "ministry",
        "department",
        "council",
        "army",
        "force",
        "forces",
        "police",
        "party",
        "front",
        "movement",
        "brigade",
        "brigades",
        "committee",
        "agency",
        "coalition",
        "nations",
        "union",
        "organisation",
        "organization",
        "court",
        "parliament",
        "assembly",
        "government",
        "commission",
        "congress",
        "militia",
        "battalion",
        "corps",
        "guard",
        "guards",
        "command",
        "group",
        "network",
        "alliance",
        "authority",
        "service",
        "services",
        "fund",
        "institute",
        "observatory",
        "watch",
    ]
)
GENERIC_ARMED = re.compile(
    r"\b(?:the|these|those|this|that)\s+(?:[a-z-]+\s+){0,2}?(?:group|organisation|organization|militants|"
    r"terrorists|jihadists|insurgents|extremists|fighters|rebels|militia|militiamen)\b"
    r"|\b(?:jihadi|jihadist|extremist|terrorist)\s+(?:fighters|militants|group)\b"
    # "Later on Friday, an insurgent group (possibly the same one) attacked": an unnamed group
    r"|\b(?i:an?)\s+(?:armed|insurgent|militant|rebel)\s+group\b"
)


@dataclass(frozen=True)
class ActorSpec:
    name: str
    kind: str
    country_code: str | None = None
    generic: bool = False
    context: tuple[tuple[str, str], ...] = ()


@dataclass
class Mention:
    start: int
    end: int
    surface: str
    name: str  # canonical actor name
    kind: str
    country_code: str | None = None
    source: str = "dict"  # dict | state | person | org | coref | bare
    generic: bool = False


@dataclass
class ActorSet:
    """Every actor mention of one article, plus the actors they resolve to."""

    mentions: list[Mention] = field(default_factory=list)
    specs: dict[str, ActorSpec] = field(default_factory=dict)
    aliases: dict[str, list[str]] = field(default_factory=dict)
    _index_size: int = field(default=-1, repr=False, compare=False)
    _by_start: list[Mention] = field(default_factory=list, repr=False, compare=False)
    _starts: list[int] = field(default_factory=list, repr=False, compare=False)

    def add(self, m: Mention) -> None:
        self.mentions.append(m)
        self.specs.setdefault(m.name, ActorSpec(m.name, m.kind, m.country_code, m.generic))
        if m.source != "coref":
            seen = self.aliases.setdefault(m.name, [])
            if m.surface not in seen:
                seen.append(m.surface)

    def in_span(self, start: int, end: int) -> list[Mention]:
        # Called once or more per sentence: a sorted index keeps long articles from going quadratic.
        if self._index_size != len(self.mentions):
            self._by_start = sorted(self.mentions, key=lambda m: m.start)
            self._starts = [m.start for m in self._by_start]
            self._index_size = len(self.mentions)
        first = bisect.bisect_left(self._starts, start)
        last = bisect.bisect_left(self._starts, end)
        return [m for m in self._by_start[first:last] if m.end <= end]

    def at(self, start: int, end: int) -> Mention | None:
        for m in self.mentions:
            if m.start < end and start < m.end:
                return m
        return None

    def results(self, used: Iterable[str] = ()) -> tuple[ActorResult, ...]:
        """Actors to report: every named one, generic ones only when an event or quote uses them."""
        used = set(used)
        out = []
        for name, spec in self.specs.items():
            if spec.generic and name not in used:
                continue
            if spec.kind == "other" and name not in used and self._count(name) < 1:
                continue
            out.append(ActorResult(name, spec.kind, spec.country_code, tuple(self.aliases.get(name, ()))))
        return tuple(out)

    def _count(self, name: str) -> int:
        return sum(1 for m in self.mentions if m.name == name)


# -- dictionary -------------------------------------------------------------------------------


@functools.lru_cache(maxsize=1)
def actor_dictionary() -> tuple[dict[str, ActorSpec], dict[str, str]]:
    """Return (canonical name -> spec, alias surface -> canonical name)."""
    raw = json.loads((DATA_DIR / "actors.json").read_text(encoding="utf-8"))["actors"]
    specs: dict[str, ActorSpec] = {}
    aliases: dict[str, str] = {}
    for row in raw:
        ctx = tuple(sorted((row.get("context") or {}).items()))
        spec = ActorSpec(row["name"], row["kind"], row.get("country"), bool(row.get("generic")), ctx)
        specs[spec.name] = spec
        for alias in [row["name"], *row.get("aliases", [])]:
            aliases.setdefault(alias, spec.name)
    return specs, aliases


@functools.lru_cache(maxsize=1)
def _acronyms() -> dict[str, ActorSpec]:
    specs, aliases = actor_dictionary()
    return {a: specs[n] for a, n in aliases.items() if len(a) >= 4 and a.isalpha() and a.isupper()}


def _acronym_written_as_a_word(name: str) -> ActorSpec | None:
    """The actor of a dictionary acronym written with one capital ("Amisom", "Unicef"), else None."""
    if not name.isalpha() or name != name.capitalize():
        return None
    return _acronyms().get(name.upper())


def ruler_aliases() -> list[str]:
    """Aliases worth pinning as ORG entities before spaCy's NER (named, not generic, not "IS")."""
    specs, aliases = actor_dictionary()
    return [a for a, n in aliases.items() if not specs[n].generic and len(a) > 2 and a[0].isupper()]


@functools.lru_cache(maxsize=1)
def _dictionary_regexes() -> tuple[re.Pattern[str], re.Pattern[str]]:
    _, aliases = actor_dictionary()
    # Acronyms, short forms and one-word capitalised names ("Coalition" is not "a gang coalition")
    # are matched case-sensitively.
    exact = [a for a in aliases if a.upper() == a or len(a) <= 4 or (" " not in a and a[:1].isupper())]
    loose = [a for a in aliases if a not in exact]

    def apos(p: str) -> str:
        return p.replace("'", "['\u2019]")

    ex = re.compile(r"(?<![\w-])(?:" + apos(trie_regex(exact)) + r")(?![\w-]*\w)")
    lo = re.compile(r"(?<![\w-])(?:" + apos(trie_regex(loose)) + r")(?!\w)", re.IGNORECASE)
    return ex, lo


def _country_display(code: str) -> str:
    name = country_table()[code].name
    if name.startswith(("United ", "Democratic Republic", "Central African", "Republic of")) or name in {
        "Philippines",
        "Netherlands",
        "Gambia",
        "Bahamas",
        "Maldives",
        "Comoros",
        "Seychelles",
    }:
        return "the " + name
    return name


def state_force_name(branch: str, code: str | None) -> str | None:
    """ "Police Forces of Russia", "Military Forces of the Philippines" (``branch``: "Police" or
    "Military"); None for a code the country table does not know."""
    if not code or code not in country_table():
        return None
    return f"{branch} Forces of {_country_display(code)}"


@functools.lru_cache(maxsize=1)
def _state_regexes() -> tuple[re.Pattern[str], dict[str, str]]:
    lookup: dict[str, str] = {}
    for code, info in country_table().items():
        for n in info.demonyms:
            lookup.setdefault(normalize_name(n), code)
        for n in info.names:
            lookup.setdefault(normalize_name(n), code)
    who = trie_regex(sorted({n for info in country_table().values() for n in (*info.names, *info.demonyms)}))
    pat = (
        r"(?<![\w-])(?:the\s+)?(?P<who>"
        + who
        + r")(?:['\u2019]s?)?\s+"
        + FORCE_MODIFIERS
        + r"(?:(?P<police>"
        + POLICE_HEADS
        + r")|(?P<gov>"
        + GOVERNMENT_HEADS
        + r")|(?P<mil>"
        + FORCE_HEADS
        + r"))(?!\w)"
        + r"|(?P<gov2>government|army|military|police)\s+of\s+(?:the\s+)?(?P<who2>"
        + who
        + r")(?!\w)"
    )
    return re.compile(pat, re.IGNORECASE), lookup


# "NATO Kosovo Force", "UN Mali force", "the AU Somalia mission's troops": an organisation's name just
# before the country's names the organisation's mission in that country, not the state's forces.
_MISSION_OWNER_BEFORE = re.compile(
    r"(?<![\w-])(?:NATO|U\.?N\.?|United Nations|E\.?U\.?|European Union|A\.?U\.?|African Union|ECOWAS|OSCE|SADC)"
    r"(?:['\u2019]s)?(?:-led)?\s+$"
)


_BARE_HEADS = (
    r"army|military|troops|soldiers|security forces|armed forces|government forces|government troops|"
    r"pro-government forces|regime forces|police|policemen|police officers|riot police|security personnel|"
    r"warplanes|warplane|fighter jets|fighter jet|fighter planes|military aircraft|military helicopters|"
    r"helicopter gunships|"
    # "Government aircraft bombed the village": the state's aircraft are its military's
    r"government aircraft|government warplanes|government jets|government helicopters|government planes|"
    r"government drones|regime aircraft|regime warplanes|regime jets|regime helicopters|army helicopters|"
    r"army drones|military planes|military jets|military drones|"
    r"air force|gendarmes|junta|national guard|guardsmen"
)
_BARE_FORCE = re.compile(
    r"(?<![\w-])(?:(?P<pre>[A-Za-z-]+)\s+)?(?P<head>(?:the\s+)?(?:" + _BARE_HEADS + r"))(?!\w)", re.IGNORECASE
)
# "soldiers from the NATO-led contingent", "troops of the African Union mission": the words after the
# head name the force's owner, so no nationality is guessed for it
_OWNER_AFTER = re.compile(r"\s+(?:from|of)\s+(?:the\s+)?[A-Z]")
_ANY_BARE_HEAD = re.compile(_BARE_HEADS)  # searched in the lower-cased text
# "died in police custody", "covered the police beat", "the former military leader": the force's
# word qualifies a thing or a person's past, it names no force acting. A newcomer adds a noun here.
_NOT_A_FORCE_AFTER = re.compile(
    r"\s+(?:custody|beat|records?|cells?|academy|procedures?|leaders?|rulers?|dictators?|dictatorship|strongman|"
    r"background|analysts?|experts?|historians?|spending|budget|heads?)(?!\w)",
    re.IGNORECASE,
)
# "which operates as the police force in Tripoli", "served as a police officer": a role, not an actor
_AS_BEFORE = re.compile(r"\bas\s+(?:(?:the|a|an)\s+)?$", re.IGNORECASE)
# Letters outside ASCII that re's IGNORECASE equates with ASCII ones while str.lower() does not
_ODD_CASE_LETTERS = frozenset("\u0130\u0131\u017f\u212a")


def _may_name_a_bare_force(text: str) -> bool:
    """A cheap pre-check: does the text hold a word _BARE_FORCE needs (most articles name none)?"""
    return bool(_ODD_CASE_LETTERS.intersection(text)) or _ANY_BARE_HEAD.search(text.lower()) is not None


_BARE_SKIP = frozenset(
    [
        "allied",
        "foreign",
        "coalition",
        "international",
        "peacekeeping",
        "un",
        "nato",
        "western",
        "enemy",
        "rebel",
        "opposition",
        "militia",
        "kurdish",
        "private",
        "own",
        "their",
        "his",
        "her",
        "its",
        "russian-backed",
        "us-led",
        "u.s.-led",
    ]
)


_DETERMINERS = frozenset({"the", "a", "an", "these", "those", "some", "many", "more", "two", "three", "several"})


def state_mentions(text: str) -> list[Mention]:
    """Return state actors named by nationality or country ("Iraqi army", "police of Kenya")."""
    return [dataclasses.replace(m) for m in _state_mentions(text)]


@functools.lru_cache(maxsize=8)  # the pipeline asks twice per article: places block them, actors use them
def _state_mentions(text: str) -> tuple[Mention, ...]:
    pat, lookup = _state_regexes()
    out = []
    for m in pat.finditer(text):
        who = m.group("who") or m.group("who2")
        code = lookup.get(normalize_name(who))
        if not code:
            continue
        if m.group("who") and _MISSION_OWNER_BEFORE.search(text, max(0, m.start("who") - 40), m.start("who")):
            continue
        place = _country_display(code)
        if m.group("police") or (m.group("gov2") or "").lower() == "police":
            name, kind = f"Police Forces of {place}", "state_force"
        elif m.group("gov") or (m.group("gov2") or "").lower() == "government":
            name, kind = f"Government of {place}", "government"
        else:
            name, kind = f"Military Forces of {place}", "state_force"
        s = m.start("who") if m.group("who") else m.start()
        partner = _coordinated_nationality(text, s, lookup) if m.group("who") else None
        if partner is not None:
            ps, pe, pcode = partner
            pname = name.replace(place, _country_display(pcode))
            out.append(Mention(ps, pe, text[ps:pe], pname, kind, pcode, "state"))
        out.append(Mention(s, m.end(), text[s : m.end()], name, kind, code, "state"))
    return tuple(out)


_COORDINATED = re.compile(r"(?<![\w-])([A-Z][\w'\u2019-]+(?:\s[A-Z][\w'\u2019-]+)?)\s+(?:and|&)\s+(?:the\s+)?$")


def _coordinated_nationality(text: str, start: int, lookup: dict[str, str]) -> tuple[int, int, str] | None:
    """ "Syrian and Russian warplanes": the first nationality shares the force named after the second."""
    m = _COORDINATED.search(text[max(0, start - 40) : start])
    if m is None:
        return None
    code = lookup.get(normalize_name(m.group(1)))
    if code is None:
        return None
    base = max(0, start - 40)
    return base + m.start(1), base + m.end(1), code


@functools.lru_cache(maxsize=8)
def _dictionary_hits(text: str) -> tuple[tuple[int, int, str, str], ...]:
    _, aliases = actor_dictionary()
    folded = _folded_aliases()
    ex, lo = _dictionary_regexes()
    out = []
    for rx in (ex, lo):
        for m in rx.finditer(text):
            surface = m.group(0)
            key = re.sub(r"\s+", " ", surface.replace("\u2019", "'"))
            name = aliases.get(key) or folded.get(key.lower())
            if name is not None:
                out.append((m.start(), m.end(), surface, name))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _folded_aliases() -> dict[str, str]:
    return {a.lower(): n for a, n in actor_dictionary()[1].items()}


def dictionary_mentions(text: str, focus_country: str | None = None) -> list[Mention]:
    """Return dictionary alias mentions (context-free unless an alias has per-country meanings)."""
    specs, _ = actor_dictionary()
    out = []
    for start, end, surface, name in _dictionary_hits(text):
        spec = specs[name]
        if spec.context and focus_country:
            name = dict(spec.context).get(focus_country, name)
            spec = specs.get(name, spec)
        out.append(Mention(start, end, surface, spec.name, spec.kind, spec.country_code, "dict", spec.generic))
    return out


def freeze_extra_actors(rows: Iterable[Sequence[Any]]) -> tuple[FrozenActor, ...]:
    """Return extra actor rows as a hashable tuple (the key of the compiled-regex cache).

    A tuple passed to :func:`resolve_actors` is taken as already frozen.
    """
    return tuple((r[0], tuple(r[1] or ()), r[2] if len(r) > 2 else "other", r[3] if len(r) > 3 else None) for r in rows)


@functools.lru_cache(maxsize=4)
def compile_extra_actors(
    extra: tuple[Sequence[Any], ...],
) -> tuple[re.Pattern[str] | None, dict[str, tuple[str, str, str | None]]]:
    """Compile extra actors (name, aliases, kind[, country code]) into one case-sensitive regex.

    Aliases the seed dictionary already knows are left to it, so feeding back the whole Actor table
    (seed included) costs one regex scan per article, not one per alias. Generic words ("troops",
    "the army") are skipped, even when an old row stores one: they would give every later story's
    troops to the actor of the story that stored them. The result is cached: pass the same tuple for
    every article of a batch.
    """
    _, seed = actor_dictionary()
    owners: dict[str, tuple[str, str, str | None]] = {}
    for row in extra:
        name, aliases, kind = row[0], row[1], row[2]
        code = row[3] if len(row) > 3 else None
        for alias in (name, *aliases):
            alias = (alias or "").strip()
            if not alias or alias in seed or (len(alias) < 3 and not alias.isupper()) or is_generic_alias(alias):
                continue
            owners.setdefault(alias, (name, kind or "other", code))
    if not owners:
        return None, owners
    return re.compile(r"(?<![\w-])(?:" + trie_regex(owners) + r")(?![\w-]*\w)"), owners


def _without_overlaps(mentions: Sequence[Mention]) -> list[Mention]:
    """Keep the earliest, then longest, of overlapping mentions; dictionary beats rules beats NER
    ("army" tagged ORG is the bare-force rule's "Military Forces of …")."""
    rank = {"dict": 0, "state": 1, "person": 2, "bare": 3, "org": 4, "coref": 5}
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start), rank.get(m.source, 9)))
    out: list[Mention] = []
    for m in ordered:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def strip_titles(name: str) -> str:
    words = name.replace("\u2019", "'").split()
    while len(words) > 1 and words[0].lower().strip(".") in TITLES:
        words.pop(0)
    while len(words) > 1 and words[-1].lower() in {"'s", "jr", "jr."}:
        words.pop()
    name = " ".join(words)
    return re.sub(r"['\u2019]s$", "", name)


def _person_clusters(names: Iterable[str]) -> dict[str, str]:
    """Map each person name to the fullest name it is part of ("Sir Michael" -> "Michael Fallon").

    ``names`` come in text order. A shorter name that equally full names share ("Brooks" in
    "Timothy Brooks" and "Zachary Brooks") goes to the one named first: a report names its main
    subject first, and a set's order, which changes with the hash seed, must not decide it.
    """
    # dict.fromkeys, not set: the stable sort then leaves equally full names in order of first mention
    full = sorted(dict.fromkeys(names), key=lambda n: (-len(n.split()), -len(n)))
    out: dict[str, str] = {}
    for n in full:
        toks = set(normalize_name(n).split())
        target = n
        for longer in full:
            if len(longer.split()) > len(n.split()) and toks <= set(normalize_name(longer).split()):
                target = out.get(longer, longer)
                break
        out[n] = target
    return out


def _org_kind(name: str) -> str:
    low = name.lower()
    if any(w in low for w in ("ministry", "office", "government", "department", "parliament", "cabinet", "council")):
        return "government"
    if any(w in low for w in ("army", "force", "police", "brigade", "battalion", "corps", "guard")):
        state = ("police", "army", "air force", "navy", "naval")
        return "state_force" if any(w in low for w in state) else "militia"
    if any(w in low for w in ("united nations", "nato", "union", "coalition", "international", "agency")):
        return "international"
    if any(w in low for w in ("party", "movement", "front")):
        return "political_party"
    return "other"


def relocate_bare_force(actors: ActorSet, m: Mention, country_code: str | None) -> Mention:
    """Give "the army"/"police" the nationality of the place where they were hit, not the article's focus.

    "Hezbollah fired rockets at an army base near Kiryat Shmona": the article's focus is Lebanon,
    but the base is Israel's. Only for a nationality the text left out (source "bare").
    """
    name = state_force_name("Police" if m.name.startswith("Police") else "Military", country_code)
    if m.source != "bare" or name is None or m.country_code == country_code:
        return m
    moved = Mention(m.start, m.end, m.surface, name, m.kind, country_code, "bare")
    actors.mentions[:] = [moved if x is m else x for x in actors.mentions]
    if all(x.name != m.name for x in actors.mentions):
        actors.specs.pop(m.name, None)
        actors.aliases.pop(m.name, None)
    actors.add(moved)
    actors.mentions.pop()  # add() appended it again
    actors._index_size = -1  # the in_span index holds the old mention
    return moved


MIN_CITY_POPULATION = 50_000


def _a_place_of_the_focus_country(name: str, focus_country: str | None, place_names: set[str], gaz: Gazetteer) -> bool:
    """Is a one-word "person" a place named elsewhere in the article or a sizeable town of its country?

    A lone surname rarely matches a town of 50,000 in the very country the report is about,
    while a city the model calls a person ("M23 took Bukavu") does.
    """
    if " " in name:
        return False
    if normalize_name(name) in place_names:
        return True
    if focus_country is None:
        return False
    return any(
        p.country_code == focus_country and p.feature == "city" and p.population >= MIN_CITY_POPULATION
        for p in gaz.lookup(name)
    )


def _joined_adjacent_persons(text: str, persons: list[tuple[int, int, str, str]]) -> list[tuple[int, int, str, str]]:
    """ "Governor Oleksandr Prokudin" tagged as two PERSONs side by side is one person."""
    out: list[tuple[int, int, str, str]] = []
    for p in sorted(persons):
        if out and text[out[-1][1] : p[0]] == " ":
            s, _, _, _ = out[-1]
            surface = text[s : p[1]]
            out[-1] = (s, p[1], surface, strip_titles(surface))
        else:
            out.append(p)
    return out


def _has_digit(name: str) -> bool:
    """ "Oct 3 - An": a dateline the model read as a person; names hold no digits."""
    return any(ch.isdigit() for ch in name)


def _lone_capitalised_word(text: str, ent: Span) -> bool:
    """Is a one-word PERSON just the capitalised first word of its sentence, seen nowhere else?"""
    if len(ent) != 1 or ent.start != ent.sent.start:
        return False
    return len(re.findall(rf"\b{re.escape(ent.text)}\b", text)) == 1


_PLACE_WORD_AFTER = re.compile(
    r"\s+(?:district|province|region|township|county|state|village|town|city|camp|valley|governorate|"
    r"municipality|neighbou?rhood|commune|prefecture)\b"
)


def _part_of_a_place_name(text: str, start: int, end: int) -> bool:
    """A "person" that is a lower-case word ("into the bush"), a piece of a hyphenated name
    ("Croix-des-Bouquets") or a name followed by a place word ("Dera Ismail Khan district")."""
    if not text[start : start + 1].isupper():
        return True
    if text[end : end + 1] == "-" or (start > 0 and text[start - 1] == "-"):
        return True
    return bool(_PLACE_WORD_AFTER.match(text, end))


# "the Gran Grif gang", "the Santa Rosa de Lima cartel": a group the dictionary does not know yet
_NAMED_GROUP_HEADS = r"gang|cartel|militia|rebels|rebel group|armed group|insurgent group|jihadist group|faction"
_NAMED_GROUP = re.compile(
    r"(?<![\w-])(?!(?:The|A|An|This|That|These|Those)\s)(?P<name>[A-Z][\w'\u2019-]*(?:\s+(?:(?:de|del|la|al|el|of)\s+)?[A-Z][\w'\u2019-]*){0,4})\s+"
    r"(?P<head>" + _NAMED_GROUP_HEADS + r")\b"
)
# "Tehreek-e-Jihad Pakistan, a little-known group believed to be an offshoot of …"
_APPOSED_GROUP_HEADS = r"group|militia|gang|faction|outfit|organi[sz]ation"
_APPOSED_GROUP = re.compile(
    r"(?<![\w-])(?P<name>[A-Z][\w'\u2019-]*(?:\s+[A-Z][\w'\u2019-]*){0,4}),\s+an?\s+(?:[\w-]+\s+){0,3}?"
    r"(?P<head>" + _APPOSED_GROUP_HEADS + r")\b(?P<rest>[^.;]{0,80})"
)
# Both patterns are case-sensitive and need their head word: a text without one is not scanned
_ANY_NAMED_GROUP_HEAD = re.compile(_NAMED_GROUP_HEADS)
_ANY_APPOSED_GROUP_HEAD = re.compile(_APPOSED_GROUP_HEADS)
_ANY_UNIT_NUMBER = re.compile(r"\d(?:st|nd|rd|th)\s")
_ARMED_WORDS = re.compile(
    r"\b(?:militant|armed|jihad\w*|rebel\w*|insurgen\w*|separatist|extremis\w*|terror\w*|offshoot|splinter|"
    r"affiliate|faction|gang|militia|taliban|qaeda|islamic state)\b",
    re.IGNORECASE,
)


# units of measure a writer may capitalise ("few Metres to Mbingo"), which the NER then takes for a name
_MEASURE_WORDS = frozenset(
    {"metres", "meters", "kilometres", "kilometers", "km", "miles", "yards", "feet", "hectares", "kilograms", "tonnes"}
)
_CALENDAR_WORDS = frozenset(
    {
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "today",
        "yesterday",
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "weekend",
        "night",
        "morning",
        "evening",
        "afternoon",
    }
)


# "the 444th brigade": a unit known by its number alone is a force of its own (Libya's armed
# groups). One named with an arm of the service ("the 21st Infantry
# Battalion", "the 82nd Airborne Division") is a unit of a state's army, which the state mentions
# name, and so is one a state owns ("Ukraine's 47th Brigade", "the Russian 155th Brigade").
_NUMBERED_UNIT = re.compile(
    r"(?<![\w-])(?P<name>\d{1,4}(?:st|nd|rd|th)\s+(?P<head>[Bb]rigade|[Bb]attalion|[Rr]egiment))\b"
)
_OWNER_BEFORE_UNIT = re.compile(r"(?:['\u2019]s|[A-Z][a-z]+(?:n|i|ese|ish|ian))\s+$")


def _numbered_units(text: str, known: Sequence[tuple[int, int]]) -> list[Mention]:
    out = []
    for m in _NUMBERED_UNIT.finditer(text):
        if _OWNER_BEFORE_UNIT.search(text[max(0, m.start() - 30) : m.start()]):
            continue
        if any(s < m.end() and m.start() < e for s, e in known):
            continue
        name = m.group("name")[: -len(m.group("head"))] + m.group("head").capitalize()
        out.append(Mention(m.start(), m.end(), m.group("name"), name, "militia", None, "org"))
    return out


def named_group_mentions(text: str) -> list[Mention]:
    """Armed groups the text itself names as such ("the X gang", "X, a militant group", "the 444th
    brigade")."""
    lookup = _state_regexes()[1]
    known = [(s, e) for s, e, _, _ in _dictionary_hits(text)]
    out = _numbered_units(text, known) if _ANY_UNIT_NUMBER.search(text) else []
    for m in _NAMED_GROUP.finditer(text) if _ANY_NAMED_GROUP_HEAD.search(text) else ():
        name = m.group("name")
        if normalize_name(name.split()[0]) in lookup or _sentence_initial_word(text, m.start(), name):
            continue  # "Haitian gang", "Rival gangs": a nationality or a capitalised first word
        if any(s < m.end() and m.start() < e for s, e in known) or "'s " in name.replace("\u2019", "'"):
            continue  # "Yemen's Houthi militia": the dictionary knows the group
        kind = "rebel_group" if m.group("head").startswith(("rebel", "insurgent", "jihadist")) else "militia"
        out.append(Mention(m.start(), m.start() + len(name), name, name, kind, None, "org"))
    for m in _APPOSED_GROUP.finditer(text) if _ANY_APPOSED_GROUP_HEAD.search(text) else ():
        name = m.group("name")
        if normalize_name(name) in lookup or not _ARMED_WORDS.search(m.group(0)[len(name) :]):
            continue
        if name.split()[-1].lower() in _CALENDAR_WORDS:
            continue  # "Later on Friday, an insurgent group attacked": the day, not the group's name
        if any(s < m.start() + len(name) and m.start() < e for s, e in known):
            continue
        out.append(Mention(m.start(), m.start() + len(name), name, name, "rebel_group", None, "org"))
    return out


def _sentence_initial_word(text: str, start: int, name: str) -> bool:
    before = text[max(0, start - 3) : start]
    return " " not in name and (start == 0 or bool(re.search(r"(?:[.!?\n]\s*|^\s*)$", before)))


_UNKNOWN = re.compile(r"\b(?:unidentified|unknown|unnamed|masked|anonymous)\b", re.IGNORECASE)


def _named_forces(found: Sequence[Mention]) -> list[Mention]:
    return sorted(
        (
            m
            for m in found
            if m.source in ("dict", "state") and m.kind == "state_force" and m.country_code and not m.generic
        ),
        key=lambda m: m.start,
    )


def _bare_nationality(start: int, police: bool, named: Sequence[Mention], focus_country: str | None) -> str | None:
    """The country of "troops"/"the police" with no nationality: the last state force of that
    kind named before them, else the article's focus country.

    "Israeli forces killed nine in the West Bank … Troops entered Jenin": the troops are the
    forces just named, not the Palestinian ones the focus country would give.
    """
    for m in reversed(named):
        if m.start < start and m.name.startswith("Police") == police:
            return m.country_code
    return focus_country


def bare_force_mentions(text: str, found: Sequence[Mention], focus_country: str | None) -> list[Mention]:
    """State forces named without a nationality ("troops", "the police"), given one from context."""
    if not _may_name_a_bare_force(text):
        return []
    named = _named_forces(found)
    out = []
    for m in _BARE_FORCE.finditer(text):
        pre = (m.group("pre") or "").lower()
        if pre in _DETERMINERS:
            pre = ""  # "The police in Dhaka": a sentence-initial article is no nationality
        if pre in _BARE_SKIP or (pre and (m.group("pre") or "")[:1].isupper()):
            continue
        if _OWNER_AFTER.match(text, m.end()) or _NOT_A_FORCE_AFTER.match(text, m.end()):
            continue
        if _AS_BEFORE.search(text[max(0, m.start("head") - 12) : m.start("head")]):
            continue
        if any(f.start < m.end("head") and m.start("head") < f.end for f in found):
            continue  # "of the Police Service of Northern Ireland": the word is part of a name found
        head = m.group("head").lower()
        police = "police" in head or "gendarme" in head
        code = _bare_nationality(m.start(), police, named, focus_country)
        name = state_force_name("Police" if police else "Military", code)
        if name is None:
            continue
        out.append(Mention(m.start("head"), m.end("head"), m.group("head"), name, "state_force", code, "bare"))
    return out


_LEADING_DETERMINER = re.compile(r"^(?:the|a|an)\s+", re.IGNORECASE)


def _org_shaped(surface: str) -> bool:
    """An organisation's name opens with a capital ("the Defense Ministry"), or is a lower-case phrase
    of two words or more ("the defense ministry said"); not one lower-case word ("dissolve congress")
    nor a number ("212 Battalion", a unit of a force the text names)."""
    words = _LEADING_DETERMINER.sub("", surface).split()
    return bool(words) and (words[0][:1].isupper() or (len(words) >= 2 and words[0][:1].isalpha()))


def _org_mention(surface: str, start: int, end: int) -> Mention:
    """An NER organisation without its leading article, so "the X Front" spans the same words as
    the dictionary's "X Front" and the dictionary wins the overlap instead of the longer span."""
    det = _LEADING_DETERMINER.match(surface)
    if det:
        surface, start = surface[det.end() :], start + det.end()
    return Mention(start, end, surface, surface.strip(), _org_kind(surface), None, "org")


def _unknown(text: str, m: Mention) -> bool:
    """ "Unidentified gunmen", "unknown assailants": the report says it does not know who acted."""
    return bool(_UNKNOWN.search(text[max(0, m.start - 25) : m.end]))


def resolve_actors(
    text: str,
    paragraphs: Sequence[Paragraph],
    *,
    focus_country: str | None = None,
    place_spans: Sequence[tuple[int, int]] = (),
    extra_actors: Iterable[Sequence[Any]] = (),
    gaz: Gazetteer | None = None,
) -> ActorSet:
    """Stage 3: find and resolve every actor mention of an article (``gaz``: the pipeline's gazetteer)."""
    gaz = default_gazetteer() if gaz is None else gaz
    found: list[Mention] = dictionary_mentions(text, focus_country) + state_mentions(text)
    frozen = extra_actors if isinstance(extra_actors, tuple) else freeze_extra_actors(extra_actors)
    rx, owners = compile_extra_actors(frozen)
    if rx is not None:
        for m in rx.finditer(text):
            name, kind, code = owners[m.group(0)]
            found.append(Mention(m.start(), m.end(), m.group(0), name, kind, code, "dict"))
    found.extend(bare_force_mentions(text, found, focus_country))
    # spaCy entities
    places = sorted(place_spans)
    place_names = {normalize_name(text[ps:pe]) for ps, pe in places}
    persons: list[tuple[int, int, str, str]] = []
    for para in paragraphs:
        for ent in para.doc.ents:
            s, e = para.start + ent.start_char, para.start + ent.end_char
            if any(ps < e and s < pe for ps, pe in places):
                continue
            if ent.label_ == "PERSON":
                clean = strip_titles(ent.text.strip())
                if _lone_capitalised_word(text, ent):
                    continue  # "Debris fell on homes": a sentence's capitalised first word, named nowhere else
                if _part_of_a_place_name(text, s, e):
                    continue
                if clean.lower() in _MEASURE_WORDS:
                    continue  # "few Metres to Mbingo": a unit written with a capital is nobody
                if _a_place_of_the_focus_country(clean, focus_country, place_names, gaz):
                    continue  # "took Bukavu in February": the model's PERSON is a city of the country
                if not_a_person(clean, text, e, place_names):
                    continue  # "posted on Twitter", "Brgy. Buhanginan", "Robina Asido/DMS" (person_shapes.py)
                known = _acronym_written_as_a_word(clean)
                if known is not None:
                    # "the African Union mission, Amisom": the dictionary's AMISOM as British papers spell it
                    found.append(
                        Mention(s, e, ent.text, known.name, known.kind, known.country_code, "dict", known.generic)
                    )
                    continue
                if clean and not clean.isupper() and any(ch.isalpha() for ch in clean) and not _has_digit(clean):
                    persons.append((s, e, ent.text, clean))
            elif ent.label_ == "ORG":
                words = normalize_name(ent.text).split()
                if words and words[-1] in ORG_HEADS and not ent.text.isupper() and _org_shaped(ent.text):
                    found.append(_org_mention(ent.text, s, e))
                elif speaking_name(text, s, e, ORG_HEADS) and not not_a_person(ent.text, text, e, place_names):
                    persons.append((s, e, ent.text, strip_titles(ent.text.strip())))  # "Anand Kumar said"
    found.extend(named_group_mentions(text))
    persons = _joined_adjacent_persons(text, persons)
    cluster = _person_clusters(p[3] for p in persons)
    found.extend(Mention(s, e, surface, cluster[clean], "person", None, "person") for s, e, surface, clean in persons)
    mentions = _bare_police_as_named(_without_overlaps(found))
    return _resolve_generics(text, paragraphs, mentions)


def _bare_police_as_named(mentions: list[Mention]) -> list[Mention]:
    """ "the Police Service of Northern Ireland … police believe": where the article names one police
    force, its bare "police" of that country are that force, not the country's police at large."""
    named = {
        (m.name, m.country_code)
        for m in mentions
        if m.source != "bare"
        and m.kind == "state_force"
        and "Police" in m.name
        and not m.name.startswith("Police Forces")
    }
    if len(named) != 1:
        return mentions
    ((name, code),) = named
    return [
        dataclasses.replace(m, name=name)
        if m.source == "bare" and m.name.startswith("Police Forces") and m.country_code in (code, None)
        else m
        for m in mentions
    ]


_DEFINITE = re.compile(r"\b(?:the|these|those|this|that|its|their|our|his|her)\s+(?:[a-z-]+\s+)?$", re.IGNORECASE)
_LED_BY = re.compile(r"\s*,?\s+(?:led by|of|from|loyal to|belonging to|allied with)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}?$")
UNIDENTIFIED = "Unidentified Armed Group"


def _sentence_spans(paragraphs: Sequence[Paragraph]) -> list[tuple[int, int]]:
    return [
        (p.start + sent.start_char, p.start + sent.end_char)
        for p in paragraphs
        for sent in (p.sentences if p.sentences is not None else p.doc.sents)
    ]


def _resolve_generics(text: str, paragraphs: Sequence[Paragraph], mentions: list[Mention]) -> ActorSet:
    """Resolve "the militants", "the group", "gunmen" the way a reader would.

    A definite noun ("the attackers", "its fighters") refers back to the last armed actor told of.
    A bare one ("gunmen stormed …") brings in someone new, unless the phrase or its sentence names
    the group ("Boko Haram gunmen", "fighters of the SDF", "insurgents led by HTS").
    """
    _arm_the_owners(text, mentions)
    named = [m for m in mentions if m.kind in ARMED_NON_STATE and not m.generic]
    default_armed = Counter(m.name for m in named).most_common(1)[0][0] if named else None
    kinds = {m.name: (m.kind, m.country_code) for m in named}
    sentences = _sentence_spans(paragraphs)
    taken = [(m.start, m.end) for m in mentions]
    corefs = [
        Mention(c.start(), c.end(), c.group(0), "", "rebel_group", None, "coref", generic=True)
        for c in GENERIC_ARMED.finditer(text)
        if not any(s < c.end() and c.start() < e for s, e in taken)
    ]
    out = ActorSet()
    last_armed: str | None = None
    for m in sorted([*mentions, *corefs], key=lambda m: m.start):
        generic = m.generic and m.kind in ARMED_NON_STATE
        if generic and not _unknown(text, m):
            target = _referent(text, m, named, sentences, last_armed, default_armed)
            if target is not None and target != m.name:
                kind, code = kinds.get(target, ("rebel_group", None))
                out.add(Mention(m.start, m.end, m.surface, target, kind, code, "coref"))
                last_armed = target
                continue
        if m.source == "coref" and not m.name:
            continue  # "jihadist fighters" with no one to stand for
        out.add(m)
        if m.kind in ARMED_NON_STATE:
            last_armed = m.name
    out.mentions.sort(key=lambda m: m.start)
    return out


# named organisations whose kind an armed noun before them may correct: "the rebels of the
# National Salvation Front" is an armed group whatever its name sounds like
_ARMABLE_KINDS = frozenset({"political_party", "other"})
_ARMED_MEMBERS_OF = re.compile(
    r"\b(?i:rebels|fighters|militants|insurgents|militiamen|guerrillas|gunmen|combatants)\s*,?\s+"
    r"(?:led by|of|from|loyal to|belonging to|allied with)\s+(?:the\s+)?(?:[\w'-]+\s+){0,3}?$"
)


def _arm_the_owners(text: str, mentions: list[Mention]) -> None:
    """Make a named organisation an armed group when the text calls its members rebels or
    fighters ("the rebels of the National Salvation Front", "fighters loyal to the Front")."""
    armed = {
        n.name
        for n in mentions
        if not n.generic and n.kind in _ARMABLE_KINDS and _ARMED_MEMBERS_OF.search(text, max(0, n.start - 60), n.start)
    }
    for n in mentions:
        if n.name in armed:
            n.kind = "rebel_group"


def _referent(
    text: str,
    m: Mention,
    named: list[Mention],
    sentences: list[tuple[int, int]],
    last_armed: str | None,
    default_armed: str | None,
) -> str | None:
    """The armed actor a generic mention stands for, or None for an unidentified one."""
    if m.source == "coref" or _DEFINITE.search(text[max(0, m.start - 30) : m.start]):
        return last_armed or default_armed
    before = [n for n in named if n.end <= m.start]
    if before and not text[before[-1].end : m.start].strip():
        return before[-1].name  # "Boko Haram gunmen"
    after = next((n for n in named if n.start >= m.end), None)
    if after is not None and _LED_BY.fullmatch(text[m.end : after.start]):
        return after.name  # "insurgents led by HTS", "fighters of the Kurdish-led SDF"
    i = bisect.bisect_right([s for s, _ in sentences], m.start) - 1
    if i >= 0:
        s0, s1 = sentences[i]
        inside = [n for n in named if s0 <= n.start and n.end <= s1]
        if inside:
            earlier = [n for n in inside if n.end <= m.start]
            return (earlier[-1] if earlier else inside[0]).name
    return None


# -- seed actors for the database ----------------------------------------------------------------


@dataclass(frozen=True)
class SeedActor:
    name: str
    kind: str
    country_code: str | None
    aliases: tuple[str, ...]


def seed_actors(*, state_forces: bool = True) -> list[SeedActor]:
    """Return the seed actor dictionary plus, per country, its military, police and government.

    State actors follow one naming style ("Military Forces of Iraq", "Police Forces of Nigeria",
    "Government of Turkey") with the surface forms the rules above recognise as aliases.
    """
    specs, aliases = actor_dictionary()
    by_name: dict[str, list[str]] = {}
    for alias, name in aliases.items():
        by_name.setdefault(name, []).append(alias)
    out = [
        SeedActor(
            spec.name, spec.kind, spec.country_code, tuple(a for a in by_name.get(spec.name, ()) if a != spec.name)
        )
        for spec in specs.values()
    ]
    if not state_forces:
        return out
    known = {s.name for s in out}
    for code, info in sorted(country_table().items()):
        place = _country_display(code)
        demonyms = [d for d in info.demonyms if d[:1].isupper()]
        names = [n for n in info.names if n[:1].isupper()]
        forms = {
            f"Military Forces of {place}": (
                "state_force",
                [
                    f"{d} {h}"
                    for d in demonyms
                    for h in ("army", "military", "armed forces", "forces", "troops", "soldiers")
                ]
                + [f"{n}'s {h}" for n in names[:1] for h in ("army", "military", "armed forces")],
            ),
            f"Police Forces of {place}": (
                "state_force",
                [f"{d} police" for d in demonyms] + [f"{n}'s police" for n in names[:1]],
            ),
            f"Government of {place}": (
                "government",
                [f"{d} government" for d in demonyms] + [f"{n}'s government" for n in names[:1]],
            ),
        }
        for name, (kind, alias_list) in forms.items():
            if name in known:
                continue  # the dictionary already holds it ("Military Forces of Israel" with "IDF")
            out.append(SeedActor(name, kind, code, tuple(dict.fromkeys(alias_list))))
    return out
