from __future__ import annotations

import datetime as dt

import pytest

from ingest.extraction.events import fatalities, parse_number
from ingest.extraction.nlp import load_nlp

PUB = "2016-10-17"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14", 14),
        ("1,500", 1500),
        ("twenty three", 23),
        ("twenty-three", 23),
        ("at least 14", 14),
        ("a dozen", 12),
        ("dozens", None),
        ("many", None),
        ("two hundred", 200),
        ("hundreds", None),
    ],
)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The car exploded, killing the driver.", 1),
        ("At least 14 militants were killed in the raid.", 14),
        ("Twenty three people died when the bus was hit.", 23),
        ("Dozens of civilians were killed.", None),
        ("Many fighters had been killed.", None),
        ("Gunmen killed five villagers on Sunday.", 5),
        ("The blast left 7 dead.", 7),
        ("Soldiers arrested two men.", None),
    ],
)
def test_fatalities(sentence, expected):
    doc = load_nlp()(sentence)
    assert fatalities(next(iter(doc.sents))) == expected


CASES = [
    ("Taliban fighters clashed with Afghan soldiers in Kunduz on Sunday.", "battles", "armed_clash"),
    ("Iraqi forces recaptured the town of Tikrit from Islamic State.", "battles", "government_regains_territory"),
    ("Al-Shabaab militants seized the town of Baidoa in Somalia.", "battles", "non_state_actor_overtakes_territory"),
    (
        "Syrian warplanes bombed rebel positions in Idlib, killing 12 people.",
        "explosions_remote_violence",
        "air_drone_strike",
    ),
    (
        "Houthi rebels fired rockets and mortars at Saudi positions near Najran.",
        "explosions_remote_violence",
        "shelling_artillery_missile_attack",
    ),
    (
        "A suicide bomber from Boko Haram blew himself up at a market in Maiduguri, killing 9 people.",
        "explosions_remote_violence",
        "suicide_bomb",
    ),
    (
        "A roadside bomb planted by the Taliban exploded in Kandahar, killing two Afghan soldiers.",
        "explosions_remote_violence",
        "remote_explosive_landmine_ied",
    ),
    ("Gunmen threw a grenade at Kenyan police in Mombasa.", "explosions_remote_violence", "grenade"),
    (
        "Syrian forces used chlorine gas in an attack on rebels in Douma.",
        "explosions_remote_violence",
        "chemical_weapon",
    ),
    ("Boko Haram militants killed 20 villagers in Borno on Sunday.", "violence_against_civilians", "attack"),
    (
        "Al-Shabaab gunmen abducted three aid workers in Mogadishu.",
        "violence_against_civilians",
        "abduction_forced_disappearance",
    ),
    ("RSF fighters raped women in El Geneina, residents said.", "violence_against_civilians", "sexual_violence"),
    ("Thousands of protesters marched peacefully through Nairobi on Tuesday.", "protests", "peaceful_protest"),
    ("Kenyan police fired tear gas to disperse protesters in Nairobi.", "protests", "protest_with_intervention"),
    (
        "Security forces opened fire on protesters in Khartoum, killing 5.",
        "protests",
        "excessive_force_against_protesters",
    ),
    ("Rioters torched cars and clashed with police in Lagos.", "riots", "violent_demonstration"),
    ("An angry mob lynched a suspected thief in Lagos.", "riots", "mob_violence"),
    ("Nigerian police arrested 12 Boko Haram suspects in Kano.", "strategic_developments", "arrests"),
    ("The Houthis and the Saudi-led coalition agreed a ceasefire in Hodeidah.", "strategic_developments", "agreement"),
    ("Militiamen looted shops in Bangui.", "strategic_developments", "looting_property_destruction"),
    (
        "Iraqi forces defused explosive devices planted by Islamic State in Mosul.",
        "strategic_developments",
        "disrupted_weapons_use",
    ),
    (
        "The Tatmadaw withdrew from the town of Lashio in Myanmar.",
        "strategic_developments",
        "non_violent_transfer_of_territory",
    ),
]


@pytest.mark.parametrize(("text", "event_type", "sub_event_type"), CASES)
def test_event_types(pipeline, text, event_type, sub_event_type):
    events = pipeline.extract(text, published=PUB).events
    assert (event_type, sub_event_type) in {(e.event_type, e.sub_event_type) for e in events}


@pytest.mark.parametrize(
    "text",
    [
        "Officials feared the militants may resort to firing chlorine at the troops in Mosul.",
        "The army did not attack the town of Kunduz.",
        "Boko Haram has killed thousands of people in Borno since 2009.",
        "Islamic State captured Mosul in June 2014.",
        "Taliban fighters threatened to attack Kabul.",
    ],
)
def test_hypothetical_negated_and_background_sentences_yield_no_event(pipeline, text):
    assert pipeline.extract(text, published=PUB).events == ()


def test_roles_place_and_date(pipeline):
    text = "Iraqi forces clashed with Islamic State fighters in Mosul on Sunday, killing 14 militants."
    (event,) = pipeline.extract(text, published=PUB).events
    assert event.actor1 == "Military Forces of Iraq"
    assert event.actor2 == "Islamic State"
    assert event.location == "Mosul"
    assert event.date == "2016-10-16"
    assert event.date_precision == "day"
    assert event.fatalities == 14
    assert 0 <= event.confidence <= 1


def test_relative_date_last_week(pipeline):
    text = "Taliban fighters attacked an Afghan army base in Kunduz last week."
    (event,) = pipeline.extract(text, published=PUB).events
    assert dt.date.fromisoformat(event.date) == dt.date(2016, 10, 10)


def test_sentences_of_one_incident_merge(pipeline):
    text = (
        "Islamic State militants launched suicide attacks against Kurdish forces in Mosul.\n\n"
        "Kurdish troops opened fire on two vehicles laden with bombs.\n\n"
        "One crashed before exploding, killing the driver."
    )
    events = pipeline.extract(text, published=PUB).events
    suicide = [e for e in events if e.sub_event_type == "suicide_bomb"]
    assert len(suicide) == 1
    assert suicide[0].fatalities == 1
    assert suicide[0].extra_evidence


def test_names_in_events_and_quotes_are_listed(pipeline, sample_text):
    result = pipeline.extract(sample_text, published=PUB)
    actors = {a.name for a in result.actors}
    places = {loc.name for loc in result.locations}
    for e in result.events:
        assert {n for n in (e.actor1, e.actor2, *e.assoc_actors) if n} <= actors
        assert e.location is None or e.location in places
    assert {q.speaker for q in result.quotes if q.speaker} <= actors
