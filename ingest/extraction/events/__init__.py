"""Stage 5: event detection, from trigger words and the dependency parse to incidents.

A sentence yields an event mention when it holds a trigger (a verb or noun of violence, protest
or a strategic move, ``trigger_table.py``) that is not negated, hypothetical or background
history (``clauses.py``, ``background.py``). Its sub-type comes from the trigger's class and its
clause's cues, read from the typology table (``typology_table.py``, ``classify.py``); actor1 is
the agent, actor2 the patient (``roles.py``), recast by the sub-type's default roles
(``default_roles.py``); the place is the sentence's, else the paragraph's, else the article's
focus (``setting.py``); the date is the sentence's own, else the publication week (``dating.py``);
the toll comes from ``fatalities.py``. Mentions of one sentence that tell one act are thinned
(``sentence_rules.py``), follow-up sentences extend the incident before them (``followups.py``)
and the article's mentions are merged into incidents (``incidents.py``). The loop is
``sentences.py``; docs/extraction.md tells how to add a trigger or a cue.
"""

from __future__ import annotations

from ..datelines import dateline_spans
from .candidate import Candidate
from .classify import LADDER, classify
from .clauses import (
    HYPOTHETICAL_LEMMAS,
    REPORT_LEMMAS,
    clause,
    clause_head,
    own_clause_text,
)
from .context import ArticleContext, SentenceContext
from .cues import (
    AIR,
    ARMED_TARGETS,
    CHEMICAL,
    CIVILIAN_TARGETS,
    GRENADE,
    IED,
    INTERVENTION,
    SHELL,
    SUICIDE,
    TERRITORY,
    VICTIM_KINDS,
    VIOLENT_PROTEST,
    WEAPONS,
)
from .fatalities import fatalities, parse_number
from .roles import SELF_REPORTING_KINDS, assign_roles
from .sentences import MAX_SENTENCE_CHARS, detect_events
from .trigger_table import NOUN_TRIGGERS, TRIGGERS, VERB_TRIGGERS
from .triggers import _trigger_class, prefilter_words
from .typology_table import ROWS, TABLE, SubType

__all__ = [
    "AIR",
    "ARMED_TARGETS",
    "CHEMICAL",
    "CIVILIAN_TARGETS",
    "GRENADE",
    "HYPOTHETICAL_LEMMAS",
    "IED",
    "INTERVENTION",
    "LADDER",
    "MAX_SENTENCE_CHARS",
    "NOUN_TRIGGERS",
    "REPORT_LEMMAS",
    "ROWS",
    "SELF_REPORTING_KINDS",
    "SHELL",
    "SUICIDE",
    "TABLE",
    "TERRITORY",
    "TRIGGERS",
    "VERB_TRIGGERS",
    "VICTIM_KINDS",
    "VIOLENT_PROTEST",
    "WEAPONS",
    "ArticleContext",
    "Candidate",
    "SentenceContext",
    "SubType",
    "_trigger_class",
    "assign_roles",
    "classify",
    "clause",
    "clause_head",
    "dateline_spans",
    "detect_events",
    "fatalities",
    "own_clause_text",
    "parse_number",
    "prefilter_words",
]
