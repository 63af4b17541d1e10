"""The typology table: one row a sub-event type of events/typology.py, read by the classifier
(``classify.py``), the default roles (``default_roles.py``) and the docs (docs/extraction.md).

A row says which trigger classes can yield the sub-type, which cue words in the trigger's clause
select it, whether it is a class's default, who its actors are and whether its unnamed victims
are civilians. **Row order is cue precedence**: for one trigger class the first row whose cue
matches wins ("a suicide bomber … warplanes": the suicide bomb), so the explosions are listed
chemical, suicide, air, shelling, grenade, IED rather than in typology.py's order. Precedence that
depends on the actors rather than on words lives in ``classify.py``'s named rules.

To add a cue: one ``Cue`` in the row, one (sentence, sub-type) row in
tests/ingest/extraction/test_typology_table.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from types import SimpleNamespace

from events.typology import EVENT_TYPES, SUB_EVENT_PARENT, cameo_code

from .cues import (
    AGREEMENT,
    AIR,
    BOMB,
    CHEMICAL,
    EXCESSIVE_FORCE,
    GRENADE,
    IED,
    INTERVENTION,
    MOB_RIOT,
    PROTEST_WORD,
    SHELL,
    SUICIDE,
    TERRITORY,
    VIOLENT_PROTEST,
    WEAPONS,
)
from .trigger_table import VIOLENT_CLASSES

# typology.py's slugs by attribute (``SUB.armed_clash``): a typo fails at import, not silently
SUB = SimpleNamespace(**{slug: slug for slug in SUB_EVENT_PARENT})
TYPE = SimpleNamespace(**{event_type: event_type for event_type in EVENT_TYPES})


class Roles(Enum):
    """Who actor1 and actor2 are for a sub-type."""

    AGENT_PATIENT = "agent_patient"  # actor1 who acted, actor2 on whom (the parse's reading)
    PARTIES = "parties"  # actor1 and actor2 the two parties ("the government and the M23 signed")
    NO_TARGET = "no_target"  # actor1 alone: no one is acted on ("set up a base")
    PROTESTERS = "protesters"  # actor1 the crowd, actor2 the force that intervened
    PROTESTERS_ALONE = "protesters_alone"  # actor1 the crowd; "against police brutality" names no party
    RIOTERS = "rioters"  # actor1 the rioters (or protesters), actor2 whom they fought


class Victims(Enum):
    """When the unnamed victims of a sub-type are coded as civilians (actor2 "Civilians")."""

    NAMED_ONLY = "named_only"  # never: only victims the text names
    CIVILIANS = "civilians"  # always: an attack's victims are civilians by definition
    CIVILIAN_TARGET = "civilian_target"  # when the clause names a civilian target and no armed one
    CIVILIAN_TARGET_WITH_DOER = "civilian_target_with_doer"  # the same, and a doer is named
    UNLESS_ARMED = "unless_armed"  # unless the clause names soldiers, police or fighters


class Doer(Enum):
    """Who acted when the text names no one ("200 activists were detained")."""

    UNKNOWN = "unknown"  # no one: the doer stays unknown
    POLICE = "police"  # the police of the incident's country: only the state detains


@dataclass(frozen=True)
class Cue:
    """Words in a trigger's clause that select a row for triggers of these classes, unless the
    excluding words are there too."""

    pattern: re.Pattern[str]
    classes: frozenset[str]
    unless: re.Pattern[str] | None = None

    def selects(self, low: str) -> bool:
        return bool(self.pattern.search(low)) and not (self.unless is not None and self.unless.search(low))


@dataclass(frozen=True)
class SubType:
    parent: str  # the event type (typology.py's SUB_EVENT_PARENT)
    slug: str
    triggers: frozenset[str]  # the trigger classes that can yield it: by a cue, a named rule or default
    example: str  # one sentence the stage types so
    cues: tuple[Cue, ...] = ()
    default_for: frozenset[str] = frozenset()  # the classes it types when no cue or named rule did
    roles: Roles = Roles.AGENT_PATIENT
    victims: Victims = Victims.NAMED_ONLY
    unnamed_doer: Doer = Doer.UNKNOWN

    @property
    def cameo(self) -> str:
        return cameo_code(self.parent, self.slug)


def _classes(*names: str) -> frozenset[str]:
    return frozenset(names)


TABLE: tuple[SubType, ...] = (
    SubType(
        TYPE.battles,
        SUB.armed_clash,
        _classes("fight", "kill"),
        "Troops clashed with Al-Shabaab fighters near Kismayo on Monday.",
        default_for=_classes("fight", "kill"),
    ),
    SubType(
        TYPE.battles,
        SUB.government_regains_territory,
        _classes("retake", "capture"),
        "Iraqi forces recaptured the town of Qayyarah from Islamic State fighters on Thursday.",
    ),
    SubType(
        TYPE.battles,
        SUB.non_state_actor_overtakes_territory,
        _classes("retake", "capture"),
        "M23 rebels seized control of the town of Bunagana on Monday.",
        default_for=_classes("retake", "capture"),
    ),
    SubType(
        TYPE.explosions_remote_violence,
        SUB.chemical_weapon,
        VIOLENT_CLASSES,
        "Government forces attacked rebels in Douma with chlorine gas on Saturday.",
        cues=(Cue(CHEMICAL, VIOLENT_CLASSES),),
    ),
    SubType(
        TYPE.explosions_remote_violence,
        SUB.suicide_bomb,
        VIOLENT_CLASSES,
        "A suicide bomber killed 12 people at a market in Maiduguri on Tuesday.",
        cues=(Cue(SUICIDE, VIOLENT_CLASSES),),
    ),
    SubType(
        TYPE.explosions_remote_violence,
        SUB.air_drone_strike,
        VIOLENT_CLASSES,
        "Syrian warplanes struck rebel positions in Idlib on Sunday.",
        cues=(Cue(AIR, VIOLENT_CLASSES),),
        victims=Victims.CIVILIAN_TARGET_WITH_DOER,
    ),
    SubType(
        TYPE.explosions_remote_violence,
        SUB.shelling_artillery_missile_attack,
        _classes("fight", "fire"),
        "Russian forces shelled the city of Kharkiv on Wednesday.",
        cues=(Cue(SHELL, _classes("fight", "fire")),),
        victims=Victims.CIVILIAN_TARGET_WITH_DOER,
    ),
    SubType(
        TYPE.explosions_remote_violence,
        SUB.grenade,
        VIOLENT_CLASSES,
        "Militants attacked a police post with grenades in Srinagar on Friday.",
        cues=(Cue(GRENADE, VIOLENT_CLASSES),),
        victims=Victims.CIVILIAN_TARGET_WITH_DOER,
    ),
    SubType(
        TYPE.explosions_remote_violence,
        SUB.remote_explosive_landmine_ied,
        VIOLENT_CLASSES,
        "A roadside bomb killed four soldiers near Gao on Sunday.",
        cues=(Cue(IED, VIOLENT_CLASSES), Cue(BOMB, _classes("fire"))),
        victims=Victims.CIVILIAN_TARGET_WITH_DOER,
    ),
    SubType(
        TYPE.violence_against_civilians,
        SUB.sexual_violence,
        _classes("rape"),
        "Soldiers raped women in the village of Minova, residents said.",
        default_for=_classes("rape"),
        victims=Victims.UNLESS_ARMED,
    ),
    SubType(
        TYPE.violence_against_civilians,
        SUB.attack,
        VIOLENT_CLASSES,
        "Boko Haram militants killed nine villagers in Borno state on Sunday.",
        victims=Victims.CIVILIANS,
    ),
    SubType(
        TYPE.violence_against_civilians,
        SUB.abduction_forced_disappearance,
        _classes("abduct"),
        "Gunmen abducted 20 students from a school in Kaduna on Thursday.",
        default_for=_classes("abduct"),
        victims=Victims.UNLESS_ARMED,
    ),
    SubType(
        TYPE.protests,
        SUB.excessive_force_against_protesters,
        _classes("protest", *VIOLENT_CLASSES),
        "Security forces shot dead three protesters in Khartoum on Thursday.",
        cues=(Cue(EXCESSIVE_FORCE, _classes("protest")),),
        roles=Roles.PROTESTERS,
    ),
    SubType(
        TYPE.protests,
        SUB.protest_with_intervention,
        _classes("protest", "arrest"),
        "Police fired tear gas to disperse protesters in Nairobi on Monday.",
        cues=(Cue(INTERVENTION, _classes("protest")), Cue(PROTEST_WORD, _classes("arrest"))),
        roles=Roles.PROTESTERS,
    ),
    SubType(
        TYPE.protests,
        SUB.peaceful_protest,
        _classes("protest"),
        "Thousands of protesters marched through Lagos on Friday.",
        default_for=_classes("protest"),
        roles=Roles.PROTESTERS_ALONE,
    ),
    SubType(
        TYPE.riots,
        SUB.mob_violence,
        _classes("riot", "loot", *VIOLENT_CLASSES),
        "A mob lynched two men accused of theft in Kano on Saturday.",
        cues=(Cue(MOB_RIOT, _classes("riot")),),
        roles=Roles.RIOTERS,
        victims=Victims.UNLESS_ARMED,
    ),
    SubType(
        TYPE.riots,
        SUB.violent_demonstration,
        _classes("protest", "riot", "loot", *VIOLENT_CLASSES),
        "Protesters torched cars and hurled stones at police in Dhaka on Sunday.",
        cues=(Cue(VIOLENT_PROTEST, _classes("protest")),),
        default_for=_classes("riot"),
        roles=Roles.RIOTERS,
    ),
    SubType(
        TYPE.strategic_developments,
        SUB.agreement,
        _classes("agree"),
        "The government and the rebels signed a ceasefire agreement in Doha on Monday.",
        cues=(Cue(AGREEMENT, _classes("agree")),),
        roles=Roles.PARTIES,
    ),
    SubType(
        TYPE.strategic_developments,
        SUB.arrests,
        _classes("arrest", "capture"),
        "Police arrested 15 suspected militants in Peshawar on Tuesday.",
        default_for=_classes("arrest"),
        unnamed_doer=Doer.POLICE,
    ),
    SubType(
        TYPE.strategic_developments,
        SUB.change_to_group_activity,
        frozenset(),
        "Al-Shabaab announced a new leader on Friday (no rule yields it yet).",
    ),
    SubType(
        TYPE.strategic_developments,
        SUB.disrupted_weapons_use,
        _classes("capture", "disrupt"),
        "Soldiers seized a cache of weapons and ammunition near Mopti on Friday.",
        cues=(Cue(WEAPONS, _classes("capture"), unless=TERRITORY),),
        default_for=_classes("disrupt"),
    ),
    SubType(
        TYPE.strategic_developments,
        SUB.headquarters_or_base_established,
        _classes("base"),
        "The militants set up a base in the forest near Palma, residents said.",
        default_for=_classes("base"),
        roles=Roles.NO_TARGET,
    ),
    SubType(
        TYPE.strategic_developments,
        SUB.looting_property_destruction,
        _classes("loot"),
        "Armed men looted shops in the market of Bria on Saturday.",
        default_for=_classes("loot"),
        victims=Victims.CIVILIAN_TARGET,
    ),
    SubType(
        TYPE.strategic_developments,
        SUB.non_violent_transfer_of_territory,
        _classes("withdraw"),
        "French troops withdrew from their base in the town of Kidal on Tuesday.",
        cues=(Cue(TERRITORY, _classes("withdraw")),),
    ),
    SubType(
        TYPE.strategic_developments,
        SUB.other,
        frozenset(),
        "A curfew was imposed on the town on Friday (a catch-all no rule yields).",
    ),
)
ROWS: dict[str, SubType] = {row.slug: row for row in TABLE}
