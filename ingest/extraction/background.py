"""Background versus report: named rules that tell a trigger telling history or context from one
reporting an incident.

A report's trigger is a past act at a time and place ("gunmen killed five people on Tuesday").
Context uses the same words for something else: a running total ("hundreds have been killed this
year"), a habit ("has clashed frequently with the army"), a struggle against an abstraction
("are battling the spread of extremist violence"), an anniversary ("ten years since the
insurgency began"), a state of affairs ("remains in turmoil due to unrest"). Each rule is a small
function over the trigger token and its sentence with an example in its docstring; ``RULES`` is
the ordered table the event stage reads, and ``background_reason`` names the first rule that
fires (tests and debugging read the name). A newcomer adds a rule by writing one function, one
row in ``RULES`` and one row in the test table (tests/ingest/extraction/test_background.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Span, Token

Rule = Callable[[Token, Span], bool]

# "this year", "so far", "in the past six years", "in recent months", "to date": a stretch of time
# over which acts are counted, not the day of one act
_STRETCH = re.compile(
    r"\b(?:this|so far this|earlier this) (?:year|month|decade)\b|\bso far\b|\bto date\b|\balready\b|"
    r"\b(?:in|over|during) (?:the )?(?:past|last|previous) (?:\w+ )?(?:years?|months?|weeks?|decades?)\b|"
    r"\bin recent (?:years|months|weeks|days)\b|\bover the years\b|\bin total\b|\baltogether\b"
)
_FREQUENCY = frozenset(
    {
        "frequently",
        "repeatedly",
        "regularly",
        "often",
        "routinely",
        "periodically",
        "occasionally",
        "constantly",
        "increasingly",
        "habitually",
        "usually",
        "typically",
        "generally",
        "sometimes",
    }
)
# what one fights when the object is not an adversary but a phenomenon
_ABSTRACT = frozenset(
    {
        "spread",
        "violence",
        "insurgency",
        "insurgencies",
        "terrorism",
        "terror",
        "extremism",
        "militancy",
        "crime",
        "criminality",
        "banditry",
        "threat",
        "threats",
        "radicalisation",
        "radicalization",
        "jihadism",
        "impunity",
        "corruption",
        "poverty",
        "trafficking",
        "scourge",
        "menace",
        "rise",
        "resurgence",
        "influence",
        "ideology",
    }
)
_STATE_OF_AFFAIRS = frozenset({"due", "because", "despite"})
_ANNIVERSARY = re.compile(
    r"\banniversary\b|\b(?:\d+|a|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|"
    r"twenty|thirty|forty|fifty|several|many) (?:years?|decades?) (?:since|on from)\b",
    re.IGNORECASE,
)


def _clause_verb(tok: Token, sent: Span) -> Token:
    head = tok
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and head.head.i >= sent.start:
        head = head.head
    return head


def _present_perfect(verb: Token) -> bool:
    """ "has killed", "have been killed", "has been fighting": have + participle on the verb."""
    return verb.tag_ in ("VBN", "VBG") and any(
        c.dep_ in ("aux", "auxpass") and c.lemma_.lower() == "have" and c.tag_ in ("VBP", "VBZ") for c in verb.children
    )


def running_total(tok: Token, sent: Span) -> bool:
    """ "In Niger, hundreds of civilians have already been killed this year." — a count over a
    stretch of time in the present perfect sums many incidents and dates none."""
    verb = _clause_verb(tok, sent)
    return _present_perfect(verb) and bool(_STRETCH.search(sent.text.lower()))


def habitual(tok: Token, sent: Span) -> bool:
    """ "The group has clashed frequently with government forces." — an adverb of frequency makes
    the act a habit of the actor, not one incident."""
    verb = _clause_verb(tok, sent)
    return any(c.dep_ == "advmod" and c.lower_ in _FREQUENCY for t in (tok, verb) for c in t.children)


def against_an_abstraction(tok: Token, sent: Span) -> bool:
    """ "Niger and Mali are battling the spread of deadly extremist violence." — fighting a
    phenomenon (violence, terrorism, its spread) is a policy, not a battle with an adversary."""
    if tok.pos_ != "VERB":
        return False
    objects = [c for c in tok.children if c.dep_ == "dobj"]
    objects += [
        g for c in tok.children if c.dep_ == "prep" and c.lower_ == "against" for g in c.children if g.dep_ == "pobj"
    ]
    return any(o.lemma_.lower() in _ABSTRACT for o in objects)


def state_of_affairs(tok: Token, sent: Span) -> bool:
    """ "The south of the country remains in turmoil due to civil unrest." — a bare noun given as a
    cause or a concession ("due to", "because of", "despite") describes the setting."""
    if not (tok.pos_ == "NOUN" or tok.tag_ == "VBG") or any(c.dep_ in ("det", "poss", "nummod") for c in tok.children):
        return False
    prep = tok.head
    if prep.dep_ == "pcomp" or prep.lower_ in ("to", "of"):
        prep = prep.head  # "due to", "because of" parse as a multi-word preposition
    return prep.lower_ in _STATE_OF_AFFAIRS or tok.head.lower_ in _STATE_OF_AFFAIRS


# nouns that gather many acts into one run ("a series of crackdowns", "a wave of attacks"), and
# the words that make the sentence's own act one more of them ("the latest in", "part of")
_RUNS = frozenset({"series", "wave", "string", "spate", "spree", "cycle", "campaign", "pattern"})
_ONE_MORE = frozenset({"latest", "last", "newest", "part", "one", "another"})


def one_of_a_series(tok: Token, sent: Span) -> bool:
    """ "The detentions are the latest in a series of crackdowns on the opposition." — acts in the
    plural gathered by a noun of a run that the sentence's own act is "the latest in" or "part
    of" are the run's past, dated by none; "A series of explosions shook the port on Tuesday"
    is one incident and stays."""
    if tok.pos_ != "NOUN" or tok.tag_ not in ("NNS", "NNPS") or tok.dep_ != "pobj" or tok.head.lower_ != "of":
        return False
    run = tok.head.head
    if run.lemma_.lower() not in _RUNS or run.dep_ != "pobj":
        return False
    return run.head.lower_ in ("in", "of") and run.head.head.lower_ in _ONE_MORE


def anniversary(tok: Token, sent: Span) -> bool:
    """ "July marked 10 years since the Islamist insurgency began." — time elapsed since an act
    dates the act to history."""
    return bool(_ANNIVERSARY.search(sent.text))


# verbs of putting something up: in the past perfect, what they made already stood when the story's acts happened
_ERECTING = frozenset({"build", "establish", "set", "construct", "erect", "open", "fortify"})


def already_standing(tok: Token, sent: Span) -> bool:
    """ "Around 70 militia members had built a stronghold in the village monastery." — what had been
    set up before the reported acts (a base, a camp, a checkpoint) is their setting, not a new act."""
    verb = _clause_verb(tok, sent)
    return verb.lemma_.lower() in _ERECTING and any(
        c.dep_ == "aux" and c.lower_ in ("had", "'d") for c in verb.children
    )


RULES: tuple[tuple[str, Rule], ...] = (
    ("running_total", running_total),
    ("already_standing", already_standing),
    ("habitual", habitual),
    ("against_an_abstraction", against_an_abstraction),
    ("state_of_affairs", state_of_affairs),
    ("one_of_a_series", one_of_a_series),
    ("anniversary", anniversary),
)


def background_reason(tok: Token, sent: Span) -> str | None:
    """Return the name of the first rule that reads this trigger as background, or None."""
    for name, rule in RULES:
        if rule(tok, sent):
            return name
    return None
