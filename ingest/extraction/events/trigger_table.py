"""The trigger lemmas: one row a word that can report an event, its part of speech and its class.

A trigger class is the kind of act a word tells before its context types it: ``fight`` (an
armed encounter), ``fire`` (a weapon used from afar), ``kill``, ``abduct``, ``rape``,
``protest``, ``riot``, ``loot``, ``arrest``, ``retake``, ``capture``, ``withdraw``, ``agree``,
``disrupt``, and ``base`` (set by a rule in ``triggers.py``, no lemma of its own). The typology
table (``typology_table.py``) maps a class and its cues to a sub-type.

The parse prefilter (``prefilter_words``, read by ``nlp.may_report_event``) is derived from this
table: a sentence that holds no trigger form is never parsed, so a lemma added here is both
detected and let through. To add a trigger: one row here, one test row in
tests/ingest/extraction/test_typology_table.py.
"""

from __future__ import annotations

from typing import NamedTuple

VERB = "VERB"
NOUN = "NOUN"  # also matches a PROPN trigger ("Strike" capitalised in a headline)


class Trigger(NamedTuple):
    lemma: str
    pos: str  # VERB or NOUN
    cls: str  # the trigger class


TRIGGERS: tuple[Trigger, ...] = (
    Trigger("clash", VERB, "fight"),
    Trigger("fight", VERB, "fight"),
    Trigger("battle", VERB, "fight"),
    Trigger("engage", VERB, "fight"),
    Trigger("ambush", VERB, "fight"),
    Trigger("attack", VERB, "fight"),
    Trigger("assault", VERB, "fight"),
    Trigger("storm", VERB, "fight"),
    Trigger("pound", VERB, "fight"),
    Trigger("besiege", VERB, "fight"),
    Trigger("raid", VERB, "fight"),
    Trigger("target", VERB, "fight"),
    Trigger("hit", VERB, "fight"),
    Trigger("strike", VERB, "fight"),
    Trigger("launch", VERB, "fight"),
    Trigger("repel", VERB, "fight"),
    Trigger("repulse", VERB, "fight"),
    Trigger("counterattack", VERB, "fight"),
    Trigger("shell", VERB, "fire"),
    Trigger("bombard", VERB, "fire"),
    Trigger("bomb", VERB, "fire"),
    Trigger("fire", VERB, "fire"),
    Trigger("explode", VERB, "fire"),
    Trigger("detonate", VERB, "fire"),
    Trigger("blow", VERB, "fire"),
    Trigger("ram", VERB, "fire"),
    Trigger("kill", VERB, "kill"),
    Trigger("massacre", VERB, "kill"),
    Trigger("execute", VERB, "kill"),
    Trigger("behead", VERB, "kill"),
    Trigger("slaughter", VERB, "kill"),
    Trigger("murder", VERB, "kill"),
    Trigger("shoot", VERB, "kill"),
    Trigger("gun", VERB, "kill"),
    Trigger("slay", VERB, "kill"),
    Trigger("wound", VERB, "kill"),
    Trigger("injure", VERB, "kill"),
    Trigger("die", VERB, "kill"),
    Trigger("abduct", VERB, "abduct"),
    Trigger("kidnap", VERB, "abduct"),
    Trigger("rape", VERB, "rape"),
    Trigger("protest", VERB, "protest"),
    Trigger("demonstrate", VERB, "protest"),
    Trigger("march", VERB, "protest"),
    Trigger("rally", VERB, "protest"),
    Trigger("picket", VERB, "protest"),
    Trigger("riot", VERB, "riot"),
    Trigger("lynch", VERB, "riot"),
    Trigger("vandalise", VERB, "riot"),
    Trigger("vandalize", VERB, "riot"),
    Trigger("loot", VERB, "loot"),
    Trigger("torch", VERB, "loot"),
    Trigger("ransack", VERB, "loot"),
    Trigger("plunder", VERB, "loot"),
    Trigger("raze", VERB, "loot"),
    Trigger("burn", VERB, "loot"),
    Trigger("arrest", VERB, "arrest"),
    Trigger("detain", VERB, "arrest"),
    Trigger("apprehend", VERB, "arrest"),
    Trigger("recapture", VERB, "retake"),
    Trigger("retake", VERB, "retake"),
    Trigger("regain", VERB, "retake"),
    Trigger("liberate", VERB, "retake"),
    Trigger("reclaim", VERB, "retake"),
    Trigger("capture", VERB, "capture"),
    Trigger("seize", VERB, "capture"),
    Trigger("overrun", VERB, "capture"),
    Trigger("take", VERB, "capture"),
    Trigger("conquer", VERB, "capture"),
    Trigger("withdraw", VERB, "withdraw"),
    Trigger("evacuate", VERB, "withdraw"),
    Trigger("cede", VERB, "withdraw"),
    Trigger("relinquish", VERB, "withdraw"),
    Trigger("sign", VERB, "agree"),
    Trigger("agree", VERB, "agree"),
    Trigger("defuse", VERB, "disrupt"),
    Trigger("intercept", VERB, "disrupt"),
    Trigger("dismantle", VERB, "disrupt"),
    Trigger("disarm", VERB, "disrupt"),
    Trigger("clash", NOUN, "fight"),
    Trigger("fighting", NOUN, "fight"),
    Trigger("battle", NOUN, "fight"),
    Trigger("ambush", NOUN, "fight"),
    Trigger("attack", NOUN, "fight"),
    Trigger("assault", NOUN, "fight"),
    Trigger("offensive", NOUN, "fight"),
    Trigger("raid", NOUN, "fight"),
    Trigger("firefight", NOUN, "fight"),
    Trigger("gunfight", NOUN, "fight"),
    Trigger("skirmish", NOUN, "fight"),
    Trigger("incursion", NOUN, "fight"),
    Trigger("onslaught", NOUN, "fight"),
    Trigger("counteroffensive", NOUN, "fight"),
    Trigger("siege", NOUN, "fight"),  # "gangs laid siege to several neighborhoods"
    Trigger("gunfire", NOUN, "fight"),  # "exchanging gunfire with police"
    Trigger("shootout", NOUN, "fight"),
    Trigger("airstrike", NOUN, "fire"),
    Trigger("strike", NOUN, "fire"),
    Trigger("bombing", NOUN, "fire"),
    Trigger("bombardment", NOUN, "fire"),
    Trigger("shelling", NOUN, "fire"),
    Trigger("explosion", NOUN, "fire"),
    Trigger("blast", NOUN, "fire"),
    Trigger("rocket", NOUN, "fire"),
    Trigger("mortar", NOUN, "fire"),
    Trigger("missile", NOUN, "fire"),
    Trigger("artillery", NOUN, "fire"),
    Trigger("ied", NOUN, "fire"),
    Trigger("landmine", NOUN, "fire"),
    Trigger("mine", NOUN, "fire"),
    Trigger("grenade", NOUN, "fire"),
    Trigger("mission", NOUN, "fire"),
    Trigger("bomber", NOUN, "fire"),
    Trigger("sortie", NOUN, "fire"),
    Trigger("massacre", NOUN, "kill"),
    Trigger("execution", NOUN, "kill"),
    Trigger("killing", NOUN, "kill"),
    Trigger("murder", NOUN, "kill"),
    Trigger("shooting", NOUN, "kill"),
    Trigger("abduction", NOUN, "abduct"),
    Trigger("kidnapping", NOUN, "abduct"),
    Trigger("hostage", NOUN, "abduct"),
    Trigger("rape", NOUN, "rape"),
    Trigger("protest", NOUN, "protest"),
    Trigger("demonstration", NOUN, "protest"),
    Trigger("rally", NOUN, "protest"),
    Trigger("march", NOUN, "protest"),
    Trigger("sit-in", NOUN, "protest"),
    Trigger("dharna", NOUN, "protest"),  # South Asian press: "sat on dharna", "staged a dharna"
    Trigger("vigil", NOUN, "protest"),
    Trigger("protester", NOUN, "protest"),
    Trigger("protestor", NOUN, "protest"),
    Trigger("demonstrator", NOUN, "protest"),
    Trigger("riot", NOUN, "riot"),
    Trigger("unrest", NOUN, "riot"),
    Trigger("lynching", NOUN, "riot"),
    Trigger("rioter", NOUN, "riot"),
    Trigger("looting", NOUN, "loot"),
    Trigger("arson", NOUN, "loot"),
    Trigger("arrest", NOUN, "arrest"),
    Trigger("detention", NOUN, "arrest"),
    Trigger("crackdown", NOUN, "arrest"),
    Trigger("ceasefire", NOUN, "agree"),
    Trigger("truce", NOUN, "agree"),
    Trigger("agreement", NOUN, "agree"),
    Trigger("accord", NOUN, "agree"),
    Trigger("deal", NOUN, "agree"),
    Trigger("armistice", NOUN, "agree"),
)

VERB_TRIGGERS: dict[str, str] = {t.lemma: t.cls for t in TRIGGERS if t.pos == VERB}
NOUN_TRIGGERS: dict[str, str] = {t.lemma: t.cls for t in TRIGGERS if t.pos == NOUN}

# verbs that kill when done "to death" ("beaten to death", "stoned to death")
TO_DEATH = frozenset({"beat", "stone", "hack", "stab", "burn", "club", "shoot", "lynch", "torture", "starve"})
# what a base is ("set up a base", "established its headquarters")
BASE_NOUNS = frozenset({"base", "headquarters", "hq", "camp", "outpost", "stronghold", "garrison"})
# the verbs that establish a base when their object is one of BASE_NOUNS (triggers.py)
BASE_VERBS = ("establish", "set", "open", "build", "construct", "relocate", "move")
# the classes of violence: they compete for the weapon cues and may tell one assault together
VIOLENT_CLASSES = frozenset({"fight", "fire", "kill"})
# weapon nouns that name an explosive device rather than its use, and the verbs that take one out
# of use: "recovered 14 IEDs planted by Maoists", "defused a landmine" is a disrupted weapon (triggers.py)
WEAPON_NOUNS = frozenset({"ied", "mine", "landmine", "grenade", "rocket", "missile", "mortar", "explosive", "bomb"})
# a weapon dropped is a weapon used: "a fighter jet dropped four bombs", "a drone dropped explosives on
# a house" (triggers.py); leaflets or aid dropped are no act of violence
# "hurled rocks at Israeli forces", "pelted police with stones", "stone-pelting": a crowd's missiles
# are rioting (a grenade or a bomb thrown is not among them: the weapon rows type those)
THROW_VERBS = frozenset({"hurl", "throw", "pelt", "lob", "fling"})
CROWD_MISSILES = frozenset({"stone", "rock", "brick", "bottle", "cocktail", "firebomb", "molotov", "projectile"})
STONING_NOUNS = frozenset({"stone-pelting", "stone-throwing", "stone-pelters", "stone-throwers"})
# "49 persons had been taken into custody": a verb of taking whose "into" names custody is an arrest
CUSTODY_VERBS = frozenset({"take", "place", "remand"})
CUSTODY_NOUNS = frozenset({"custody", "detention"})
# "exchanged fire", "traded gunfire", "an exchange of fire": both sides shooting is a fight
EXCHANGE_WORDS = frozenset({"exchange", "trade"})
EXCHANGED = frozenset({"fire", "gunfire", "shot", "gunshot"})
DROP_VERBS = frozenset({"drop"})
DROPPED_ARMS = frozenset({"bomb", "explosive", "munition", "ordnance", "grenade", "payload"})
RECOVERY_VERBS = frozenset(
    {
        "recover",
        "find",
        "seize",
        "discover",
        "unearth",
        "confiscate",
        "defuse",
        "dismantle",
        "neutralise",
        "neutralize",
        "disarm",
        "detect",
        "retrieve",
        "destroy",
        "deactivate",
        "impound",
    }
)
