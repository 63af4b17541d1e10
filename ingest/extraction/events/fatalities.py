"""How many people a sentence says were killed: "killing the driver" -> 1, "at least 14 killed"
-> 14, "dozens died" -> None (unknown is not zero)."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from .trigger_table import TO_DEATH

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
# entity types of numbers that are no head count (days, years, sums, shares, measures)
_NOT_PEOPLE = frozenset({"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY"})
_VAGUE = frozenset({"dozens", "hundreds", "thousands", "scores", "many", "several", "some", "numerous", "few"})


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


def _count_start(number: Token) -> int:
    """Where a number's phrase starts, past a date the parser hung on it ("date 2022-06-09 Three
    soldiers": the day is not part of the count)."""
    left = number.left_edge.i
    doc = number.doc
    while left < number.i and (doc[left].ent_type_ in _NOT_PEOPLE or doc[left].is_punct or doc[left].text == "-"):
        left += 1
    return left


def _count_of(noun: Token) -> int | None:
    """How many people a victim noun stands for: "14 militants" -> 14, "the driver" -> 1, "many" -> None."""
    appos = next((c for c in noun.children if c.dep_ == "appos"), None)
    if noun.is_upper and noun.pos_ == "PROPN" and appos is not None:
        return _count_of(appos)  # "SRINAGAR, Sept 10 - Four soldiers were killed": the dateline parsed as subject
    if noun.like_num or noun.lower_ in _WORD_NUMBERS:
        left = _count_start(noun)
        while left < noun.i and noun.doc[left].dep_ == "amod":
            left += 1  # "shot dead two vaccinators": "dead" hangs on the number
        return parse_number(noun.doc[left : noun.i + 1].text)
    for child in noun.children:
        if child.dep_ == "nummod" and child.ent_type_ not in _NOT_PEOPLE:
            # "Sept 10 - Four soldiers": a spaced dash ends the dateline, the count starts after it
            figure = re.split(r"\s[-\u2013\u2014]\s", noun.doc[_count_start(child) : child.i + 1].text)[-1]
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


_HEDGES = frozenset({"over", "about", "around", "nearly", "some", "at", "least", "more", "than", "almost", "up", "to"})


def _not_a_count(t: Token) -> bool:
    """Is the number a day, a time or a sum ("on July 3", "$5 million"), not a count of people? The
    NER reads a bare "over 27" as a day of the month too: with no word of a date beside it, a
    number is a count."""
    if t.ent_type_ not in _NOT_PEOPLE:
        return False
    if t.ent_type_ != "DATE":
        return True
    ent = next((e for e in t.doc.ents if e.start <= t.i < e.end), None)
    return ent is None or any(w.is_alpha and w.lower_ not in _HEDGES for w in ent)


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
            lemma in TO_DEATH
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
            # "the toll from a bombing on July 3 has reached 324": a day of the month counts no one
            nums = [t for t in tok.head.subtree if t.like_num and t.i > tok.i and not _not_a_count(t)]
            victims = nums[:1]
        for v in victims:
            if _not_a_count(v):
                continue
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


# "The military, however, said eight were killed": a source that disputes the toll just told. A
# newcomer adds a contrast word here.
_CONTRAST = frozenset({"however", "but", "although", "though", "whereas", "instead", "contrary"})
_DISPUTE_LEMMAS = frozenset({"dispute", "contradict", "deny"})


def contests_toll(sent: Span) -> bool:
    """Does a follow-up give its count against the one told ("The Nigerian military, however, said
    eight persons were killed")? ACLED then codes the lower, most conservative figure."""
    return any(t.lower_ in _CONTRAST or t.lemma_.lower() in _DISPUTE_LEMMAS for t in sent)
