"""Places the text puts inside or beside another ("X in the countryside of Y", "X, a slum in Y"),
spellings that split a name into other words ("Deir Ezzor"), and datelines kept out of it."""

from __future__ import annotations

import pytest

from ingest.extraction.gazetteer import MemoryGazetteer, default_gazetteer
from ingest.extraction.places import Toponym, _nearest_known, km
from ingest.extraction.relative_place import city_part, within

from .places_helpers import places_by_surface


def _after(text: str, place: str) -> int:
    return text.index(place) + len(place)


@pytest.mark.parametrize(
    ("text", "place", "holder"),
    [
        # Syrian Observatory for Human Rights
        ("warplanes also bombed areas in the village Marat in the eastern countryside of Deir Ezzor", "Marat", "Deir"),
        ("Clashes erupted in Ganai Mohalla area of Samboora on Sunday.", "Ganai Mohalla", "Samboora"),
        ("Gunmen attacked Tongo Tongo, near Ouallam, on Monday.", "Tongo Tongo", "Ouallam"),
        ("The blast hit Kalli village in Borno State at dawn.", "Kalli", "Borno"),
        ("Troops retook Hisham, on the outskirts of Mosul.", "Hisham", "Mosul"),
        ("Shells fell on Tal Tamr, just outside Hasakah.", "Tal Tamr", "Hasakah"),
    ],
)
def test_a_phrase_after_a_place_names_the_place_that_holds_it(text, place, holder):
    start = within(text, _after(text, place))
    assert start is not None
    assert text[start:].startswith(holder)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("The governor of Borno said five died.", "governor"),  # a bare "of" places nothing
        ("Gunmen attacked Ouallam on Monday.", "Ouallam"),
        ("Residents of Goma in fear as rebels advance", "Goma in"),  # nothing capitalised follows
        ("They fled to Maiduguri, the state capital.", "Maiduguri"),
    ],
)
def test_no_holder_without_the_phrase(text, place):
    assert within(text, _after(text, place)) is None


@pytest.mark.parametrize(
    ("text", "place", "city"),
    [
        # Reuters picture caption
        ("People walk around in the Rocinha, a slum in Rio de Janeiro, November 10, 2011.", "Rocinha", "Rio"),
        ("Police raided Sadr City, a sprawling district of Baghdad, on Friday.", "Sadr City", "Baghdad"),
        ("A car bomb exploded in Kadhimiya, a mainly Shia neighbourhood in northern Baghdad.", "Kadhimiya", "Baghdad"),
        ("Residents of Mathare, one of the city's largest slums, fled.", "Mathare", None),
    ],
)
def test_an_apposition_makes_a_place_part_of_a_city(text, place, city):
    part = city_part(text, _after(text, place))
    assert part is not None
    if city is None:
        assert part.anchor_start is None
    else:
        assert text[part.anchor_start :].startswith(city)


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("Police raided Sadr City, a vast Shia area, on Friday.", "Sadr City"),  # area: not a part of a city
        ("Rebels took Bunia, the provincial capital, on Friday.", "Bunia"),
        ("Gunmen attacked Kalli, a village in Borno.", "Kalli"),  # a village is no part of a city
    ],
)
def test_no_city_part_without_a_word_for_one(text, place):
    assert city_part(text, _after(text, place)) is None


def test_a_name_spelt_without_its_word_breaks_is_found():
    gaz = default_gazetteer()
    found = gaz.lookup("Deir Ezzor")  # GeoNames: "Deir ez-Zor"
    assert found
    assert found[0].country_code == "SY"
    assert gaz.lookup("Deir ez-Zor")[0].geonames_id == found[0].geonames_id
    assert gaz.lookup("Xqzv Wplk") == []


def test_a_village_in_the_countryside_of_a_city_stands_at_that_city_not_the_dateline():
    # Syrian Observatory for Human Rights, under a dateline of our own
    text = (
        "BEIRUT, Lebanon - Warplanes also carried out several raids on areas in Al-Boleel town and the "
        "outskirts of Al-Toob village in the eastern countryside of Deir Ezzor, which resulted in the "
        "death of 4 citizens."
    )
    by_name = places_by_surface(text, "Al-Toob", "Deir Ezzor")
    village = by_name["Al-Toob"].place
    assert village.country_code == "SY"
    assert by_name["Al-Toob"].precision == 2
    assert km(village, by_name["Deir Ezzor"].place) < 1


@pytest.mark.parametrize("apposition", ["a suburb of Nairobi", "one of the city's busiest districts"])
def test_a_district_of_the_city_in_the_story_is_not_a_namesake_town_abroad(apposition):
    # the gazetteer's Eastleigh is in Hampshire and in Gauteng
    text = (
        f"NAIROBI, Kenya - Police fired tear gas at protesters in Eastleigh, {apposition}, on Monday. "
        "Shops in Nairobi stayed shut."
    )
    by_name = places_by_surface(text, "Eastleigh", "Nairobi")
    nairobi = by_name["Nairobi"].place
    assert by_name["Eastleigh"].place.country_code == "KE"
    assert km(by_name["Eastleigh"].place, nairobi) < 30


def test_the_nearest_known_city_is_never_the_dateline():
    gaz = default_gazetteer()
    beirut = next(p for p in gaz.lookup("Beirut") if p.country_code == "LB")
    homs = next(p for p in gaz.lookup("Homs") if p.country_code == "SY")
    dateline = Toponym(0, 6, "BEIRUT", 0, "GPE")
    village = Toponym(20, 26, "Qaryat", 0, "GPE")
    city = Toponym(400, 404, "Homs", 2, "GPE")
    choice = {"beirut": beirut, "homs": homs}
    near = _nearest_known(village, [dateline, village, city], choice, set(), datelines=[(0, 9)])
    assert near is homs
    assert _nearest_known(village, [dateline, village, city], choice, set()) is beirut


def test_a_name_before_a_word_for_a_settlement_is_a_place_though_the_ner_says_person():
    # The Irrawaddy (2023): the NER tags "Pan Nyo" PERSON
    text = (
        "Around 150 houses were looted and burned by Myanmar junta forces in Myaung Township, Sagaing "
        "Region, on Monday, according to resistance forces. On Saturday, around 100 troops and Pyu Saw "
        "Htee militia allies arrived by motorboat and occupied Pan Nyo village at the confluence of the "
        "Ayeyarwady and Chindwin rivers."
    )
    by_name = places_by_surface(text, "Pan Nyo")
    assert by_name["Pan Nyo"].place.country_code == "MM"


def test_a_township_of_a_region_stands_at_the_regions_town_the_story_names():
    # The Irrawaddy (2023), two sentences of one report
    text = (
        "Around 150 houses were looted and burned by Myanmar junta forces in Myaung Township, Sagaing "
        "Region, on Monday, according to resistance forces. Nyaung Pin Gyi is across the Chindwin River "
        "from Monywa town, where the regime's Northwestern Command is based."
    )
    by_name = places_by_surface(text, "Myaung Township", "Monywa", "Sagaing Region")
    township, monywa = by_name["Myaung Township"], by_name["Monywa"].place
    assert km(township.place, monywa) < 1
    assert township.precision == 2
    assert km(by_name["Sagaing Region"].place, monywa) > 100  # the region's middle is far off


def test_a_township_of_a_region_the_story_names_no_town_of_stays_at_the_region():
    text = "Around 150 houses were looted and burned by Myanmar junta forces in Myaung Township, Sagaing Region."
    by_name = places_by_surface(text, "Myaung Township", "Sagaing Region")
    assert by_name["Myaung Township"].precision == 3
    assert km(by_name["Myaung Township"].place, by_name["Sagaing Region"].place) < 1


@pytest.mark.parametrize(
    ("text", "surface", "country"),
    [
        # The Guardian (June 2019): spaCy tags only "Ireland"
        (
            "The New IRA has claimed responsibility for an attempt to murder a police officer with a car "
            "bomb in Northern Ireland last week.",
            "Northern Ireland",
            "GB",
        ),
        ("Fighting broke out again in South Sudan on Monday.", "South Sudan", "SS"),
    ],
)
def test_the_word_before_a_place_that_makes_a_longer_name_belongs_to_it(text, surface, country):
    by_name = places_by_surface(text, surface)
    assert by_name[surface].place.country_code == country


def test_a_word_before_a_place_that_makes_no_name_stays_out():
    by_name = places_by_surface("Then Ireland won the match in Dublin.", "Dublin")
    assert "Then Ireland" not in by_name


def test_prepare_builds_the_spelling_index_before_the_first_miss():
    record = {"geonameid": 1, "name": "Deir ez-Zor", "latitude": 35.3, "longitude": 40.1, "countrycode": "SY"}
    gaz = MemoryGazetteer.build([record])
    assert gaz._compact is None
    gaz.prepare()
    assert gaz._compact is not None
    assert [p.name for p in gaz.lookup("Deir Ezzor")] == ["Deir ez-Zor"]
