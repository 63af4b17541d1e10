"""Who is speaking: the speaker model of one article (the second half of stage 6).

Every cue verb outside the quotations ("X said", "according to X", "said Colonel X") is an
*attribution*; read in text order they make the article's speaker history, which is what a
later "he added", "the officer said" or "the statement said" points back to. A quotation takes
the attribution of its sentence (quotes.py decides which one); this module only reads the
subject phrase of a cue and resolves it.

Reading a subject phrase is an ordered list of named rules (``SUBJECT_RULES``): the first that
answers wins. The words they rely on are tables below: extend a table before writing a rule.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from .actors import TITLES, ActorSet, Mention
from .regex_trie import trie_regex

# -- tables ------------------------------------------------------------------------------------
# fmt: off

# Verbs that attribute words to their subject. "according to" is handled on its own: its
# speaker follows it. Not "posts", "notes", "states": in news they are mostly nouns ("military
# posts", "United States").
CUE_VERBS = frozenset(
    {
        "said", "says", "say", "told", "tells", "added", "adds", "wrote", "writes", "posted", "tweeted",
        "reported", "reports", "announced", "announces", "confirmed", "confirms", "stated", "warned",
        "warns", "insisted", "insists", "explained", "explains", "noted", "claimed", "claims", "declared",
        "declares", "continued", "urged", "urges", "argued", "argues", "asked", "replied", "recalled", "acknowledged",
        "admitted", "vowed", "promised", "describes", "described", "commented", "remarked", "stressed", "maintained",
        "saying", "telling", "adding", "writing", "chanted", "shouted", "alleged", "denied", "contended",
        "observed", "emphasised", "emphasized", "lamented", "cautioned", "conceded", "countered", "suggested",
        "responded", "testified", "recounted", "texted",
    }
)
ACCORDING_TO = "according to"
# '"…," said Colonel X': cues whose subject may follow them. Not "told" (its object is the
# listener: "told AFP") nor "asked"/"urged" (their object is who was asked).
INVERTIBLE_CUES = frozenset(
    {
        "said", "says", "added", "adds", "wrote", "writes", "explained", "continued", "insisted", "noted", "stated",
        "declared", "recalled", "replied", "warned", "stressed", "remarked", "commented", "claimed", "confirmed",
        "posted", "tweeted", "chanted", "shouted",
    }
)
# Where a statement was made: "said in a statement", "wrote on Telegram", "posted on X". The
# medium's noun lets a later "the statement said" point back to whoever made it.
MEDIA_NOUNS = frozenset(
    {
        "statement", "communique", "communiqué", "release", "video", "post", "message", "letter", "interview",
        "broadcast", "address", "briefing", "conference", "report",
        # documents: "the decree said" names no person
        "document", "decree", "resolution", "study", "survey", "agreement", "law", "order", "notice", "leaflet",
        "note", "website", "page", "sign", "tweet", "caption", "headline", "ruling", "verdict", "indictment",
        "complaint", "filing", "lawsuit", "memo", "email",
    }
)
PLATFORMS = frozenset(
    {
        "telegram", "x", "twitter", "facebook", "instagram", "tiktok", "youtube", "whatsapp", "vk", "weibo",
    }
)
_MEDIUM = re.compile(
    r"\b(?:in|on|at|via|through)\s+(?:(?:an?|the|its|his|her|their|a\s+joint)\s+)?(?:[\w-]+\s+){0,2}?"
    rf"(?P<noun>{trie_regex([*MEDIA_NOUNS, *PLATFORMS])})\b",
    re.IGNORECASE,
)
# Nouns for a person who speaks. A definite "the officer" points back to the last attribution
# that used the same noun; an indefinite "a local resident" with no organisation named is a
# free-text speaker ("local resident").
PERSON_ROLES = frozenset(
    {
        "spokesman", "spokeswoman", "spokesperson", "official", "officer", "commander", "minister", "governor",
        "mayor", "resident", "witness", "source", "activist", "medic", "doctor", "nurse", "paramedic", "survivor",
        "villager", "farmer", "fisherman", "shopkeeper", "trader", "driver", "student", "teacher", "demonstrator",
        "protester", "representative", "member", "leader", "fighter", "militant", "rebel", "soldier", "negotiator",
        "diplomat", "analyst", "expert", "researcher", "director", "chief", "head", "commissioner", "prosecutor",
        "lawyer", "relative", "father", "mother", "brother", "sister", "son", "daughter", "wife", "husband",
        "neighbour", "neighbor", "man", "woman", "boy", "girl", "journalist", "correspondent", "reporter", "monitor",
        "observer", "envoy", "ambassador", "aide", "adviser", "advisor", "secretary", "chairman", "chairwoman",
        "general", "colonel", "captain", "major", "lieutenant", "sergeant", "inspector", "superintendent", "worker",
        "volunteer", "eyewitness", "elder", "cleric", "imam", "priest", "pastor", "chief-of-staff", "deputy",
        "secretary-general", "academic", "author", "professor", "scholar", "historian", "economist",
        "president", "premier", "chancellor", "senator", "lawmaker", "legislator", "councillor", "councilor",
        "coach", "manager", "owner", "cashier",
    }
)
# Ranks written as capitalised abbreviations before or instead of a name ("the DIG said").
ROLE_ABBREVIATIONS = frozenset({"DIG", "IG", "IGP", "ADG", "DGP", "SP", "SSP", "DSP", "SHO", "DC", "CO"})
# Roles whose holder does not speak for the group they belong to: "a commander of the Islamic
# State group told reporters" is one commander's account, not the group's (a spokesman, by
# contrast, speaks for it).
MEMBER_ROLES = frozenset({"commander", "fighter", "member", "militant", "rebel", "soldier"})
# Heads of a body's name: "the Veracruz prosecutor's office", "the Emergency Medicine and
# Support Center" speak as institutions; "the center said" points back to one.
INSTITUTION_HEADS = frozenset(
    {
        "office", "ministry", "center", "centre", "agency", "department", "council", "committee", "observatory",
        "commission", "authority", "authorities", "court", "hospital", "directorate", "service", "services", "unit",
        "command", "headquarters", "group", "movement", "organisation", "organization", "network", "union",
        "federation", "coalition", "front", "party", "government", "administration", "presidency", "secretariat",
        "mission", "embassy",
    }
)
# Nouns for a body, not a person, that no other table holds: "the company said" and "Police
# said" name no one, so they are neither a name nor a pointer back to the last person.
COLLECTIVE_NOUNS = frozenset(
    {
        "police", "army", "military", "navy", "company", "firm", "club", "team", "board", "family", "city",
        "county", "state", "school", "university", "college", "regime", "junta", "parliament", "senate",
        "congress", "assembly", "body", "force", "bank", "airline", "operator", "manufacturer", "carrier",
        "provider", "retailer", "publisher", "developer", "insurer", "lender", "supplier", "producer", "district",
        "municipality", "village", "town", "country", "church", "campaign", "charity", "hospital", "clinic",
        "prison", "jail", "brigade", "battalion", "regiment", "division", "militia", "gang", "cartel", "crowd",
        "couple", "pair", "trio", "group",
    }
)
# News outlets: the speaker only when they are the source ("Reuters reported", "according to
# AFP", "news agency Wafa said"), never because they carried a quote ("told AFP").
OUTLET_NAMES = frozenset(
    {
        "AFP", "Reuters", "AP", "Associated Press", "BBC", "CNN", "Al Jazeera", "Xinhua", "TASS", "RIA Novosti",
        "Interfax", "Anadolu", "ANI", "PTI", "IANS", "SANA", "IRNA", "ISNA", "Fars", "Tasnim", "Wafa", "WAFA",
        "Sputnik", "Kyodo", "Yonhap", "KCNA", "dpa", "DPA", "EFE", "Bernama", "Antara", "NHK", "Ukrinform", "QNA",
        "SPA", "WAM", "MENA", "APS", "Agence France Presse", "Al Arabiya", "Bloomberg",
    }
)
OUTLET_NOUNS = frozenset(
    {
        "agency", "newspaper", "broadcaster", "television", "tv", "radio", "channel", "daily", "outlet", "media",
    }
)
# Words after which a comma-separated piece of a subject is an aside, not the subject:
# "Maria Miranda, who visited the area, said", "X, in a statement on Thursday, said".
ASIDE_OPENERS = frozenset(
    {
        "in", "on", "at", "of", "from", "with", "during", "after", "before", "while", "when", "who", "which", "whose",
        "where", "citing", "speaking", "according", "however", "meanwhile", "also", "though", "too", "as", "last",
        "this", "earlier", "later", "referring", "quoting", "adding", "late", "early", "monday", "tuesday",
        "wednesday", "thursday", "friday", "saturday", "sunday", "yesterday", "today", "tonight",
    }
)
# "X has said", "X was quoted as saying", "X also told": words between a subject and its cue.
_TRAILING_AUXILIARY = re.compile(
    r"(?:\s+(?:also|later|earlier|previously|separately|then|further|again|has|have|had|would|"
    r"was|were|is|are|quoted|as|reportedly|once|had\s+been))+\s*$",
    re.IGNORECASE,
)
PRONOUNS = {"he": "person", "she": "person", "they": "group", "it": "group"}
# Capitalised words that begin no personal name.
_NOT_NAME_WORDS = frozenset(
    {
        "The", "A", "An", "In", "On", "At", "He", "She", "They", "It", "We", "I", "His", "Her", "Their", "Its",
        "This", "That", "These", "Those", "But", "And", "Or", "If", "When", "While", "After", "Before", "Monday",
        "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April",
        "May", "June", "July", "August", "September", "October", "November", "December",
    }
)
# Lowercased words that end no personal name ("DIG Anti-Naxal Operation" is a post).
_NOT_NAME_HEADS = frozenset(
    {
        "operation", "operations", "region", "district", "province", "county", "zone", "state", "city",
    }
)
_PREPOSITIONS = re.compile(
    r"\s(?:of|for|from|at|in|with|within|near|on|to|inside|close\s+to|loyal\s+to|who|which|that|whose)\s",
    re.IGNORECASE,
)
_NAME_TOKEN = r"(?:[A-Z\u00c0-\u00de][\w'\u2019.-]*)"
_NAME_RUN = rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{1,3}}"
_NAME_TOKEN_RX = re.compile(_NAME_TOKEN)
_NAME_RUN_RX = re.compile(_NAME_RUN)
_BARE_NAME_RX = re.compile(rf"\s*{_NAME_RUN}\s*")
_CALLED = re.compile(
    rf"\b(?:called|named|identified\s+(?:only\s+)?as|known\s+as|who\s+gave\s+(?:his|her|only\s+(?:his|her))\s+"
    rf"(?:first\s+)?name\s+as)\s+(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,2}})"
)
_DETERMINER = re.compile(r"^\s*(?:an?|the|one|another|two|three|several|some)\s+", re.IGNORECASE)
# tries, not flat alternations: these run over every subject phrase
_ROLE_WORD_RX = trie_regex([*PERSON_ROLES, *(r.replace("-", " ") for r in PERSON_ROLES)])
_ROLE_IN = re.compile(rf"\b(?P<role>{_ROLE_WORD_RX})(?:e?s)?\b", re.IGNORECASE)
_ABBREV_RX = "|".join(sorted(ROLE_ABBREVIATIONS, key=len, reverse=True))
_ABBREV_IN = re.compile(rf"\b(?:{_ABBREV_RX})\b")
_POSSESSIVE = re.compile(r"^['\u2019]s?\b|^['\u2019]\s")

# fmt: on
SPEAKER_KINDS = ("person", "individual", "group", "outlet")


@dataclass(frozen=True)
class Speaker:
    """Who said it: an actor's canonical name or free text ("local resident"), and a role."""

    name: str | None
    role: str | None = None
    kind: str = "person"  # person (named) | individual (unnamed one) | group | outlet
    heads: frozenset[str] = frozenset()  # nouns a later "the <noun> said" may use for it
    start: int = 0


@dataclass
class Phrase:
    """A subject phrase: its offsets, its head part (before "of/for/in …") and its mentions."""

    start: int
    end: int
    text: str
    head_end: int  # absolute offset where the head part ends
    mentions: list[Mention]

    head: str = ""  # the text before head_end
    complement: str = ""  # the text after it

    def head_mentions(self) -> list[Mention]:
        return [m for m in self.mentions if m.start < self.head_end]


@dataclass
class SpeakerModel:
    """The speakers of one article so far; :meth:`attribute` reads a subject and records it."""

    text: str
    actors: ActorSet
    quote_spans: Sequence[tuple[int, int]] = ()
    history: list[Speaker] = field(default_factory=list)
    _surnames: dict[str, str] = field(default_factory=dict)
    _persons: list[Mention] = field(default_factory=list)
    _person_starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        persons = [
            m
            for m in self.actors.mentions
            if m.kind == "person" and not self.quoted(m.start) and not _platform_or_outlet(m.name)
        ]
        owners: dict[str, set[str]] = {}
        for m in persons:
            words = m.name.rstrip("'\u2019").split()
            if len(words) > 1 and len(words[-1]) > 2:
                owners.setdefault(words[-1], set()).add(m.name)
        self._surnames = {w: next(iter(n)) for w, n in owners.items() if len(n) == 1}
        # "Vivians was bold enough to ask": a surname alone, which the NLP model often misses
        taken = [(m.start, m.end) for m in persons]
        for word, name in self._surnames.items():
            if word in _NOT_NAME_WORDS:
                continue  # "Theresa May" does not make every "in May" a person
            at = self.text.find(word)
            while at >= 0:
                end = at + len(word)
                inside = any(s <= at < e for s, e in taken)
                if not inside and _whole_word(self.text, at, end) and not self.quoted(at):
                    persons.append(Mention(at, end, word, name, "person", None, "surname"))
                at = self.text.find(word, end)
        persons.sort(key=lambda m: m.start)
        self._persons = persons
        self._person_starts = [m.start for m in persons]

    def quoted(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.quote_spans)

    # -- reading ----------------------------------------------------------------------------

    def attribute(
        self,
        spans: Sequence[tuple[int, int]],
        *,
        clause: tuple[int, int] | None = None,
        coordinated: bool = False,
    ) -> Speaker | None:
        """Read the first subject phrase among ``spans`` that names a speaker, remember it, and
        return it; ``clause`` (its start, and the cue's end) is searched for the medium ("in a
        statement") a later "the statement said" points back with."""
        for start, end in spans:
            phrase = self.phrase(start, end)
            if phrase is None:
                continue
            speaker = read_subject(self, phrase, coordinated=coordinated)
            if speaker is None:
                continue
            heads = speaker.heads | _role_heads(phrase.text)
            last = phrase.head.lower().split()[-1:]
            if last and _singular(last[0]) in MEDIA_NOUNS:
                heads |= {_singular(last[0])}  # "the Interior Ministry statement said"
            if clause is not None:
                around = self.text[clause[0] : min(len(self.text), clause[1] + 60)]
                media = {m.group("noun").lower() for m in _MEDIUM.finditer(around)}
                heads |= media & MEDIA_NOUNS  # "said in a statement", then "the statement said"
                if media & PLATFORMS:
                    heads |= {"post", "message"}  # "wrote on Telegram", then "the post said"
            speaker = Speaker(speaker.name, speaker.role, speaker.kind, heads, start)
            self.history.append(speaker)
            return speaker
        return None

    def phrase(self, start: int, end: int) -> Phrase | None:
        text = self.text[start:end]
        stripped = text.strip(" ,;:-\u2013\u2014\n")
        if not stripped:
            return None
        start += text.index(stripped)
        end = start + len(stripped)
        mentions = self.actors.in_span(start, end)
        head_end = end
        for p in _PREPOSITIONS.finditer(stripped):
            at = start + p.start()
            if not any(m.start <= at < m.end for m in mentions):
                head_end = at
                break
        cut = head_end - start
        return Phrase(start, end, stripped, head_end, mentions, stripped[:cut], stripped[cut:])

    # -- resolving --------------------------------------------------------------------------

    def last(self, kinds: tuple[str, ...], before: int) -> Speaker | None:
        for s in reversed(self.history):
            if s.start < before and s.kind in kinds:
                return s
        return None

    def antecedent(self, head: str, before: int) -> Speaker | None:
        """The last speaker a definite "the <head>" can stand for."""
        for s in reversed(self.history):
            if s.start < before and head in s.heads:
                return s
        return None

    def last_person_mention(self, before: int) -> Mention | None:
        i = bisect.bisect_left(self._person_starts, before)
        return self._persons[i - 1] if i else None

    def surname(self, word: str) -> str | None:
        return self._surnames.get(word)


# -- rules ---------------------------------------------------------------------------------------

SubjectRule = Callable[[SpeakerModel, Phrase], "Speaker | None"]


def pronoun_subject(model: SpeakerModel, phrase: Phrase) -> Speaker | None:
    """ "“We will stay,” he added." — he/she is the last person who spoke (or was named as a
    sentence's subject since); it/they the last organisation that spoke."""
    word = phrase.text.split(maxsplit=1)[0].lower().strip(",")
    kind = PRONOUNS.get(word)
    if kind is None or phrase.head_mentions():
        return None
    if kind == "group":
        found = model.last(("group", "outlet"), phrase.start)
        return _again(found) if found else None
    spoke = model.last(("person", "individual"), phrase.start)
    named = model.last_person_mention(phrase.start)
    if named is not None and (spoke is None or (named.start > spoke.start and _opens_its_sentence(model.text, named))):
        return Speaker(named.name, None, "person")
    return _again(spoke) if spoke else None


def name_then_role(model: SpeakerModel, phrase: Phrase) -> Speaker | None:
    """ "Sunder Raj P, DIG Anti-Naxal Operation told ANI", "said Vivians, an All-American guard" —
    a name followed by its role or by an "a/an" description: the name is the speaker."""
    m = _NAME_BEFORE_ROLE.match(phrase.text)
    if not m or not _a_name(m.group("name"), single=True):
        return None
    end = phrase.start + m.end("name")
    if any(p.kind != "person" and p.start < end for p in phrase.mentions):
        return None  # "Hezbollah, the Iran-backed group, said": the organisation rule's
    person = next((p for p in phrase.mentions if p.kind == "person" and p.start < end), None)
    name = person.name if person else model.surname(m.group("name")) or m.group("name")
    return Speaker(name, _role_of(m.group("rest")), "person")


def named_person(model: SpeakerModel, phrase: Phrase) -> Speaker | None:
    """ "President Buhari's spokesman Garba Shehu said" — the person the phrase is about, not
    one named as a possessive or as the modifier of a role ("Twic East county commissioner")."""
    for m in phrase.mentions:
        if m.start >= phrase.head_end and not _appositive(model.text, phrase, m):
            continue
        if m.kind == "person" and not _modifier(model.text, m):
            return Speaker(m.name, _role_of(phrase.text), "person")
    for tok in _NAME_TOKEN_RX.finditer(phrase.head):
        owner = model.surname(tok.group().rstrip(".,"))
        if owner and not _POSSESSIVE.match(phrase.head[tok.end() :]):
            return Speaker(owner, _role_of(phrase.text), "person")
    return None


def free_text_name(model: SpeakerModel, phrase: Phrase) -> Speaker | None:
    """ "said NATO spokesperson in Kosovo Uwe Nowitzki", "a man called Néne": a name the NLP model
    missed, told by the role or the "called" before it."""
    text = phrase.text
    m = _CALLED.search(text)
    if m and _a_name(m.group("name"), single=True):
        return Speaker(m.group("name"), _role_of(text[: m.start()]), "person")
    m = _NAME_AFTER_ROLE.search(text)
    if m and _a_name(m.group("name")):
        return Speaker(m.group("name"), m.group("role").lower(), "person")
    return None


def organisation(model: SpeakerModel, phrase: Phrase) -> Speaker | None:
    """ "A Foreign Office spokesman said", "the police officer said", "Hezbollah said" — an
    organisation in the head of the phrase speaks, through its role-holder if one is named."""
    orgs = [m for m in phrase.head_mentions() if m.kind != "person" and not _outlet(m.surface)]
    if not orgs:
        return None
    role = _role_of(phrase.head)
    if role and role.split()[-1] in MEMBER_ROLES and _DETERMINER.match(phrase.text):
        return Speaker(None, role, "individual")
    m = orgs[0]
    return Speaker(m.name, role, "group", frozenset({m.surface.split()[-1].lower()}))


def definite_reference(model: SpeakerModel, phrase: Phrase) -> Speaker | None:
    """ "“…,” the officer said." — a definite description points back to the last speaker that
    was given the same noun ("a senior police officer said", "X said in a statement")."""
    m = _DEFINITE.match(phrase.head)
    if not m:
        return None
    head = m.group("head")
    key = head if head in ROLE_ABBREVIATIONS else _singular(head.lower())
    found = model.antecedent(key, phrase.start)
    if found is not None:
        return _again(found)
    if (
        key in _NOUNS
        or key in OUTLET_NOUNS
        or key in COLLECTIVE_NOUNS
        or (key.endswith("s") and not key.endswith("ss"))
    ):
        return None  # a known role with no antecedent speaks under it; "the victims" are many
    # "The actress added", "the reviewer said": a person no table knows, the way "she" would be
    return pronoun_subject(model, replace_text(phrase, "she"))


def role_of_organisation(model: SpeakerModel, phrase: Phrase) -> Speaker | None:
    """ "a spokesperson for the Houthis said" — the role-holder's organisation is the speaker;
    "a commander of the Islamic State group" is one member, not the group."""
    role = _role_of(phrase.head)
    if not role:
        return None
    cut = _COMPLEMENT_END.search(phrase.complement)
    stop = phrase.head_end + cut.start() if cut else phrase.end
    orgs = [
        m
        for m in phrase.mentions
        if phrase.head_end <= m.start < stop and m.kind != "person" and not _outlet(m.surface)
    ]
    if not orgs:
        return None
    if role.split()[-1] in MEMBER_ROLES:
        return Speaker(None, role, "individual")
    return Speaker(orgs[0].name, role, "group")


def statement_by(model: SpeakerModel, phrase: Phrase) -> Speaker | None:
    """ "a statement by the army said" — a statement speaks for whoever issued it."""
    head = phrase.head.lower().split()
    if not head or _singular(head[-1]) not in MEDIA_NOUNS:
        return None
    for m in phrase.mentions:
        if m.start >= phrase.head_end and not _outlet(m.surface):
            return Speaker(m.name, None, "person" if m.kind == "person" else "group")
    return None


def outlet_source(model: SpeakerModel, phrase: Phrase) -> Speaker | None:
    """ "Palestinian news agency Wafa reported", "according to AFP" — an outlet that is the
    source itself (never one that only carried the words: "told AFP")."""
    m = _OUTLET_NAMED.search(phrase.head)
    if m:
        return Speaker(m.group("name"), None, "outlet", frozenset({"agency"}))
    words = _WORD.findall(phrase.head)
    for i in range(len(words)):
        for n in (3, 2, 1):
            name = " ".join(words[i : i + n])
            if len(words) - i >= n and name in OUTLET_NAMES:
                return Speaker(name, None, "outlet", frozenset({"agency"}))
    return None


def institution_name(model: SpeakerModel, phrase: Phrase) -> Speaker | None:
    """ "the Veracruz prosecutor's office said", "the Emergency Medicine and Support Center
    said" — a body the actor list does not know speaks under its own name (free text)."""
    m = _INSTITUTION.search(phrase.head)
    if not m:
        return None
    name = _LEADING_THE.sub("", m.group("name"))
    return Speaker(name, None, "group", frozenset({m.group("head").lower()}))


def bare_name(model: SpeakerModel, phrase: Phrase) -> Speaker | None:
    """ "“I didn't know it was going in,” Ogunbowale said." — a subject that is only a name no
    actor list knows is a free-text speaker."""
    if not _BARE_NAME_TOKENS.fullmatch(phrase.text) or not _a_name(phrase.text, single=True):
        return None
    words = phrase.text.lower().split()
    if len(words) == 1 and (_singular(words[0]) in _NOUNS or words[0].rstrip("s") in COLLECTIVE_NOUNS):
        return None  # "Officials said", "Police said": a capitalised common noun, no name
    return Speaker(phrase.text, None, "person")


def unnamed_role_holder(model: SpeakerModel, phrase: Phrase) -> Speaker | None:
    """ "a local resident said", "one demonstrator who declined to give his name told AFP",
    "the official spokesman said" — no name and no organisation: the role is the speaker."""
    role = _role_of(phrase.head, keep_modifiers=True)
    if not role:
        return None
    org = _ACRONYM_BEFORE_ROLE.search(phrase.head)
    if org and org.group("org") not in ROLE_ABBREVIATIONS:
        # "An MoD spokesman said": an organisation the actor list does not know, by its acronym
        return Speaker(org.group("org"), _role_of(phrase.head), "group")
    noun = role.split()[-1]
    words = {w.strip(".,;:").lower() for w in phrase.head.split()}
    plural = f"{noun}s" in words or f"{noun}es" in words
    if plural:
        role = _plural_phrase(phrase.head, role)
    return Speaker(role, role, "group" if plural else "individual")


SUBJECT_RULES: tuple[SubjectRule, ...] = (
    pronoun_subject,
    name_then_role,
    named_person,
    free_text_name,
    organisation,
    definite_reference,
    role_of_organisation,
    statement_by,
    outlet_source,
    institution_name,
    bare_name,
    unnamed_role_holder,
)


def read_subject(model: SpeakerModel, phrase: Phrase, *, coordinated: bool = False) -> Speaker | None:
    """Return the speaker a subject phrase names (the first rule that answers), or None.

    ``coordinated``: the phrase ends in "and" ("a resident filmed a police officer and said"):
    the subject is the clause's first noun phrase, so only its opening words are read.
    """
    if coordinated:
        phrase = _opening_noun_phrase(model, phrase)
    for rule in SUBJECT_RULES:
        found = rule(model, phrase)
        if found is not None:
            return found
    return None


# -- subject spans ---------------------------------------------------------------------------------


def subject_before(text: str, clause_start: int, cue_start: int) -> tuple[list[tuple[int, int]], bool]:
    """Where the subject of a cue at ``cue_start`` may lie, best first: the last comma-piece of
    its clause that is not an aside (joined to the name before it when that piece is an
    apposition), then the words after its last clause opener, then the piece before.

    "Sunder Raj P, DIG Anti-Naxal Operation told ANI" → "Sunder Raj P, DIG Anti-Naxal Operation";
    "Despite losses, Smith said" → "Smith"; "the feud that a doctor said had caused" → "a doctor".
    Returns (spans, coordinated).
    """
    chunk = text[clause_start:cue_start]
    aux = _TRAILING_AUXILIARY.search(chunk)
    if aux:
        chunk = chunk[: aux.start()]
    and_end = _TRAILING_AND.search(chunk)
    coordinated = and_end is not None
    if and_end is not None:
        chunk = chunk[: and_end.start()]
    cuts = [0] + [i + 1 for i, ch in enumerate(chunk) if ch == ","]
    pieces = [(a, (cuts[i + 1] - 1) if i + 1 < len(cuts) else len(chunk)) for i, a in enumerate(cuts)]
    i = len(pieces) - 1
    while i > 0 and _aside(chunk[pieces[i][0] : pieces[i][1]]):
        i -= 1
    a, b = pieces[i]
    piece = chunk[a:b]
    spans = []
    k = i
    while k > 0 and _set_off(
        chunk[pieces[k][0] : pieces[k][1]], chunk[pieces[k - 1][0] : pieces[k - 1][1]], k < len(pieces) - 1
    ):
        k -= 1  # "Matt Bryden, director of Sahan Research, a Nairobi-based think tank, described"
    if k < i and _names_someone(chunk[pieces[k][0] : pieces[k][1]]) and not _aside(chunk[pieces[k][0] : pieces[k][1]]):
        spans.append((pieces[k][0], b))
    if not coordinated:
        opener = None
        for found in _CLAUSE_OPENER.finditer(piece):
            opener = found
        if opener is not None and piece[opener.end() :].strip():
            spans.append((a + opener.end(), b))
    spans.append((a, b))
    if i > 0 and not _aside(chunk[pieces[i - 1][0] : pieces[i - 1][1]]):
        spans.append(pieces[i - 1])
    return [(clause_start + x, clause_start + y) for x, y in spans], coordinated


def subject_after(text: str, start: int, end: int) -> tuple[int, int]:
    """ "said a security source who put the toll at 14" → "a security source": an inverted
    subject runs to the first comma, relative pronoun or sentence end."""
    m = _INVERTED_END.search(text, start, end)
    if m is None:
        return start, end
    first = text[start : m.start()]
    if m.group() == ",":
        nxt = _INVERTED_END.search(text, m.end(), end)
        second = text[m.end() : nxt.start() if nxt else end]
        # "said Stig Hansen, a Norwegian academic", "said secretary-general of X, Paolo Impagliazzo"
        if _apposition(second, True) or (_NAME_AFTER_ROLE.search(first) is None and _bare_name(second)):
            return start, (nxt.start() if nxt else end)
    return start, m.start()


# -- helpers -------------------------------------------------------------------------------------

_DEFINITE = re.compile(rf"^(?:[Tt]he|[Tt]his|[Tt]hat)\s+(?:[a-z-]+\s+){{0,2}}?(?P<head>[a-z-]+|{_ABBREV_RX})\s*$")
_NAME_AFTER_ROLE = re.compile(
    rf"\b(?P<role>(?i:{_ROLE_WORD_RX}|{'|'.join(sorted((t for t in TITLES if len(t) > 2), key=len, reverse=True))})"
    rf"|{_ABBREV_RX})\.?(?:\s+(?:in|of|for|at)\s+{_NAME_TOKEN})?\s+(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,2}})\s*$"
)
_NAME_BEFORE_ROLE = re.compile(
    rf"^(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,3}})\s*,\s*(?:\d+\s*,\s*)?(?P<rest>(?:an?\s|(?:the\s+)?"
    rf"(?:[\w-]+\s+){{0,3}}?(?:(?i:{_ROLE_WORD_RX})|{_ABBREV_RX})\b).*)$"
)
_OUTLET_NAMED = re.compile(
    rf"\b(?:news\s+agency|agency|newspaper|broadcaster|television|channel|daily)\s+(?P<name>{_NAME_TOKEN}(?:\s+{_NAME_TOKEN})?)"
)
_INSTITUTION_HEAD_RX = "|".join(sorted(INSTITUTION_HEADS, key=len, reverse=True))
_INSTITUTION = re.compile(
    rf"(?P<name>(?:{_NAME_TOKEN}(?:['\u2019]s)?\s+(?:(?:and|of|for)\s+)?)+(?:[a-z'\u2019-]+\s+){{0,2}}"
    rf"(?P<head>(?i:{_INSTITUTION_HEAD_RX}))\b(?:\s+(?:of|for)\s+(?:the\s+)?{_NAME_TOKEN}(?:\s+(?:and\s+)?{_NAME_TOKEN})*)?)"
)
_ROLE_START = re.compile(rf"(?:[\w'\u2019-]+\s+){{0,3}}?(?i:{_ROLE_WORD_RX})\b")
_ROLE_AFTER_NAME = re.compile(rf"(?:\s+{_NAME_TOKEN})*\s+(?:[a-z-]+\s+){{0,2}}?(?:{_ROLE_WORD_RX})\b")
_NOUNS = PERSON_ROLES | INSTITUTION_HEADS | MEDIA_NOUNS
_BARE_NAME_TOKENS = re.compile(rf"{_NAME_TOKEN}(?:\s+{_NAME_TOKEN}){{0,3}}")
_ACRONYM_BEFORE_ROLE = re.compile(rf"\b(?P<org>[A-Z][a-z]?[A-Z][A-Za-z]*)\s+(?:[a-z-]+\s+)?(?:{_ROLE_WORD_RX})\b")
_COMPLEMENT_END = re.compile(r"\s(?:and|,)\s|,")
_WORD = re.compile(r"[\w'-]+")
_LEADING_THE = re.compile(r"^The\s+")
_TRAILING_AND = re.compile(r"\s*\band\s*$")
_MODIFIERS_AT_END = re.compile(r"(?:^|(?<=\s))((?:[a-z][a-z-]*\s+){1,2})$")
_CLAUSE_OPENER = re.compile(
    r"\b(?:that|which|who|whom|because|but|while|when|whereas|although|though|since|as|after|before|if|and(?=\s+(?-i:[a-z])))\s",
    re.IGNORECASE,
)
_INVERTED_END = re.compile(r",|\s(?:who|which|whose|that|as|after|when|while)\s|[.!?](?:\s|$)|[\"\u201c\u201d]")


def replace_text(phrase: Phrase, text: str) -> Phrase:
    """The phrase with other words in the same place (to read a description as a pronoun)."""
    return Phrase(phrase.start, phrase.end, text, phrase.start + len(text), [], text, "")


def _whole_word(text: str, start: int, end: int) -> bool:
    return (start == 0 or not text[start - 1].isalnum()) and (end == len(text) or not text[end].isalnum())


def _platform_or_outlet(name: str) -> bool:
    """ "Twitter", "Reuters" read as persons by the NLP model are no one to say "she" of."""
    return name.lower() in PLATFORMS or name in OUTLET_NAMES


def _again(s: Speaker) -> Speaker:
    """The same speaker named again (the nouns stay with the attribution that gave them)."""
    return Speaker(s.name, s.role, s.kind)


def _singular(word: str) -> str:
    if word in _NOUNS:
        return word
    for suffix in ("es", "s"):
        if word.endswith(suffix) and word[: -len(suffix)] in _NOUNS:
            return word[: -len(suffix)]
    return word


def _role_of(text: str, *, keep_modifiers: bool = False) -> str | None:
    """The role noun of a phrase ("a NATO spokesperson" → "spokesperson"); with
    ``keep_modifiers`` the lowercase words before it too ("a local resident" → "local resident")."""
    found = None
    for m in _ROLE_IN.finditer(text):
        found = m
    abbrev = _ABBREV_IN.search(text)
    if found is None:
        return abbrev.group() if abbrev else None
    role = found.group("role").lower()
    if keep_modifiers:
        before = text[: found.start()]
        mods = _MODIFIERS_AT_END.search(before)
        if mods:
            words = [w for w in mods.group(1).split() if w not in {"a", "an", "the", "one", "another", "and"}]
            role = " ".join([*words, role])
    return role


def _plural_phrase(head: str, role: str) -> str:
    m = re.search(rf"((?:\b[\w-]+\s+){{0,2}}){re.escape(role.split()[-1])}e?s\b", head, re.IGNORECASE)
    if not m:
        return role
    words = [w for w in m.group(0).split() if w.lower() not in {"the", "some", "several", "two", "three", "many"}]
    return " ".join(words)


def _role_heads(text: str) -> frozenset[str]:
    heads = {_singular(m.group("role").lower().split()[-1]) for m in _ROLE_IN.finditer(text)}
    heads |= {m.group() for m in _ABBREV_IN.finditer(text)}
    return frozenset(heads)


def _modifier(text: str, m: Mention) -> bool:
    """A person named as a possessive ("Buhari's spokesman") or before a role ("Twic East county
    commissioner") modifies the phrase's head rather than being it."""
    after = text[m.end : m.end + 60]
    if m.surface.endswith(("'s", "\u2019s")) or _POSSESSIVE.match(after):
        return True
    return bool(_ROLE_AFTER_NAME.match(after))


def _a_name(name: str, *, single: bool = False) -> bool:
    words = name.split()
    if not words or (len(words) < 2 and not single):
        return False
    if words[0] in _NOT_NAME_WORDS or any(w.isupper() and len(w) > 2 for w in words):
        return False
    if len(words) == 1 and (name.endswith("ly") or name.lower() in ASIDE_OPENERS):
        return False  # "Separately, the minister said"
    lowered = {w.lower() for w in words}
    return not (lowered & (INSTITUTION_HEADS | PERSON_ROLES | _NOT_NAME_HEADS) or name in OUTLET_NAMES)


def _outlet(surface: str) -> bool:
    return surface in OUTLET_NAMES or any(w.lower() in OUTLET_NOUNS for w in surface.split()[-1:])


def _aside(piece: str) -> bool:
    words = piece.strip().split()
    if not words:
        return True
    if words[0].strip("()").isdigit() and len(words) <= 2:
        return True  # an age: "X, 45, said"
    return words[0].lower() in ASIDE_OPENERS


def _set_off(piece: str, before: str, trailing_comma: bool) -> bool:
    """A comma-piece that describes the one before it: an apposition, an age ("X, 45, said"), or
    a title after a bare name ("Sunder Kumar, DIG Border Range told")."""
    if piece.strip().strip("()").isdigit() and len(piece.strip()) <= 5:
        return True
    if _bare_name(before) and (_ABBREV_IN.match(piece.strip()) or _ROLE_START.match(piece.strip())):
        return True
    return _apposition(piece, trailing_comma)


def _apposition(piece: str, trailing_comma: bool) -> bool:
    """ ", a local resident," or a bare title without its comma (", DIG Anti-Naxal Operation")."""
    s = piece.strip()
    named = _NAME_AFTER_ROLE.search(s)
    if named and _a_name(named.group("name")):
        return False  # "Deputy Prime Minister Demeke Mekonnen" is a subject, not an aside
    if _ABBREV_IN.match(s):
        return True
    det = _DETERMINER.match(s)
    if det:
        return trailing_comma  # ", a Nairobi-based think tank,"
    return bool(_ROLE_START.match(s))


def _bare_name(piece: str) -> bool:
    return bool(_BARE_NAME_RX.fullmatch(piece)) and _a_name(piece.strip())


def _appositive(text: str, phrase: Phrase, m: Mention) -> bool:
    """ "secretary-general of Sant'Egidio, Paolo Impagliazzo": a name set off by a comma."""
    return text[phrase.start : m.start].rstrip().endswith(",")


def _names_someone(piece: str) -> bool:
    return bool(_NAME_TOKEN_RX.search(piece))


def _opens_its_sentence(text: str, m: Mention) -> bool:
    """ "Smith arrived on Monday." — a person who opens a sentence becomes what "he" refers to."""
    start = max(0, m.start - 40)
    before = text[start : m.start]
    opener = r"(?:[.!?][\"\u201d\u2019]?\s+|\n\s*)" if start else r"(?:\A|[.!?][\"\u201d\u2019]?\s+|\n\s*)"
    return bool(re.search(rf"{opener}(?:[A-Z][\w.-]*\s+){{0,3}}$", before))


def _opening_noun_phrase(model: SpeakerModel, phrase: Phrase) -> Phrase:
    """ "a resident filmed a police officer … and" → "a resident"."""
    m = re.match(r"^\s*(?:(?:an?|the|one)\s+)?(?:[\w'-]+\s+){0,3}?(?=[a-z]+ed\b|[a-z]+s\b\s)", phrase.text)
    cut = phrase.start + (m.end() if m and m.end() > 0 else len(phrase.text))
    return model.phrase(phrase.start, cut) or phrase
