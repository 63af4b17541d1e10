"""ACLED's vocabulary: labels, codes and country facts, so our events read like ACLED's rows.

Used by the CSV export and by the ACLED-compatible endpoint. Country names follow ACLED's
spelling ("Syria", "Turkey", "Democratic Republic of Congo"), not ISO's formal names.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cache

import pycountry

from events.typology import EVENT_TYPES

EVENT_TYPE_LABELS: dict[str, str] = {
    "battles": "Battles",
    "explosions_remote_violence": "Explosions/Remote violence",
    "violence_against_civilians": "Violence against civilians",
    "protests": "Protests",
    "riots": "Riots",
    "strategic_developments": "Strategic developments",
}

SUB_EVENT_TYPE_LABELS: dict[str, str] = {
    "armed_clash": "Armed clash",
    "government_regains_territory": "Government regains territory",
    "non_state_actor_overtakes_territory": "Non-state actor overtakes territory",
    "chemical_weapon": "Chemical weapon",
    "air_drone_strike": "Air/drone strike",
    "suicide_bomb": "Suicide bomb",
    "shelling_artillery_missile_attack": "Shelling/artillery/missile attack",
    "remote_explosive_landmine_ied": "Remote explosive/landmine/IED",
    "grenade": "Grenade",
    "sexual_violence": "Sexual violence",
    "attack": "Attack",
    "abduction_forced_disappearance": "Abduction/forced disappearance",
    "peaceful_protest": "Peaceful protest",
    "protest_with_intervention": "Protest with intervention",
    "excessive_force_against_protesters": "Excessive force against protesters",
    "violent_demonstration": "Violent demonstration",
    "mob_violence": "Mob violence",
    "agreement": "Agreement",
    "arrests": "Arrests",
    "change_to_group_activity": "Change to group/activity",
    "disrupted_weapons_use": "Disrupted weapons use",
    "headquarters_or_base_established": "Headquarters or base established",
    "looting_property_destruction": "Looting/property destruction",
    "non_violent_transfer_of_territory": "Non-violent transfer of territory",
    "other": "Other",
}
assert set(SUB_EVENT_TYPE_LABELS) == {s for subs in EVENT_TYPES.values() for s in subs}

DISORDER_TYPES: dict[str, str] = {
    "battles": "Political violence",
    "explosions_remote_violence": "Political violence",
    "violence_against_civilians": "Political violence",
    "protests": "Demonstrations",
    "riots": "Demonstrations",
    "strategic_developments": "Strategic developments",
}

# ACLED's inter codes: 1 state forces, 2 rebels, 3 (political) militias, 4 identity militias,
# 5 rioters, 6 protesters, 7 civilians, 8 external/other forces; 0 means no actor.
INTER_CODES: dict[str, int] = {
    "state_force": 1,
    "government": 1,
    "rebel_group": 2,
    "militia": 3,
    "political_party": 3,
    "rioters": 5,
    "protesters": 6,
    "civilians": 7,
    "person": 7,
    "media": 7,
    "international": 8,
    "other": 8,
}

TIME_PRECISION: dict[str, int] = {"day": 1, "week": 2, "month": 3, "year": 3}

REGION_NUMBERS: dict[str, int] = {
    "Western Africa": 1,
    "Middle Africa": 2,
    "Eastern Africa": 3,
    "Southern Africa": 4,
    "Northern Africa": 5,
    "South Asia": 7,
    "Southeast Asia": 9,
    "Middle East": 11,
    "Europe": 12,
    "Caucasus and Central Asia": 13,
    "Central America": 14,
    "South America": 15,
    "Caribbean": 16,
    "East Asia": 17,
    "North America": 18,
    "Oceania": 19,
    "Antarctica": 20,
}

_REGION_COUNTRIES: dict[str, str] = {
    "Western Africa": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG SH",
    "Middle Africa": "AO CM CF TD CG CD GQ GA ST",
    "Eastern Africa": "BI KM DJ ER ET KE MG MW MU YT MZ RE RW SC SO SS SD TZ UG ZM ZW",
    "Southern Africa": "BW SZ LS NA ZA",
    "Northern Africa": "DZ EG LY MA TN EH",
    "South Asia": "AF BD BT IN MV NP PK LK",
    "Southeast Asia": "BN KH ID LA MY MM PH SG TH TL VN",
    "Middle East": "BH CY IR IQ IL JO KW LB OM PS QA SA SY TR AE YE",
    "Europe": "AL AD AT BY BE BA BG HR CZ DK EE FI FR DE GR HU IS IE IT XK LV LI LT LU MT MD MC ME NL MK "
    "NO PL PT RO RU SM RS SK SI ES SE CH UA GB VA FO GI GG IM JE",
    "Caucasus and Central Asia": "AM AZ GE KZ KG TJ TM UZ",
    "Central America": "BZ CR SV GT HN MX NI PA",
    "South America": "AR BO BR CL CO EC FK GF GY PY PE SR UY VE",
    "Caribbean": "AI AG AW BS BB BM BQ VG KY CU CW DM DO GD GP HT JM MQ MS PR BL KN LC MF PM VC SX TT TC VI",
    "East Asia": "CN HK JP KP KR MN MO TW",
    "North America": "CA GL US",
    "Oceania": "AS AU CK FJ PF GU KI MH FM NR NC NZ NU NF MP PW PG PN WS SB TK TO TV VU WF",
    "Antarctica": "AQ",
}
REGION_OF: dict[str, str] = {code: region for region, codes in _REGION_COUNTRIES.items() for code in codes.split()}

# ACLED's spelling where ISO's name or pycountry's common name differs.
_ACLED_COUNTRY_NAMES: dict[str, str] = {
    "BN": "Brunei",
    "CD": "Democratic Republic of Congo",
    "CG": "Republic of Congo",
    "CI": "Ivory Coast",
    "CV": "Cape Verde",
    "CZ": "Czech Republic",
    "FM": "Micronesia",
    "MK": "North Macedonia",
    "PS": "Palestine",
    "RU": "Russia",
    "SZ": "eSwatini",
    "TR": "Turkey",
    "XK": "Kosovo",
}


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    iso: int | None
    iso3: str
    region: str


@cache
def country(code: str) -> Country:
    """Return ACLED's facts for an ISO alpha-2 code; unknown codes give empty names."""
    code = (code or "").upper()
    if code == "XK":  # Kosovo has no ISO entry; ACLED numbers it 0.
        return Country(code, "Kosovo", 0, "XKX", "Europe")
    record = pycountry.countries.get(alpha_2=code) if len(code) == 2 else None
    if record is None:
        return Country(code, "", None, "", "")
    name = _ACLED_COUNTRY_NAMES.get(code) or getattr(record, "common_name", None) or record.name
    return Country(code, name, int(record.numeric), record.alpha_3, REGION_OF.get(code, ""))


@cache
def _country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for record in pycountry.countries:
        for attr in ("name", "official_name", "common_name"):
            value = getattr(record, attr, None)
            if value:
                names[value.casefold()] = record.alpha_2
    for code, name in _ACLED_COUNTRY_NAMES.items():
        names[name.casefold()] = code
    names["kosovo"] = "XK"
    return names


def country_code_for_name(name: str) -> str | None:
    """Return the alpha-2 code for an ACLED or ISO country name (case-insensitive), or None."""
    return _country_names().get(name.strip().casefold())


def country_code_for_iso(number: int) -> str | None:
    if number == 0:
        return "XK"
    record = pycountry.countries.get(numeric=f"{number:03d}")
    return record.alpha_2 if record else None


def event_id_cnty(event_id: int, country_code: str) -> str:
    """ACLED's event id: the ISO alpha-3 code of the country, then a number."""
    return f"{country(country_code).iso3 or 'XXX'}{event_id}"


def interaction(inter1: int, inter2: int) -> int:
    """ACLED's interaction code: the two inter codes, smaller first (10 * inter1 alone)."""
    if not inter2:
        return inter1 * 10
    low, high = sorted((inter1, inter2))
    return low * 10 + high


def unix_timestamp(moment: dt.datetime | None) -> int | None:
    return int(moment.timestamp()) if moment else None
