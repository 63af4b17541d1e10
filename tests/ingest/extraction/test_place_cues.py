"""Cues that say a name is a place: a lower-case compass adjective before it ("in eastern
Ghouta", a name the gazetteer lacks and the NER calls an organisation), an act done to a place
("fired on Qamishli", "shelled Beryslav") or a base ("the Kent-based team") for a name the
gazetteer knows, a division word after a name ("in the Puno region", "in the neighbouring Tigray
region"), a word for a local unit or a camp after it ("Maar cattle camp", "the Quiterajo administrative
post"), a barangay's prefix ("Brgy Tanum"), a plural word for places before a list ("neighborhoods
including Nazon") an apposition ("the capital, Monrovia") and a venue between "at" and "in" a place ("at the Palais des
Congrès in Bamako"), the word after a place that completes its name ("Boa Vista" tagged GPE "Boa"
and ORG "Vista"), and a comma the NER ran a
place entity over ("Thruxton, Hampshire": a place and its division, one toponym each).

Sentences written for these tests after the pattern of wire copy; none is from a reference article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.places import _CUED_DIVISION, _comma_parts, _cued_place, _name_continued

PUB = "2018-03-12"


@pytest.mark.parametrize(
    ("text", "name", "cued"),
    [
        ("Shelling hit towns in eastern Ghouta overnight.", "Ghouta", True),
        ("Fighting spread across northern Rakhine.", "Rakhine", True),
        ("Clashes were reported in south-western Zorba.", "Zorba", True),
        ("The Western Ghouta Council met.", "Ghouta", False),  # a capital: part of a name
        ("He thanked Ghouta for the support.", "Ghouta", False),
    ],
)
def test_a_compass_adjective_before_a_name(text, name, cued):
    at = text.index(name)
    assert _cued_place(text, at, at + len(name), in_gazetteer=False) is cued


@pytest.mark.parametrize(
    ("text", "name", "in_gazetteer", "cued"),
    [
        ("Turkish artillery fired on Qamishli again.", "Qamishli", True, True),
        ("Russian forces shelled Beryslav overnight.", "Beryslav", True, True),
        ("Rebels captured Goma in November.", "Goma", True, True),
        ("Rebels captured Mr Nkunda's deputy.", "Nkunda", False, False),  # no place of that name
        ("the Kent-based team", "Kent", True, True),
        ("the Kent family", "Kent", True, False),
    ],
)
def test_an_act_done_to_a_place_and_a_base(text, name, in_gazetteer, cued):
    at = text.index(name)
    assert _cued_place(text, at, at + len(name), in_gazetteer=in_gazetteer) is cued


def test_a_compass_cue_places_a_name_the_gazetteer_lacks(pipeline):
    text = (
        "DAMASCUS, Syria (AP) - Government forces have regained most of the towns in eastern Ghouta, "
        "the army said on Sunday."
    )
    places = {p.name: p for p in pipeline.extract(text, published=PUB).locations}
    assert places["Ghouta"].country_code == "SY"


@pytest.mark.parametrize(
    ("entity", "parts"),
    [
        ("Thruxton, Hampshire", ["Thruxton", "Hampshire"]),
        ("Knockhill, Fife, Scotland", ["Knockhill", "Fife", "Scotland"]),
        ("Washington, D.C.", ["Washington", "D.C."]),
        ("Bosaso, and its port", ["Bosaso, and its port"]),  # a part that is no name: left whole
    ],
)
def test_a_place_entity_over_a_comma_is_split(entity, parts):
    got = _comma_parts(0, 100, entity, "GPE")
    assert [e.text for e in got] == parts
    assert all(entity[e.start - 100 : e.end - 100] == e.text for e in got)


def test_a_division_word_after_a_name_the_ner_calls_an_organisation(pipeline):
    # "Puno" is tagged ORG here; "region" after a name the gazetteer knows as a division makes it one
    text = "Police said the clash took place in the city of Juliaca, in the Puno region."
    places = {p.name: p for p in pipeline.extract(text, published=PUB).locations}
    assert places["Puno"].feature == "admin1"


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("a civil war in the neighbouring Tigray region that ended", "Tigray"),
        ("in the northern part of Niger\u2019s Tahoua region when", "Tahoua"),
        ("fighting in the Amhara region", "Amhara"),
        ("clashes across the restive Oromia region", "Oromia"),
    ],
)
def test_a_division_the_ner_left_untagged(text, name):
    m = _CUED_DIVISION.search(text)
    assert m is not None
    assert m.group("name") == name


@pytest.mark.parametrize(
    ("text", "place"),
    [
        # a lower-case word for a local unit or a camp after a name the NER calls something else
        (
            "JUBA, South Sudan - Armed raiders attacked Maar cattle camp in Jonglei state at dawn, killing "
            "four herders, the county commissioner said.",
            "Maar",
        ),
        (
            "PEMBA, Mozambique - Insurgents killed three people on Friday in the Quiterajo administrative post.",
            "Quiterajo",
        ),
        # a barangay's prefix, the entity cut with its comma
        (
            "ZAMBOANGA CITY, Philippines - Soldiers clashed with gunmen at Brgy Tanum, Indanan, Sulu on Sunday.",
            "Brgy Tanum",
        ),
        # a plural word for places before a list
        (
            "PORT-AU-PRINCE, Haiti - Gunfire was heard overnight in neighborhoods including Nazon and Bel Air, "
            "residents said.",
            "Nazon",
        ),
    ],
)
def test_local_units_prefixes_and_lists_cue_a_place(pipeline, text, place):
    places = {p.name: p for p in pipeline.extract(text, published=PUB).locations}
    assert place in places
    assert places[place].country_code == places[next(iter(places))].country_code


@pytest.mark.parametrize(
    ("text", "cued"),
    [
        ("a fire left dozens homeless in the capital, Monrovia.", True),
        ("fighters entered the provincial capital, Kunduz, on Monday", True),
        ("the report, Monrovia said", False),
    ],
)
def test_an_apposition_to_a_word_for_a_place(text, cued):
    name = "Monrovia" if "Monrovia" in text else "Kunduz"
    at = text.index(name)
    assert _cued_place(text, at, at + len(name), in_gazetteer=True) is cued


@pytest.mark.parametrize(
    ("text", "venue", "town"),
    [
        ("Delegates met at the Kempinski Villa Rosa in Nairobi on Monday.", "Kempinski Villa Rosa", "Nairobi"),
        ("The talks opened at the Palais des Congrès in Bamako.", "Palais des Congrès", "Bamako"),
        ("Militants stormed a party at Sky Lounge in Mogadishu, killing five.", "Sky Lounge", "Mogadishu"),
        ("He works at Reuters in London.", None, "London"),  # one word the NER calls an organisation
        ("She won first prize at the Junior Piano Competition in Warsaw.", None, "Warsaw"),  # an event
    ],
)
def test_a_name_between_at_and_in_a_place_is_a_venue_there(pipeline, text, venue, town):
    places = {p.name: p for p in pipeline.extract(text, published=PUB).locations}
    assert set(places) == {town} | ({venue} if venue else set())
    if venue:
        assert (places[venue].latitude, places[venue].longitude) == (places[town].latitude, places[town].longitude)


@pytest.mark.parametrize(
    ("text", "surface", "name"),
    [
        ("are living in Boa Vista, the state capital", "Boa", "Boa Vista"),
        ("deputies in Ohio County said", "Ohio", "Ohio County"),
        ("Paris Hilton said", "Paris", "Paris"),  # no place of the longer name
        ("in Kabul on Monday", "Kabul", "Kabul"),
    ],
)
def test_a_place_the_ner_cut_before_its_last_word(gazetteer, text, surface, name):
    assert _name_continued(text, text.index(surface), surface, gazetteer) == name


def test_a_groups_training_camp_makes_no_place_of_the_group(pipeline):
    text = "MAIDUGURI, Nigeria - Troops destroyed three Mahmuda training camps in Kaduna state on Sunday."
    assert "Mahmuda" not in {p.name for p in pipeline.extract(text, published=PUB).locations}
