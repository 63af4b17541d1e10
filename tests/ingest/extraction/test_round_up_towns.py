"""A report that goes on to another town's attack, told in its own paragraph with its own dead:

* "an insurgent group attacked …" is an unnamed armed group acting, not no one;
* a name the NER takes for a person is a place when "town" follows it ("Nangade town"), though not
  in "Trump town hall";
* a later paragraph's attack with its own toll in another town is its own incident, unless the
  town lies in the region the first was placed in.

Written for these tests after the pattern of Mozambican wire copy; none is from a reference article.
"""

from __future__ import annotations

from ingest.extraction.places import _SETTLEMENT_AFTER

PUB = "2019-08-28"  # a Wednesday


def test_another_towns_attack_with_its_own_dead_is_its_own_incident(pipeline):
    result = pipeline.extract(
        "Last Friday, insurgents killed two people in Machava village, in Nangade district, in the province "
        "of Cabo Delgado. They were shot dead as they were returning home.\n\n"
        "Later on Friday, an insurgent group attacked an outlying neighbourhood of Nangade town, where they "
        "killed three people.",
        published=PUB,
    )
    attacks = sorted((e.location, e.fatalities) for e in result.events if e.sub_event_type == "attack")
    assert attacks == [("Machava", 2), ("Nangade", 3)]
    assert {e.actor1 for e in result.events} == {"Unidentified Armed Group"}


def test_a_town_inside_the_region_of_the_lead_is_the_same_incident(pipeline):
    result = pipeline.extract(
        "An air strike on a village in the Sagaing region killed at least 17 people late on Sunday, residents "
        "said.\n\nTwo fighter jets dropped bombs on a village in Kanbalu township at around 10 p.m., killing 17 "
        "people, the resistance said.",
        published="2024-03-12",
    )
    assert [e.sub_event_type for e in result.events] == ["air_drone_strike"]


def test_town_after_a_name_makes_it_a_place_but_not_town_hall():
    assert _SETTLEMENT_AFTER.match(" town itself")
    assert _SETTLEMENT_AFTER.match(" village")
    assert not _SETTLEMENT_AFTER.match(" town hall in Iowa")
    assert not _SETTLEMENT_AFTER.match(" town council")


def test_towns_named_together_are_an_event_each(pipeline):
    result = pipeline.extract(
        "At least 42 civilians have been killed in government air strikes in northwest Syria, a monitoring "
        "group said on Monday. The raids hit the towns of Saraqeb and Ehsim in Idlib province on Sunday, the "
        "group said.",
        published="2014-09-22",
    )
    strikes = sorted((e.location, e.fatalities) for e in result.events if e.sub_event_type == "air_drone_strike")
    assert [loc for loc, _ in strikes] == ["Ehsim", "Saraqib"]
    assert sorted(dead for _, dead in strikes if dead is not None) == [42]  # the toll is not shared out


def test_the_second_of_a_plural_cue_is_a_place(pipeline):
    result = pipeline.extract(
        "Government warplanes struck the villages of Kafr Nabl and Ehsim in Idlib province on Sunday.",
        published="2014-09-22",
    )
    assert "Ehsim" in {loc.name for loc in result.locations}


def test_a_road_between_two_towns_is_one_place(pipeline):
    result = pipeline.extract(
        "Unidentified gunmen abducted three aid workers on the road between El Fasher and Kutum on Thursday, "
        "the United Nations said.",
        published="2024-06-02",
    )
    assert len(result.events) == 1


def test_names_joined_before_a_plural_settlement_noun_are_places_and_events(pipeline):
    result = pipeline.extract(
        "Junta troops arrived in Myaung Township on Wednesday and torched homes in Kyi Pin and Nyaung Kone "
        "villages, residents said.",
        published="2023-07-06",
    )
    assert "Kyi Pin" in {loc.name for loc in result.locations}
    arson = [e.location for e in result.events if e.sub_event_type == "looting_property_destruction"]
    assert len(arson) == len(set(arson)) == 2  # one a village ("Nyaung Kone" the gazetteer spells "Nyaung Gon")
    assert "Kyi Pin" in arson
