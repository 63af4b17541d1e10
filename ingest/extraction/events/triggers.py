"""Is a token a trigger, and of which class? The lemma tables (``trigger_table.py``) and the few
rules that read the token's parse ("set up a base", "shot down 14 drones", "took control")."""

from __future__ import annotations

import re

from spacy.tokens import Token

from .clauses import REPORT_LEMMAS
from .cues import AIR, CHEMICAL, SHELL, SUICIDE
from .trigger_table import (
    BASE_NOUNS,
    BASE_VERBS,
    CROWD_MISSILES,
    CUSTODY_NOUNS,
    CUSTODY_VERBS,
    DROP_VERBS,
    DROPPED_ARMS,
    EXCHANGE_WORDS,
    EXCHANGED,
    NOUN_TRIGGERS,
    RECOVERY_VERBS,
    STONING_NOUNS,
    THROW_VERBS,
    TO_DEATH,
    VERB_TRIGGERS,
    WEAPON_NOUNS,
)

_PROPERTY = re.compile(
    r"\b(?:houses?|homes?|huts?|shops?|stores?|markets?|villages?|churches|church|mosques?|schools?|vehicles?|"
    r"cars?|buses|offices?|buildings?|properties|property|crops|granaries|stations?)\b",
    re.IGNORECASE,
)


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


# trigger nouns that name the people taking part rather than the act
CROWD_NOUNS = frozenset({"protester", "protestor", "demonstrator"})


def _speaks(tok: Token) -> bool:
    """Is the noun the subject of a speech verb ("one demonstrator told AFP", "protesters said")?"""
    return tok.dep_ == "nsubj" and tok.head.lemma_.lower() in REPORT_LEMMAS


# who runs an operation that is an armed act when it kills: "the deadliest police operation"
_FORCE_WORDS = frozenset({"police", "military", "army", "security", "counter-insurgency", "counterinsurgency"})
_TOLL_WORDS = re.compile(r"\b(?:killed|dead|died|deaths?|toll|deadl(?:y|iest))\b")


def _deadly_operation(tok: Token, low: str) -> bool:
    """ "The deadliest police operation in the city's history has left 25 dead": a force's
    operation told with its dead is an armed act; "a police operation" alone is not."""
    return any(c.dep_ in ("compound", "amod") and c.lower_ in _FORCE_WORDS for c in tok.children) and bool(
        _TOLL_WORDS.search(low)
    )


def _takes(tok: Token, lemmas: frozenset[str], objects: tuple[str, ...], preps: tuple[str, ...]) -> bool:
    """Does the word govern one of ``lemmas``, as a dependent of one of ``objects`` or as the object
    of one of its ``preps``?"""
    for c in tok.children:
        if c.dep_ in objects and c.lemma_.lower() in lemmas:
            return True
        if (
            c.dep_ == "prep"
            and c.lower_ in preps
            and any(g.dep_ == "pobj" and g.lemma_.lower() in lemmas for g in c.children)
        ):
            return True
    return False


def _into_custody(tok: Token) -> bool:
    """ "49 persons had been taken into custody", "were placed in detention": held, an arrest."""
    return _takes(tok, CUSTODY_NOUNS, (), ("into", "in"))


def _throws_missiles(tok: Token) -> bool:
    """ "dozens of suspects hurled rocks at Israeli security forces", "pelted police with stones":
    what is thrown is a crowd's missile, not a grenade."""
    return _takes(tok, CROWD_MISSILES, ("dobj", "nsubjpass"), ("with",))


def _exchanges_fire(tok: Token) -> bool:
    """ "Fano fighters and troops exchanged fire", "an exchange of gunfire": what is traded is shots."""
    return _takes(tok, EXCHANGED, ("dobj",), ("of",))


def _trigger_class(tok: Token, low: str) -> str | None:
    """The token's trigger class in the sentence ``low`` (lower-cased), or None if it reports no act."""
    lemma = tok.lemma_.lower()
    pos = tok.pos_  # read once: each Token attribute is a lookup in spaCy's string store
    if pos == "VERB" and lemma in BASE_VERBS:
        objs = [t for c in tok.children if c.dep_ in ("dobj", "nsubjpass", "prep") for t in c.subtree]
        if any(t.lemma_.lower() in BASE_NOUNS for t in objs) and (lemma != "set" or _has_particle(tok, "up")):
            return "base"
    if pos == "VERB" and lemma == "set" and any(t.lower_ in ("fire", "ablaze", "alight") for t in tok.subtree):
        return "loot"
    if pos == "VERB" and lemma in ("beat", "stone", "hack", "stab", "burn") and "to death" in low:
        return "kill"
    if pos == "VERB" and lemma == "burn" and not _PROPERTY.search(tok.doc[tok.i : tok.right_edge.i + 1].text):
        return None
    if lemma == "launch" and tok.tag_ == "VBN" and tok.dep_ in ("acl", "advcl") and not _has_subject(tok):
        return None  # "35 drones launched overnight": the weapons described, the sentence's verb tells the event
    if lemma == "besiege" and tok.dep_ == "amod":
        return None  # "the besieged town of Deir ez-Zor": a standing state, not an act told
    if pos == "VERB" and lemma in CUSTODY_VERBS and _into_custody(tok):
        return "arrest"
    if pos == "VERB" and lemma in THROW_VERBS:
        return "riot" if _throws_missiles(tok) else None
    if tok.lower_ in STONING_NOUNS:
        return "riot"
    if lemma in EXCHANGE_WORDS and pos in ("VERB", "NOUN"):
        return "fight" if _exchanges_fire(tok) else None
    if pos == "VERB" and lemma in DROP_VERBS:
        dropped = [c for c in tok.children if c.dep_ in ("dobj", "nsubjpass")]
        return "fire" if any(o.lemma_.lower() in DROPPED_ARMS for o in dropped) else None
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
        if lemma == "operation":
            return "fight" if _deadly_operation(tok, low) else None
        if cls is not None and lemma in CROWD_NOUNS and _speaks(tok):
            return None  # '"The police are shooting at us," one demonstrator told AFP': a source, not a protest
        if lemma in ("rocket", "missile", "mortar", "artillery") and tok.dep_ == "compound":
            return None  # "rocket attacks": the head noun is the trigger
        if (
            lemma in WEAPON_NOUNS
            and tok.dep_ in ("dobj", "nsubjpass", "conj")
            and tok.head.lemma_.lower() in RECOVERY_VERBS
        ):
            return "disrupt"  # "CRPF recovered 14 IEDs planted by Maoists": a weapon taken out of use
        return cls
    if lemma == "open" and any(c.lower_ == "fire" for c in tok.children):
        return "fight"
    return None


# inflections the lemma stems do not start (and cue words the stage reads): let through too
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
    # of the base verbs only the rarer ones: a sentence that sets up a base names one of BASE_NOUNS
    for lemma in (
        *VERB_TRIGGERS,
        *NOUN_TRIGGERS,
        *TO_DEATH,
        *BASE_NOUNS,
        *DROPPED_ARMS,
        *EXCHANGE_WORDS,
        *THROW_VERBS,
        "threw",
        "thrown",
        "flung",
        "stone-",
        "operation",
        "custody",
        "establish",
        "build",
        "relocate",
    ):
        stem = lemma[:-1] if lemma.endswith("e") and len(lemma) > 4 else lemma
        words.add(stem)
    # a sentence that only places an incident told before ("The attack took place in …"): followups.sets_the_scene
    words.update(("took place", "taken place", "happened in", "occurred in", "unfolded in"))
    return sorted(w for w in words if len(w) >= 3)
