"""Short conflict reports written for these tests (not taken from any corpus): text -> coded event.

Published on Friday 2024-03-15, so "on Sunday" is 2024-03-10 and "last week" 2024-03-08.
Each case names only the fields it is about; ``ANY`` leaves a field unchecked.
"""

from __future__ import annotations

import pytest

PUB = "2024-03-15"
ANY = object()


def _event(pipeline, text, sub_event_type):
    result = pipeline.extract(text, published=PUB)
    matches = [e for e in result.events if e.sub_event_type == sub_event_type]
    assert matches, f"no {sub_event_type} in {[(e.event_type, e.sub_event_type) for e in result.events]}"
    return matches[0], result


REPORTS = [
    # (text, sub_event_type, actor1, actor2, location, date, fatalities)
    (
        "Suspected jihadists killed at least 23 soldiers in an attack on a military post in Mali's central "
        "Mopti region on Tuesday, the army said.",
        "armed_clash",
        "Unidentified Armed Group",
        "Military Forces of Mali",
        "Mopti",
        "2024-03-12",
        23,
    ),
    (
        "Gunmen on motorcycles stormed the village of Seytenga in northern Burkina Faso late on Friday, "
        "killing dozens of civilians, a local official said.",
        "attack",
        "Unidentified Armed Group",
        "Civilians (Burkina Faso)",
        ANY,
        "2024-03-15",
        None,
    ),
    (
        "Al-Shabaab militants detonated a car bomb outside a hotel in Mogadishu on Saturday, killing at least "
        "nine people, police said.",
        "remote_explosive_landmine_ied",
        "al-Shabaab",
        "Civilians (Somalia)",  # people killed outside a hotel, none of them armed: ACLED's civilian target
        "Mogadishu",
        "2024-03-09",
        9,
    ),
    (
        "Myanmar's military carried out airstrikes on a village in Sagaing region on Monday, killing 17 people "
        "including children, residents said.",
        "air_drone_strike",
        "Military Forces of Myanmar",
        ANY,
        "Sagaing",
        "2024-03-11",
        17,
    ),
    (
        "Russian forces shelled the city of Kharkiv overnight, killing two civilians and wounding 12, the "
        "regional governor said.",
        "shelling_artillery_missile_attack",
        "Military Forces of Russia",
        "Civilians (Ukraine)",
        "Kharkiv",
        ANY,
        2,
    ),
    (
        "The Rapid Support Forces seized the city of Wad Madani in Sudan's Gezira state after the army "
        "withdrew, witnesses said.",
        "non_state_actor_overtakes_territory",
        "Rapid Support Forces",
        ANY,
        ANY,
        ANY,
        None,
    ),
    (
        "Kenyan police fired tear gas at protesters who gathered in central Nairobi on Tuesday to oppose a new "
        "finance bill.",
        "protest_with_intervention",
        "Protesters (Kenya)",
        "Police Forces of Kenya",
        "Nairobi",
        "2024-03-12",
        None,
    ),
    (
        "Hundreds of people marched peacefully through Nairobi on Thursday to demand justice for victims of "
        "police brutality.",
        "peaceful_protest",
        "Protesters (Kenya)",
        None,
        "Nairobi",
        "2024-03-14",
        None,
    ),
    (
        "Rioters set fire to shops and vehicles in the town of Kisumu after the election results were announced.",
        "violent_demonstration",
        "Rioters (Kenya)",
        ANY,
        "Kisumu",
        ANY,
        None,
    ),
    (
        "Boko Haram fighters abducted 30 schoolgirls from a school in Yobe state, northeast Nigeria, on Sunday.",
        "abduction_forced_disappearance",
        "Boko Haram",
        ANY,
        "Yobe",
        "2024-03-10",
        None,
    ),
    (
        "The Taliban and the Afghan government signed a peace agreement in Doha on Saturday.",
        "agreement",
        "Taliban",
        ANY,
        "Doha",
        "2024-03-09",
        None,
    ),
    (
        "ISWAP militants established a new base in the Sambisa forest, the Nigerian army said.",
        "headquarters_or_base_established",
        "Islamic State West Africa Province",
        None,
        ANY,
        ANY,
        None,
    ),
    (
        "Armed men looted shops and burned houses in the town of Bunia in eastern Congo last week.",
        "looting_property_destruction",
        "Unidentified Armed Group",
        ANY,
        "Bunia",
        "2024-03-08",
        None,
    ),
    (
        "Soldiers raped at least 15 women during a raid on a village in South Sudan, the UN said.",
        "sexual_violence",
        "Military Forces of South Sudan",
        "Civilians (South Sudan)",
        ANY,
        ANY,
        None,
    ),
    (
        "Ukrainian troops recaptured the village of Robotyne in Zaporizhzhia region from Russian forces.",
        "government_regains_territory",
        "Military Forces of Ukraine",
        "Military Forces of Russia",
        "Zaporizhzhia",
        ANY,
        None,
    ),
    (
        "Police in Lagos detained 40 people during protests against fuel prices on Monday.",
        "protest_with_intervention",
        "Protesters (Nigeria)",
        "Police Forces of Nigeria",
        "Lagos",
        "2024-03-11",
        None,
    ),
    (
        "A grenade attack on a bar in Bujumbura wounded five people late on Saturday.",
        "grenade",
        None,
        "Civilians (Burundi)",  # people hurt at a bar, none armed: civilians, whoever threw it
        "Bujumbura",
        "2024-03-09",
        None,
    ),
    (
        "Unknown gunmen kidnapped a Catholic priest in Kaduna state on Wednesday, police spokesman Mohammed "
        "Jalige said.",
        "abduction_forced_disappearance",
        "Unidentified Armed Group",
        "Civilians (Nigeria)",
        "Kaduna",
        "2024-03-13",
        None,
    ),
    (
        "Al-Shabaab fighters ambushed an African Union convoy near Baidoa last week, killing 7 soldiers.",
        "armed_clash",
        "al-Shabaab",
        "African Union",
        "Baidoa",
        "2024-03-08",
        7,
    ),
    (
        "Police said a bomb planted on a motorcycle exploded near a checkpoint in Peshawar late on Friday, "
        "killing two policemen.",
        "remote_explosive_landmine_ied",
        None,
        "Police Forces of Pakistan",
        "Peshawar",
        "2024-03-15",
        2,
    ),
    (
        "Gunmen abducted 15 passengers from a bus in Zamfara state on Thursday.",
        "abduction_forced_disappearance",
        "Unidentified Armed Group",
        ANY,
        "Zamfara",
        "2024-03-14",
        None,
    ),
    (
        "Hezbollah fired dozens of rockets at northern Israel on Wednesday, the Israeli military said.",
        "shelling_artillery_missile_attack",
        "Hezbollah",
        ANY,
        ANY,
        "2024-03-13",
        None,
    ),
    (
        "Security forces arrested opposition leader Kizza Besigye in Kampala on Monday.",
        "arrests",
        ANY,
        "Kizza Besigye",
        "Kampala",
        "2024-03-11",
        None,
    ),
    (
        "The M23 rebels took control of Goma, the capital of North Kivu province, after days of fighting with "
        "Congolese troops.",
        "non_state_actor_overtakes_territory",
        "M23",
        "Military Forces of the Democratic Republic of the Congo",
        "Goma",
        ANY,
        None,
    ),
    (
        "The Sudanese army regained control of the capital Khartoum from the RSF.",
        "government_regains_territory",
        "Military Forces of Sudan",
        "Rapid Support Forces",
        "Khartoum",
        ANY,
        None,
    ),
    (
        "Cartel gunmen killed a journalist in the Mexican state of Guerrero on Saturday.",
        "attack",
        "Unidentified Armed Group",
        ANY,
        "Guerrero",
        "2024-03-09",
        1,
    ),
    (
        "A mob beat a man to death in Kano after accusing him of blasphemy.",
        "mob_violence",
        "Rioters (Nigeria)",
        ANY,
        "Kano",
        ANY,
        1,
    ),
    (
        "Pakistani forces killed 8 militants in a raid in North Waziristan on Tuesday, the military's media wing said.",
        "armed_clash",
        "Military Forces of Pakistan",
        ANY,
        ANY,
        "2024-03-12",
        8,
    ),
    (
        "Two soldiers were killed when their patrol was ambushed by al-Shabaab fighters near Afgoye on Monday.",
        "armed_clash",
        "al-Shabaab",
        "Military Forces of Somalia",
        ANY,
        "2024-03-11",
        2,
    ),
    (
        "A Taliban commander was killed in a US drone strike in Paktika province last week.",
        "air_drone_strike",
        "Military Forces of the United States",
        "Taliban",
        ANY,
        "2024-03-08",
        1,
    ),
    (
        "Israeli airstrikes killed 20 people in Gaza on Monday, health officials said.",
        "air_drone_strike",
        "Military Forces of Israel",
        ANY,
        ANY,
        "2024-03-11",
        20,
    ),
    (
        "Fighting between the army and the RSF in El Fasher killed at least 30 civilians over the weekend.",
        "armed_clash",
        "Military Forces of Sudan",
        "Rapid Support Forces",
        "El Fasher",
        ANY,
        30,
    ),
    (
        "The police in Dhaka arrested 50 opposition activists on Thursday.",
        "arrests",
        "Police Forces of Bangladesh",
        ANY,
        "Dhaka",
        "2024-03-14",
        None,
    ),
    (
        "Mexican police arrested a leader of the Sinaloa Cartel in Culiacan on Thursday.",
        "arrests",
        "Police Forces of Mexico",
        "Sinaloa Cartel",
        "Culiacán",
        "2024-03-14",
        None,
    ),
]


@pytest.mark.parametrize(
    ("text", "sub_event_type", "actor1", "actor2", "location", "date", "fatalities"),
    REPORTS,
    ids=[r[1] + "-" + str(i) for i, r in enumerate(REPORTS)],
)
def test_report_is_coded(pipeline, text, sub_event_type, actor1, actor2, location, date, fatalities):
    event, result = _event(pipeline, text, sub_event_type)
    expected = {"actor1": actor1, "actor2": actor2, "location": location, "date": date, "fatalities": fatalities}
    got = {k: getattr(event, k) for k in expected}
    assert {k: v for k, v in got.items() if expected[k] is not ANY} == {
        k: v for k, v in expected.items() if v is not ANY
    }
    names = {a.name for a in result.actors}
    assert {n for n in (event.actor1, event.actor2, *event.assoc_actors) if n} <= names


@pytest.mark.parametrize(
    "text",
    [
        "The army denied that its soldiers had killed civilians in the village.",
        "Boko Haram has killed more than 35,000 people since its insurgency began in 2009.",
        "Two people were killed in Kidal on Monday.",
        "The government warned that militants could attack the capital during the holiday.",
        "Al-Shabaab seized the town in 2008 and held it for three years.",
    ],
)
def test_denials_history_and_lone_deaths_are_not_events(pipeline, text):
    assert pipeline.extract(text, published=PUB).events == ()


def test_reporting_source_is_not_a_party():
    from ingest.extraction.pipeline import get_pipeline

    text = "Gunmen killed three farmers in Benue state on Sunday, the UN said."
    (event,) = get_pipeline().extract(text, published=PUB).events
    assert event.actor2 != "United Nations"
    assert event.actor1 == "Unidentified Armed Group"


def test_follow_up_sentence_merges_into_one_incident(pipeline):
    text = (
        "Islamic State fighters attacked an army checkpoint near Tikrit on Sunday. "
        "The militants killed four soldiers before fleeing, a police officer said."
    )
    events = pipeline.extract(text, published=PUB).events
    assert len(events) == 1
    assert events[0].date == "2024-03-10"
    assert events[0].fatalities == 4
    assert events[0].extra_evidence


def test_tear_gas_after_a_protest_is_one_protest_with_intervention(pipeline):
    text = (
        "Protesters gathered outside parliament in Nairobi on Tuesday. "
        "Police later fired tear gas and water cannon to disperse them."
    )
    (event,) = pipeline.extract(text, published=PUB).events
    assert event.sub_event_type == "protest_with_intervention"
    assert event.actor2 == "Police Forces of Kenya"


def test_territory_change_is_not_also_a_clash(pipeline):
    text = "The M23 rebels took control of Goma after days of fighting with Congolese troops."
    subs = [e.sub_event_type for e in pipeline.extract(text, published=PUB).events]
    assert subs == ["non_state_actor_overtakes_territory"]


@pytest.mark.parametrize(
    ("text", "surface", "admin1", "feature"),
    [
        ("Boko Haram fighters attacked a village in Yobe state on Sunday.", "Yobe", "Yobe", "admin1"),
        ("Clashes were reported across Nineveh province.", "Nineveh", "Nineveh", "admin1"),
        ("Heavy fighting continued in Kaduna on Monday.", "Kaduna", "Kaduna", "city"),
        ("Airstrikes hit Mosul overnight.", "Mosul", "Nineveh", "city"),
    ],
)
def test_first_level_divisions_are_named(pipeline, text, surface, admin1, feature):
    locs = {loc.aliases[0] if loc.aliases else loc.name: loc for loc in pipeline.extract(text, published=PUB).locations}
    assert locs[surface].feature == feature
    assert locs[surface].admin1 == admin1


def test_division_event_has_coarse_geo_precision(pipeline):
    text = "Gunmen abducted 15 passengers from a bus in Zamfara state on Thursday."
    (event,) = pipeline.extract(text, published=PUB).events
    assert event.location == "Zamfara"
    assert event.geo_precision == 3


def test_unknown_village_falls_back_to_its_state_not_a_namesake(pipeline):
    text = "Bandits killed 12 villagers in the village of Kadawa-Gari in Zamfara state on Sunday."
    result = pipeline.extract(text, published=PUB)
    (event,) = result.events
    assert event.country_code == "NG"
    assert event.geo_precision == 3
    zamfara = next(loc for loc in result.locations if loc.name == "Zamfara")
    assert (event.latitude, event.longitude) == (zamfara.latitude, zamfara.longitude)


def test_place_name_tagged_as_nationality_is_still_a_place(pipeline):
    text = "A roadside bomb struck a military convoy near Kidal in northern Mali, killing three peacekeepers."
    (event,) = pipeline.extract(text, published=PUB).events
    assert event.location == "Kidal"
    assert event.country_code == "ML"
