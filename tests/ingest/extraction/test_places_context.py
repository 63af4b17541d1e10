"""Place resolution rules learnt from general news (GeoWebNews diagnosis), on our own sentences."""

from __future__ import annotations

from collections import Counter

import pytest

from ingest.extraction.gazetteer import Place
from ingest.extraction.nlp import annotate
from ingest.extraction.places import (
    Toponym,
    _comma_divisions,
    _dateline_toponyms,
    _facility_toponyms,
    _fame_gap,
    _likeliest,
    _listed_toponyms,
    _mask_names,
    _named_facility,
    _names_a_person,
    _person_not_place,
    _place_cued,
    _score,
    _top_city_population,
    _worth_a_fallback,
    find_toponyms,
    resolve_places,
)


def _topo(surface: str, start: int = 0, label: str = "GPE") -> Toponym:
    return Toponym(start, start + len(surface), surface, 0, label)


@pytest.mark.parametrize(
    ("surface", "label", "cued", "persons", "expected"),
    [
        ("KLMQ", "GPE", True, [], False),  # an unknown acronym is an organisation, even after "in"
        ("Zorvathen", "GPE", False, [], False),  # a lone unknown word with nothing saying place
        ("Zorvathen", "GPE", True, [], True),  # ... unless a place cue comes before it
        ("Zorvathen Marsh", "LOC", False, [], True),  # a multi-word name the NER calls LOC is kept
        ("Zorvathen Rovers", "GPE", False, [], False),  # GPE with no cue: a team or firm as often
        ("Zorvathen Rovers", "GPE", True, [], True),  # ... a cue settles it
        ("Marta Quellby", "LOC", False, [("marta quellby", 500)], False),  # a PERSON elsewhere is that person
        ("Quellby Tower", "GPE", False, [("quellby tower", 500)], True),  # a building word outweighs that
        ("Paris", "GPE", False, [], True),  # anything the gazetteer knows is kept
    ],
)
def test_an_unknown_name_needs_some_sign_of_a_place(gazetteer, surface, label, cued, persons, expected):
    assert _worth_a_fallback([_topo(surface, label=label)], cued, gazetteer, persons) is expected


def test_an_unknown_dateline_name_is_kept_without_a_cue(gazetteer):
    t = Toponym(0, 11, "CAMP ZORVA", 0, "GPE", dateline=True)
    assert _worth_a_fallback([t], False, gazetteer, [])


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("The mill stood in Quellby, Zorvathenshire, until 1950.", "Zorvathenshire", True),  # after a place
        ("The mill stood in Quellby, Zorvathenshire, until 1950.", "Quellby", True),  # after "in"
        ("Zorvathen, a small town on the coast, flooded.", "Zorvathen", True),  # an appositive says town
        ("Zorvathen said the rains would stop.", "Zorvathen", False),
    ],
)
def test_place_cues_before_and_after_a_name(text, name, expected):
    toponyms = [_topo(w, text.index(w)) for w in ("Quellby", "Zorvathenshire") if w in text and w != name]
    assert _place_cued(text, _topo(name, text.index(name)), toponyms) is expected


def test_unknown_acronym_tagged_as_place_is_not_reported():
    text = "Delegates flew to Abuja to join the ZPRC summit in Nigeria."
    places = resolve_places(text, annotate(text))
    surfaces = {s for r in places.resolved.values() for s in r.surfaces}
    assert "ZPRC" not in surfaces
    assert {"Abuja", "Nigeria"} <= surfaces


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PLEASANTON, Calif. (AP) \u2014 Firefighters contained a grass fire on Tuesday.", "PLEASANTON"),
        ("SAN ANTONIO (AP) - The council voted on the budget.", "SAN ANTONIO"),
        ("GRANT COUNTY, Ore. \u2014 Deputies searched the hills.", "GRANT COUNTY"),
        ("(CNN) \u2014 The storm moved north overnight.", None),  # an agency, not a place
        ("UPDATE: The road reopened at noon.", None),
    ],
)
def test_a_dateline_in_capitals_is_a_place(gazetteer, text, expected):
    found = _dateline_toponyms(text, annotate(text), gazetteer, [], [])
    assert [t.surface for t in found] == ([expected] if expected else [])


def test_a_state_abbreviation_after_a_place_is_found(gazetteer):
    text = "She grew up in Billings, Mont., and moved to Ohio."
    billings = _topo("Billings", text.index("Billings"))
    (state,) = _comma_divisions(text, gazetteer, [billings], [])
    assert state.surface == "Mont."


@pytest.mark.parametrize(
    ("text", "first", "label", "expected"),
    [
        ("Two walkers were found near Aberaeron, Ceredigion, on Friday.", "Aberaeron", "GPE", "Ceredigion"),
        ("The rally moves to Stirling, Fife, in May.", "Stirling", "GPE", "Fife"),
        ("Voting is at the Farnham Hotel, Cavan; the count follows.", "Farnham Hotel", "FAC", "Cavan"),
        ("He met Anna Roth, Swindon's mayor, at noon.", "Anna Roth", "GPE", None),  # a town after a person
        ("She lives in Stirling, Falkirk and Perth.", "Stirling", "GPE", None),  # a city after a town: a list
    ],
)
def test_a_county_after_a_place_and_a_town_after_a_building(gazetteer, text, first, label, expected):
    found = _comma_divisions(text, gazetteer, [_topo(first, text.index(first), label)], [])
    assert [t.surface for t in found] == ([expected] if expected else [])


def test_a_dotted_abbreviation_resolves_to_the_division_it_abbreviates():
    text = "Marchers rallied in Richmond, Va., and in Washington, D.C., on Sunday."
    places = resolve_places(text, annotate(text))
    by_surface = {s: r.place for r in places.resolved.values() for s in r.surfaces}
    assert (by_surface["D.C."].name, by_surface["D.C."].feature) == ("District of Columbia", "admin1")
    assert (by_surface["Va."].name, by_surface["Va."].feature) == ("Virginia", "admin1")


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Altnaveigh Memorial Hospital", True),
        ("Kingsley Road", True),
        ("Quellby Town Hall", True),
        ("Supreme Court", False),  # an institution, wherever it sits
        ("State University", False),
        ("Memorial Fund", False),  # no building word
        ("Hospital", False),
    ],
)
def test_named_facility(surface, expected):
    assert _named_facility(surface) is expected


def test_a_building_the_ner_calls_an_organisation_is_placed_in_its_city():
    text = "The injured were taken to Altnaveigh Memorial Hospital, police in Leeds said."
    places = resolve_places(text, annotate(text))
    by_surface = {s: r for r in places.resolved.values() for s in r.surfaces}
    hospital = by_surface["Altnaveigh Memorial Hospital"]
    assert hospital.precision == 2
    assert hospital.place.latitude == by_surface["Leeds"].place.latitude


def test_a_possessive_place_is_split_from_its_building(gazetteer):
    text = "She was treated at Leeds' General Infirmary and later at Derry\u2019s Altnaveigh Hospital."
    start = text.index("Derry")
    found = _facility_toponyms(text, start, "Derry\u2019s Altnaveigh Hospital", 0, gazetteer)
    assert [(t.surface, t.label) for t in found] == [("Derry", "GPE"), ("Altnaveigh Hospital", "FAC")]
    assert text[found[1].start : found[1].end] == "Altnaveigh Hospital"


def test_a_country_word_inside_a_place_name_is_no_country_context():
    text = (
        "The concert moved from the Percy French Hotel to the Ramor Theatre after the fire. "
        "Ballyjamesduff in Ireland has hosted the festival for years."
    )
    places = resolve_places(text, annotate(text))
    by_surface = {s: r.place for r in places.resolved.values() for s in r.surfaces}
    assert by_surface["Ramor Theatre"].country_code == "IE"
    assert by_surface["Percy French Hotel"].country_code == "IE"


def test_mask_names_keeps_only_country_names(gazetteer):
    text = "From the Percy French Hotel to France."
    hotel = _topo("Percy French Hotel", text.index("Percy"))
    france = _topo("France", text.index("France"))
    masked = _mask_names(text, [hotel, france], gazetteer)
    assert "French" not in masked
    assert "France" in masked
    assert len(masked) == len(text)


def test_an_abbreviated_saint_is_the_famous_city_not_a_namesake_spelt_the_same():
    text = "Thousands of protesters marched in St. Petersburg on Saturday."
    places = resolve_places(text, annotate(text))
    by_surface = {s: r.place for r in places.resolved.values() for s in r.surfaces}
    assert by_surface["St. Petersburg"].country_code == "RU"


@pytest.mark.parametrize(
    ("codes", "counts", "expected"),
    [({"GE", "AZ"}, {"AZ": 1, "GE": 3}, "GE"), ({"GE", "AZ"}, {}, "AZ"), (set(), {"GE": 1}, None)],
)
def test_likeliest_country_is_the_most_mentioned_then_the_first_code(codes, counts, expected):
    assert _likeliest(codes, Counter(counts)) == expected


def _city(name: str, code: str, population: int, lat: float = 0.0, lon: float = 0.0) -> Place:
    return Place(None, name, code, None, "city", lat, lon, population)


@pytest.mark.parametrize(
    ("local", "expected"),
    [
        (set(), "GB"),  # the article's US context is read from elsewhere: the far bigger city wins
        ({"US"}, "US"),  # the US is named in the same sentence: the small namesake wins
    ],
)
def test_a_much_bigger_namesake_beats_weak_country_context(local, expected):
    cands = [_city("Bramford", "GB", 600_000), _city("Bramford", "US", 90_000)]
    ctx = Counter({"US": 6, "GB": 1})
    t = _topo("Bramford")
    top = _top_city_population(cands, "bramford", ctx)
    best = max(cands, key=lambda p: _score(p, t, ctx, local, (), "bramford", top))
    assert best.country_code == expected


def test_a_namesake_in_a_country_the_article_never_mentions_sets_no_fame_bar():
    cands = [_city("Bramford", "ZA", 150_000), _city("Bramford", "IE", 3_000)]
    assert _top_city_population(cands, "bramford", Counter({"IE": 3})) == 3_000  # the ZA city is no bar
    assert _fame_gap(3_000, 0) == 0.0
    assert _fame_gap(3_000, 150_000) > 2


def test_a_county_of_a_state_the_article_names_beats_a_bigger_namesake():
    counties = [
        Place(None, "Lorne County", "US", "TX", "admin2", 31.0, -97.0, 90_000),
        Place(None, "Lorne County", "US", "KY", "admin2", 37.5, -85.0, 20_000),
    ]
    kentucky = Place(None, "Kentucky", "US", "KY", "admin1", 37.5, -85.3, 500_000)
    t = _topo("Lorne County")
    ctx = Counter({"US": 3})
    best = max(counties, key=lambda p: _score(p, t, ctx, set(), [kentucky], "lorne county|division"))
    assert best.admin1 == "KY"
    assert max(counties, key=lambda p: _score(p, t, ctx, set(), [], "lorne county|division")).admin1 == "TX"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a surname of a person the article names is no town after "to", "according to", "at"
        ("The adviser John Bolton met reporters on Monday. The president offered the job to Bolton in a meeting.", []),
        ("Campbell Davis is a trade envoy. According to Davis, the talks went well.", []),
        # "in" still puts the same word on the map
        ("Senator Ruth Davis spoke on Monday. Flooding was reported in Davis after the storm.", ["Davis"]),
    ],
)
def test_a_surname_of_a_named_person_is_a_place_only_after_a_locative_cue(gazetteer, text, expected):
    assert [t.surface for t in find_toponyms(text, annotate(text), gazetteer)] == expected


def test_names_a_person_needs_a_full_personal_name():
    assert _names_a_person("Kelly", {"john", "kelly"})
    assert not _names_a_person("Kelly Springs", {"john", "kelly"})
    assert not _names_a_person("Hayes", {"john", "kelly"})


def _listed(text: str, seed: str, gazetteer, surnames: frozenset[str] = frozenset()) -> list[str]:
    start = text.index(seed)
    found = [Toponym(start, start + len(seed), seed, 0, "GPE")]
    return sorted(t.surface for t in _listed_toponyms(text, gazetteer, found, [], set(surnames)))


@pytest.mark.parametrize(
    ("text", "seed", "surnames", "expected"),
    [
        # towns coordinated with a place are places, in either direction along the list
        (
            "The chain sold its stores in Kassel, Erfurt, Bremen and Zwickau.",
            "Bremen",
            (),
            ["Erfurt", "Kassel", "Zwickau"],
        ),
        # a word that opens the sentence heads no list
        ("Still, Bremen voted for the plan.", "Bremen", (), []),
        # nor does a word the article also writes in lower case, an acronym, or a named person's surname
        ("Offices in Bremen, Reading and DTM. Reading the report took hours; reading is slow.", "Bremen", (), []),
        ("John Kassel spoke. Shops in Bremen and Kassel shut.", "Bremen", ("john", "kassel"), []),
    ],
)
def test_known_towns_listed_with_a_place_are_places(gazetteer, text, seed, surnames, expected):
    assert _listed(text, seed, gazetteer, frozenset(surnames)) == expected


def test_a_month_after_a_dateline_place_is_no_listed_town(gazetteer):
    assert _listed("QUETTA, Pakistan, Dec 12 (Reuters) - Gunmen attacked a post.", "Pakistan", gazetteer) == []


@pytest.mark.parametrize(
    ("text", "surname", "expected"),
    [
        ("Police questioned Dorla on Monday.", True, True),  # a word of a full personal name, no cue
        ("Floods hit homes in Dorla on Monday.", True, False),  # "in" puts it on the map
        ("Aid went to the Dorla camp.", False, True),  # only ever PERSON alone, and no cue
        ("Aid piled up around Dorla.", False, False),  # "around" is enough for such a word
    ],
)
def test_a_place_word_the_ner_also_calls_a_person_needs_a_cue(text, surname, expected):
    start = text.index("Dorla")
    surnames = {"dorla", "ames"} if surname else set()
    assert _person_not_place(text, start, "Dorla", {"dorla"}, surnames) is expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Shells hit the Zorva Nadi displacement camp at dawn.", True),
        ("Supporters said Zorva Nadi played well.", False),
    ],
)
def test_a_feature_noun_after_a_name_cues_a_place(text, expected):
    start = text.index("Zorva Nadi")
    assert _place_cued(text, _topo("Zorva Nadi", start), []) is expected


@pytest.mark.parametrize(
    ("text", "name", "country"),
    [
        # "near the border with Y": Y is the neighbour, the village lies in the article's country
        (
            "OUAGADOUGOU (AFP) - Jihadists attacked an army post in eastern Burkina Faso on Tuesday.\n\n"
            "Fighters stormed the military detachment in Mansila, near the border with Niger, before dawn.",
            "Mansila",
            "BF",
        ),
        (
            "Gunmen attacked a police post in Kenya's Mandera county on Monday.\n\n"
            "The attack happened in Elwak, a town on the border with Somalia, officials said.",
            "Elwak",
            "KE",
        ),
    ],
)
def test_a_country_across_the_border_is_not_the_places_country(pipeline, text, name, country):
    locations = {loc.name: loc for loc in pipeline.extract(text, published="2024-06-13").locations}
    assert locations[name].country_code == country
