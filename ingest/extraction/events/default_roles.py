"""The roles a sub-type's row sets (typology_table.Roles and Victims) over what the parse found:
the crowd first for protests and riots, the two parties of an agreement, no target for a base,
civilian victims where the words name none."""

from __future__ import annotations

import re

from spacy.tokens import Span, Token

from ..actors import ARMED_NON_STATE, UNIDENTIFIED, ActorSet, Mention, state_force_name
from .candidate import Candidate
from .clauses import _source_spans, _target_text
from .cues import ARMED_TARGETS, CIVILIAN_TARGETS
from .roles import _casualty_subjects
from .typology_table import ROWS, SUB, TYPE, Doer, Roles, SubType, Victims

_CROWDS = (Roles.PROTESTERS, Roles.PROTESTERS_ALONE, Roles.RIOTERS)
# people held over a riot: "arrested in connection with Friday's violence", "detained for rioting"
_HELD_FOR_RIOTING = re.compile(
    r"\b(?:in connection with|over|for (?:their|its) (?:role|part) in)\s+(?:the\s+)?(?:[\w'\u2019]+\s+)?"
    r"(?:violence|riots?|rioting|clashes|unrest|arson)\b|\bfor rioting\b",
    re.IGNORECASE,
)


def default_roles(
    row: SubType,
    trigger: Token,
    sent: Span,
    offset: int,
    actors: ActorSet,
    found: tuple[Mention | None, Mention | None, list[Mention]],
) -> tuple[Mention | None, Mention | None, list[Mention]]:
    """Return (actor1, actor2, associated actors) as the sub-type codes them, from the parse's ``found``."""
    actor1, actor2, assoc = found
    if row.roles is Roles.PARTIES and actor2 is None and assoc:
        actor2, assoc = assoc[0], assoc[1:]  # "the government and the M23 signed": the two parties
    elif row.roles is Roles.NO_TARGET:
        actor2 = None  # "set up a base after the army pulled out": no one is acted on
    elif row.roles in _CROWDS:
        actor1, actor2, assoc = _crowd_roles(row.roles, trigger, sent, offset, actors, [actor1, actor2, *assoc])
    if actor2 is None and row.slug == SUB.arrests and _HELD_FOR_RIOTING.search(sent.text):
        # "49 persons had been taken into custody in connection with Friday's violence": the rioters
        actor2 = _generic_at(trigger, offset, actors, "Rioters", "rioters")
    if actor2 is None and _civilian_victims(row.victims, trigger, sent, has_doer=actor1 is not None):
        actor2 = _civilians_at(trigger, offset, actors)  # violence against civilians whose victims go unnamed
    return actor1, actor2, assoc


def _civilian_victims(victims: Victims, trigger: Token, sent: Span, *, has_doer: bool) -> bool:
    """Are the unnamed victims civilians? An attack's always are; the women raped, the priest
    kidnapped, the man lynched and the homes looted are too, unless the words name soldiers,
    police or fighters; "an air strike on a house … killed five people": remote violence whose
    target is civilian, when someone is named as its doer (the victims' mention sits at the trigger)."""
    if victims is Victims.CIVILIANS:
        return True
    if victims is Victims.NAMED_ONLY or (victims is Victims.CIVILIAN_TARGET_WITH_DOER and not has_doer):
        return False
    target = _target_text(trigger, sent)
    if victims is Victims.UNLESS_ARMED:
        return not ARMED_TARGETS.search(target)
    return bool(CIVILIAN_TARGETS.search(target)) and not ARMED_TARGETS.search(target)


def _generic_at(tok: Token, offset: int, actors: ActorSet, name: str, kind: str) -> Mention:
    """A generic party the text implies at the trigger ("Civilians", "Rioters"), added to ``actors``."""
    start = offset + tok.idx
    party = Mention(start, start + len(tok), tok.text, name, kind, None, "coref", generic=True)
    actors.add(party)
    return party


def _civilians_at(tok: Token, offset: int, actors: ActorSet) -> Mention:
    return _generic_at(tok, offset, actors, "Civilians", "civilians")


def _crowd_roles(
    roles: Roles, trigger: Token, sent: Span, offset: int, actors: ActorSet, found: list[Mention | None]
) -> tuple[Mention | None, Mention | None, list[Mention]]:
    """Protests and riots are coded from the crowd's side: actor1 the crowd, actor2 whoever intervened."""
    rioters = roles is Roles.RIOTERS
    kinds = ("rioters", "protesters") if rioters else ("protesters",)
    sources = _source_spans(trigger, sent, offset)
    in_sent = [
        m
        for m in actors.in_span(offset + sent.start_char, offset + sent.end_char)
        if not any(s <= m.start < e for s, e in sources)
    ]
    pool = [m for m in found if m is not None] + in_sent
    crowd = next((m for k in kinds for m in pool if m.kind == k), None)
    if crowd is None:
        crowd = _generic_at(trigger, offset, actors, "Rioters" if rioters else "Protesters", kinds[0])
    others = [m for m in pool if m.name != crowd.name and m.kind not in ("protesters", "rioters", "civilians")]
    if roles is Roles.PROTESTERS_ALONE:
        return crowd, None, []  # "against police brutality": the police are the grievance, not a party
    # the one the act was aimed at ("hurled rocks at Israeli security forces") before any other force named
    aimed = [found[1]] if len(found) > 1 and found[1] is not None and found[1] in others else []
    force = next((m for m in [*aimed, *others] if m.kind == "state_force"), None) or (others[0] if others else None)
    return crowd, force, []


# people killed or hurt, when no word arms them ("At least 30 people died in the attack")
_PEOPLE = re.compile(
    r"\b(?:people|persons?|evacuees|civilians|bystanders|passers-by|worshippers|shoppers|diners)\b", re.I
)
_BLAST_TYPES = frozenset({TYPE.explosions_remote_violence})


def civilian_victims_of_incident(c: Candidate, actors: ActorSet) -> None:
    """A bombing or shelling whose sentences count people dead or hurt, none of them armed, hit
    civilians, whoever fired: the victims the lead left unnamed ("a car exploded outside a
    restaurant … At least 30 people died in the attack", "At least one person has been killed …
    after a shelling attack on a Russian region")."""
    if c.event_type not in _BLAST_TYPES or c.actor2 is not None or c.trigger is None:
        return
    if c.actor1 is not None and c.actor1.kind in ("civilians", "protesters", "rioters"):
        return
    texts = [c.sentence.text, *(t for t, _, _ in c.extra)]
    if ARMED_TARGETS.search(_target_text(c.trigger, c.sentence)):
        return
    # "the death toll from a suicide bombing in central Baghdad has reached 324": a suicide bomber
    # who kills with no soldier, police officer or fighter named as the target killed civilians
    untargeted_suicide = c.sub_event_type == SUB.suicide_bomb and bool(c.fatalities)
    if untargeted_suicide or (
        any(_PEOPLE.search(t) or CIVILIAN_TARGETS.search(t) for t in texts)
        and (c.fatalities or any(_HURT.search(t) for t in texts))
    ):
        c.actor2 = _civilians_at(c.trigger, c.start - c.sentence.start_char, actors)


_HURT = re.compile(r"\b(?:killed|dead|died|wounded|injured|hurt|casualties)\b", re.I)


_SIDES = ARMED_NON_STATE | {"state_force"}


def two_sides_hurt(c: Candidate, actors: ActorSet) -> None:
    """ "Three Abu Sayyaf members were killed while seven soldiers were wounded during an
    encounter": a battle told only by its casualties names its two sides as the ones hurt, neither
    as doer; ACLED codes the state's forces as actor1 and the group they fought as actor2."""
    if c.event_type != TYPE.battles or c.actor1 is not None or c.actor2 is None or c.trigger is None:
        return
    offset = c.start - c.sentence.start_char
    hurt = _casualty_subjects(c.sentence, offset)
    sides = [
        m
        for m in actors.in_span(offset + c.sentence.start_char, offset + c.sentence.end_char)
        if m.kind in _SIDES and any(s <= m.start < e for s, e in hurt)
    ]
    other = next((m for m in sides if m.name != c.actor2.name), None)
    if other is None or c.actor2 not in sides:
        return
    if c.actor2.kind == "state_force" and other.kind != "state_force":
        c.actor1, c.actor2 = c.actor2, other
    else:
        c.actor1 = other


def unidentified_attacker(c: Candidate, actors: ActorSet) -> None:
    """ "An ambush on a military patrol killed 16 soldiers": a battle has two armed sides, so state
    forces fought by someone the report never names fought an unidentified armed group, as ACLED
    codes it (not no one, nor themselves)."""
    if c.actor1 is not None or c.actor2 is None or c.actor2.kind != "state_force" or c.trigger is None:
        return
    if c.event_type != TYPE.battles:
        return  # a mine or a bomb may be old or planted by anyone: explosions keep an unknown doer
    start = c.start - c.sentence.start_char + c.trigger.idx
    attacker = Mention(
        start, start + len(c.trigger), c.trigger.text, UNIDENTIFIED, "militia", None, "coref", generic=True
    )
    actors.add(attacker)
    c.actor1 = attacker


def unnamed_police(c: Candidate, actors: ActorSet, focus_country: str | None) -> None:
    """ "About 200 opposition activists were detained in Moscow on Saturday": an arrest whose
    doer goes unnamed was made by the state, coded as the police of the incident's country (the
    article's, when the place is not known), as ACLED codes arrests."""
    row = ROWS.get(c.sub_event_type)
    if row is None or row.unnamed_doer is not Doer.POLICE or c.actor1 is not None or c.trigger is None:
        return
    code = c.country_code(focus_country)
    name = state_force_name("Police", code)
    if name is None:
        return
    start = c.start - c.sentence.start_char + c.trigger.idx
    police = Mention(start, start + len(c.trigger), c.trigger.text, name, "state_force", code, "coref")
    actors.add(police)
    c.actor1 = police
