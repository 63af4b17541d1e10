"""The background rules (ingest/extraction/background.py): one row per rule and its near misses.

Sentences marked "real" are quoted from published news (source in the comment); the others were
written for the rule. Each row names the trigger word and the rule expected to fire (None: it is a
report, no rule may fire).
"""

from __future__ import annotations

import pytest

from ingest.extraction.background import RULES, background_reason
from ingest.extraction.nlp import load_nlp

PUB = "2021-05-03"

CASES = [
    # running_total
    # real: bloombergquint.com, "Spate of Islamist Attacks Puts Sahel on Track for Deadliest Year"
    ("Insurgents have killed at least 450 civilians in the region this year.", "killed", "running_total"),
    (
        "At least 1,000 people overall have died in attacks this year, including soldiers and militants.",
        "died",
        "running_total",
    ),
    ("In Veracruz alone, 19 journalists have now been murdered in the past six years.", "murdered", "running_total"),
    ("Hundreds of civilians have already been killed in the region.", "killed", "running_total"),
    # real: exbulletin.com (AFP), northern Mali, 2021-08-09 — the day's report, not a total
    (
        "More than 40 civilians were killed by terrorists Sunday in the villages of Karou, Ouatagouna and Daoutegeft, they said.",
        "killed",
        None,
    ),
    ("Gunmen have killed five villagers in an attack on Sunday night, officials said.", "killed", None),
    # habitual
    ("The National Salvation Front has clashed frequently with government forces.", "clashed", "habitual"),
    # real: sofx.com, on a Human Rights Watch report (Burkina Faso)
    (
        "These groups have increasingly targeted civilians, often engaging in door-to-door killings.",
        "targeted",
        "habitual",
    ),
    ("Militants repeatedly attacked the town's police station during the election period.", "attacked", "habitual"),
    ("Sporadic fighting broke out in the town on Monday.", "fighting", None),
    # against_an_abstraction
    (
        "Niger and neighbouring Burkina Faso and Mali are battling the spread of deadly extremist violence.",
        "battling",
        "against_an_abstraction",
    ),
    ("The government vowed to fight terrorism in the north.", "fight", "against_an_abstraction"),
    ("The army fought Islamic State militants in the north of the city on Sunday.", "fought", None),
    # state_of_affairs
    ("The south of the country remains in turmoil due to civil unrest.", "unrest", "state_of_affairs"),
    ("Schools stayed shut despite fighting in the outskirts.", "fighting", "state_of_affairs"),
    ("Schools stayed shut after the fighting in the outskirts on Monday.", "fighting", None),
    # one_of_a_series
    (
        "The detentions are the latest in a series of crackdowns on the opposition since the election.",
        "crackdowns",
        "one_of_a_series",
    ),
    ("The raid was part of a wave of attacks on churches in the region.", "attacks", "one_of_a_series"),
    ("A series of explosions shook the city's port on Tuesday night.", "explosions", None),
    ("The attack on the convoy killed four soldiers on Monday.", "attack", None),
    ("Residents counted the bodies of the victims of the attacks on Monday.", "attacks", None),
    # anniversary
    (
        "July marked 10 years since the Islamist insurgency began, and the attacks came on the anniversary.",
        "attacks",
        "anniversary",
    ),
    ("Two days after the bombing, the market reopened.", "bombing", None),
    # already_standing
    ("Around 70 militia members had built a stronghold in the village monastery.", "built", "already_standing"),
    ("The rebels had set up a base in the forest near the town before the army arrived.", "set", "already_standing"),
    ("The rebels set up a base in the forest near the town on Monday.", "set", None),
]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.mark.parametrize(("sentence", "trigger", "expected"), CASES)
def test_background_rules(nlp, sentence, trigger, expected):
    doc = nlp(sentence)
    sent = next(iter(doc.sents))
    tok = next(t for t in sent if t.text == trigger)
    assert background_reason(tok, sent) == expected


def test_every_rule_has_a_row_that_fires():
    assert {name for name, _ in RULES} <= {expected for *_, expected in CASES}


@pytest.mark.parametrize(
    "text",
    [
        "In Niger, hundreds of civilians have already been killed this year.",
        "The National Salvation Front, which mostly operates in the south, has clashed frequently with the army.",
        "Niger and neighbouring Mali are battling the spread of deadly extremist violence from groups linked to al-Qaida.",
        "In Sagaing Region, Myanmar, around 70 militia members had built a stronghold in the village monastery.",
    ],
)
def test_background_sentences_yield_no_event(pipeline, text):
    assert pipeline.extract(text, published=PUB).events == ()
