"""Generic actor words ("troops", "the police", "gunmen") that are never an alias of one actor.

"Troops" in a story about Mosul are Iraq's and in a story about Maiduguri Nigeria's: the
pipeline gives a bare force the country of its story. Stored as an alias of the first actor
they named, such a word would name that actor in every later story, since stored aliases are
fed back to the pipeline as extra actors. So the persist step writes none, the extra-actor
table skips them, and ``manage.py clean_generic_aliases`` removes old rows.

Plain Python (no Django): the pure extraction pipeline imports it, and so do the events app's
writes. It lives in ``events`` because ``events`` owns ActorAlias and must not import ``ingest``.
"""

from __future__ import annotations

from events.normalize import normalize_name

# One row per generic word with its inflections. Compared on normalize_name's key, which folds
# case and drops a leading "the"/"a"/"an": "The Army" and "army" are one row. A specific name
# that contains a generic word ("Nigerian Army", "Police Forces of Nigeria") is not generic.
GENERIC_ALIAS_FORMS: tuple[tuple[str, ...], ...] = (
    # a state's forces without their nationality (the bare-force rule's heads and their kin)
    ("army", "armies"),
    ("military", "militaries"),
    ("troop", "troops"),
    ("soldier", "soldiers"),
    ("force", "forces"),
    ("armed forces",),
    ("security force", "security forces"),
    ("government forces", "government troops", "government soldiers"),
    ("pro-government forces", "pro-government troops", "pro-government fighters"),
    ("regime forces", "regime troops"),
    ("state forces", "federal forces", "federal troops", "special forces"),
    ("security personnel", "security agents", "security operatives", "security services"),
    ("navy", "navies", "naval forces"),
    ("air force", "air forces"),
    ("coast guard", "coastguard", "coast guards"),
    ("marine", "marines"),
    ("national guard", "guardsman", "guardsmen"),
    ("paratrooper", "paratroopers", "commando", "commandos"),
    ("warplane", "warplanes", "fighter jet", "fighter jets", "fighter planes", "military aircraft"),
    ("military helicopters", "helicopter gunships"),
    ("government aircraft", "government warplanes", "government jets", "government helicopters", "government planes"),
    ("government drones", "regime aircraft", "regime warplanes", "regime jets", "regime helicopters"),
    ("army helicopters", "army drones", "military planes", "military jets", "military drones"),
    ("junta", "juntas"),
    ("enemy", "enemy forces"),
    # police without their nationality
    ("police", "police force", "police forces", "riot police"),
    ("policeman", "policemen", "policewoman", "policewomen"),
    ("police officer", "police officers", "officer", "officers", "cop", "cops"),
    ("gendarme", "gendarmes", "gendarmerie"),
    ("border guard", "border guards", "border police"),
    # a government without its country
    ("government", "governments"),
    ("authority", "authorities"),
    ("official", "officials", "security officials", "government officials"),
    ("regime", "regimes"),
    ("administration", "ministry", "cabinet"),
    # armed groups the story does not name (the pipeline carries them back to a named one)
    ("militant", "militants"),
    ("gunman", "gunmen", "armed men"),
    ("fighter", "fighters", "rebel fighters"),
    ("insurgent", "insurgents"),
    ("rebel", "rebels"),
    ("jihadist", "jihadists", "jihadi", "jihadis"),
    ("extremist", "extremists"),
    ("terrorist", "terrorists"),
    ("separatist", "separatists"),
    ("militia", "militias", "militiaman", "militiamen", "armed militiamen", "militia members"),
    ("paramilitary", "paramilitaries"),
    ("guerrilla", "guerrillas", "combatant", "combatants", "mercenary", "mercenaries"),
    ("bandit", "bandits", "kidnapper", "kidnappers", "abductor", "abductors"),
    ("attacker", "attackers", "assailant", "assailants"),
    ("group", "groups", "armed group", "armed groups"),
    ("militant group", "rebel group", "insurgent group", "jihadist group", "terrorist group", "extremist group"),
    ("organisation", "organization", "terrorist organisation", "terrorist organization"),
    ("faction", "factions", "gang", "gangs", "gang members"),
    # people, not an organisation
    ("civilian", "civilians", "people"),
    ("resident", "residents", "locals"),
    ("villager", "villagers"),
    ("protester", "protesters", "protestor", "protestors"),
    ("demonstrator", "demonstrators"),
    ("rioter", "rioters", "looter", "looters", "mob", "angry mob", "crowd", "youths"),
)

GENERIC_ALIAS_KEYS: frozenset[str] = frozenset(normalize_name(form) for row in GENERIC_ALIAS_FORMS for form in row)

# Words before a generic noun that name no one either: "these militants", "local residents",
# "unidentified gunmen" are as generic as the bare noun.
_NAMELESS_LEADING_WORDS = frozenset(
    {
        *("the", "a", "an", "these", "those", "this", "that", "its", "their", "his", "her", "our"),
        *("some", "many", "several", "other", "local"),
        *("unidentified", "unknown", "unnamed", "suspected", "masked"),
    }
)


def is_generic_alias(surface: str) -> bool:
    """Is ``surface`` (or its normalized key) a generic word that must never be an alias?

    >>> is_generic_alias("the troops"), is_generic_alias("Nigerian troops")
    (True, False)
    """
    words = normalize_name(surface).split()
    while " ".join(words) not in GENERIC_ALIAS_KEYS:
        if len(words) < 2 or words[0] not in _NAMELESS_LEADING_WORDS:
            return False
        words.pop(0)
    return True
