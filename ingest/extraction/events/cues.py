"""The cue words of the event stage: regular expressions run over a trigger's clause (lower-cased).

A cue names the weapon, the target or the circumstance that selects a sub-type ("warplanes" ->
air/drone strike, "tear gas" -> protest with intervention). The typology table
(``typology_table.py``) says which cue selects which sub-type and in what order; the trigger
rules (``triggers.py``) and the named classification rules (``classify.py``) read a few directly.
"""

from __future__ import annotations

import re

AIR = re.compile(
    r"\b(?:air ?strikes?|air ?raids?|warplanes?|war planes?|jets?|aircraft|drones?|helicopters?|"
    r"gunships?|bombers?|typhoons?|tornados?|reapers?|f-\d+s?|sorties?|air force|airforce|aerial)\b"
)
SHELL = re.compile(
    r"\b(?:shell(?:s|ing|ed)?|artillery|mortars?|rockets?|missiles?|howitzers?|katyushas?|"
    r"projectiles?|bombard\w*)\b"
)
SUICIDE = re.compile(
    r"\bsuicide\b|\b(?:laden|packed|rigged) with (?:bombs|explosives)\b|\bvbieds?\b|\bself-detonat|"
    # a driver who rams a vehicle full of explosives into the target dies with it
    r"\bramm(?:ed|ing)\b[^.]{0,60}\bexplosives?-(?:laden|packed|filled)\b"
)
IED = re.compile(
    r"\b(?:ieds?|roadside bombs?|land ?mines?|mines?|explosive devices?|car bombs?|booby[- ]trap\w*|"
    r"bomb (?:exploded|went off)|planted)\b"
)
GRENADE = re.compile(r"\bgrenades?\b")
CHEMICAL = re.compile(r"\b(?:chemical|chlorine|sarin|mustard gas|nerve agent|toxic gas|poison gas)\b")
INTERVENTION = re.compile(
    r"\b(?:tear ?gas|water cannons?|disperse\w*|rubber bullets|batons?|arrest\w*|detain\w*|"
    r"beat\w*|broke up|break up)\b"
)
VIOLENT_PROTEST = re.compile(
    r"\b(?:torch\w*|set fire|set ablaze|hurl\w*|(?:throw|threw|hurl)\w* (?:stones|rocks)|stone-throwing|"
    r"vandal\w*|smash\w*|riot\w*|violent\w*|clash\w*)\b"
)
TERRITORY = re.compile(
    r"\b(?:control|city|cities|towns?|villages?|areas?|territory|territories|districts?|bases?|neighbou?rhoods?|"
    r"province|region|positions?|airports?|hills?|outposts?|checkpoints?)\b"
)
PEOPLE = re.compile(r"\b(?:people|persons|men|others)\b")
CIVILIAN_TARGETS = re.compile(
    r"\b(?:civilians?|villagers?|residents|passers-by|worshippers|children|women|farmers|herders|traders?|"
    r"shoppers|passengers|pupils|students|teachers|villages?|market|school|church|mosque|hospital|homes?|"
    r"wedding|funeral|displaced|refugees?|aid workers?|journalists?|priest|imam|chief|family|customers|patrons|"
    r"diners|guests|worshipers|missionaries|christians|muslims|vaccinators|health workers|doctors|nurses|"
    r"motorists|fishermen|miners|bar|restaurant|residential|apartments?|house|houses)\b"
)
ARMED_TARGETS = re.compile(
    r"\b(?:soldiers?|troops|militants?|fighters?|police\w*|officers?|insurgents?|rebels?|jihadists?|gunmen|"
    r"militia\w*|military|army|base|checkpoint|barracks|convoy|patrol|positions?|outpost|forces)\b"
    # "an army post", not "the Mucojo administrative post" or "a post on Telegram"
    r"|\b(?:army|military|police|border|security|command|observation)\s+posts?\b"
)
WEAPONS = re.compile(r"\b(?:weapons?|arms|ammunition|explosives|rifles|guns|cache|drugs)\b")
# a crowd acting as a mob: "a mob lynched", "vigilantes beat", in the clause or the crowd's own name
MOB = re.compile(r"\b(?:mob|lynch\w*|vigilante\w*)\b")
# a fight between communities or crowds, not armed organisations: "clashes between two communities",
# "communal clashes", "clashes between Hindu and Muslim groups" (ACLED's mob violence)
COMMUNAL = re.compile(
    r"\b(?:communal|sectarian|inter-communal|intercommunal|inter-ethnic)\s+(?:clash|violence|fight|riot)"
    r"|\bbetween\s+(?:the\s+)?(?:two|rival|both|members of (?:the )?two)\s+"
    r"(?:communities|religious communities|religious groups|ethnic groups|castes|clans|villages|"
    r"groups of (?:villagers|residents|youths|students|locals))\b"
    r"|\b(?:members of|people from|youths from|residents of)\s+(?:the\s+)?(?:two|rival|both)\s+communities\b"
)
# what a riot trigger needs to be mob violence rather than a violent demonstration
MOB_RIOT = re.compile(r"\b(?:mob|lynch\w*|vigilante)\b")
# "protesters were shot dead": force that kills or fires live rounds on a crowd
EXCESSIVE_FORCE = re.compile(r"\b(?:killed|shot dead|opened fire on|live (?:fire|ammunition|rounds))\b")
# an arrest told of protesters or demonstrators (a bare substring: "protesters", "demonstration")
PROTEST_WORD = re.compile(r"protest|demonstrat")
# a bomb or blast named by a "fire" trigger that no weapon cue typed
BOMB = re.compile(r"\b(?:bomb\w*|explo\w*|blast|detonat\w*)\b")
AGREEMENT = re.compile(r"\b(?:ceasefire|cease-fire|truce|peace|agreement|accord|deal|armistice)\b")
# kinds of actor that suffer rather than fight
VICTIM_KINDS = frozenset({"civilians", "protesters"})
