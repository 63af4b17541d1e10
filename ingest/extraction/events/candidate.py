"""One event mention as the stage builds it (a sentence's trigger with its roles, place, day and
toll) and the small tests that compare two mentions."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from ..actors import Mention
from ..dates import ResolvedDate
from ..places import Resolved
from .typology_table import TYPE


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

    def country_code(self, fallback: str | None) -> str | None:
        """The country the incident is placed in, else ``fallback`` (the article's focus country)."""
        return (self.place.place.country_code if self.place else None) or fallback

    def actor_names(self) -> set[str]:
        return {m.name for m in (self.actor1, self.actor2, *self.assoc) if m is not None} | self.merged_names


_VIOLENT_TYPES = frozenset({TYPE.battles, TYPE.explosions_remote_violence, TYPE.violence_against_civilians})
# what "the clashes", "the violence" may point back to: any violence, a riot's too
_FIGHT_TYPES = _VIOLENT_TYPES | {TYPE.riots}
_VIOLENT_CLASSES = frozenset({"fight", "fire", "kill"})


def _same_family(a: Candidate, b: Candidate) -> bool:
    """Could both be told of one incident? Violence of any kind (a clash, a blast, an attack on
    civilians) may be one assault; otherwise the sub-types must agree."""
    return a.sub_event_type == b.sub_event_type or (a.event_type in _FIGHT_TYPES and b.event_type in _FIGHT_TYPES)


def _overlap(a: Candidate, b: Candidate) -> bool:
    na, nb = a.actor_names(), b.actor_names()
    return not na or not nb or bool(na & nb) or _same_crowd(a, b)


_CROWD_KINDS = frozenset({"protesters", "rioters"})


def _same_crowd(a: Candidate, b: Candidate) -> bool:
    """ "after Serb protest … rioters threw stones": the crowd a report calls protesters in one
    sentence and rioters in the next is one crowd (one country's)."""
    ca, cb = a.actor1, b.actor1
    return (
        ca is not None
        and cb is not None
        and ca.kind in _CROWD_KINDS
        and cb.kind in _CROWD_KINDS
        and ca.generic
        and cb.generic
        and ca.country_code == cb.country_code
    )


def _refers_back(trigger: Token | None) -> bool:
    """A noun trigger with "the" as an object ("during the protests"): an incident already told."""
    return (
        trigger is not None
        and trigger.pos_ == "NOUN"
        and trigger.dep_ in ("pobj", "dobj")
        and any(c.dep_ == "det" and c.lower_ == "the" for c in trigger.children)
    )
