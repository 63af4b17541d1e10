"""Where an event happened: the place a sentence's own words give its trigger, else the
paragraph's, else the article's focus, never a dateline's; and whether two places can be one
incident's ("Maiduguri" lies in "Borno state")."""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Span, Token

from ..gazetteer import Place
from ..places import PlaceSet, Resolved, Toponym, km
from .candidate import Candidate
from .clauses import in_reference_phrase
from .context import ArticleContext, SentenceContext


def _place_for(tok: Token, here_: SentenceContext, article: ArticleContext) -> tuple[Resolved | None, int, bool]:
    """The mention's place, its geo-precision, and whether the sentence's own words name it (not a
    dateline, the paragraph or the article's focus): only an own place may overrule another sentence's."""
    sent, para, off, s0, s1 = here_.sent, here_.para, here_.off, here_.s0, here_.s1
    places, focus, datelines = article.places, article.focus, article.datelines
    # a dateline ("BEIRUT, Oct 14 (AP) —", "Lucknow:") says where the reporter is, not where the event was
    here = [
        (t, r)
        for t, r in places.in_span(s0, s1)
        if not _in_dateline(t, datelines)
        and not _DESTINATION_BEFORE.search(sent.doc.text[: t.start - off])
        and not _ORIGIN_BEFORE.search(sent.doc.text[: t.start - off])
        and not _NEIGHBOUR_BEFORE.search(sent.doc.text[: t.start - off])
        and not _describes_a_group(sent, t.start - off, tok)
        and not _names_a_reference_incident(sent, t.start - off)
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
# "KFOR troops from Germany and the US received reinforcements": where a force comes from, not where it acted
_ORIGIN_BEFORE = re.compile(
    r"\b(?:troops|soldiers|forces|contingents?|peacekeepers|policemen|police officers|fighters|mercenaries|"
    r"volunteers|units|battalions|reinforcements)\s+from\s+(?:the\s+)?(?:[\w-]+\s+(?:and\s+)?(?:the\s+)?){0,3}$",
    re.IGNORECASE,
)
# "a Russian region bordering Ukraine", "near the border with Mali": the country across the border
# is the neighbour of where it happened, not the place
_NEIGHBOUR_BEFORE = re.compile(
    r"\b(?:bordering|borders|(?:the\s+)?border\s+with|(?:the\s+)?frontier\s+with|across\s+the\s+border\s+from)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
# nouns for an organisation: a place in a phrase hanging on one ("a Somali-led Al-Qaeda group in
# East Africa", "the movement's branch in Yemen") tells where the group is, not where the act was
GROUP_NOUNS = frozenset(
    {
        "group",
        "organisation",
        "organization",
        "movement",
        "affiliate",
        "branch",
        "faction",
        "network",
        "offshoot",
        "franchise",
        "wing",
        "cell",
        "outfit",
        "party",
        "coalition",
        "alliance",
        "province",
    }
)


FORCE_NOUNS = frozenset({"force", "forces", "fighter", "militia", "militant", "rebel", "insurgent"})


def _describes_a_group(sent: Span, start: int, trigger: Token) -> bool:
    """Is the place at ``start`` (a character offset in the sentence's Doc) the object of a
    preposition on a group noun, with no event trigger in between ("the latest by the Shabaab, a
    Somali-led Al-Qaeda group in East Africa")?"""
    tok = next((t for t in sent if t.idx <= start < t.idx + len(t.text)), None)
    for _ in range(6):
        if tok is None or tok.head is tok or tok == trigger:
            return False
        head = tok.head
        if tok.dep_ == "pobj" and head.dep_ == "prep" and head.head.lemma_.lower() in GROUP_NOUNS:
            return head.head != trigger and head.head.pos_ in ("NOUN", "PROPN")
        if tok.dep_ in ("compound", "nmod") and head.lemma_.lower() in GROUP_NOUNS | FORCE_NOUNS:
            # "al Qaeda's Sahel affiliate", "Sagaing Region resistance forces": the group's home
            return head != trigger and head.pos_ == "NOUN"
        tok = head
    return False


def _names_a_reference_incident(sent: Span, start: int) -> bool:
    """ "Two days before the Baidoa bombings, …": the town of the incident measured from."""
    tok = next((t for t in sent if t.idx <= start < t.idx + len(t.text)), None)
    return tok is not None and in_reference_phrase(tok)


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


def _trigger_phrase_only(sub: list[tuple[Toponym, Resolved]], inside: list[tuple[Toponym, Resolved]]) -> bool:
    """The sentence's towns all lie outside the country the trigger's phrase names."""
    country = inside[0][1].place.country_code
    return all(r.place.country_code != country for _, r in sub)


def _precision(r: Resolved) -> int:
    """ACLED-style geo-precision: 1 the place itself, 2 near a known place, 3 a division or country."""
    if r.place.feature in ("admin1", "region", "country"):
        return 3
    return r.precision


def _same_place(a: Candidate, b: Candidate) -> bool:
    """Could both sentences be placing one incident? A place only inherited from the paragraph or
    the article says nothing; a town lies in its state ("Maiduguri" and "Borno state")."""
    if a.place is None or b.place is None or not (a.place_own and b.place_own):
        return True
    pa, pb = a.place.place, b.place.place
    if pa[:3] == pb[:3]:
        return True
    near = abs(pa.latitude - pb.latitude) < 0.05 and abs(pa.longitude - pb.longitude) < 0.05
    if near and not (
        _settlement_of_its_own(pa, a.sentence.doc.text) or _settlement_of_its_own(pb, b.sentence.doc.text)
    ):
        return True
    return _contains(pa, pb) or _contains(pb, pa)


# what makes a place the gazetteer lacks a settlement apart from the town whose point it borrows:
# "Umhlanga, a town north of Durban"; a district or a street of a city is part of it
_OWN_SETTLEMENT_AFTER = re.compile(
    r",\s+(?:an?|the)\s+(?:[\w-]+\s+){0,2}?(?:town|village|hamlet|settlement)\s+"
    r"(?:(?:just|some|about|[\d.]+\s*(?:km|kilometres|kilometers|miles))\s+)*"
    r"(?:(?:north|south)(?:-?(?:east|west))?|east|west|near|outside|close to)\b"
)


def _settlement_of_its_own(p: Place, text: str) -> bool:
    """Does the text set ``p``, a place standing in at a known place's point (the gazetteer lacks
    it), apart from that place as a town or village of its own ("…, a town north of Durban"), so
    that sharing the point does not make the two one place?"""
    if p.geonames_id is not None:
        return False
    return any(_OWN_SETTLEMENT_AFTER.match(text, m.end()) for m in re.finditer(rf"\b{re.escape(p.name)}\b", text))


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
