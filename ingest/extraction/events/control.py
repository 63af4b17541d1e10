"""The other side of a force's battle in ground a named group holds: "Police entered a favela
controlled by the Comando Vermelho", "troops stormed the Al-Shabaab-held town". A battle is fought
between armed, organised sides (ACLED's armed clash), so when the report names no armed opponent of
the state's force, the group that controls the ground it fought on is that opponent; civilians the
parse gave the battle as its target are not one. Pure: reads the article text and its actor mentions.

``CONTROL_BEFORE`` and ``CONTROL_AFTER`` are the patterns: a phrase of control before the group's
name ("controlled by", "under the control of", "a stronghold of") or after it ("-held", "-controlled").
"""

from __future__ import annotations

import re

from ..actors import UNIDENTIFIED, ActorSet, Mention
from .affiliation import named_armed_groups
from .candidate import Candidate
from .typology_table import SUB

CONTROL_BEFORE = re.compile(
    r"\b(?:controlled|held|run|dominated|ruled) by\s+(?:the\s+)?$"
    r"|\bunder (?:the )?(?:control|sway|rule) of\s+(?:the\s+)?$"
    r"|\b(?:a |the )?(?:stronghold|bastion|fiefdom|turf) of\s+(?:the\s+)?$",
    re.IGNORECASE,
)
CONTROL_AFTER = re.compile(r"^[-\u2010\u2011 ](?:held|controlled|run|dominated)\b", re.IGNORECASE)
_REACH = 1500  # characters: the ground is told near the battle
_STATE_KINDS = frozenset({"state_force", "police"})
_NO_OPPONENT = frozenset({"civilians", "protesters", "rioters"})


def _controlling_groups(text: str, actors: ActorSet) -> list[Mention]:
    """Named armed groups the text says hold ground, in order of mention."""

    def holds(m: Mention) -> bool:
        return bool(
            CONTROL_BEFORE.search(text[max(0, m.start - 40) : m.start]) or CONTROL_AFTER.match(text[m.end : m.end + 12])
        )

    return named_armed_groups(actors, holds)


def name_by_control(incidents: list[Candidate], text: str, actors: ActorSet) -> None:
    """Give each state force's armed clash with no armed opponent the group that holds the ground."""
    groups = _controlling_groups(text, actors)
    if not groups:
        return
    for c in incidents:
        if c.sub_event_type != SUB.armed_clash or c.actor1 is None or c.actor1.kind not in _STATE_KINDS:
            continue
        if c.actor2 is not None and c.actor2.kind not in _NO_OPPONENT and c.actor2.name != UNIDENTIFIED:
            continue
        group = next((m for m in groups if abs(m.start - c.start) <= _REACH), None)
        if group is not None:
            c.actor2 = group
