from __future__ import annotations

import pytest

from ingest.extraction.actors import (
    bare_force_mentions,
    dictionary_mentions,
    resolve_actors,
    state_mentions,
    strip_titles,
)
from ingest.extraction.nlp import annotate


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("ISIS fighters fled the town.", "Islamic State"),
        ("Daesh claimed the attack.", "Islamic State"),
        ("The ISIL group retreated.", "Islamic State"),
        ("Ansar Allah fired a missile.", "Houthis"),
        ("al-Shabab militants attacked a base.", "al-Shabaab"),
        ("Hashd al-Shaabi units advanced.", "Popular Mobilization Forces"),
        ("The Rapid Support Forces shelled the city.", "Rapid Support Forces"),
    ],
)
def test_aliases_resolve_to_one_canonical_actor(text, name):
    assert name in {m.name for m in dictionary_mentions(text)}


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("the Iraqi army advanced", "Military Forces of Iraq", "IQ"),
        ("Iraqi forces entered", "Military Forces of Iraq", "IQ"),
        ("Iraq's Security Forces have", "Military Forces of Iraq", "IQ"),
        ("Iraqi troops moved", "Military Forces of Iraq", "IQ"),
        ("Nigerian soldiers killed", "Military Forces of Nigeria", "NG"),
        ("Kenyan police fired tear gas", "Police Forces of Kenya", "KE"),
        ("the Turkish government said", "Government of Turkey", "TR"),
        ("U.S. warplanes struck", "Military Forces of the United States", "US"),
    ],
)
def test_state_forces_are_generated_for_every_country(text, name, code):
    found = state_mentions(text)
    assert [(m.name, m.country_code, m.kind in ("state_force", "government")) for m in found] == [(name, code, True)]


@pytest.mark.parametrize(
    "text",
    [
        # Al Jazeera, Northern Kosovo clashes (2012)
        "At least four Serbs and two NATO soldiers were injured as NATO Kosovo Force attempted to dismantle roadblocks.",
        "The UN Mali force said two peacekeepers were wounded.",
        "The African Union Somalia troops withdrew from the base.",
    ],
)
def test_an_organisations_mission_named_after_a_country_is_not_that_states_force(text):
    assert [m.name for m in state_mentions(text) if m.kind == "state_force"] == []


def test_a_states_own_force_still_counts_after_an_unrelated_word():
    assert [m.name for m in state_mentions("NATO said Kosovo troops patrolled the border.")] == [
        "Military Forces of Kosovo"
    ]


def test_contextual_alias_depends_on_the_article_country():
    assert dictionary_mentions("Kurdish forces advanced.", "IQ")[0].name == "Peshmerga"
    assert dictionary_mentions("Kurdish forces advanced.", "SY")[0].name == "People's Protection Units"


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Sir Michael Fallon", "Michael Fallon"),
        ("Defence Secretary Sir Michael Fallon", "Michael Fallon"),
        ("President Buhari", "Buhari"),
        ("Gen. Qasem Soleimani", "Qasem Soleimani"),
    ],
)
def test_titles_are_stripped_from_person_names(raw, clean):
    assert strip_titles(raw) == clean


def test_generic_mentions_are_carried_back_to_the_last_armed_group():
    text = "Boko Haram fighters raided the village. The militants then burned the market."
    paras = annotate(text)
    actors = resolve_actors(text, paras)
    coref = [m for m in actors.mentions if m.surface.lower().endswith("militants") and m.start > 30]
    assert coref
    assert coref[0].name == "Boko Haram"


def test_short_and_full_person_names_join():
    text = "Defence Secretary Sir Michael Fallon spoke on Monday. Sir Michael said the city would fall."
    actors = resolve_actors(text, annotate(text))
    persons = {m.name for m in actors.mentions if m.kind == "person"}
    assert persons == {"Michael Fallon"}


def test_seed_actors_name_state_forces_in_one_style():
    from ingest.extraction.actors import seed_actors

    seeds = {s.name: s for s in seed_actors()}
    assert "Iraqi army" in seeds["Military Forces of Iraq"].aliases
    assert "Nigerian police" in seeds["Police Forces of Nigeria"].aliases
    assert seeds["Military Forces of Israel"].aliases.count("IDF") == 1
    assert {"ISIS", "Daesh"} <= set(seeds["Islamic State"].aliases)
    assert len(seeds) == len(seed_actors())  # no name twice


def test_extra_actors_leave_seed_aliases_to_the_dictionary():
    from ingest.extraction.actors import compile_extra_actors, freeze_extra_actors

    rows = freeze_extra_actors(
        [("Islamic State", ["ISIS", "Daesh militants"], "rebel_group"), ("Zintan", [], "militia")]
    )
    rx, owners = compile_extra_actors(rows)
    assert set(owners) == {"Daesh militants", "Zintan"}
    assert [m.group(0) for m in rx.finditer("Zintan and Daesh militants; Zintani")] == ["Zintan", "Daesh militants"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # Al Jazeera, Northern Kosovo clashes (2012)
        ("Reports said soldiers from the NATO-led contingent had fired rubber bullets.", []),
        ("Witnesses said troops of the African Union mission left the town.", []),
        ("Reports said soldiers had fired rubber bullets.", ["Military Forces of Nigeria"]),
        ("Witnesses said troops of this unit left the town.", ["Military Forces of Nigeria"]),
    ],
)
def test_a_bare_force_whose_owner_follows_it_gets_no_guessed_nationality(text, names):
    assert [m.name for m in bare_force_mentions(text, [], "NG")] == names


@pytest.mark.parametrize("unit", ["Metres", "Kilometres", "Miles"])
def test_a_capitalised_unit_of_measure_is_no_actor(pipeline, unit):
    text = (
        "The backup team suffered an attack by separatist fighters along the Babanki highway, few "
        f"{unit} to Mbingo, in the North West region of Cameroon on Thursday."
    )
    result = pipeline.extract(text, published="2019-03-21")
    assert unit not in {a.name for a in result.actors}
    assert all(e.actor2 != unit for e in result.events)
