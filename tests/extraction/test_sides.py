"""Who fought whom: the target of an attack noun is not its doer, a battle has an attacker even when
the report cannot name it, gangs and a country's "resistance forces" are actors, a siege and an
exchange of gunfire are fighting.

Texts were written for these tests in the shape of wire copy.
"""

from __future__ import annotations

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
