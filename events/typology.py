"""The ACLED-style event typology (DESIGN.md), as plain Python so the pipeline can use it.

Kept free of Django imports: the extraction pipeline imports it without a configured project.
"""

from __future__ import annotations

EVENT_TYPES: dict[str, tuple[str, ...]] = {
    "battles": (
        "armed_clash",
        "government_regains_territory",
        "non_state_actor_overtakes_territory",
    ),
    "explosions_remote_violence": (
        "chemical_weapon",
        "air_drone_strike",
        "suicide_bomb",
        "shelling_artillery_missile_attack",
        "remote_explosive_landmine_ied",
        "grenade",
    ),
    "violence_against_civilians": (
        "sexual_violence",
        "attack",
        "abduction_forced_disappearance",
    ),
    "protests": (
        "peaceful_protest",
        "protest_with_intervention",
        "excessive_force_against_protesters",
    ),
    "riots": ("violent_demonstration", "mob_violence"),
    "strategic_developments": (
        "agreement",
        "arrests",
        "change_to_group_activity",
        "disrupted_weapons_use",
        "headquarters_or_base_established",
        "looting_property_destruction",
        "non_violent_transfer_of_territory",
        "other",
    ),
}

SUB_EVENT_PARENT: dict[str, str] = {sub: parent for parent, subs in EVENT_TYPES.items() for sub in subs}

# CAMEO root codes, so GDELT-style users can map our events onto theirs.
CAMEO_ROOT: dict[str, str] = {
    "battles": "19",
    "explosions_remote_violence": "19",
    "violence_against_civilians": "18",
    "protests": "14",
    "riots": "14",
    "strategic_developments": "04",
}
SUB_EVENT_CAMEO: dict[str, str] = {
    "air_drone_strike": "195",
    "shelling_artillery_missile_attack": "194",
    "suicide_bomb": "183",
    "remote_explosive_landmine_ied": "183",
    "abduction_forced_disappearance": "181",
    "sexual_violence": "182",
    "arrests": "173",
    "agreement": "057",
    "looting_property_destruction": "175",
    "government_regains_territory": "192",
    "non_state_actor_overtakes_territory": "192",
}


def label(slug: str) -> str:
    """Turn a slug into the human label used by ACLED ("armed_clash" -> "Armed clash")."""
    text = slug.replace("_", " ")
    text = text.replace("air drone", "air/drone").replace("remote violence", "remote violence")
    text = text.replace("landmine ied", "landmine/IED").replace(
        "shelling artillery missile", "shelling/artillery/missile"
    )
    text = text.replace("explosions remote", "explosions/remote").replace("abduction forced", "abduction/forced")
    return text[:1].upper() + text[1:]


def cameo_code(event_type: str, sub_event_type: str) -> str:
    """Return the CAMEO code that best matches a typology pair."""
    return SUB_EVENT_CAMEO.get(sub_event_type, CAMEO_ROOT.get(event_type, ""))


def is_valid(event_type: str, sub_event_type: str) -> bool:
    return SUB_EVENT_PARENT.get(sub_event_type) == event_type
