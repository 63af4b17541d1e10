"""Who fought whom: the target of an attack noun is not its doer, a battle has an attacker even when
the report cannot name it, gangs and a country's "resistance forces" are actors, a siege and an
exchange of gunfire are fighting.

Texts were written for these tests in the shape of wire copy.
"""

from __future__ import annotations

import pytest

PUB = "2023-07-10"


def _sides(pipeline, text):
    return [(e.sub_event_type, e.actor1, e.actor2) for e in pipeline.extract(text, published=PUB).events]


def test_the_unit_an_ambush_was_on_is_its_target_and_the_unnamed_attacker_an_unidentified_group(pipeline):
    text = "An ambush on a military patrol near Tillaberi killed 12 Niger soldiers on Saturday, the army said."
    assert _sides(pipeline, text) == [("armed_clash", "Unidentified Armed Group", "Military Forces of Niger")]


def test_a_named_attacker_stays(pipeline):
    text = "Boko Haram fighters ambushed a military patrol near Damboa on Saturday, killing seven soldiers."
    assert _sides(pipeline, text)[0][1] == "Boko Haram"


def test_a_bomb_with_no_named_doer_keeps_an_unknown_one(pipeline):
    text = "Two policemen were killed when a landmine exploded under their truck near Tumaco on Sunday."
    assert [s[1] for s in _sides(pipeline, text)] == [None]


def test_gangs_laying_siege_and_exchanging_gunfire_fight_the_police(pipeline):
    text = (
        "Gangs laid siege to two neighbourhoods of Cap-Haitien on Thursday, burning homes and exchanging "
        "gunfire with police for hours."
    )
    assert _sides(pipeline, text) == [("armed_clash", "Gangs", "Police Forces of Haiti")]


def test_resistance_forces_in_myanmar_are_the_peoples_defence_force(pipeline):
    text = "Resistance forces attacked a junta outpost in Monywa township, Myanmar, on Tuesday, killing five soldiers."
    assert _sides(pipeline, text)[0][1] == "People's Defence Force"


def test_resistance_forces_elsewhere_are_not_bound_to_myanmar(pipeline):
    text = "Resistance forces attacked a Russian checkpoint near Melitopol, Ukraine, on Tuesday."
    assert "People's Defence Force" not in {s[1] for s in _sides(pipeline, text)}


def test_a_self_report_naming_the_day_of_the_attack_is_a_claim_of_it(pipeline):
    text = (
        "A suicide bomber blew himself up outside a court in Jalalabad on Monday, killing six people.\n\n"
        "In a Telegram post on Tuesday, the Islamic State said one of its members detonated an explosive vest "
        "in the city on Monday, targeting judges."
    )
    events = pipeline.extract(text, published="2024-09-03").events
    assert [(e.sub_event_type, e.actor1) for e in events] == [("suicide_bomb", "Islamic State Khorasan Province")]


def test_a_claim_of_a_week_old_attack_is_not_todays(pipeline):
    text = (
        "A suicide bomber blew himself up outside a court in Jalalabad on Monday, killing six people.\n\n"
        "The Islamic State said its fighters had detonated a car bomb at a checkpoint on August 20."
    )
    events = pipeline.extract(text, published="2024-09-03").events
    assert len(events) == 2


def test_killed_and_injured_in_a_blast_is_one_blast(pipeline):
    text = (
        "Three policemen were killed while one was badly injured in an IED blast on their vehicle near Sukma on Sunday."
    )
    events = pipeline.extract(text, published="2024-09-03").events
    assert [(e.sub_event_type, e.fatalities) for e in events] == [("remote_explosive_landmine_ied", 3)]


def test_a_groups_home_region_is_not_where_it_struck(pipeline):
    text = "Fighters of al-Qaeda's Sahel affiliate stormed an army post in Mansila, Burkina Faso, on Tuesday."
    events = pipeline.extract(text, published="2024-09-03").events
    assert [e.location for e in events] == ["Mansila"]


# Real wire copy (deccanherald.com, 24 July 2021; dailyexcelsior.com): a battle told only
# by whom it killed and whom it hurt names both sides as casualties, neither as doer.
@pytest.mark.parametrize(
    ("text", "published"),
    [
        (
            "Two unidentified militants were killed while an Army jawan was injured in an encounter in Bandipora "
            "district of Jammu and Kashmir on Saturday, officials said.",
            "2021-07-24",
        ),
        (
            "Two Hizbul Mujahideen militants were killed while three security force personnel, including an "
            "Army commanding officer, were today injured in an encounter in Tral area of Pulwama district in "
            "Jammu and Kashmir.",
            "2018-01-10",
        ),
    ],
)
def test_a_battle_told_by_its_casualties_codes_the_state_forces_against_the_group_they_fought(
    pipeline, text, published
):
    events = pipeline.extract(text, published=published).events
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("armed_clash", "Military Forces of India", "Unidentified Armed Group")
    ]
