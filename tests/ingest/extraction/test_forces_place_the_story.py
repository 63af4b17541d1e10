"""A country's own forces named by name say where a story is, as "Malian soldiers" do: "Gardai"
put a Dundalk in Ireland, not in Maryland; "the PSNI" put the places of a court report in Northern
Ireland. A place the gazetteer lacks, in a story that names no city of its own, stands in the city
its organisations' names open with ("Belfast Crown Court"), not in the middle of the country.
Sentences written for the test after the pattern of Irish and Northern Irish court and crime copy.
"""

from __future__ import annotations

PUB = "2018-04-05"
BELFAST = (54.6, -5.93)


def _places(pipeline, text: str):
    return {p.name: p for p in pipeline.extract(text, published=PUB).locations}


def test_an_irish_force_puts_a_namesake_in_ireland(pipeline):
    places = _places(pipeline, "Gardai are investigating the death of a man in Dundalk on Sunday night.")
    assert places["Dundalk"].country_code == "IE"


def test_a_place_the_gazetteer_lacks_stands_in_the_city_the_story_names_its_court_after(pipeline):
    text = (
        "A man has been remanded in custody after he appeared at Belfast Crown Court charged with a string "
        "of burglaries. The PSNI said homes in Glencairn Heights were broken into over three nights in March."
    )
    estate = _places(pipeline, text)["Glencairn Heights"]
    assert estate.country_code == "GB"
    assert abs(estate.latitude - BELFAST[0]) < 0.2
    assert abs(estate.longitude - BELFAST[1]) < 0.2
