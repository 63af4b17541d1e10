"""Stage 5: sentence-level event detection from trigger words and the dependency parse.

A sentence yields an event when it holds a trigger (a verb or noun of violence, protest or a
strategic move) that is not negated, hypothetical or background history. The sub-event type
comes from the trigger and its context (weapons named, who the target is); actor1 is the agent
(subject or "by" phrase), actor2 the patient; the place is the sentence's, else the paragraph's,
else the article's focus; the date is the sentence's DATE span resolved against the publication
date, else the publication date. Sentences about one incident are then merged.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .actors import ActorSet, Mention, relocate_bare_force
from .background import background_reason
from .classifier import SentenceClassifier, reads_as_background
from .datelines import dateline_end
from .dates import ResolvedDate, is_background, resolve_date
from .gazetteer import Place
from .nlp import Paragraph
from .places import PlaceSet, Resolved, Toponym, km
from .result import EventResult

# lemma -> trigger class
VERB_TRIGGERS = {
    **dict.fromkeys(
        [
            "clash",
            "fight",
            "battle",
            "engage",
            "ambush",
            "attack",
            "assault",
            "storm",
            "pound",
            "besiege",
            "raid",
            "target",
            "hit",
            "strike",
            "launch",
            "repel",
            "repulse",
            "counterattack",
        ],
        "fight",
    ),
    **dict.fromkeys(["shell", "bombard", "bomb", "fire", "explode", "detonate", "blow", "ram"], "fire"),
    **dict.fromkeys(
        [
            "kill",
            "massacre",
            "execute",
            "behead",
            "slaughter",
            "murder",
            "shoot",
            "gun",
            "slay",
            "wound",
            "injure",
            "die",
        ],
        "kill",
    ),
    **dict.fromkeys(["abduct", "kidnap"], "abduct"),
    **dict.fromkeys(["rape"], "rape"),
    **dict.fromkeys(["protest", "demonstrate", "march", "rally", "picket"], "protest"),
    **dict.fromkeys(["riot", "lynch", "vandalise", "vandalize"], "riot"),
    **dict.fromkeys(["loot", "torch", "ransack", "plunder", "raze", "burn"], "loot"),
    **dict.fromkeys(["arrest", "detain", "apprehend"], "arrest"),
    **dict.fromkeys(["recapture", "retake", "regain", "liberate", "reclaim"], "retake"),
    **dict.fromkeys(["capture", "seize", "overrun", "take", "conquer"], "capture"),
    **dict.fromkeys(["withdraw", "evacuate", "cede", "relinquish"], "withdraw"),
    **dict.fromkeys(["sign", "agree"], "agree"),
    **dict.fromkeys(["defuse", "intercept", "dismantle", "disarm"], "disrupt"),
}
NOUN_TRIGGERS = {
    **dict.fromkeys(
        [
            "clash",
            "fighting",
            "battle",
            "ambush",
            "attack",
            "assault",
            "offensive",
            "raid",
            "firefight",
            "gunfight",
            "skirmish",
            "incursion",
            "onslaught",
            "counteroffensive",
        ],
        "fight",
    ),
    **dict.fromkeys(
        [
            "airstrike",
            "strike",
            "bombing",
            "bombardment",
            "shelling",
            "explosion",
            "blast",
            "rocket",
            "mortar",
            "missile",
            "artillery",
            "ied",
            "landmine",
            "mine",
            "grenade",
            "mission",
            "bomber",
            "sortie",
        ],
        "fire",
    ),
    **dict.fromkeys(["massacre", "execution", "killing", "murder", "shooting"], "kill"),
    **dict.fromkeys(["abduction", "kidnapping", "hostage"], "abduct"),
    **dict.fromkeys(["rape"], "rape"),
    **dict.fromkeys(
        ["protest", "demonstration", "rally", "march", "sit-in", "vigil", "protester", "protestor", "demonstrator"],
        "protest",
    ),
    **dict.fromkeys(["riot", "unrest", "lynching", "rioter"], "riot"),
    **dict.fromkeys(["looting", "arson"], "loot"),
    **dict.fromkeys(["arrest", "detention", "crackdown"], "arrest"),
    **dict.fromkeys(["ceasefire", "truce", "agreement", "accord", "deal", "armistice"], "agree"),
}
AIR = re.compile(
    r"\b(?:air ?strikes?|air ?raids?|warplanes?|war planes?|jets?|aircraft|drones?|helicopters?|"
    r"gunships?|bombers?|typhoons?|tornados?|reapers?|f-\d+s?|sorties?|air force|airforce|aerial)\b"
)
SHELL = re.compile(
    r"\b(?:shell(?:s|ing|ed)?|artillery|mortars?|rockets?|missiles?|howitzers?|katyushas?|"
    r"projectiles?|bombard\w*)\b"
)
SUICIDE = re.compile(
    r"\bsuicide\b|\b(?:laden|packed|rigged) with (?:bombs|explosives)\b|\bvbieds?\b|\bself-detonat|"
    # a driver who rams a vehicle full of explosives into the target dies with it
    r"\bramm(?:ed|ing)\b[^.]{0,60}\bexplosives?-(?:laden|packed|filled)\b"
)
IED = re.compile(
    r"\b(?:ieds?|roadside bombs?|land ?mines?|mines?|explosive devices?|car bombs?|booby[- ]trap\w*|"
    r"bomb (?:exploded|went off)|planted)\b"
)
GRENADE = re.compile(r"\bgrenades?\b")
CHEMICAL = re.compile(r"\b(?:chemical|chlorine|sarin|mustard gas|nerve agent|toxic gas|poison gas)\b")
INTERVENTION = re.compile(
    r"\b(?:tear ?gas|water cannons?|disperse\w*|rubber bullets|batons?|arrest\w*|detain\w*|"
    r"beat\w*|broke up|break up)\b"
)
VIOLENT_PROTEST = re.compile(
    r"\b(?:torch\w*|set fire|set ablaze|hurl\w*|(?:throw|threw|hurl)\w* (?:stones|rocks)|stone-throwing|"
    r"vandal\w*|smash\w*|riot\w*|violent\w*|clash\w*)\b"
)
TERRITORY = re.compile(
    r"\b(?:control|city|cities|towns?|villages?|areas?|territory|territories|districts?|bases?|neighbou?rhoods?|"
    r"province|region|positions?|airports?|hills?|outposts?|checkpoints?)\b"
)
_PEOPLE = re.compile(r"\b(?:people|persons|men|others)\b")
CIVILIAN_TARGETS = re.compile(
    r"\b(?:civilians?|villagers?|residents|passers-by|worshippers|children|women|farmers|herders|traders?|"
    r"shoppers|passengers|pupils|students|teachers|villages?|market|school|church|mosque|hospital|homes?|"
    r"wedding|funeral|displaced|refugees?|aid workers?|journalists?|priest|imam|chief|family|customers|patrons|"
    r"diners|guests|worshipers|missionaries|christians|muslims|vaccinators|health workers|doctors|nurses|"
    r"motorists|fishermen|miners|bar|restaurant|residential|apartments?|house|houses)\b"
)
ARMED_TARGETS = re.compile(
    r"\b(?:soldiers?|troops|militants?|fighters?|police\w*|officers?|insurgents?|rebels?|jihadists?|gunmen|"
    r"militia\w*|military|army|base|checkpoint|barracks|convoy|patrol|positions?|outpost|forces)\b"
    # "an army post", not "the Mucojo administrative post" or "a post on Telegram"
    r"|\b(?:army|military|police|border|security|command|observation)\s+posts?\b"
)
WEAPONS = re.compile(r"\b(?:weapons?|arms|ammunition|explosives|rifles|guns|cache|drugs)\b")
HYPOTHETICAL_LEMMAS = frozenset(
    {
        "fear",
        "threaten",
        "vow",
        "plan",
        "warn",
        "expect",
        "predict",
        "hope",
        "aim",
        "intend",
        "prepare",
        "consider",
        "risk",
        "want",
        "seek",
        "try",
        "would",
        "could",
        "may",
        "might",
        "should",
        "must",
        "will",
        "shall",
        "can",
        "prevent",
        "avoid",
        "deny",
        "end",
        "halt",
        "stop",
        "ban",
        "if",
        "unless",
        "threat",
        "call",
        "urge",
        "demand",
    }
)
_WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
    "a": 1,
    "an": 1,
    "single": 1,
}
_SCALES = {"dozen": 12, "hundred": 100, "thousand": 1000, "million": 1_000_000}
_VAGUE = frozenset({"dozens", "hundreds", "thousands", "scores", "many", "several", "some", "numerous", "few"})
VICTIM_KINDS = frozenset({"civilians", "protesters"})


def parse_number(text: str) -> int | None:
    """Parse "14", "1,500", "twenty three", "twenty-three", "a dozen"; vague amounts give None."""
    words = re.sub(r"[-\u2013]", " ", text.lower()).replace(",", "").split()
    words = [
        w
        for w in words
        if w
        not in (
            "at",
            "least",
            "about",
            "around",
            "some",
            "nearly",
            "almost",
            "over",
            "more",
            "than",
            "up",
            "to",
            "approximately",
            "roughly",
            "and",
            "only",
        )
    ]
    if not words or any(w in _VAGUE for w in words):
        return None
    total, current, seen = 0, 0, False
    for w in words:
        if re.fullmatch(r"\d+(?:\.\d+)?", w):
            current += int(float(w))
            seen = True
        elif w in _WORD_NUMBERS:
            current += _WORD_NUMBERS[w]
            seen = True
        elif w in _SCALES:
            current = max(current, 1) * _SCALES[w]
            if _SCALES[w] >= 1000:
                total, current = total + current, 0
            seen = True
        else:
            return None
    return total + current if seen else None


_COUNT_AFTER_DASH = re.compile(r"\s[-\u2013\u2014]\s+(?P<n>[\w-]+)\s+(?:[A-Z][a-z]+\s+)?$")


def _count_of(noun: Token) -> int | None:
    """How many people a victim noun stands for: "14 militants" -> 14, "the driver" -> 1, "many" -> None."""
    appos = next((c for c in noun.children if c.dep_ == "appos"), None)
    if noun.is_upper and noun.pos_ == "PROPN" and appos is not None:
        return _count_of(appos)  # "SRINAGAR, Sept 10 - Four soldiers were killed": the dateline parsed as subject
    if noun.like_num or noun.lower_ in _WORD_NUMBERS:
        left = noun.left_edge.i
        while left < noun.i and noun.doc[left].dep_ == "amod":
            left += 1  # "shot dead two vaccinators": "dead" hangs on the number
        return parse_number(noun.doc[left : noun.i + 1].text)
    for child in noun.children:
        if child.dep_ == "nummod":
            # "Sept 10 - Four soldiers": a spaced dash ends the dateline, the count starts after it
            figure = re.split(r"\s[-\u2013\u2014]\s", noun.doc[child.left_edge.i : child.i + 1].text)[-1]
            return parse_number(figure)
        if child.lower_ in _VAGUE or child.lower_ in ("dozens", "scores"):
            return None
    after_dateline = _COUNT_AFTER_DASH.search(noun.doc.text[max(0, noun.idx - 40) : noun.idx])
    if after_dateline:
        # "June 2 - Twenty-three villagers", the date swallowing the count
        return parse_number(after_dateline.group("n"))
    if noun.lower_ in _VAGUE:
        return None
    if noun.lower_ in ("him", "her"):
        return 1  # "beat him to death"
    if noun.tag_ in ("NN", "NNP") and noun.pos_ in ("NOUN", "PROPN"):
        dets = {c.lower_ for c in noun.children if c.dep_ in ("det", "poss")}
        if dets & {"a", "an", "the", "one", "his", "her", "their", "its"} or noun.pos_ == "PROPN":
            return 1
    return None


_TO_DEATH = frozenset({"beat", "stone", "hack", "stab", "burn", "club", "shoot", "lynch", "torture", "starve"})


def fatalities(sent: Span) -> int | None:
    """Stage 5 helper: the number of people the sentence says were killed, or None."""
    best: int | None = None
    for tok in sent:
        lemma = tok.lemma_.lower()
        victims: list[Token] = []
        if lemma in ("kill", "slay", "execute", "massacre", "behead", "murder", "lynch") and tok.pos_ in (
            "VERB",
            "AUX",
        ):
            has_object = any(c.dep_ == "dobj" for c in tok.children)
            if not has_object and (
                any(c.dep_ == "auxpass" for c in tok.children) or (tok.tag_ == "VBN" and tok.dep_ in ("acl", "amod"))
            ):
                victims = [c for c in tok.children if c.dep_ == "nsubjpass"]
                if not victims and tok.dep_ in ("acl", "amod") and tok.head.pos_ in ("NOUN", "NUM", "PROPN"):
                    victims = [tok.head]
            else:
                victims = [c for c in tok.children if c.dep_ == "dobj"]
        elif (
            lemma in _TO_DEATH
            and tok.pos_ == "VERB"
            and any(c.lower_ == "to" and any(g.lower_ == "death" for g in c.children) for c in tok.children)
        ):
            victims = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        elif lemma == "die" and tok.pos_ == "VERB":
            victims = [c for c in tok.children if c.dep_ == "nsubj"]
        elif tok.lower_ == "dead":
            prev = tok.doc[tok.i - 1] if tok.i > sent.start else None
            if prev is not None and (prev.like_num or prev.lower_ in _WORD_NUMBERS):
                victims = [prev]
            elif tok.dep_ == "amod":
                victims = [tok.head]
            elif tok.dep_ in ("acomp", "oprd", "ccomp", "xcomp"):
                victims = [c for c in tok.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        elif tok.lower_ in ("toll",):
            nums = [t for t in tok.head.subtree if t.like_num and t.i > tok.i]
            victims = nums[:1]
        for v in victims:
            n = _count_of(v)
            if n is not None:
                # "five soldiers and two civilians were killed": the coordinated groups add up
                n += sum(c for c in (_count_of(x) for x in v.conjuncts if x.i > v.i) if c is not None)
            if n is not None and (best is None or n > best) and n < 100_000:
                best = n
    if best is None:
        m = re.search(
            r"\b(?:killing|killed|kills)\s+(?:at least\s+|some\s+|about\s+)?(\d[\d,]*|[a-z]+(?:[- ][a-z]+)?)\s+"
            r"(?:people|persons|civilians|soldiers|militants|fighters|others|police|men|women|children)\b",
            sent.text,
            re.IGNORECASE,
        )
        if m:
            best = parse_number(m.group(1))
    return best


@dataclass
class Candidate:
    event_type: str
    sub_event_type: str
    actor1: Mention | None
    actor2: Mention | None
    assoc: list[Mention]
    place: Resolved | None
    geo_precision: int
    date: ResolvedDate | None
    fatalities: int | None
    sentence: Span
    start: int
    end: int
    paragraph: int
    sent_index: int
    confidence: float
    extra: list[tuple[str, int, int]] = field(default_factory=list)
    from_kill: bool = False
    merged_names: set[str] = field(default_factory=set)
    date_explicit: bool = True
    place_own: bool = True  # the place is named in the sentence itself (not the paragraph's or article's)
    trigger: Token | None = None
    headline: bool = False
    separate: bool = False  # "Separately, …", "In another attack …": the writer says it is a new incident
    claim: bool = False  # "X claimed the attack": the perpetrator's word on an incident already told
    claimant: Mention | None = None  # who tells of its own act when the clause names no doer
    anaphoric: bool = False  # "the attacks", "The gunmen opened fire": points back to an incident told

    def actor_names(self) -> set[str]:
        return {m.name for m in (self.actor1, self.actor2, *self.assoc) if m is not None} | self.merged_names


_SUBCLAUSES = frozenset({"advcl", "conj", "ccomp", "parataxis", "relcl"})


def own_clause_text(tok: Token, sent: Span) -> str:
    """The trigger's clause without the clauses it governs that tell of something else
    ("fired a missile at a tanker, hours after warplanes struck targets": the strike is not the missile's)."""
    span = clause(tok, sent)
    cut = _other_clauses(tok, sent)
    return "".join(t.text_with_ws for t in span if t.i not in cut) if cut else span.text


def clause_head(tok: Token, sent: Span) -> Token:
    """The verb whose clause a trigger sits in (the trigger itself if it is one), within the sentence."""
    head = tok
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and head.head.i >= sent.start:
        head = head.head
    return head


def _other_clauses(tok: Token, sent: Span) -> set[int]:
    """Token indices of the verb clauses that the trigger's clause governs but the trigger is not in."""
    head = clause_head(tok, sent)
    cut: set[int] = set()
    for child in head.children:
        if child.dep_ not in _SUBCLAUSES or child.pos_ not in ("VERB", "AUX"):
            continue
        if child.left_edge.i <= tok.i <= child.right_edge.i:
            continue
        if child.dep_ == "advcl" and child.tag_ == "VBG":
            continue  # "stormed the village, killing dozens": the outcome of the same act
        cut.update(range(child.left_edge.i, child.right_edge.i + 1))
    return cut


def clause(tok: Token, sent: Span) -> Span:
    """Return the clause a trigger sits in: the subtree of its nearest verb, within the sentence."""
    head = clause_head(tok, sent)
    lo, hi = head.left_edge.i, head.right_edge.i + 1
    return tok.doc[max(lo, sent.start) : min(hi, sent.end)]


def _is_hypothetical(tok: Token, sent: Span) -> bool:
    for t in (tok, *tok.ancestors):
        if t.i < sent.start or t.i >= sent.end:
            break
        if any(c.dep_ == "neg" for c in t.children):
            return True
        if any(c.dep_ == "aux" and c.lemma_.lower() in HYPOTHETICAL_LEMMAS for c in t.children):
            return True
        if t.i != tok.i and t.lemma_.lower() in HYPOTHETICAL_LEMMAS:
            return True
        if any(c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in t.children):
            return True
    return False


_PROPERTY = re.compile(
    r"\b(?:houses?|homes?|huts?|shops?|stores?|markets?|villages?|churches|church|mosques?|schools?|vehicles?|"
    r"cars?|buses|offices?|buildings?|properties|property|crops|granaries|stations?)\b",
    re.IGNORECASE,
)
_BASE_NOUNS = frozenset({"base", "headquarters", "hq", "camp", "outpost", "stronghold", "garrison"})


def _has_subject(tok: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "agent") for c in tok.children)


def _has_particle(tok: Token, word: str) -> bool:
    return any(c.dep_ == "prt" and c.lower_ == word for c in tok.children)


_PEOPLE_NOUNS = frozenset(
    {
        "group",
        "people",
        "man",
        "men",
        "fighter",
        "militant",
        "extremist",
        "insurgent",
        "suspect",
        "jihadist",
        "gunman",
        "rebel",
        "terrorist",
        "bandit",
        "smuggler",
        "member",
        "attacker",
        "assailant",
        "convoy",
    }
)


def _intercepts_a_weapon(tok: Token) -> bool:
    """ "intercepted 14 drones" (a disrupted weapon) against "intercepted a group of suspected
    extremists" (an armed encounter): the object's head tells."""
    objects = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
    return not any(o.lemma_.lower() in _PEOPLE_NOUNS for o in objects)


def _trigger_class(tok: Token, low: str) -> str | None:
    lemma = tok.lemma_.lower()
    pos = tok.pos_  # read once: each Token attribute is a lookup in spaCy's string store
    if pos == "VERB" and lemma in ("establish", "set", "open", "build", "construct", "relocate", "move"):
        objs = [t for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "prep") for t in c.subtree]
        if any(t.lemma_.lower() in _BASE_NOUNS for t in objs) and (lemma != "set" or _has_particle(tok, "up")):
            return "base"
    if pos == "VERB" and lemma == "set" and any(t.lower_ in ("fire", "ablaze", "alight") for t in tok.subtree):
        return "loot"
    if pos == "VERB" and lemma in ("beat", "stone", "hack", "stab", "burn") and "to death" in low:
        return "kill"
    if pos == "VERB" and lemma == "burn" and not _PROPERTY.search(tok.doc[tok.i : tok.right_edge.i + 1].text):
        return None
    if lemma == "launch" and tok.tag_ == "VBN" and tok.dep_ in ("acl", "advcl") and not _has_subject(tok):
        return None  # "35 drones launched overnight": the weapons described, the sentence's verb tells the event
    if pos == "VERB" and lemma == "intercept" and not _intercepts_a_weapon(tok):
        return "fight"  # "intercepted a group of suspected extremists, killing 24": an armed encounter
    if (
        pos == "VERB"
        and lemma in ("shoot", "bring")
        and any(c.lower_ == "down" and c.dep_ in ("prt", "advmod") for c in tok.children)
    ):
        return "disrupt"  # "shot down 14 drones": an interception, not a shooting
    if pos == "VERB":
        cls = VERB_TRIGGERS.get(lemma) or VERB_TRIGGERS.get(tok.lower_.removesuffix("d"))
        if (
            cls == "capture"
            and lemma == "take"
            and not any(c.lower_ in ("control", "over") or c.dep_ == "prt" and c.lower_ == "over" for c in tok.subtree)
        ):
            return None
        if (
            cls == "fire"
            and lemma == "fire"
            and not (
                SHELL.search(low)
                or AIR.search(low)
                or CHEMICAL.search(low)
                or "opened fire" in low
                or "open fire" in low
            )
        ):
            return None
        if lemma == "open" and any(c.lower_ == "fire" for c in tok.children):
            return "fight"
        if lemma in ("launch", "hit", "target", "strike") and not (
            AIR.search(low) or SHELL.search(low) or SUICIDE.search(low) or "attack" in low
        ):
            return None if lemma in ("launch", "hit") else cls
        if lemma in ("wound", "injure", "shoot", "gun") and "dead" not in low and "kill" not in low:
            return "kill" if lemma in ("shoot", "gun") else None
        return cls
    if pos in ("NOUN", "PROPN"):
        cls = NOUN_TRIGGERS.get(lemma) or NOUN_TRIGGERS.get(tok.lower_)
        if lemma == "mission" and not SUICIDE.search(low):
            return None
        if tok.text == "March" and (tok.ent_type_ == "DATE" or not tok.is_sent_start):
            return None  # the month
        if lemma in ("strike",) and not (AIR.search(low) or SHELL.search(low)):
            return None
        if lemma in ("rocket", "missile", "mortar", "artillery") and tok.dep_ == "compound":
            return None  # "rocket attacks": the head noun is the trigger
        return cls
    if lemma == "open" and any(c.lower_ == "fire" for c in tok.children):
        return "fight"
    return None


def _victims_text(tok: Token) -> str:
    """The words naming who a killing verb hit: its object, or its passive subject."""
    return " ".join(t.lower_ for c in tok.children if c.dep_ in ("dobj", "nsubjpass") for t in c.subtree)


def _target_text(tok: Token, sent: Span) -> str:
    """The words from the trigger to the end of its clause: where the victims are named, without the
    passive's "by" phrase ("killed at a funeral by Boko Haram militants": the militants did it)."""
    head = clause_head(tok, sent)
    span = tok.doc[tok.i : min(head.right_edge.i + 1, sent.end)]
    agent = {t.i for c in tok.children if c.dep_ == "agent" for t in c.subtree}
    if any(c.dep_ == "auxpass" for c in tok.children):
        # the parser often hangs a passive's "by" on the nearest noun ("at a funeral by militants")
        agent |= {t.i for b in span if b.dep_ == "prep" and b.lower_ == "by" for t in b.subtree}
    if not agent:
        return span.text.lower()
    return "".join(t.text_with_ws for t in span if t.i not in agent).lower()


_MOB = re.compile(r"\b(?:mob|lynch\w*|vigilante\w*)\b")


def classify(
    cls: str, low: str, actor1: Mention | None, actor2: Mention | None, *, target: str | None = None
) -> tuple[str, str] | None:
    """Map a trigger class and its sentence context to (event_type, sub_event_type)."""
    target = low if target is None else target
    a1 = actor1.kind if actor1 else None
    a2 = actor2.kind if actor2 else None
    state = a1 == "state_force"
    if cls == "protest":
        if re.search(r"\b(?:killed|shot dead|opened fire on|live (?:fire|ammunition|rounds))\b", low):
            return "protests", "excessive_force_against_protesters"
        if INTERVENTION.search(low):
            return "protests", "protest_with_intervention"
        if VIOLENT_PROTEST.search(low):
            return "riots", "violent_demonstration"
        return "protests", "peaceful_protest"
    if cls == "riot":
        if re.search(r"\b(?:mob|lynch\w*|vigilante)\b", low):
            return "riots", "mob_violence"
        return "riots", "violent_demonstration"
    if cls in ("fight", "fire", "kill") and a1 in ("rioters", "protesters") and not SHELL.search(low):
        if _MOB.search(low) or _MOB.search(actor1.surface.lower() if actor1 else ""):
            return "riots", "mob_violence"
        return "riots", "violent_demonstration"
    if cls in ("fight", "fire", "kill"):
        if a2 == "protesters" or (a1 in ("state_force",) and "protesters" in low and cls == "kill"):
            return "protests", "excessive_force_against_protesters"
        if CHEMICAL.search(low):
            return "explosions_remote_violence", "chemical_weapon"
        if SUICIDE.search(low):
            return "explosions_remote_violence", "suicide_bomb"
        if AIR.search(low) and cls in ("fight", "fire", "kill"):
            return "explosions_remote_violence", "air_drone_strike"
        if SHELL.search(low) and cls in ("fight", "fire"):
            return "explosions_remote_violence", "shelling_artillery_missile_attack"
        if GRENADE.search(low):
            return "explosions_remote_violence", "grenade"
        if IED.search(low) or (cls == "fire" and re.search(r"\b(?:bomb\w*|explo\w*|blast|detonat\w*)\b", low)):
            return "explosions_remote_violence", "remote_explosive_landmine_ied"
        if (
            a2 in VICTIM_KINDS
            or _killed_person(cls, a2, target)
            or (
                a2 is None
                and a1 not in (None, "civilians")
                and (
                    CIVILIAN_TARGETS.search(target)
                    # "gunmen killed four people": unnamed people killed by an armed group are its victims
                    or (cls in ("kill", "fight") and a1 in ("rebel_group", "militia") and _PEOPLE.search(target))
                )
                and not ARMED_TARGETS.search(target)
            )
        ):
            return "violence_against_civilians", "attack"
        if cls == "fire":
            return None
        return "battles", "armed_clash"
    if cls == "abduct":
        return "violence_against_civilians", "abduction_forced_disappearance"
    if cls == "rape":
        return "violence_against_civilians", "sexual_violence"
    if cls == "loot":
        return "strategic_developments", "looting_property_destruction"
    if cls == "arrest":
        if "protest" in low or "demonstrat" in low:
            return "protests", "protest_with_intervention"
        return "strategic_developments", "arrests"
    if cls in ("retake", "capture"):
        if cls == "capture" and WEAPONS.search(low) and not TERRITORY.search(low):
            return "strategic_developments", "disrupted_weapons_use"
        if cls == "capture" and not TERRITORY.search(low):
            return ("strategic_developments", "arrests") if a2 in (None, "person", "rebel_group") else None
        if state or (cls == "retake" and a1 not in ("rebel_group", "militia")):
            return "battles", "government_regains_territory"
        return "battles", "non_state_actor_overtakes_territory"
    if cls == "withdraw":
        return ("strategic_developments", "non_violent_transfer_of_territory") if TERRITORY.search(low) else None
    if cls == "agree":
        if re.search(r"\b(?:ceasefire|cease-fire|truce|peace|agreement|accord|deal|armistice)\b", low):
            return "strategic_developments", "agreement"
        return None
    if cls == "base":
        return "strategic_developments", "headquarters_or_base_established"
    if cls == "disrupt":
        return "strategic_developments", "disrupted_weapons_use"
    return None


def _killed_person(cls: str, victim_kind: str | None, target: str) -> bool:
    """ "Pedro Tamayo Rosas, a reporter, was killed by gunmen": a named person killed, whom the
    words do not make a soldier, police officer or fighter, is a civilian victim (ACLED's attack)."""
    return cls == "kill" and victim_kind == "person" and not ARMED_TARGETS.search(target)


def _mentions_in(tokens: Sequence[Token], offset: int, actors: ActorSet) -> list[Mention]:
    out: list[Mention] = []
    for t in tokens:
        m = actors.at(offset + t.idx, offset + t.idx + len(t))
        if m is not None and m not in out:
            out.append(m)
    return out


def _subtree_mentions(tok: Token, offset: int, actors: ActorSet) -> list[Mention]:
    return _mentions_in(list(tok.subtree), offset, actors)


def _subject_mentions(subject: Token, offset: int, actors: ActorSet) -> list[Mention]:
    """Actors a subject names as doers: "an attack on a police station kills 23" names the police as target."""
    target: set[int] = set()
    for t in subject.subtree:
        if t.dep_ == "prep" and t.lower_ in ("on", "against", "targeting") and t.head.pos_ in ("NOUN", "PROPN"):
            target.update(range(t.left_edge.i, t.right_edge.i + 1))
    return _mentions_in([t for t in subject.subtree if t.i not in target], offset, actors)


REPORT_LEMMAS = frozenset(
    {
        "say",
        "tell",
        "report",
        "announce",
        "confirm",
        "add",
        "state",
        "accuse",
        "blame",
        "note",
        "write",
        "tweet",
        "quote",
        "cite",
        "allege",
        "believe",
        "estimate",
        "describe",
        "warn",
        "insist",
        "explain",
        "reveal",
    }
)


def _source_spans(trigger: Token, sent: Span, offset: int) -> list[tuple[int, int]]:
    """Character spans of who reports the event ("…, police said", "according to the UN"): not its actors."""
    out: list[tuple[int, int]] = []
    for tok in sent:
        if tok.lemma_.lower() in REPORT_LEMMAS and tok.pos_ in ("VERB", "AUX"):
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass") and not (c.left_edge.i <= trigger.i <= c.right_edge.i):
                    out.append((offset + c.left_edge.idx, offset + c.right_edge.idx + len(c.right_edge)))
        elif tok.lower_ == "according" and not (tok.left_edge.i <= trigger.i <= tok.right_edge.i):
            out.append((offset + tok.idx, offset + tok.right_edge.idx + len(tok.right_edge)))
    return out


SELF_REPORTING_KINDS = frozenset({"rebel_group", "militia", "state_force"})


def _self_reporter(trigger: Token, sent: Span, offset: int, actors: ActorSet, actor1: Mention | None) -> Mention | None:
    """The armed actor telling of its own act ("the army said the strike had targeted …", "IS said its
    fighters had killed …"): an account of an incident, told in a clause the speech verb governs."""
    verbs = [t for t in trigger.ancestors if sent.start <= t.i < trigger.i and t.lemma_.lower() in REPORT_LEMMAS]
    if not verbs:
        return None
    subjects = [c for c in verbs[-1].children if c.dep_ == "nsubj"]
    said_by = [m for c in subjects for m in _subtree_mentions(c, offset, actors) if m.kind in SELF_REPORTING_KINDS]
    if not said_by or (actor1 is not None and actor1.name != said_by[0].name):
        return None
    return said_by[0]


_PRONOUNS = frozenset({"it", "they", "we"})
# verbs whose subject carries out the noun trigger they govern ("it launched an attack"), unlike
# "they were investigating the killing"
_ACTION_VERBS = frozenset({"launch", "carry", "conduct", "stage", "mount", "execute", "perform", "fire", "make"})
_POSSESSIVES = frozenset({"its", "their", "our"})


def _pronoun_subject(head: Token) -> bool:
    """Is the clause's subject a pronoun ("it fired") or owned by one ("its aircraft struck")?"""
    for c in head.children:
        if c.dep_ == "nsubj":
            return c.lower_ in _PRONOUNS or any(g.dep_ == "poss" and g.lower_ in _POSSESSIVES for g in c.children)
    return False


def assign_roles(
    trigger: Token, sent: Span, offset: int, actors: ActorSet
) -> tuple[Mention | None, Mention | None, list[Mention]]:
    """Return (actor1, actor2, associated actors) for a trigger: agent, patient, coordinated agents."""
    agents: list[Mention] = []
    patients: list[Mention] = []
    head = trigger
    between = next((c for c in trigger.children if c.dep_ == "prep" and c.lower_ == "between"), None)
    if between is not None:
        # "fighting between the army and the RSF": the two sides, in the order given
        sides = _subtree_mentions(between, offset, actors)
        if len(sides) >= 2:
            return sides[0], sides[1], []
    # a noun trigger borrows its verb's subject ("ISIS launched attacks", "undertook raids")
    if trigger.pos_ in ("NOUN", "PROPN"):
        for c in trigger.children:
            if c.dep_ in ("compound", "poss", "amod") and c.i < trigger.i:
                agents += _subtree_mentions(c, offset, actors)
            if c.dep_ == "prep" and c.lower_ in ("by", "from"):
                agents += _subtree_mentions(c, offset, actors)
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting", "at"):
                patients += _subtree_mentions(c, offset, actors)

        head = trigger.head
        hops = 0
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and hops < 3:
            head = head.head
            hops += 1
    for c in head.children:
        if c.dep_ in ("nsubj",) and not agents:
            if c.lower_ in ("who", "which", "that") and head.dep_ == "relcl":
                antecedent = head.head
                while antecedent.dep_ == "conj" and antecedent.head.i != antecedent.i:
                    antecedent = antecedent.head
                agents += _subtree_mentions(antecedent, offset, actors)
                agents = [m for m in agents if m.start < offset + head.idx]
            else:
                agents += _subject_mentions(c, offset, actors)
        elif c.dep_ == "nsubjpass":
            patients += _subtree_mentions(c, offset, actors)
        elif c.dep_ == "agent":
            agents += _subtree_mentions(c, offset, actors)
        elif c.dep_ in ("dobj", "prep", "dative") and head.i == trigger.i and c.lower_ not in ("in", "at", "near"):
            patients += _subtree_mentions(c, offset, actors)
    if not agents and head.dep_ in ("xcomp", "advcl", "pcomp", "conj", "ccomp"):
        up = head.head
        for _ in range(3):
            # "PESHAWAR (Reuters) - Militants rammed …": a dateline parsed as a second subject names no one
            subj = [c for c in up.children if c.dep_ in ("nsubj", "nsubjpass")]
            named = [(c, _subject_mentions(c, offset, actors)) for c in subj]
            named = [(c, found) for c, found in named if found] or named
            if named:
                first, found = named[0]
                # "civilians were killed by shelling": a passive subject suffered the act
                if first.dep_ == "nsubjpass":
                    patients += [m for m in found if m not in patients]
                else:
                    agents += found
                break
            if up.head.i == up.i:
                break
            up = up.head
    sources = _source_spans(trigger, sent, offset)

    def told(m: Mention) -> bool:
        return any(s <= m.start < e for s, e in sources)

    agents = [m for m in agents if m not in patients and m.kind != "person" and not told(m)]
    patients = [m for m in patients if not told(m)]
    in_sent = [m for m in actors.in_span(offset + sent.start_char, offset + sent.end_char) if not told(m)]
    tpos = offset + trigger.idx
    if not agents and (head.i == trigger.i or head.lemma_.lower() in _ACTION_VERBS) and _pronoun_subject(head):
        # "Hezbollah said it had fired rockets", "the army said its jets struck": the speaker acted
        speakers = [
            m
            for m in actors.in_span(offset + sent.start_char, offset + sent.end_char)
            if told(m) and m.kind in SELF_REPORTING_KINDS and m not in patients
        ]
        agents = speakers[:1]
    if not agents:
        hurt = _casualty_subjects(sent, offset)
        before = [
            m
            for m in in_sent
            if m.end <= tpos
            and m not in patients
            and m.kind not in VICTIM_KINDS
            and m.kind != "person"
            and not any(s <= m.start < e for s, e in hurt)
        ]
        agents = before[-1:] if before else []
        if not patients:
            # "Two soldiers were killed when a landmine exploded": the soldiers suffered the blast
            patients = [m for m in in_sent if any(s <= m.start < e for s, e in hurt)][:1]
    if not patients:
        elsewhere = [(trigger.doc[i].idx + offset) for i in _other_clauses(trigger, sent)]
        lo, hi = (min(elsewhere), max(elsewhere)) if elsewhere else (-1, -1)
        after = [m for m in in_sent if m.start >= tpos and m not in agents and not lo <= m.start <= hi]
        patients = after[:1]
    if not patients and any(
        c.dep_ == "poss" and c.lower_ in ("its", "their") for d in head.children if d.dep_ == "dobj" for c in d.children
    ):
        # "pounding its positions": the possessor is the last other armed actor mentioned
        earlier = [
            m
            for m in actors.mentions
            if m.end <= tpos
            and m not in agents
            and m.kind in ("rebel_group", "militia", "state_force")
            and all(m.name != a.name for a in agents)
        ]
        patients = earlier[-1:]
    actor1 = agents[0] if agents else None
    assoc = [m for m in agents[1:] if actor1 is None or m.name != actor1.name]
    actor2 = next((m for m in patients if actor1 is None or m.name != actor1.name), None)
    uniq: list[Mention] = []
    for m in assoc:
        if all(m.name != u.name for u in uniq) and (actor2 is None or m.name != actor2.name):
            uniq.append(m)
    return actor1, actor2, uniq


def _casualty_subjects(sent: Span, offset: int) -> list[tuple[int, int]]:
    """Spans of the passive subjects of killing or wounding verbs ("two soldiers were killed"): victims."""
    return [
        (offset + t.left_edge.idx, offset + t.right_edge.idx + len(t.right_edge))
        for t in sent
        if t.dep_ == "nsubjpass" and VERB_TRIGGERS.get(t.head.lemma_.lower()) == "kill"
    ]


MAX_SENTENCE_CHARS = 3_000


@dataclass(frozen=True)
class ArticleContext:
    """What every sentence of one article is read against: its actors and places, the focus place,
    the publication day, the quotations' spans, and the optional learned background reading."""

    actors: ActorSet
    places: PlaceSet
    focus: Resolved | None
    published: dt.date | None
    quote_spans: Sequence[tuple[int, int]] = ()
    classifier: SentenceClassifier | None = None
    datelines: tuple[tuple[int, int], ...] = ()  # where the report is filed from (datelines.py)


@dataclass(frozen=True)
class SentenceContext:
    """One sentence as the event stage reads it: the parsed span, its paragraph, where it starts in the
    article (``off`` for token offsets, ``s0``/``s1`` for its own characters), its lower-cased text and
    its rank in the article."""

    sent: Span
    para: Paragraph
    off: int
    s0: int
    s1: int
    low: str
    index: int


def detect_events(
    text: str,
    paragraphs: Sequence[Paragraph],
    actors: ActorSet,
    places: PlaceSet,
    published: dt.date | None,
    *,
    quote_spans: Sequence[tuple[int, int]] = (),
    classifier: SentenceClassifier | None = None,
) -> list[EventResult]:
    """Stage 5: return the article's events (``classifier``: a learned background reading that may
    veto the rules' proposals; off by default, see ingest/extraction/classifier.py)."""
    candidates: list[Candidate] = []
    focus = places.resolved.get(places.focus) if places.focus else None
    article = ArticleContext(actors, places, focus, published, quote_spans, classifier, dateline_spans(paragraphs))
    sent_index = 0
    prev: Candidate | None = None
    for para in paragraphs:
        history = False
        for whole in para.sents:
            sent_index += 1
            for rel, sent in para.parsed_sentences(whole):
                if sent.end_char - sent.start_char > MAX_SENTENCE_CHARS:
                    # A "sentence" this long is a table or a run-on dump; its parse walks are quadratic.
                    continue
                dates = _dates_in(sent, published)
                if published is not None and history and not dates:
                    continue  # "… seized four capitals in late 2023. In Geneina, RSF fighters killed …": still history
                history = any(is_background(d, published) for d in dates) if published is not None else False
                off = para.start + rel
                here = SentenceContext(
                    sent, para, off, off + sent.start_char, off + sent.end_char, sent.text.lower(), sent_index
                )
                prev = _sentence(here, article, prev, candidates)
    return [_to_result(c) for c in _merge(candidates)]


def _sentence(
    here: SentenceContext, article: ArticleContext, prev: Candidate | None, candidates: list[Candidate]
) -> Candidate | None:
    """Add one sentence's events to ``candidates``; return the incident a follow-up sentence may extend."""
    sent, off, s0, s1, sent_index = here.sent, here.off, here.s0, here.s1, here.index
    actors, quote_spans = article.actors, article.quote_spans
    quoted = sum(min(e, s1) - max(s, s0) for s, e in quote_spans if s < s1 and s0 < e)
    if quoted > 0.5 * (s1 - s0):
        return prev
    low = here.low
    if _is_cumulative(low):
        return prev
    found = _sentence_events(here, article)
    found = [c for c in found if not _trigger_quoted(c, off, quote_spans)]
    if found and article.classifier is not None and reads_as_background(sent, article.classifier):
        return prev  # the rules proposed an incident; the learned reading says history or context
    if prev is not None and prev.date_explicit and _SAME_DAY.match(sent.text):
        for c in found:
            if not c.date_explicit:
                c.date, c.date_explicit = prev.date, True  # "Hours later, …": the day of the incident before
    actorless = all(c.actor1 is None and c.actor2 is None for c in found)
    # an actorless follow-up sentence ("…exploding, killing the driver") belongs to the incident
    if (
        actorless
        and prev is not None
        and not prev.headline  # the lead retells the headline's toll, it does not add to it
        and sent_index - prev.sent_index == 1
        and any(_trigger_class(t, low) for t in sent)
        and _names_only_its_sources(sent, off, actors, s0, s1)
    ):
        n = fatalities(sent)
        if n is not None:
            prev.fatalities = (prev.fatalities or 0) + n
            if prev.sub_event_type == "looting_property_destruction":
                # "settlers torched homes … A man was shot dead during the attack": an attack, not arson alone
                prev.event_type, prev.sub_event_type = "violence_against_civilians", "attack"
                prev.actor2 = prev.actor2 or _civilians_at(sent[0], off, actors)
        prev.extra.append((sent.text, s0, s1))
        prev.sent_index = sent_index
        if all(_same_family(c, prev) for c in found) and _tells_same_act(sent, low, prev):
            _adopt_setting(prev, here, article)
        return prev
    revised = _TOLL_REVISED.search(low)
    if revised and _revise_toll(candidates, revised.group("n"), sent, s0, s1):
        return prev
    if _TOLL_UPDATE.search(low) and all(c.actor1 is None for c in found) and _raise_toll(candidates, sent, s0, s1):
        return prev
    if _STRONG_INTERVENTION.search(low):
        for c in found:
            if c.sub_event_type == "peaceful_protest":
                c.sub_event_type = "protest_with_intervention"  # "Police fired tear gas at protesters"
        protest = next(
            (c for c in reversed(candidates) if c.event_type == "protests" and sent_index - c.sent_index <= 3),
            None,
        )
        if protest is not None and any(c.event_type == "protests" and not _same_place(c, protest) for c in found):
            protest = None  # "Police in Nairobi fired tear gas" after a march in Mombasa: another gathering
        if protest is not None:
            # "Protesters gathered … Police later fired tear gas to disperse them": one event
            _absorb_intervention(protest, sent, actors, s0, s1)
            found = [c for c in found if c.event_type != "protests"]
    if found:
        candidates.extend(found)
        return found[-1]
    return prev


def _same_family(a: Candidate, b: Candidate) -> bool:
    """Could both be told of one incident? Violence of any kind (a clash, a blast, an attack on
    civilians) may be one assault; otherwise the sub-types must agree."""
    return a.sub_event_type == b.sub_event_type or (a.event_type in _VIOLENT_TYPES and b.event_type in _VIOLENT_TYPES)


_VIOLENT_CLASSES = frozenset({"fight", "fire", "kill"})


def _tells_same_act(sent: Span, low: str, incident: Candidate) -> bool:
    """Do the sentence's triggers tell the kind of act the incident is ("… when it was attacked" after
    an ambush), rather than another ("Dozens were arrested in Bahir Dar" after a withdrawal)?"""
    if incident.trigger is None:
        return False
    own = _trigger_class(incident.trigger, incident.sentence.text.lower())
    classes = {c for t in sent if (c := _trigger_class(t, low))}
    if own in _VIOLENT_CLASSES or incident.event_type in _VIOLENT_TYPES:
        return bool(classes) and classes <= _VIOLENT_CLASSES
    return classes == {own}


def _adopt_setting(incident: Candidate, here: SentenceContext, article: ArticleContext) -> None:
    """Give an incident the place and day a follow-up sentence names ("An ambush killed 16 soldiers.
    The patrol was returning … in Tillia when it was attacked on Saturday"): a town the sentence
    names beats a place the lead only inherited (a dateline, the article's focus) or the region
    that contains it, and its date beats the publication day."""
    sent, low, published = here.sent, here.low, article.published
    trigger = next((t for t in sent if _trigger_class(t, low)), sent[0])
    place, precision, own = _place_for(trigger, here, article)
    if (
        own
        and place is not None
        and place.place.feature != "country"
        and (not incident.place_own or incident.place is None or _contains(incident.place.place, place.place))
    ):
        incident.place, incident.geo_precision, incident.place_own = place, precision, True
    if not incident.date_explicit and published is not None:
        dated = [d for d in _dates_in(sent, published) if not is_background(d, published)]
        if dated:
            incident.date, incident.date_explicit = dated[0], True


_SAME_DAY = re.compile(
    r"\W*(?:(?:hours|minutes|moments) later|later (?:that|the same) (?:day|night|evening|morning)|"
    r"the same (?:day|night|evening)|shortly (?:after|afterwards)|soon after)\b",
    re.IGNORECASE,
)


# "The toll, initially given as 12, was revised to 9": a correction replaces the figure, even downward
_TOLL_REVISED = re.compile(
    r"\btoll\b[^.]{0,60}?\b(?:revised|corrected|lowered|adjusted|cut)\b(?:\s+(?:down|up)(?:ward)?)?\s+to\s+"
    r"(?:at least\s+)?(?P<n>[\w-]+)"
)


def _latest_incident(candidates: list[Candidate]) -> Candidate | None:
    return next((c for c in reversed(candidates) if c.event_type in _VIOLENT_TYPES and not c.headline), None)


def _trigger_quoted(c: Candidate, off: int, quote_spans: Sequence[tuple[int, int]]) -> bool:
    """ ""This was a cowardly attack," the mayor said": a speaker's words characterise, the prose reports."""
    if c.trigger is None:
        return False
    at = off + c.trigger.idx
    return any(s <= at < e for s, e in quote_spans)


def _revise_toll(candidates: list[Candidate], figure: str, sent: Span, s0: int, s1: int) -> bool:
    last = _latest_incident(candidates)
    n = parse_number(figure)
    if last is None or n is None:
        return False
    last.fatalities = n
    last.extra.append((sent.text, s0, s1))
    return True


def _raise_toll(candidates: list[Candidate], sent: Span, s0: int, s1: int) -> bool:
    """ "The death toll rose to 23": the latest violent incident's toll, updated (sources count upward)."""
    last = _latest_incident(candidates)
    n = fatalities(sent)
    if last is None or n is None:
        return False
    last.fatalities = max(last.fatalities or 0, n)
    last.extra.append((sent.text, s0, s1))
    return True


def _names_only_its_sources(sent: Span, off: int, actors: ActorSet, s0: int, s1: int) -> bool:
    """ "A man was shot dead during the attack, the health ministry said": no actor but who reports it."""
    named = actors.in_span(s0, s1)
    if not named:
        return True
    sources = _source_spans(sent[-1], sent, off)
    return all(any(s <= m.start < e for s, e in sources) for m in named)


_STRONG_INTERVENTION = re.compile(
    r"\b(?:tear ?gas|water cannons?|rubber bullets|disperse\w*|baton charge\w*|broke up|break up)\b"
)


def _absorb_intervention(protest: Candidate, sent: Span, actors: ActorSet, s0: int, s1: int) -> None:
    force = next((m for m in actors.in_span(s0, s1) if m.kind == "state_force"), None)
    if protest.sub_event_type == "peaceful_protest":
        protest.sub_event_type = "protest_with_intervention"
    if protest.actor2 is None and force is not None:
        protest.actor2 = force
    protest.extra.append((sent.text, s0, s1))


def _sentence_events(here: SentenceContext, article: ArticleContext) -> list[Candidate]:
    sent, para, off, s0, s1, low, sent_index = here.sent, here.para, here.off, here.s0, here.s1, here.low, here.index
    actors, places, published = article.actors, article.places, article.published
    out: list[Candidate] = []
    date: ResolvedDate | None = None
    explicit = False
    if published is not None:
        dateline = dateline_end(sent.text)
        reported: ResolvedDate | None = None
        for ent in sent.ents:
            if dateline and ent.end_char - sent.start_char <= dateline:
                continue  # "KHARTOUM, June 2 (Reuters) -": the day of the report, not of the event
            if ent.label_ in ("DATE", "TIME") and not _comparison_baseline(ent, sent):
                r = resolve_date(ent.text, published)
                if r is not None:
                    if is_background(r, published):
                        return []
                    if _dates_the_report(ent):
                        reported = reported or r
                    else:
                        date = date or r
        date = date or reported
        # no date in the sentence: the publication date, at week precision (reports trail events)
        explicit = date is not None
        date = date or ResolvedDate(published, "week")
    seen_types: set[str] = set()
    for tok in sent:
        cls = _trigger_class(tok, low)
        if cls is None or _is_hypothetical(tok, sent) or background_reason(tok, sent):
            continue
        actor1, actor2, assoc = assign_roles(tok, sent, off, actors)
        speaker = None if explicit or places.in_span(s0, s1) else _self_reporter(tok, sent, off, actors, actor1)
        typed = classify(cls, own_clause_text(tok, sent).lower(), actor1, actor2, target=_target_text(tok, sent))
        if typed is None:
            continue
        if typed[1] in seen_types:
            # two triggers for one incident ("the attack … an air strike killed"): keep the better-attributed
            same = next(c for c in out if c.sub_event_type == typed[1])
            if same.actor1 is not None or actor1 is None:
                continue
            out.remove(same)
            if actor2 is None and same.actor2 is not None and same.actor2.name != actor1.name:
                actor2 = same.actor2  # "Two soldiers were killed when … ambushed by X": keep the victims
        if typed[1] == "agreement" and actor2 is None and assoc:
            actor2, assoc = assoc[0], assoc[1:]  # "the government and the M23 signed": the two parties
        if typed[1] == "headquarters_or_base_established":
            actor2 = None  # "set up a base after the army pulled out": no one is acted on
        if typed[0] in ("protests", "riots"):
            actor1, actor2, assoc = _crowd_roles(typed, tok, sent, off, actors, [actor1, actor2, *assoc])
        if (
            actor2 is None
            and (actor1 is not None or typed[1] not in _REMOTE)  # the victims' mention sits at the trigger
            and _civilian_victims(typed[1], _target_text(tok, sent))
        ):
            actor2 = _civilians_at(tok, off, actors)  # violence against civilians whose victims go unnamed
        named = [m for m in (actor1, actor2, *assoc) if m is not None]
        n_dead = fatalities(sent) if cls in ("kill", "fight", "fire", "riot") else None
        # a lone "three people were killed" says nothing of who fought whom; a blast that wounded
        # five is still an explosion, whoever set it off
        blast = typed[0] == "explosions_remote_violence" and _CASUALTY.search(low)
        if not named and (typed[0] == "battles" or n_dead is None) and not blast and speaker is None:
            continue
        if (
            named
            and all(m.kind in ("civilians", "protesters", "rioters") for m in named)
            and typed[0] in ("battles", "explosions_remote_violence")
            and n_dead is None
            and not blast
        ):
            continue
        seen_types.add(typed[1])
        place, precision, place_own = _place_for(tok, here, article)
        if actor2 is not None and place is not None and place_own:
            actor2 = relocate_bare_force(actors, actor2, place.place.country_code)
        conf = 0.45 + (0.2 if actor1 else 0) + (0.1 if actor2 else 0) + (0.1 if precision == 1 else 0)
        conf += 0.05 if date else 0
        conf += 0.05 if n_dead is not None else 0
        out.append(
            Candidate(
                typed[0],
                typed[1],
                actor1,
                actor2,
                assoc,
                place,
                precision,
                date,
                n_dead,
                sent,
                s0,
                s1,
                para.index,
                sent_index,
                round(min(conf, 0.95), 2),
                from_kill=cls == "kill",
                date_explicit=explicit,
                place_own=place_own,
                trigger=tok,
                headline=_is_headline(para, sent_index) or bool(_SEVERAL_PLACES.search(low)),
                claim=speaker is not None,
                claimant=speaker,
                anaphoric=_points_back(tok, named, off),
            )
        )
    suicide = {c.actor1.name if c.actor1 else None for c in out if c.sub_event_type == "suicide_bomb"}
    # "rammed an explosives-laden truck into the base, then opened fire": one suicide attack
    out = [c for c in out if not (c.event_type == "battles" and (c.actor1.name if c.actor1 else None) in suicide)]
    separate = bool(_SEPARATE.match(sent.text[dateline_end(sent.text) :]))
    claim = bool(_CLAIM_OF.search(low))
    for c in out:
        c.separate, c.claim = separate, c.claim or claim
    territory = [c for c in out if c.sub_event_type.endswith("territory")]
    violent = [
        c
        for c in out
        if c.event_type in ("battles", "explosions_remote_violence", "riots") or c.sub_event_type == "attack"
    ]
    out = [
        c
        for c in out
        # "took control of Goma after days of fighting": the territory change is the event
        if not (c.sub_event_type == "armed_clash" and any(_overlap(c, t) for t in territory))
        # "airstrikes destroyed homes", "opened fire … before setting homes ablaze": the destruction
        # is part of the attack, and so are the weapons seized in it
        and not (c.sub_event_type == "looting_property_destruction" and violent)
        and not (c.sub_event_type == "disrupted_weapons_use" and _seizure(c) and violent)
    ]
    if any(c.event_type != "protests" for c in out):
        # "a mob beat him to death during the protests": the protests already told are the setting
        out = [c for c in out if not (c.event_type == "protests" and _refers_back(c.trigger))]
    arrests = [c for c in out if c.sub_event_type == "arrests"]
    if arrests:
        # "troops arrested 15 people in overnight raids": the raids are how the arrests were made
        out = [c for c in out if not (c.sub_event_type == "armed_clash" and _raid_without_toll(c))]
    targeted = [c for c in out if c.sub_event_type in ("sexual_violence", "abduction_forced_disappearance")]
    if targeted:
        # "soldiers raped women during a raid on a village": the raid is the setting, not a second event
        names = {c.actor1.name if c.actor1 else None for c in targeted}
        out = [
            c
            for c in out
            if c in targeted
            or c.sub_event_type not in ("attack", "armed_clash")
            or (c.actor1.name if c.actor1 else None) not in names | {None}
        ]
    if len({c.sub_event_type for c in out}) > 1:
        # "a strike killed 20": the killing is the strike's outcome, not a second battle; but when the
        # other trigger is a bare "attack"/"raid" read as a clash, the killing's victims ("65 people were
        # killed at a funeral … in a revenge attack") tell what kind of attack it was
        victims_tell = [
            c
            for c in out
            if c.from_kill
            and c.sub_event_type == "attack"
            and c.trigger is not None
            and c.trigger.lemma_.lower() not in ("wound", "injure")  # the wounded may not be the dead
        ]
        if (
            victims_tell
            and all(c.sub_event_type in ("armed_clash", "attack") for c in out)
            # "fighting between the army and the RSF killed 30 civilians": two named sides fought
            and not any(c.sub_event_type == "armed_clash" and c.actor2 is not None for c in out)
            # "five soldiers and two civilians were killed when militants attacked": a clash
            and not any(ARMED_TARGETS.search(_victims_text(c.trigger)) for c in victims_tell if c.trigger)
        ):
            out = victims_tell
        else:
            out = [c for c in out if not c.from_kill] or out
    _split_fatalities(out, sent)
    return out


# "has killed 5,000 since 2017", "more than 200 have been killed since the assault began": a running
# total, not one incident's toll; but "the largest offensive since 2020" dates nothing
_CONFLICT_SUBJECT = re.compile(
    r"\b(?:conflict|war|insurgency|violence|fighting|uprising|rebellion|crisis|unrest|campaign)\b"
    r"(?:\s+(?:between|in|against|with)\b[^,.]{1,60}?)?(?:,[^,]{0,60},)?\s+(?:has|have|had)\s+(?:killed|claimed|left)\b"
)
_RUNNING_TOLL = re.compile(
    r"\b(?:has|have)\s+(?:been\s+)?(?:killed|died)\b[^.]{0,80}\bsince\s+(?:the|its|their)\s+(?:[\w-]+\s+){1,3}?"
    r"(?:began|started|erupted|broke out|was launched)\b"
)
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
# "since 2017", "since October last year", "since last year": a count over a stretch of time
_SINCE_YEAR = re.compile(rf"\bsince (?:then|(?:19|20)\d\d|last year|{_MONTH}(?:,? (?:19|20)\d\d| last year))\b")
_SUPERLATIVE_BEFORE = re.compile(r"\b(?:\w+est|first|most \w+|worst)\b(?:\s+[\w-]+){0,3}\s+$")


def _is_cumulative(low: str) -> bool:
    """Does the sentence tell history or a running total rather than an incident?"""
    if _CONFLICT_SUBJECT.search(low) or _RUNNING_TOLL.search(low):
        return True
    return any(not _SUPERLATIVE_BEFORE.search(low[: m.start()]) for m in _SINCE_YEAR.finditer(low))


def _dates_in(sent: Span, published: dt.date | None) -> list[ResolvedDate]:
    """The dates a sentence's own words give, other than a comparison's baseline ("largest since 2020")."""
    if published is None:
        return []
    out = []
    for ent in sent.ents:
        if ent.label_ in ("DATE", "TIME") and not _comparison_baseline(ent, sent):
            resolved = resolve_date(ent.text, published)
            if resolved is not None:
                out.append(resolved)
    return out


def _comparison_baseline(ent: Span, sent: Span) -> bool:
    """ "Their largest offensive since 2020": the year is what the event is measured against, not its date."""
    before = sent.doc[sent.start : ent.start].text.lower()
    if not before.endswith("since"):
        return False
    return bool(_SUPERLATIVE_BEFORE.search(before.removesuffix("since")))


def _dates_the_report(ent: Span) -> bool:
    """Is a date attached to the reporting verb ("police said on Friday that …"), not to the event?"""
    head = ent.root.head
    if head.dep_ == "prep" or head.pos_ == "ADP":
        head = head.head
    return head.lemma_.lower() in REPORT_LEMMAS and head.pos_ in ("VERB", "AUX")


def _refers_back(trigger: Token | None) -> bool:
    """A noun trigger with "the" as an object ("during the protests"): an incident already told."""
    return (
        trigger is not None
        and trigger.pos_ == "NOUN"
        and trigger.dep_ in ("pobj", "dobj")
        and any(c.dep_ == "det" and c.lower_ == "the" for c in trigger.children)
    )


def _seizure(c: Candidate) -> bool:
    return c.trigger is not None and VERB_TRIGGERS.get(c.trigger.lemma_.lower()) == "capture"


def _raid_without_toll(c: Candidate) -> bool:
    return c.trigger is not None and c.trigger.lemma_.lower() == "raid" and c.fatalities is None


_SEPARATE = re.compile(
    r"\W*(?:separately|elsewhere|meanwhile|in (?:a |an )?(?:separate|another|other|second|different)\b)", re.IGNORECASE
)
_CLAIM_OF = re.compile(
    r"\bclaim(?:ed|s|ing)?\s+(?:responsibility|credit)\b"
    r"|\bclaim(?:ed|s|ing)?\s+(?:the|an|this|that)\s+(?:[\w-]+\s+){0,2}?"
    r"(?:attack|bombing|assault|raid|killing|strike|ambush|abduction|kidnapping|operation)s?\b"
    r"|\b(?:was|were|been)\s+claimed\s+by\b"
)
_TOLL_UPDATE = re.compile(
    r"\b(?:death|casualty|the) toll\b[^.]{0,40}?\b(?:rose|risen|rises|climbed|increased|reached|jumped|"
    r"stands|stood|now stands)\b"
)


def _split_fatalities(found: list[Candidate], sent: Span) -> None:
    """Give a sentence's death toll to the incident whose clause states it, not to every incident in it
    ("A strike killed five …, as Hezbollah fired rockets": the rockets killed no one we know of)."""
    counted = [c for c in found if c.fatalities is not None and c.trigger is not None]
    if len(counted) < 2:
        return
    for c in counted:
        c.fatalities = fatalities(clause(c.trigger, sent))  # type: ignore[arg-type]
    if all(c.fatalities is None for c in counted):
        counted[0].fatalities = fatalities(sent)


_CASUALTY = re.compile(r"\b(?:wound\w*|injur\w*|damag\w*|destroy\w*|kill\w*|dead|died|casualt\w*)\b")


_TARGETED = frozenset({"abduction_forced_disappearance", "sexual_violence", "mob_violence"})


_REMOTE = frozenset(
    {"air_drone_strike", "shelling_artillery_missile_attack", "remote_explosive_landmine_ied", "grenade"}
)


def _civilian_victims(sub_event_type: str, target: str) -> bool:
    """Are the unnamed victims civilians? An attack's always are; the women raped, the priest
    kidnapped, the man lynched and the homes looted are too, unless the words name soldiers,
    police or fighters."""
    if sub_event_type == "attack":
        return True
    if sub_event_type == "looting_property_destruction" or sub_event_type in _REMOTE:
        # "an air strike on a house … killed five people": remote violence whose target is civilian
        return bool(CIVILIAN_TARGETS.search(target)) and not ARMED_TARGETS.search(target)
    return sub_event_type in _TARGETED and not ARMED_TARGETS.search(target)


def _civilians_at(tok: Token, offset: int, actors: ActorSet) -> Mention:
    start = offset + tok.idx
    victims = Mention(start, start + len(tok), tok.text, "Civilians", "civilians", None, "coref", generic=True)
    actors.add(victims)
    return victims


def _crowd_roles(
    typed: tuple[str, str], trigger: Token, sent: Span, offset: int, actors: ActorSet, found: list[Mention | None]
) -> tuple[Mention | None, Mention | None, list[Mention]]:
    """Protests and riots are coded from the crowd's side: actor1 the crowd, actor2 whoever intervened."""
    kinds = ("protesters", "rioters") if typed[0] == "riots" and typed[1] != "mob_violence" else ("protesters",)
    if typed[0] == "riots":
        kinds = ("rioters", "protesters")
    sources = _source_spans(trigger, sent, offset)
    in_sent = [
        m
        for m in actors.in_span(offset + sent.start_char, offset + sent.end_char)
        if not any(s <= m.start < e for s, e in sources)
    ]
    pool = [m for m in found if m is not None] + in_sent
    crowd = next((m for k in kinds for m in pool if m.kind == k), None)
    if crowd is None:
        name = "Rioters" if typed[0] == "riots" else "Protesters"
        start = offset + trigger.idx
        crowd = Mention(start, start + len(trigger), trigger.text, name, kinds[0], None, "coref", generic=True)
        actors.add(crowd)
    others = [m for m in pool if m.name != crowd.name and m.kind not in ("protesters", "rioters", "civilians")]
    if typed[1] == "peaceful_protest":
        return crowd, None, []  # "against police brutality": the police are the grievance, not a party
    force = next((m for m in others if m.kind == "state_force"), None) or (others[0] if others else None)
    return crowd, force, []


def _place_for(tok: Token, here_: SentenceContext, article: ArticleContext) -> tuple[Resolved | None, int, bool]:
    """The mention's place, its geo-precision, and whether the sentence's own words name it (not a
    dateline, the paragraph or the article's focus): only an own place may overrule another sentence's."""
    sent, para, off, s0, s1 = here_.sent, here_.para, here_.off, here_.s0, here_.s1
    places, focus, datelines = article.places, article.focus, article.datelines
    # a dateline ("BEIRUT, Oct 14 (AP) —", "Lucknow:") says where the reporter is, not where the event was
    here = [
        (t, r)
        for t, r in places.in_span(s0, s1)
        if not _in_dateline(t, datelines) and not _DESTINATION_BEFORE.search(sent.doc.text[: t.start - off])
    ]
    sub = [(t, r) for t, r in here if r.place.feature != "country"]
    # a town named in the sentence beats the state or region it lies in
    sub.sort(key=lambda tr: tr[1].place.feature in ("admin1", "region") or tr[1].precision > 1)
    # prefer a place inside the trigger's own phrase ("took control of …, including Dabiq")
    lo, hi = off + tok.head.left_edge.idx, off + tok.head.right_edge.idx + 1
    inside = [
        (t, r)
        for t, r in here
        if lo <= t.start < hi
        and t.start >= off + tok.idx
        # a country counts only where the phrase puts the event ("into northern Israel", not "by Russia")
        and (r.place.feature != "country" or _LOCATIVE_BEFORE.search(sent.doc.text[: t.start - off]))
    ]
    inside.sort(key=lambda tr: (tr[1].place.feature == "country", tr[1].place.feature in ("admin1", "region")))
    if inside and (inside[0][1].place.feature != "country" or not sub or _trigger_phrase_only(sub, inside)):
        # "fired rockets into northern Israel": the phrase's own country beats a town elsewhere in the sentence
        t, r = inside[0]
        return r, _precision(r), True
    if sub:
        t, r = sub[0]
        return r, _precision(r), True
    countries = {r.place.country_code for _, r in here}
    if _ANAPHORIC_PLACE.search(sent.text):
        # "the soldiers withdrew from the town": the town last named before this sentence
        earlier = [
            places.resolved[k]
            for t, k in places.mentions
            if t.end <= s0
            and not _in_dateline(t, datelines)
            and places.resolved[k].place.feature not in ("country", "admin1", "region")
        ]
        if earlier:
            return earlier[-1], max(2, earlier[-1].precision), False
    para_places = [
        (t, r)
        for t, r in places.in_span(para.start, para.end)
        if r.place.feature != "country" and not _in_dateline(t, datelines)
    ]
    para_places = [(t, r) for t, r in para_places if not countries or r.place.country_code in countries]
    if para_places:
        return para_places[0][1], max(2, para_places[0][1].precision), False
    if (
        focus is not None
        and (not countries or focus.place.country_code in countries)
        and not _named_only_in_datelines(places, focus, datelines)
    ):
        return focus, max(2, focus.precision), False
    if here:
        return here[0][1], 3, True
    return focus, 3, False


# "forces continue to advance towards the fortress of al-Bab": where they are heading, not where it happened
_DESTINATION_BEFORE = re.compile(
    r"\b(?:towards?|en route to|on the road to|bound for|heading (?:for|to))\s+(?:the\s+)?(?:[\w-]+\s+){0,4}$",
    re.IGNORECASE,
)
_ANAPHORIC_PLACE = re.compile(r"\b(?:the|that|this)\s+(?:town|city|village|camp|settlement|locality)\b", re.IGNORECASE)
_LOCATIVE_BEFORE = re.compile(
    r"\b(?:in|into|inside|near|at|across|over|outside|on|towards?)\s+(?:the\s+)?(?:\w+ern\s+)?$", re.IGNORECASE
)


def _named_only_in_datelines(places: PlaceSet, place: Resolved, datelines: Sequence[tuple[int, int]]) -> bool:
    """ "PESHAWAR, Pakistan (Reuters) -": where the reporter files from is no event's place."""
    named = [t for t, key in places.mentions if places.resolved.get(key) is place]
    return bool(named) and all(_in_dateline(t, datelines) for t in named)


def _in_dateline(t: Toponym, datelines: Sequence[tuple[int, int]]) -> bool:
    return t.dateline or any(s <= t.start < e for s, e in datelines)


def dateline_spans(paragraphs: Sequence[Paragraph]) -> tuple[tuple[int, int], ...]:
    """The article's datelines as character spans: one at most per paragraph, at its start."""
    spans = []
    for p in paragraphs:
        end = dateline_end(p.doc.text)
        if end:
            spans.append((p.start, p.start + end))
    return tuple(spans)


def _trigger_phrase_only(sub: list[tuple[Toponym, Resolved]], inside: list[tuple[Toponym, Resolved]]) -> bool:
    """The sentence's towns all lie outside the country the trigger's phrase names."""
    country = inside[0][1].place.country_code
    return all(r.place.country_code != country for _, r in sub)


def _precision(r: Resolved) -> int:
    """ACLED-style geo-precision: 1 the place itself, 2 near a known place, 3 a division or country."""
    if r.place.feature in ("admin1", "region", "country"):
        return 3
    return r.precision


def _overlap(a: Candidate, b: Candidate) -> bool:
    na, nb = a.actor_names(), b.actor_names()
    return not na or not nb or bool(na & nb)


def _same_place(a: Candidate, b: Candidate) -> bool:
    """Could both sentences be placing one incident? A place only inherited from the paragraph or
    the article says nothing; a town lies in its state ("Maiduguri" and "Borno state")."""
    if a.place is None or b.place is None or not (a.place_own and b.place_own):
        return True
    pa, pb = a.place.place, b.place.place
    if pa[:3] == pb[:3] or (abs(pa.latitude - pb.latitude) < 0.05 and abs(pa.longitude - pb.longitude) < 0.05):
        return True
    return _contains(pa, pb) or _contains(pb, pa)


def _contains(outer: Place, inner: Place) -> bool:
    if outer.country_code != inner.country_code or not outer.country_code:
        return False
    if outer.feature == "country":
        return True
    if outer.feature not in ("admin1", "region") or inner.feature in ("country", "region"):
        return False
    if outer.admin1 and inner.admin1:
        return outer.admin1 == inner.admin1
    # divisions loaded without codes: near the division's centre is inside it
    return km(outer, inner) <= (250 if outer.feature == "admin1" else 400)


# "shelled towns in three regions", "strikes across several provinces": a round-up the report then
# tells place by place; like a headline it joins the first of them and adds no toll of its own
_SEVERAL_PLACES = re.compile(
    r"\b(?:towns|cities|villages|settlements|areas|regions|provinces|districts|oblasts|governorates)\s+"
    r"(?:in|across)\s+(?:at least\s+)?(?:two|three|four|five|six|seven|eight|nine|ten|several|multiple|\d+)\s+"
    r"(?:[a-z]+\s+)?(?:regions|provinces|districts|oblasts|governorates|states|countries)\b"
    r"|\bacross\s+(?:at least\s+)?(?:two|three|four|five|six|several|multiple|\d+)\s+(?:[a-z]+\s+)?"
    r"(?:regions|provinces|districts|oblasts|governorates|states)\b"
)


def _is_headline(para: Paragraph, sent_index: int) -> bool:
    """One of the article's opening lines, when it reads as a headline (one short sentence, no full
    stop): the title, and a page's repeated title or standfirst before the first body sentence."""
    if para.index > 2 or sent_index != para.index + 1:
        return False
    text = para.doc.text.strip()
    return len(text) < 160 and not text.endswith((".", "!", "?"))


def _merge(cands: list[Candidate]) -> list[Candidate]:
    """Merge sentences that report one incident: same sub-type, place and date, shared actors.

    A headline restates the lead: it joins the first body event of its type and shared actors
    (without its casualty figure, which a two-clause headline may give the wrong incident), and
    stands alone only when the body reports nothing like it.
    """
    body = _merge_body([c for c in cands if not c.headline])
    for h in (c for c in cands if c.headline):
        same = next((o for o in body if _restates(h, o)), None)
        if same is None:
            if not body:
                body.insert(0, h)  # the headline is all the article says of it
            continue  # a headline's gist the body tells differently: the body's coding stands
        same.extra.insert(0, (h.sentence.text, h.start, h.end))
        same.merged_names |= h.actor_names()
    return sorted(body, key=lambda c: c.start)


def _restates(headline: Candidate, event: Candidate) -> bool:
    if headline.event_type != event.event_type:
        return False
    # "Gunmen kill 11 at bar": unnamed gunmen or civilians say nothing of which incident it is
    named = {m.name for m in (headline.actor1, headline.actor2, *headline.assoc) if m is not None and not m.generic}
    if named and event.actor_names():
        return bool(named & event.actor_names())
    return headline.sub_event_type == event.sub_event_type


_CLAIM = re.compile(r"\bclaim(?:ed|s|ing)?\b", re.IGNORECASE)
_VIOLENT_TYPES = frozenset({"battles", "explosions_remote_violence", "violence_against_civilians"})


_ANAPHORA_REACH = 8  # sentences: a definite reference rarely reaches further back in news copy
_DEFINITE_DETS = frozenset({"the", "this", "that", "these", "those"})


def _points_back(trigger: Token, named: Sequence[Mention], off: int) -> bool:
    """Does the mention refer to an incident already told rather than report one? A definite noun
    trigger ("the attacks were targeting", "the clashes took place") or only definite generic actors
    ("The gunmen opened fire and fled"); ``off`` places the article's mentions in the trigger's Doc."""
    if trigger.pos_ == "NOUN" and any(c.dep_ == "det" and c.lower_ in _DEFINITE_DETS for c in trigger.children):
        return True
    text = trigger.doc.text

    def definite(m: Mention) -> bool:
        before = text[max(0, m.start - off - 6) : max(0, m.start - off)].lower().split()
        return m.surface.lower().startswith(tuple(d + " " for d in _DEFINITE_DETS)) or (
            bool(before) and before[-1] in _DEFINITE_DETS
        )

    return bool(named) and all(m.generic and definite(m) for m in named)


def _phase_of(c: Candidate, o: Candidate) -> bool:
    """Is ``c`` a step of the assault ``o`` just told ("The militants first detonated a car bomb …
    before gunmen entered")? Same attacker, the next sentences, no date of its own."""
    return (
        (c.event_type in _VIOLENT_TYPES or c.sub_event_type == "looting_property_destruction")
        and o.event_type in _VIOLENT_TYPES
        and o.sub_event_type not in ("air_drone_strike", "shelling_artillery_missile_attack")
        # a drone or air strike is its own incident, not a step of a ground raid
        and c.sub_event_type != "air_drone_strike"
        and c.actor1 is not None
        and o.actor1 is not None
        and c.actor1.name == o.actor1.name
        and 0 < c.sent_index - o.sent_index <= 2
        and not c.date_explicit
    )


_PROTEST_SEVERITY = ("peaceful_protest", "protest_with_intervention", "excessive_force_against_protesters")


def _same_gathering(c: Candidate, o: Candidate) -> bool:
    """Is ``c`` more of the protest ``o`` just told ("Thousands had taken to the streets …")?"""
    return c.event_type == o.event_type == "protests" and 0 < c.sent_index - o.sent_index <= 3 and not c.date_explicit


def _absorb_claim(claim: Candidate, out: list[Candidate]) -> bool:
    """Attach a claim of responsibility to the latest violent incident it can be about: the claimant
    names the perpetrator of an unattributed attack; its date and toll are the claim's, not the incident's."""
    violent = [o for o in reversed(out) if o.event_type in _VIOLENT_TYPES]
    who = claim.actor1.name if claim.actor1 else claim.claimant.name if claim.claimant else None
    o = next((o for o in violent if o.actor1 is not None and o.actor1.name == who), None)
    # "X claimed the attack": the article's main incident, told first
    o = o or next((o for o in reversed(violent) if o.actor1 is None or o.actor1.generic), None)
    if o is None:
        return False
    if claim.actor1 is not None and (o.actor1 is None or o.actor1.generic):
        o.actor1 = claim.actor1
    if claim.place_own and o.place and claim.place and _contains(o.place.place, claim.place.place):
        o.place, o.geo_precision = claim.place, claim.geo_precision  # "The attack in Daraban was claimed by …"
    o.extra.append((claim.sentence.text, claim.start, claim.end))
    o.merged_names |= claim.actor_names()
    o.sent_index = max(o.sent_index, claim.sent_index)  # the incident is being told again here
    return True


def _own_toll_elsewhere(o: Candidate, c: Candidate) -> bool:
    """A later paragraph with a toll of its own that does not point back ("the attack") and names
    no place both share tells another incident: a round-up's next town whose name went unresolved."""
    return (
        c.paragraph != o.paragraph
        and not (c.place_own and o.place_own)
        and not c.claim  # "the group said it killed 47": a claimant's count of the same attack
        and o.fatalities is not None
        and c.fatalities is not None
        and not _refers_back(c.trigger)
    )


def _merge_body(cands: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    for c in cands:
        if c.claim and _absorb_claim(c, out):
            continue
        if c.claim and c.actor1 is None and c.actor2 is None:
            continue  # a speaker's account of nothing told before: no doer, no victim, no event
        if c.separate:
            out.append(c)
            continue
        for o in reversed(out):  # the nearest incident told is the one a follow-up continues
            same_date = (o.date.date if o.date else None) == (c.date.date if c.date else None)
            # a follow-up sentence without a date of its own ("The militants killed four soldiers")
            # tells more of the incident just described
            near = abs(c.sent_index - o.sent_index) <= 3 and not (o.date_explicit and c.date_explicit)
            same_kind = o.sub_event_type == c.sub_event_type or _phase_of(c, o) or _same_gathering(c, o)
            # "It was not clear what the attacks were targeting", "The gunmen opened fire and fled":
            # a mention that points back joins the nearest incident of its family told before it
            back = c.anaphoric and _same_family(o, c) and 0 < c.sent_index - o.sent_index <= _ANAPHORA_REACH
            if (
                (same_kind or back)
                and _same_place(o, c)
                and (same_date or near or (back and not (o.date_explicit and c.date_explicit)))
                and (_overlap(o, c) or back)
                and not _own_toll_elsewhere(o, c)
            ):
                if not o.date_explicit and c.date_explicit:
                    o.date, o.date_explicit = c.date, True
                o.extra.append((c.sentence.text, c.start, c.end))
                o.extra.extend(c.extra)
                o.merged_names |= c.actor_names()
                if o.event_type == c.event_type == "protests":
                    o.sub_event_type = max(o.sub_event_type, c.sub_event_type, key=_PROTEST_SEVERITY.index)
                if (
                    c.place_own
                    and c.place
                    and (not o.place_own or (o.place and _contains(o.place.place, c.place.place)))
                ):
                    # "Middle Shabelle" → "El Baraf"; a lead placed only by its dateline → the town named next
                    o.place, o.geo_precision, o.place_own = c.place, c.geo_precision, True
                if c.fatalities is not None and not (o.fatalities is not None and _CLAIM.search(c.sentence.text)):
                    # sources update tolls upward; a perpetrator's claim does not overrule a count
                    o.fatalities = max(o.fatalities or 0, c.fatalities)
                if o.actor2 is None and c.actor2 is not None and (o.actor1 is None or c.actor2.name != o.actor1.name):
                    o.actor2 = c.actor2
                if o.actor1 is None and c.actor1 is not None:
                    o.actor1 = c.actor1
                o.confidence = round(min(0.95, max(o.confidence, c.confidence) + 0.05), 2)
                break
        else:
            out.append(c)
    return out


def _to_result(c: Candidate) -> EventResult:
    p = c.place.place if c.place else None
    names = [m.name for m in c.assoc if m.name not in {x.name for x in (c.actor1, c.actor2) if x}]
    return EventResult(
        event_type=c.event_type,
        sub_event_type=c.sub_event_type,
        actor1=c.actor1.name if c.actor1 else None,
        actor2=c.actor2.name if c.actor2 else None,
        assoc_actors=tuple(dict.fromkeys(names)),
        location=p.name if p else None,
        country_code=p.country_code if p else None,
        latitude=p.latitude if p else None,
        longitude=p.longitude if p else None,
        date=c.date.date.isoformat() if c.date else None,
        date_precision=c.date.precision if c.date else "day",
        fatalities=c.fatalities,
        evidence=c.sentence.text,
        start=c.start,
        end=c.end,
        confidence=c.confidence,
        geo_precision=c.geo_precision,
        summary=_summary(c),
        extra_evidence=tuple(c.extra),
    )


def _summary(c: Candidate) -> str:
    who = c.actor1.name if c.actor1 else "Unknown actor"
    whom = f" against {c.actor2.name}" if c.actor2 else ""
    where = f" in {c.place.place.name}" if c.place else ""
    return f"{c.sub_event_type.replace('_', ' ').capitalize()}: {who}{whom}{where}."


_IRREGULAR = [
    "fought",
    "struck",
    "shot",
    "took",
    "taken",
    "overran",
    "overrun",
    "blew",
    "blown",
    "slain",
    "slew",
    "withdrew",
    "withdrawn",
    "hit",
    "set",
    "beat",
    "beaten",
    "stoned",
    "hacked",
    "stabbed",
    "burnt",
    "died",
    "dies",
    "dying",
    "dead",
    "death",
    "deaths",
    "toll",
    "tear",
    "water",
    "rubber",
    "dispers",
    "open",
    "opened",
    "opening",
    "opens",
    "bodies",
    "wounded",
    "injured",
    "casualties",
    "gunmen",
]


def prefilter_words() -> list[str]:
    """Word starts of every trigger form: sentences without one are never parsed (nlp.may_report_event)."""
    words = set(_IRREGULAR)
    for lemma in (*VERB_TRIGGERS, *NOUN_TRIGGERS, *_TO_DEATH, *_BASE_NOUNS, "establish", "build", "relocate"):
        stem = lemma[:-1] if lemma.endswith("e") and len(lemma) > 4 else lemma
        words.add(stem)
    return sorted(w for w in words if len(w) >= 3)
