"""From mentions to incidents: sentences that tell one incident (a lead, its place sentence, its
toll, a claim of responsibility, the headline) become one event with every evidence sentence;
"separately", another town or another day start a new one."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from spacy.tokens import Token

from ..actors import Mention
from ..nlp import Paragraph
from ..places import PlaceSet, Resolved
from .candidate import _VIOLENT_TYPES, Candidate, _overlap, _refers_back, _same_family
from .fatalities import contests_toll
from .setting import _contains, _same_place
from .trigger_table import NOUN_TRIGGERS
from .typology_table import SUB, TYPE

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


_ANAPHORA_REACH = 8  # sentences: a definite reference rarely reaches further back in news copy
_DEFINITE_DETS = frozenset({"the", "this", "that", "these", "those"})


# verbs that tell an outcome of an act named in their "in"/"during" phrase
_OUTCOME_VERBS = frozenset({"die", "kill", "wound", "injure", "perish"})


def _definite(noun: Token) -> bool:
    return any(c.dep_ == "det" and c.lower_ in _DEFINITE_DETS for c in noun.children)


def _points_back(trigger: Token, named: Sequence[Mention], off: int) -> bool:
    """Does the mention refer to an incident already told rather than report one? A definite noun
    trigger ("the attacks were targeting", "the clashes took place") or only definite generic actors
    ("The gunmen opened fire and fled"); ``off`` places the article's mentions in the trigger's Doc."""
    if trigger.pos_ == "NOUN" and _definite(trigger):
        return True
    if (
        trigger.pos_ == "VERB"
        and trigger.lemma_.lower() in _OUTCOME_VERBS
        and any(
            p.dep_ == "prep"
            and p.lower_ in ("in", "during")
            and any(o.dep_ == "pobj" and _definite(o) and NOUN_TRIGGERS.get(o.lemma_.lower()) for o in p.children)
            for p in trigger.children
        )
    ):
        return True  # "At least 30 people died in the attack": the toll of an attack already told
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
        (c.event_type in _VIOLENT_TYPES or c.sub_event_type == SUB.looting_property_destruction)
        and o.event_type in _VIOLENT_TYPES
        and o.sub_event_type not in (SUB.air_drone_strike, SUB.shelling_artillery_missile_attack)
        # a drone or air strike is its own incident, not a step of a ground raid
        and c.sub_event_type != SUB.air_drone_strike
        and c.actor1 is not None
        and o.actor1 is not None
        and c.actor1.name == o.actor1.name
        and 0 < c.sent_index - o.sent_index <= 2
        and not c.date_explicit
    )


_PROTEST_SEVERITY = (SUB.peaceful_protest, SUB.protest_with_intervention, SUB.excessive_force_against_protesters)


def _same_gathering(c: Candidate, o: Candidate) -> bool:
    """Is ``c`` more of the protest ``o`` just told ("Thousands had taken to the streets …")?"""
    return (
        c.event_type == o.event_type == TYPE.protests and 0 < c.sent_index - o.sent_index <= 3 and not c.date_explicit
    )


def _absorb_claim(claim: Candidate, out: list[Candidate]) -> bool:
    """Attach a claim of responsibility to the latest violent incident it can be about: the claimant
    names the perpetrator of an unattributed attack; its date and toll are the claim's, not the incident's."""
    # a claim that names its own day or town is about an incident told of that day and place
    violent = [o for o in reversed(out) if o.event_type in _VIOLENT_TYPES and _may_be_claimed(claim, o)]
    who = claim.actor1.name if claim.actor1 else claim.claimant.name if claim.claimant else None
    o = next((o for o in violent if o.actor1 is not None and o.actor1.name == who), None)
    # "X claimed the attack": the article's main incident, told first
    o = o or next((o for o in reversed(violent) if o.actor1 is None or o.actor1.generic), None)
    if o is None:
        return False
    doer = claim.actor1 or claim.claimant  # "IS said one of its members detonated …": the speaker did it
    named_doer = claim.actor1 is not None or (doer is not None and doer.kind in ("rebel_group", "militia"))
    if doer is not None and (o.actor1 is None or (o.actor1.generic and named_doer)):
        o.actor1 = doer
    if claim.place_own and o.place and claim.place and _contains(o.place.place, claim.place.place):
        o.place, o.geo_precision = claim.place, claim.geo_precision  # "The attack in Daraban was claimed by …"
    o.extra.append((claim.sentence.text, claim.start, claim.end))
    o.merged_names |= claim.actor_names()
    o.sent_index = max(o.sent_index, claim.sent_index)  # the incident is being told again here
    return True


def _may_be_claimed(claim: Candidate, o: Candidate) -> bool:
    if (
        claim.date_explicit
        and o.date_explicit
        and claim.date
        and o.date
        and abs((claim.date.date - o.date.date).days) > 1
    ):
        return False
    return not (claim.place_own and o.place_own) or _same_place(o, claim)


def _own_toll_elsewhere(o: Candidate, c: Candidate) -> bool:
    """A later paragraph with a toll of its own that does not point back ("the attack") and names
    no place both share tells another incident: a round-up's next town whose name went unresolved."""
    return (
        c.paragraph != o.paragraph
        and (not (c.place_own and o.place_own) or _another_town(o, c))
        and not c.claim  # "the group said it killed 47": a claimant's count of the same attack
        and o.fatalities is not None
        and c.fatalities is not None
        and not _refers_back(c.trigger)
    )


def _another_town(o: Candidate, c: Candidate) -> bool:
    """ "… killed two people in Machava village. Later on Friday, an insurgent group attacked Nangade
    town, where they killed three people": a town of its own, not the region the first lies in."""
    if o.place is None or c.place is None:
        return False
    po, pc = o.place.place, c.place.place
    return (
        po.name != pc.name
        and pc.feature not in ("country", "admin1", "region")
        and not (_contains(pc, po) or _contains(po, pc))
    )


_NON_STATE_ARMED = frozenset({"rebel_group", "militia"})


def _names_the_unnamed(first: Mention | None, then: Mention | None) -> bool:
    """Is ``then`` a named armed group where ``first`` was an unnamed one ("rebels", "gunmen")?"""
    return (
        first is not None
        and then is not None
        and first.generic
        and not then.generic
        and first.kind in _NON_STATE_ARMED
        and then.kind in _NON_STATE_ARMED
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
                if o.event_type == c.event_type == TYPE.protests:
                    o.sub_event_type = max(o.sub_event_type, c.sub_event_type, key=_PROTEST_SEVERITY.index)
                if (
                    c.place_own
                    and c.place
                    and (not o.place_own or (o.place and _contains(o.place.place, c.place.place)))
                ):
                    # "Middle Shabelle" → "El Baraf"; a lead placed only by its dateline → the town named next
                    o.place, o.geo_precision, o.place_own = c.place, c.geo_precision, True
                if c.fatalities is not None and o.fatalities is not None and contests_toll(c.sentence):
                    # "IS claimed its fighters killed 15 soldiers … The military, however, said eight
                    # persons were killed in the attack": a disputed count; ACLED codes the lower figure
                    o.fatalities = min(o.fatalities, c.fatalities)
                elif c.fatalities is not None and not (o.fatalities is not None and _CLAIM.search(c.sentence.text)):
                    # sources update tolls upward; a perpetrator's claim does not overrule a count
                    o.fatalities = max(o.fatalities or 0, c.fatalities)
                if o.actor2 is None and c.actor2 is not None and (o.actor1 is None or c.actor2.name != o.actor1.name):
                    o.actor2 = c.actor2
                if o.actor1 is None and c.actor1 is not None:
                    o.actor1 = c.actor1
                elif (
                    c.actor1 is not None
                    and _names_the_unnamed(o.actor1, c.actor1)
                    and (o.actor2 is None or c.actor1.name != o.actor2.name)
                ):
                    # "… blamed on rebels. Armed groups believed to be part of the SPLM-IO carried out the
                    # attack": the follow-up names the group the lead left unnamed
                    o.actor1 = c.actor1
                o.confidence = round(min(0.95, max(o.confidence, c.confidence) + 0.05), 2)
                break
        else:
            out.append(c)
    return out


_TOLL_REACH = 8  # sentences between a toll told alone and the incident it counts


def give_tolls(tolls: list[Candidate], incidents: list[Candidate]) -> None:
    """Give each toll told with no one named ("The death toll from armed clashes in Tripoli has
    risen to 27") to the nearest incident of its kind and place that has none: the report names the
    sides later ("… armed clashes between the parties")."""
    for t in tolls:
        near = [
            o
            for o in incidents
            if o.event_type == t.event_type
            and o.fatalities is None
            and abs(o.sent_index - t.sent_index) <= _TOLL_REACH
            and _same_place(o, t)
        ]
        if near:
            o = min(near, key=lambda o: abs(o.sent_index - t.sent_index))
            o.fatalities = t.fatalities
            o.extra.append((t.sentence.text, t.start, t.end))


# "the towns of Saraqeb and Ehsim", "Saraqeb, Ehsim and Maarat": towns named together in one phrase
_COORDINATED = re.compile(r"^(?:\s*,\s*(?:and\s+)?|\s*,?\s+and\s+)$")
_TOWN_FEATURES = frozenset({"city", "other"})


def split_coordinated_towns(incidents: list[Candidate], text: str, places: PlaceSet) -> list[Candidate]:
    """One incident told of towns named together ("The attacks hit territory in and around the towns
    of Saraqeb and Ehsim"): one event a town, as ACLED codes a location each; the toll stays with the
    town the incident was placed in, since the text does not share it out."""
    out: list[Candidate] = []
    for c in incidents:
        out.append(c)
        if c.place is None or not c.place_own or c.place.place.feature not in _TOWN_FEATURES:
            continue
        spans = [(c.start, c.end), *((s, e) for _, s, e in c.extra)]
        partners: list[Resolved] = []
        for s, e in spans:
            here = places.in_span(s, e)
            for t, r in here:
                if r.place != c.place.place:
                    continue
                for t2, r2 in here:
                    between = text[min(t.end, t2.end) : max(t.start, t2.start)]
                    before = text[max(0, min(t.start, t2.start) - 9) : min(t.start, t2.start)]
                    if (
                        r2.place != c.place.place
                        and not before.lower().endswith("between ")  # "the road between El Fasher and Kutum"
                        and r2.place.feature in _TOWN_FEATURES
                        and _COORDINATED.match(between)
                        and all(r2.place != p.place for p in partners)
                    ):
                        partners.append(r2)
        for r2 in partners:
            out.append(replace(c, place=r2, fatalities=None, extra=[], merged_names=set(c.merged_names)))
    return out
