"""A force's bare word that names no force acting: "died in police custody", "covered the police
beat", "the former military leader", "which operates as the police force"; a force's word inside a
name the dictionary knows ("of the Police Service of Northern Ireland"); and an article that names
one police force, whose bare "police" are that force. And the state's aircraft named by their owner
("Government aircraft bombed", "regime helicopters", "army drones") are its military.

Written for these tests after the pattern of wire copy; none is from a reference article.
"""

from __future__ import annotations

import pytest

PUB = "2024-06-10"


def _actors(pipeline, text):
    return {a.name: a.aliases for a in pipeline.extract(text, published=PUB).actors}


@pytest.mark.parametrize(
    ("text", "force"),
    [
        (
            "Boko Haram's founder Mohammed Yusuf died in police custody in Maiduguri, Nigeria, in 2009, and the group "
            "has waged an insurgency since.",
            "Police Forces of Nigeria",
        ),
        (
            "Gunmen shot dead a reporter who covered the police beat for a news site in Veracruz, Mexico, on Tuesday.",
            "Police Forces of Mexico",
        ),
        (
            "Election officials in Sierra Leone declared the former military leader Julius Maada Bio the winner on "
            "Wednesday.",
            "Military Forces of Sierra Leone",
        ),
        ("Sierra Leone declares former junta head Julius Maada Bio president", "Military Forces of Sierra Leone"),
        (
            "Gunmen attacked a convoy of the Radaa force, which operates as the police force in Tripoli, Libya, on "
            "Monday.",
            "Police Forces of Libya",
        ),
    ],
)
def test_a_forces_word_that_names_no_force_acting_is_no_actor(pipeline, text, force):
    assert force not in _actors(pipeline, text)


def test_police_acting_are_still_the_police(pipeline):
    text = "Police in Maiduguri, Nigeria, arrested five suspects on Sunday after a market bombing."
    assert "Police Forces of Nigeria" in _actors(pipeline, text)


def test_bare_police_are_the_police_force_the_article_names(pipeline):
    text = (
        "A bomb was found under a car outside a house in Belfast on Saturday. Detective Inspector John Hale, of the "
        "Police Service of Northern Ireland, said the device was viable. Police believe dissident republicans planted "
        "it."
    )
    actors = _actors(pipeline, text)
    assert "Police Forces of the United Kingdom" not in actors
    assert "Police" in actors["Police Service of Northern Ireland"]


@pytest.mark.parametrize(
    ("text", "country"),
    [
        (
            "KHARTOUM, Sudan - Government aircraft bombed the village of Tawila in North Darfur on Monday, killing "
            "six civilians, residents said.",
            "Sudan",
        ),
        ("Regime helicopters dropped barrel bombs on Daraya, Syria, on Friday, activists said.", "Syria"),
        ("Army drones struck a rebel camp near Goma, DR Congo, on Sunday.", "the Democratic Republic of the Congo"),
    ],
)
def test_the_states_aircraft_are_its_military(pipeline, text, country):
    result = pipeline.extract(text, published=PUB)
    assert {e.actor1 for e in result.events} == {f"Military Forces of {country}"}
