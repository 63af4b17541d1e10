from __future__ import annotations

import pytest

from ingest.extraction.nlp import annotate
from ingest.extraction.places import resolve_places


def _resolve(text):
    places = resolve_places(text, annotate(text))
    return {r.surfaces[0]: r.place for r in places.resolved.values()}, places


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Militias clashed in Tripoli on Friday, Libya's interior ministry said.", "LY"),
        ("Clashes erupted in Tripoli in northern Lebanon between Alawite and Sunni gunmen.", "LB"),
        ("Rebels shelled Tripoli, a city in Lebanon, on Monday.", "LB"),
    ],
)
def test_tripoli_follows_the_country_in_context(text, country):
    found, _ = _resolve(text)
    assert found["Tripoli"].country_code == country


def test_arabic_article_spelling_finds_the_city():
    found, _ = _resolve("Turkey-backed forces continue to advance towards the town of al-Bab in Syria.")
    assert found["al-Bab"].country_code == "SY"
    assert abs(found["al-Bab"].latitude - 36.37) < 0.1


def test_big_city_beats_small_namesake_abroad():
    found, _ = _resolve("Thousands marched through Paris on Saturday against the reform.")
    assert found["Paris"].country_code == "FR"


def test_focus_is_the_most_mentioned_place():
    text = "Fighting continued in Mosul. Troops entered Mosul from the east. Iraq said Mosul would fall."
    _, places = _resolve(text)
    assert places.focus is not None
    assert places.resolved[places.focus].place.name == "Mosul"
    assert places.focus_country == "IQ"


def test_unknown_place_with_country_context_falls_back_coarsely():
    text = "Rebels seized Dabiq, a small town in northern Syria, after clashes near Aleppo."
    _, places = _resolve(text)
    dabiq = [r for r in places.resolved.values() if "Dabiq" in r.surfaces]
    assert dabiq
    assert dabiq[0].precision > 1
    assert dabiq[0].place.country_code == "SY"


def test_actor_names_are_not_toponyms():
    from ingest.extraction.actors import dictionary_mentions

    text = "Hezbollah fighters clashed with Syrian troops near Qusayr."
    blocked = [(m.start, m.end) for m in dictionary_mentions(text)]
    places = resolve_places(text, annotate(text), blocked=blocked)
    assert all("Hezbollah" not in r.surfaces for r in places.resolved.values())


def test_demonym_joins_the_named_country_entry(pipeline):
    text = "Fighting went on in the northern Iraqi city of Mosul. Iraq said the city would fall."
    locs = pipeline.extract(text, published="2016-10-17").locations
    iraq = [loc for loc in locs if loc.country_code == "IQ" and loc.feature == "country"]
    assert len(iraq) == 1
    assert set(iraq[0].aliases) == {"Iraq", "Iraqi"}


def test_old_or_translated_name_does_not_beat_the_place_itself(pipeline):
    text = "Police in Salisbury, England, said the nerve agent was found in a park."
    locs = {loc.aliases[0]: loc for loc in pipeline.extract(text, published="2018-03-10").locations}
    assert locs["Salisbury"].country_code == "GB"


def test_state_actor_nationality_is_country_context(pipeline):
    text = "Malian soldiers and Wagner mercenaries executed dozens of civilians in Moura, witnesses said."
    (event,) = pipeline.extract(text, published="2024-03-15").events
    assert event.country_code == "ML"
