from __future__ import annotations

import pytest

from ingest.extraction.gazetteer import MemoryGazetteer, name_keys


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Mosul", "IQ"),
        ("al-Bab", "SY"),
        ("Al Bab", "SY"),
        ("Raqqa", "SY"),
        ("Kabul", "AF"),
        ("Syria", "SY"),
        ("Turkey", "TR"),
        ("Ivory Coast", "CI"),
        ("Russia", "RU"),
        ("Iran", "IR"),
    ],
)
def test_lookup_finds_places_by_common_spelling(gazetteer, name, country):
    assert country in {p.country_code for p in gazetteer.lookup(name)}


@pytest.mark.parametrize(("name", "code"), [("Iraqi", "IQ"), ("Turkish", "TR"), ("British", "GB"), ("U.S.", "US")])
def test_demonyms_map_to_countries(gazetteer, name, code):
    assert gazetteer.country_code_for(name) == code


def test_every_country_has_a_centre(gazetteer):
    for code in ("IQ", "US", "FR", "NG", "XK"):
        place = gazetteer.country(code)
        assert place is not None
        assert -90 <= place.latitude <= 90


def test_arabic_article_is_optional_in_keys():
    assert name_keys("al-Bab") == ["al bab", "bab"]


def test_from_geonames_file_streams_tsv(tmp_path):
    row = [
        "99072",
        "Mosul",
        "Mosul",
        "Al Mawsil,Mossoul",
        "36.335",
        "43.11889",
        "P",
        "PPLA",
        "IQ",
        "",
        "15",
        "",
        "",
        "",
        "1683000",
        "",
        "223",
        "Asia/Baghdad",
        "2020-01-01",
    ]
    lake = ["1", "Lake", "Lake", "", "1", "1", "H", "LK", "IQ", "", "", "", "", "", "0", "", "", "", ""]
    path = tmp_path / "cities.txt"
    path.write_text("\t".join(row) + "\n" + "\t".join(lake) + "\n", encoding="utf-8")
    gaz = MemoryGazetteer.from_geonames_file(path)
    assert [p.geonames_id for p in gaz.lookup("Mossoul")] == [99072]
    assert gaz.lookup("Lake") == []


def test_a_us_county_is_a_second_level_division_centred_in_its_state(gazetteer):
    counties = [p for p in gazetteer.lookup("Cook County") if p.feature == "admin2"]
    illinois = next(p for p in counties if p.admin1 == "IL")
    chicago = max((p for p in gazetteer.lookup("Chicago") if p.country_code == "US"), key=lambda p: p.population)
    assert len(counties) > 1  # several states have a Cook County
    assert abs(illinois.latitude - chicago.latitude) < 1.5
    assert abs(illinois.longitude - chicago.longitude) < 1.5


def test_a_bare_county_name_is_not_indexed_as_the_county(gazetteer):
    assert all(p.feature != "admin2" for p in gazetteer.lookup("Cook"))
    assert [p.admin1 for p in gazetteer.lookup("St. Louis County") if p.feature == "admin2"]


@pytest.mark.parametrize(
    ("name", "near"),
    [
        ("Kent", "Maidstone"),
        ("Norfolk", "Norwich"),
        ("Fife", "Glenrothes"),
        ("Ceredigion", "Aberystwyth"),
        ("County Durham", "Durham"),  # GeoNames spells it "Durham, County"
    ],
)
def test_a_british_county_named_bare_is_indexed(gazetteer, name, near):
    county = next(p for p in gazetteer.lookup(name) if p.feature == "admin2" and p.country_code == "GB")
    town = max((p for p in gazetteer.lookup(near) if p.country_code == "GB"), key=lambda p: p.population)
    assert abs(county.latitude - town.latitude) < 0.8
    assert abs(county.longitude - town.longitude) < 0.8


@pytest.mark.parametrize("name", ["York", "Cardiff", "Stirling", "Bristol"])
def test_an_authority_named_after_its_city_leaves_the_name_to_the_city(gazetteer, name):
    assert not [p for p in gazetteer.lookup(name) if p.feature == "admin2" and p.country_code == "GB"]
    assert [p for p in gazetteer.lookup(name) if p.feature == "city" and p.country_code == "GB"]


def test_a_county_in_a_british_story_is_the_county(pipeline):
    text = (
        "Police in Kent said two men were arrested after a crash at Brands Hatch, the circuit near "
        "Swanley, on Sunday. A third man from Norfolk was taken to hospital in London."
    )
    places = {p.name: p for p in pipeline.extract(text, published="2018-04-01").locations}
    assert places["Kent"].country_code == "GB"
    assert places["Norfolk"].country_code == "GB"


@pytest.mark.parametrize(
    ("name", "alternates", "biggest_city", "display"),
    [
        # named after its biggest city, in the city's adjective: English copy gives the city's name
        ("Belgorodskaya oblast'", ("Belqorod vilayəti",), "Belgorod", "Belgorod"),
        ("Kurskaya oblast'", (), "Kursk", "Kursk"),
        # an English alias with a word for a division: the name without it
        ("Ar Riyāḑ", ("Riyadh Province",), "Riyadh", "Riyadh"),
        ("Moravskoslezský kraj", ("Moravian-Silesian Region",), "Ostrava", "Moravian-Silesian"),
        # a plain English alias wins; a division not named after its city keeps its own name
        ("Nīnawá", ("Nineveh", "Ninawa Governorate"), "Mosul", "Nineveh"),
        ("Moskovskaya oblast'", (), "Balashikha", "Moskovskaya oblast'"),
        ("Ufimskaya oblast'", (), "Ufa", "Ufimskaya oblast'"),  # too short a name to tell
        # a local word for a division marks a local form: the English alias, else the name without
        # its romanisation marks (not the local form's stem, "Qandahor")
        ("Kolubarski okrug", ("Kolubara",), "Valjevo", "Kolubara"),
        ("Batys Qazaqstan oblysy", ("West Kazakhstan", "Zapadno-Kazakhstanskaya Oblast’"), "Oral", "West Kazakhstan"),
        ("Kandahār", ("Qandahor viloyati",), "Kandahār", "Kandahar"),
        ("Mahārāshtra", (), "Mumbai", "Maharashtra"),
        # a language's own letters stay
        ("Entre Ríos", (), "Paraná", "Entre Ríos"),
        ("Durrës", (), "Durrës", "Durrës"),
    ],
)
def test_a_division_is_displayed_by_its_english_name(name, alternates, biggest_city, display):
    from ingest.extraction.gazetteer import Admin1Row, _admin1_display

    assert _admin1_display(Admin1Row("XX.01", name, None, "Region", alternates), biggest_city) == display


def test_a_russian_region_named_after_its_city_is_found_by_that_name(gazetteer, pipeline):
    assert any(p.feature == "admin1" and p.country_code == "RU" for p in gazetteer.lookup("Belgorod"))
    # UrduPoint / Sputnik, 11 May 2022, trimmed
    text = (
        "Russian air defense in the Kursk region shot down a Ukrainian drone in the border zone, "
        "no casualties or damage were reported, the governor of the region said on Wednesday."
    )
    kursk = next(p for p in pipeline.extract(text, published="2022-05-11").locations if "Kursk" in p.aliases)
    assert (kursk.country_code, kursk.feature) == ("RU", "admin1")


@pytest.mark.parametrize(
    ("name", "country", "point"),
    [
        ("Lake Chad", None, (13.0, 14.0)),
        ("the Gulf of Aden", None, (12.5, 48.0)),
        ("Sea of Azov", None, (46.0, 36.5)),
        ("Eastern Ghouta", "SY", (33.5, 36.4)),
        ("East Ghouta", "SY", (33.5, 36.4)),
        ("Korean Peninsula", None, (38.0, 127.5)),
        ("North Caucasus", "RU", (43.3, 45.0)),
        ("Western Europe", None, (48.5, 5.0)),
    ],
)
def test_regions_the_press_names_are_in_the_gazetteer(gazetteer, name, country, point):
    regions = [p for p in gazetteer.lookup(name.removeprefix("the ")) if p.feature == "region"]
    assert regions, name
    assert regions[0].country_code == country
    assert abs(regions[0].latitude - point[0]) < 1
    assert abs(regions[0].longitude - point[1]) < 1


def test_a_region_in_a_story_about_elsewhere_keeps_its_own_point(pipeline):
    # written for the test: a Russian statement on a Syrian region
    text = (
        "Russia's defence ministry said on Tuesday that its aircraft had not struck Eastern Ghouta, "
        "where residents reported heavy shelling overnight."
    )
    ghouta = next(p for p in pipeline.extract(text, published="2018-02-27").locations if p.name == "Eastern Ghouta")
    assert ghouta.country_code == "SY"


def test_a_county_beside_a_city_the_story_names_is_that_citys(pipeline):
    # written for the test: Ohio, Indiana and Tennessee each have a Hamilton County
    text = "A car chase that began in Chattanooga on Friday ended when deputies in Hamilton County stopped the van."
    places = {p.name: p for p in pipeline.extract(text, published="2018-04-05").locations}
    county, city = places["Hamilton County"], places["Chattanooga"]
    assert abs(county.latitude - city.latitude) < 0.5
    assert abs(county.longitude - city.longitude) < 0.5
