"""Unnamed fighters a report later ties to a named group: "The militants, we believe, are associated
with Jaish-e-Muhammad militant outfit", "the gunmen were members of the ADF". The incident's
unidentified armed group is then that group, as ACLED codes a suspected affiliation the source gives.

``AFFILIATION`` is the one pattern: a generic fighters' noun, then within the same clause a verb
phrase of belonging, then the group's name. Pure: reads the article text and its actor mentions.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..actors import ARMED_NON_STATE, UNIDENTIFIED, ActorSet, Mention
from .candidate import Candidate

# the unnamed fighters' nouns and the phrases that tie them to a group
FIGHTER_NOUNS = ("militants", "rebels", "gunmen", "fighters", "attackers", "insurgents", "raiders", "assailants")
BELONGING = (
    "associated with",
    "affiliated with",
    "affiliated to",
    "linked to",
    "linked with",
    "belonging to",
    "belonged to",
    "belong to",
    "members of",
    "part of",
    "loyal to",
)
AFFILIATION = re.compile(
    rf"\b(?:{'|'.join(FIGHTER_NOUNS)})\b[^.;\u201c\u201d\"]{{0,60}}?\b(?:{'|'.join(BELONGING)})\s+(?:the\s+)?$",
    re.IGNORECASE,
)
_REACH = 1500  # characters: the tie is told near the incident


def named_armed_groups(actors: ActorSet, told: Callable[[Mention], bool]) -> list[Mention]:
    """Mentions of named armed non-state groups for which ``told`` holds, in order of mention."""
    return [
        m for m in actors.mentions if m.kind in ARMED_NON_STATE and not m.generic and m.name != UNIDENTIFIED and told(m)
    ]


def _tied_groups(text: str, actors: ActorSet) -> list[Mention]:
    """Named armed groups the text ties unnamed fighters to, in order of mention."""
    return named_armed_groups(actors, lambda m: bool(AFFILIATION.search(text[max(0, m.start - 90) : m.start])))


def name_by_affiliation(incidents: list[Candidate], text: str, actors: ActorSet) -> None:
    """Give each incident whose armed side is unidentified the group the text then ties it to."""
    tied = _tied_groups(text, actors)
    if not tied:
        return
    for c in incidents:
        group = next((m for m in tied if 0 <= m.start - c.start <= _REACH), None)
        if group is None:
            continue
        if c.actor1 is not None and c.actor1.name == UNIDENTIFIED:
            c.actor1 = group
        elif c.actor2 is not None and c.actor2.name == UNIDENTIFIED:
            c.actor2 = group
