"""Walks over a sentence's dependency parse: the trigger's clause, what it governs, whether it is
negated or hypothetical, where its victims are named, and who reports it ("…, police said")."""

from __future__ import annotations

from spacy.tokens import Span, Token

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
            if _announces_own_act(tok, trigger):
                continue
            for c in tok.children:
                if c.dep_ in ("nsubj", "nsubjpass") and not (c.left_edge.i <= trigger.i <= c.right_edge.i):
                    out.append((offset + c.left_edge.idx, offset + c.right_edge.idx + len(c.right_edge)))
        elif tok.lower_ == "according" and not (tok.left_edge.i <= trigger.i <= tok.right_edge.i):
            out.append((offset + tok.idx, offset + tok.right_edge.idx + len(tok.right_edge)))
    return out


# verbs whose subject, announcing an act named as their object, tells of its own act ("the government
# and the rebels announced the signing of a ceasefire", "the army announced the capture of the town")
_ANNOUNCING = frozenset({"announce", "unveil"})


def _announces_own_act(verb: Token, trigger: Token) -> bool:
    return verb.lemma_.lower() in _ANNOUNCING and any(
        c.dep_ == "dobj" and c.left_edge.i <= trigger.i <= c.right_edge.i for c in verb.children
    )


# "Two days before the Baidoa bombings", "since the attack on the base": an incident named as the
# time another is measured from (told elsewhere in the article), not the one the sentence reports
_REFERENCE_PREPS = frozenset({"before", "after", "since", "following"})
_DEFINITE = frozenset({"the", "this", "that", "these", "those"})
_EARLIER = frozenset({"initial", "earlier", "previous", "prior", "first"})


def in_reference_phrase(tok: Token) -> bool:
    """Is ``tok`` a definite noun (or inside one) that a temporal preposition governs?"""
    for _ in range(4):
        # "following X's arrest" parses "following" as a verb with the arrest its object
        governed = tok.dep_ == "pobj" or (tok.dep_ == "dobj" and tok.head.lower_ == "following")
        if governed and tok.head.lower_ in _REFERENCE_PREPS:
            return any(
                (c.dep_ in ("det", "poss") and (c.dep_ == "poss" or c.lower_ in _DEFINITE))
                or (c.dep_ == "amod" and c.lower_ in _EARLIER)  # "after initial clashes"
                for c in tok.children
            )
        if tok.head is tok or tok.dep_ not in ("compound", "amod", "nmod", "poss"):
            return False
        tok = tok.head
    return False
