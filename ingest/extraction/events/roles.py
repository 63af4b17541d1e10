"""Who acted and on whom: actor1 the agent (subject, "by" phrase, the last armed actor named before
the trigger), actor2 the patient (object, passive subject, the casualties), read from the parse."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from ..actors import ActorSet, Mention
from .clauses import REPORT_LEMMAS, _other_clauses, _source_spans
from .cues import VICTIM_KINDS
from .trigger_table import NOUN_TRIGGERS, THROW_VERBS, VERB_TRIGGERS


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


# verbs that tell a fight's onset ("fighting broke out", "clashes erupted")
_ONSET_VERBS = frozenset({"break", "erupt", "begin", "start", "flare", "resume", "intensify"})
# acts two sides do to each other: a subject "X and Y" names both sides
_RECIPROCAL = frozenset({"exchange", "trade", "clash", "fight", "battle", "skirmish"})
# verbs whose subject suffers the act a noun in their phrase names: "fell into an ambush", "came under attack"
_SUFFERING_VERBS = frozenset({"fall", "come", "suffer", "run", "walk", "drive", "stumble"})


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
            if c.dep_ == "acl" and c.tag_ == "VBN":
                # "an ambush, set up by separatists", "an IED blast triggered by Maoists": the
                # participle's "by" names who did it
                agents += [m for g in c.children if g.dep_ == "agent" for m in _subtree_mentions(g, offset, actors)]
            if c.dep_ == "prep" and c.lower_ in ("on", "against", "targeting", "at"):
                patients += _subtree_mentions(c, offset, actors)

        head = trigger.head
        hops = 0
        while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i and hops < 3:
            head = head.head
            hops += 1
        verb = head.lemma_.lower()
        if (verb in _SUFFERING_VERBS and trigger.head.i != head.i) or verb == "suffer":
            # "soldiers fell in an ambush, set up by separatists", "the convoy came under attack":
            # the verb's subject suffered the act; a participle's "by" beside it names the doer
            patients += [m for c in head.children if c.dep_ == "nsubj" for m in _subtree_mentions(c, offset, actors)]
            by = [c for c in head.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"]
            by += [
                g
                for c in head.children
                if c.dep_ in ("advcl", "acl", "conj") and c.tag_ == "VBN"
                for g in c.children
                if g.dep_ == "agent"
            ]
            agents += [m for g in by for m in _subtree_mentions(g, offset, actors) if m not in agents]
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
        elif c.dep_ == "prep" and c.lower_ == "at" and head.i == trigger.i and head.lemma_.lower() in THROW_VERBS:
            patients += _subtree_mentions(c, offset, actors)  # "hurled rocks at Israeli security forces"
    if not agents and trigger.dep_ == "nsubj" and head.lemma_.lower() in _ONSET_VERBS:
        # "Fighting broke out when the army launched an operation to push Fano fighters out of
        # Kobo": the clause that says how it began names who began it and against whom
        for c in head.children:
            if c.dep_ == "advcl" and any(g.lower_ in ("when", "after", "as") for g in c.children):
                subj = [g for g in c.children if g.dep_ == "nsubj"]
                agents += [m for g in subj for m in _subtree_mentions(g, offset, actors)]
                skip = {t.i for g in subj for t in g.subtree}
                rest = [t for t in c.subtree if t.i not in skip]
                patients += [m for m in _mentions_in(rest, offset, actors) if m not in agents]
                break
    if not agents and any(c.dep_ == "auxpass" for c in trigger.children):
        # "65 people were killed at a funeral by Boko Haram": the parser often hangs the passive's
        # "by" on the nearest noun, not on the verb
        agents += [
            m
            for b in trigger.subtree
            if b.dep_ == "prep" and b.lower_ == "by" and b.head.pos_ in ("NOUN", "PROPN")
            for m in _subtree_mentions(b, offset, actors)
        ]
        patients = [m for m in patients if m not in agents]  # "shot inside a mosque by …": not the mosque's
    if (
        not agents
        and head.dep_ in ("xcomp", "advcl", "pcomp", "conj", "ccomp")
        and not _unnamed_subject(head, offset, actors)
    ):
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
    if not agents:
        agents += _agents_of_the_act_named(trigger, offset, actors)
    blamed = _blamed(trigger, sent, offset, actors)
    if blamed:
        # "a raid … which has been blamed on rebels", "police blamed the attack on Boko Haram": the
        # text names the doer; whoever blames is no party to the act
        agents = blamed
        patients = [m for m in patients if m not in blamed]
    sources = _source_spans(trigger, sent, offset)
    denied = _denied_spans(sent, offset)

    def told(m: Mention) -> bool:
        return any(s <= m.start < e for s, e in sources)

    def absent(m: Mention) -> bool:
        return any(s <= m.start < e for s, e in denied)

    def party(m: Mention) -> bool:  # neither the source telling it nor someone said not to be there
        return not told(m) and not absent(m)

    agents = [m for m in agents if m not in patients and m.kind != "person" and party(m)]
    patients = [m for m in patients if party(m)]
    in_sent = [m for m in actors.in_span(offset + sent.start_char, offset + sent.end_char) if party(m)]
    tpos = offset + trigger.idx
    if not agents and (head.i == trigger.i or head.lemma_.lower() in _ACTION_VERBS) and _pronoun_subject(head):
        # "Hezbollah said it had fired rockets", "the army said its jets struck": the speaker acted
        speakers = [
            m
            for m in actors.in_span(offset + sent.start_char, offset + sent.end_char)
            if told(m) and not absent(m) and m.kind in SELF_REPORTING_KINDS and m not in patients
        ]
        agents = speakers[:1]
    if not agents:
        hurt = _casualty_subjects(sent, offset)
        aimed_at = _attack_targets(sent, offset)
        before = [
            m
            for m in in_sent
            if m.end <= tpos
            and m not in patients
            and m.kind not in VICTIM_KINDS
            and m.kind != "person"
            and not any(s <= m.start < e for s, e in hurt)
            and not any(s <= m.start < e for s, e in aimed_at)
        ]
        agents = before[-1:] if before and not _unnamed_subject(trigger, offset, actors) else []
        if not patients:
            # "An ambush on a military patrol … killed 16 soldiers": the patrol was the target
            patients = [m for m in in_sent if any(s <= m.start < e for s, e in aimed_at)][:1]
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
    if actor2 is None and assoc and trigger.lemma_.lower() in _RECIPROCAL:
        # "Fano fighters and troops exchanged fire", "rebels and soldiers clashed": the two sides
        actor2, assoc = assoc[0], assoc[1:]
    uniq: list[Mention] = []
    for m in assoc:
        if all(m.name != u.name for u in uniq) and (actor2 is None or m.name != actor2.name):
            uniq.append(m)
    return actor1, actor2, uniq


_PARTY_NOUNS = frozenset({"party", "side", "group", "camp"})


def names_the_parties(trigger: Token) -> bool:
    """Does the trigger's "between" phrase point back to two sides already named ("armed clashes
    between the parties", "fighting between the two sides", "clashes between them")?"""
    for c in trigger.children:
        if c.dep_ == "prep" and c.lower_ == "between":
            for g in c.children:
                if g.dep_ == "pobj" and (
                    g.lower_ == "them"
                    or (
                        g.lemma_.lower() in _PARTY_NOUNS
                        and g.tag_ == "NNS"
                        and any(d.lower_ in ("the", "both", "two", "these", "those") for d in g.children)
                    )
                ):
                    return True
    return False


# "Mahmoud Hamza, the commander of the 444th brigade": the person leads the group
_LEADER_OF = re.compile(r",\s+(?:the\s+)?(?:[\w-]+\s+)?(?:commander|leader|head|chief|founder)\s+of\s+(?:the\s+)?")


def side_of(m: Mention | None, text: str, offset: int, actors: ActorSet) -> Mention | None:
    """The party a side stands for in a fight: a person named as a group's commander or leader
    ("Hamza, the commander of the 444th brigade, was detained ... clashes between the parties") is
    that group; anyone else is themself. ``text`` starts at article offset ``offset``."""
    if m is None or m.kind != "person" or not 0 <= m.end - offset <= len(text):
        return m
    cue = _LEADER_OF.match(text, m.end - offset)
    if cue is None:
        return m
    at = offset + cue.end()
    return next((g for g in actors.in_span(at, at + 120) if g.start == at and g.kind != "person"), m)


def _unnamed_subject(verb: Token, offset: int, actors: ActorSet) -> bool:
    """Has the verb a subject of its own that names no actor ("troops were operating in the area
    when dozens of suspects hurled rocks")? Then no actor named elsewhere did it."""
    return verb.pos_ == "VERB" and any(
        c.dep_ == "nsubj" and c.pos_ == "NOUN" and not _subtree_mentions(c, offset, actors) for c in verb.children
    )


def _denied_spans(sent: Span, offset: int) -> list[tuple[int, int]]:
    """Character spans of noun phrases the text says are not there: "there were no rebel fighters
    near the positions", "no soldiers were hurt" name no party to the act."""
    return [
        (offset + t.head.left_edge.idx, offset + t.head.idx + len(t.head))
        for t in sent
        if t.dep_ == "det" and t.lower_ == "no" and t.head.pos_ in ("NOUN", "PROPN")
    ]


def _attack_targets(sent: Span, offset: int) -> list[tuple[int, int]]:
    """Spans of the "on"/"against" phrases of the sentence's attack nouns ("an ambush on a military
    patrol", "the assault against the base"): whoever they name was attacked, not the attacker."""
    return [
        (offset + t.left_edge.idx, offset + t.right_edge.idx + len(t.right_edge))
        for t in sent
        if t.dep_ == "prep"
        and t.lower_ in ("on", "against", "targeting")
        and NOUN_TRIGGERS.get(t.head.lemma_.lower()) in ("fight", "fire")
    ]


def _casualty_subjects(sent: Span, offset: int) -> list[tuple[int, int]]:
    """Spans of the passive subjects of killing or wounding verbs ("two soldiers were killed"): victims."""
    return [
        (offset + t.left_edge.idx, offset + t.right_edge.idx + len(t.right_edge))
        for t in sent
        if t.dep_ == "nsubjpass" and VERB_TRIGGERS.get(t.head.lemma_.lower()) == "kill"
    ]


def _agents_of_the_act_named(trigger: Token, offset: int, actors: ActorSet) -> list[Mention]:
    """ "At least 30 people died in the attack, the latest by the Shabaab": the "by" phrase of the
    act a casualty verb's "in"/"during" phrase names is its doer."""
    acts = [
        act
        for p in trigger.children
        if p.dep_ == "prep" and p.lower_ in ("in", "during")
        for act in p.children
        if act.dep_ == "pobj" and NOUN_TRIGGERS.get(act.lemma_.lower()) is not None
    ]
    if not acts:
        return []
    # the parser hangs "the latest by X" on the verb as often as on the act
    phrases = [*acts, *(c for c in trigger.children if c.dep_ in ("npadvmod", "appos"))]
    found: list[Mention] = []
    for phrase in phrases:
        for t in phrase.subtree:
            if t.dep_ in ("prep", "agent") and t.lower_ == "by":
                found += [m for m in _subtree_mentions(t, offset, actors) if m not in found]
    if not found:
        # "Two militants were killed in a gunfight with government forces": the other side of the
        # fight the dead fell in killed them
        for act in acts:
            if NOUN_TRIGGERS.get(act.lemma_.lower()) != "fight":
                continue
            for t in act.children:
                if t.dep_ == "prep" and t.lower_ == "with":
                    found += [m for m in _subtree_mentions(t, offset, actors) if m not in found]
    return found


# verbs that name an act's doer, and the preposition that introduces it: "blamed on X", "attributed
# to X"; with "for", the object is the doer ("police blamed Boko Haram for the attack")
BLAME_PREPOSITIONS = {"blame": "on", "attribute": "to", "ascribe": "to", "pin": "on", "impute": "to"}


def _blamed(trigger: Token, sent: Span, offset: int, actors: ActorSet) -> list[Mention]:
    """Actors a blaming verb linked to the trigger names as the act's doer."""
    found: list[Mention] = []
    for verb in sent:
        prep = BLAME_PREPOSITIONS.get(verb.lemma_.lower())
        if prep is None or verb.pos_ != "VERB" or not (verb.is_ancestor(trigger) or trigger.is_ancestor(verb)):
            continue
        kids = list(verb.children)
        # the parser hangs "on X" of "blamed the attack on X" on the attack as often as on the verb
        objects = [g for c in kids if c.dep_ in ("dobj", "nsubjpass") for g in c.children]
        for c in [*kids, *objects]:
            if c.dep_ in ("prep", "dative") and c.lower_ == prep:
                found += [m for m in _subtree_mentions(c, offset, actors) if m not in found]
        if verb.lemma_.lower() == "blame" and any(c.dep_ == "prep" and c.lower_ == "for" for c in kids):
            for c in kids:
                if c.dep_ == "dobj":
                    found += [m for m in _subtree_mentions(c, offset, actors) if m not in found]
    return found
