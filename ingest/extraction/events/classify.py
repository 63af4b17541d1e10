"""A trigger's sub-type: the typology table's cues in row order, between named rules that read
who acted and on whom.

``LADDER`` is the one ordered list ``classify`` walks for a trigger class: the named rules that
come before any cue (a crowd's violence is a riot whatever weapon it used), every row's cues in
table order, the named rules that come after them (unnamed villagers killed: an attack on
civilians), then each class's default row. The first rule that holds decides; a rule may yield
no event ("captured" with neither ground nor people taken).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..actors import Mention
from .cues import (
    ARMED_TARGETS,
    CIVILIAN_TARGETS,
    COMMUNAL,
    MOB,
    PEOPLE,
    SHELL,
    TERRITORY,
    VICTIM_KINDS,
)
from .trigger_table import VIOLENT_CLASSES
from .typology_table import ROWS, SUB, TABLE, Cue, SubType


@dataclass(frozen=True)
class Reading:
    """What a rule reads: the trigger class, its clause (lower-cased), the words naming its
    victims, and the actors with their kinds."""

    cls: str
    low: str
    target: str
    actor1: Mention | None
    a1: str | None
    a2: str | None


@dataclass(frozen=True)
class Rule:
    test: Callable[[Reading], bool]
    classes: frozenset[str]
    yields: str | None  # a slug, or None: the trigger reports no event


def _crowd_turns_to_mob(r: Reading) -> bool:
    """ "A mob of protesters lynched a suspected thief": a crowd's violence, as a mob."""
    return _crowd_turns_violent(r) and bool(
        MOB.search(r.low) or MOB.search(r.actor1.surface.lower() if r.actor1 else "")
    )


def _crowd_turns_violent(r: Reading) -> bool:
    """ "Rioters attacked police stations in Dhaka": a crowd's violence is a riot, unless it shells."""
    return r.a1 in ("rioters", "protesters") and not SHELL.search(r.low)


def _communities_clash(r: Reading) -> bool:
    """ "clashes took place between two communities": neighbours fighting neighbours, no armed
    organisation named on either side, is mob violence, not a battle."""
    return bool(COMMUNAL.search(r.low)) and r.a1 not in _ARMED and r.a2 not in _ARMED


_ARMED = frozenset({"rebel_group", "militia"})


def _force_against_protesters(r: Reading) -> bool:
    """ "Soldiers opened fire on protesters", "troops killed three protesters": force on a crowd."""
    return r.a2 == "protesters" or (r.a1 == "state_force" and "protesters" in r.low and r.cls == "kill")


def _killed_person(cls: str, victim_kind: str | None, target: str) -> bool:
    """ "Pedro Tamayo Rosas, a reporter, was killed by gunmen": a named person killed, whom the
    words do not make a soldier, police officer or fighter, is a civilian victim (ACLED's attack)."""
    return cls == "kill" and victim_kind == "person" and not ARMED_TARGETS.search(target)


def _civilians_targeted(r: Reading) -> bool:
    """ "Gunmen killed four people in a village": civilians, a named civilian, or unnamed people an
    armed group killed, and no soldier, police officer or fighter named, are the victims."""
    return bool(
        r.a2 in VICTIM_KINDS
        or _killed_person(r.cls, r.a2, r.target)
        or (
            r.a2 is None
            and r.a1 not in (None, "civilians")
            and (
                CIVILIAN_TARGETS.search(r.target)
                # "gunmen killed four people": unnamed people killed by an armed group are its victims
                or (r.cls in ("kill", "fight") and r.a1 in ("rebel_group", "militia") and PEOPLE.search(r.target))
            )
            and not ARMED_TARGETS.search(r.target)
        )
    )


def _people_captured(r: Reading) -> bool:
    """ "Police seized three suspects in Kano": a capture of people, not of ground, is an arrest."""
    return not TERRITORY.search(r.low) and r.a2 in (None, "person", "rebel_group")


def _nothing_taken(r: Reading) -> bool:
    """ "The army captured two soldiers of the RSF": neither ground nor suspects taken, no event."""
    return not TERRITORY.search(r.low)


def _government_regains(r: Reading) -> bool:
    """ "The army retook the town", "troops recaptured Qayyarah": a state, or anyone but rebels or
    militias retaking ground, regains territory."""
    return r.a1 == "state_force" or (r.cls == "retake" and r.a1 not in ("rebel_group", "militia"))


def _always(r: Reading) -> bool:
    return True


# ACLED's looting is "outside the context of rioting": a crowd that loots or burns is rioting
CROWD_CLASSES = VIOLENT_CLASSES | {"loot"}
BEFORE_CUES: tuple[Rule, ...] = (
    Rule(_crowd_turns_to_mob, CROWD_CLASSES, SUB.mob_violence),
    Rule(_crowd_turns_violent, CROWD_CLASSES, SUB.violent_demonstration),
    Rule(_communities_clash, frozenset({"fight"}), SUB.mob_violence),
    Rule(_force_against_protesters, VIOLENT_CLASSES, SUB.excessive_force_against_protesters),
)
AFTER_CUES: tuple[Rule, ...] = (
    Rule(_civilians_targeted, VIOLENT_CLASSES, SUB.attack),
    Rule(_people_captured, frozenset({"capture"}), SUB.arrests),
    Rule(_nothing_taken, frozenset({"capture"}), None),
    Rule(_government_regains, frozenset({"retake", "capture"}), SUB.government_regains_territory),
)


def _cue_rule(row: SubType, cue: Cue) -> Rule:
    def test(r: Reading) -> bool:
        return cue.selects(r.low)

    return Rule(test, cue.classes, row.slug)


LADDER: tuple[Rule, ...] = (
    *BEFORE_CUES,
    *(_cue_rule(row, cue) for row in TABLE for cue in row.cues),
    *AFTER_CUES,
    *(Rule(_always, row.default_for, row.slug) for row in TABLE if row.default_for),
)
_BY_CLASS: dict[str, tuple[Rule, ...]] = {
    cls: tuple(rule for rule in LADDER if cls in rule.classes) for rule_ in LADDER for cls in rule_.classes
}


def classify(
    cls: str, low: str, actor1: Mention | None, actor2: Mention | None, *, target: str | None = None
) -> tuple[str, str] | None:
    """Map a trigger class and its sentence context to (event_type, sub_event_type)."""
    reading = Reading(
        cls,
        low,
        low if target is None else target,
        actor1,
        actor1.kind if actor1 else None,
        actor2.kind if actor2 else None,
    )
    for rule in _BY_CLASS.get(cls, ()):
        if rule.test(reading):
            if rule.yields is None:
                return None
            return ROWS[rule.yields].parent, rule.yields
    return None
