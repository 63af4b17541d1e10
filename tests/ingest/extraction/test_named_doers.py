"""Who did it, when the text names the doer outside the trigger's own clause: the group blamed ("a
raid blamed on rebels", "police blamed the attack on Boko Haram"), the other side of the fight the
dead fell in ("killed in a gunfight with government forces"), and a follow-up that names the group
a lead left unnamed."""

from __future__ import annotations

import pytest

PUB = "2014-04-03"


@pytest.mark.parametrize(
    ("text", "doer"),
    [
        (
            # Sudan Tribune (April 2014)
            "Five people were killed and two others injured in Twic East county in Jonglei state following "
            "a raid on a cattle camp on Thursday morning which has been blamed on the SPLM-in-Opposition.",
            "Sudan People's Liberation Movement-in-Opposition",
        ),
        ("Police blamed the attack in Maiduguri on Boko Haram.", "Boko Haram"),
        ("The attack in Maiduguri on Sunday was blamed on Boko Haram.", "Boko Haram"),
        ("Police blamed Boko Haram for the attack in Maiduguri on Sunday that killed five people.", "Boko Haram"),
        ("Gunmen killed five people in Maiduguri on Sunday; the attack was attributed to Boko Haram.", "Boko Haram"),
    ],
)
def test_the_group_blamed_is_the_doer_not_the_target(pipeline, text, doer):
    events = [e for e in pipeline.extract(text, published=PUB).events if e.event_type != "strategic_developments"]
    assert events, "no event"
    assert events[0].actor1 == doer
    assert events[0].actor2 != doer


def test_whoever_blames_is_no_party_to_the_act(pipeline):
    events = pipeline.extract("Police blamed the attack in Maiduguri on Boko Haram.", published=PUB).events
    assert all("Police" not in (e.actor1 or "") for e in events)


def test_an_attack_on_a_group_is_not_blamed_on_it(pipeline):
    text = "Soldiers launched an attack on Boko Haram in Maiduguri on Sunday, killing five fighters."
    events = pipeline.extract(text, published=PUB).events
    assert events
    assert events[0].actor1 != "Boko Haram"


def test_a_follow_up_names_the_group_the_lead_left_unnamed(pipeline):
    text = (
        "Five people were killed in Twic East county on Thursday in a raid on a cattle camp blamed on "
        "rebels.\n\nThe county commissioner said armed groups believed to be part of the "
        "SPLM-in-Opposition carried out the attack."
    )
    events = [e for e in pipeline.extract(text, published=PUB).events if e.event_type != "strategic_developments"]
    assert len(events) == 1
    assert events[0].actor1 == "Sudan People's Liberation Movement-in-Opposition"


@pytest.mark.parametrize(
    ("text", "doer", "dead"),
    [
        (
            # Kashmir Reader (September 2020)
            "Anantnag: Two unidentified militants have been killed here in Samboora area of Pulwama "
            "district in an ongoing gunfight with government forces.",
            "Military Forces of India",
            "Unidentified Armed Group",
        ),
        (
            "Three soldiers were killed in a clash with Boko Haram fighters near Maiduguri on Sunday.",
            "Boko Haram",
            "Military Forces of Nigeria",
        ),
    ],
)
def test_the_other_side_of_the_fight_the_dead_fell_in_is_the_doer(pipeline, text, doer, dead):
    events = pipeline.extract(text, published="2020-09-28").events
    assert [(e.actor1, e.actor2) for e in events] == [(doer, dead)]


@pytest.mark.parametrize(
    "text",
    [
        "65 people were killed at a funeral by Boko Haram on Saturday.",
        "Eleven worshippers were shot inside a mosque by Boko Haram gunmen on Friday.",
    ],
)
def test_a_passive_by_the_parser_hangs_on_a_noun_still_names_the_doer(pipeline, text):
    events = pipeline.extract(text, published="2019-08-13").events
    assert [(e.sub_event_type, e.actor1) for e in events] == [("attack", "Boko Haram")]


def test_the_parties_announcing_their_own_agreement_are_its_parties(pipeline):
    # Agenzia Fides-style report (October 2020)
    text = (
        "South Sudan's government and the rebels of the National Salvation Front (NSF) announced in Rome "
        "the signing of a ceasefire agreement."
    )
    events = pipeline.extract(text, published="2020-10-14").events
    assert [(e.sub_event_type, e.actor1, e.actor2) for e in events] == [
        ("agreement", "Government of South Sudan", "National Salvation Front")
    ]


def test_a_reporter_of_an_act_is_still_no_party_to_it(pipeline):
    text = "Police said gunmen killed five people in Maiduguri on Sunday."
    events = pipeline.extract(text, published="2020-10-14").events
    assert [e.actor1 for e in events] == ["Unidentified Armed Group"]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Fighters loyal to the National Salvation Front attacked a base on Monday.", "rebel_group"),
        ("The National Salvation Front won three seats in the election.", "political_party"),
    ],
)
def test_an_organisation_whose_members_are_called_fighters_is_armed(pipeline, text, kind):
    actors = {a.name: a.kind for a in pipeline.extract(text, published="2020-10-14").actors}
    assert actors.get("National Salvation Front") == kind


@pytest.mark.parametrize(
    "follow_up",
    [
        "Three of them died on the spot, and the others were taken to hospital as UN troops rushed in.",
        "One of the injured later died in hospital, where UN troops stood guard.",
    ],
)
def test_the_dead_of_people_already_counted_belong_to_the_incident_told(pipeline, follow_up):
    text = (
        f"A roadside bomb exploded under a Malian army truck near Kidal on Monday, wounding five soldiers. {follow_up}"
    )
    events = pipeline.extract(text, published="2020-10-14").events
    assert [e.sub_event_type for e in events] == ["remote_explosive_landmine_ied"]


def test_people_not_counted_before_are_a_new_toll(pipeline):
    text = (
        "A roadside bomb exploded under a Malian army truck near Kidal on Monday, wounding five soldiers. "
        "Separately, gunmen killed three of the villagers in Menaka on Tuesday."
    )
    events = pipeline.extract(text, published="2020-10-14").events
    assert len(events) == 2


def test_where_a_force_comes_from_is_not_where_it_fought(pipeline):
    # Reuters (June 2012), after a lead of our own
    text = (
        "Serb protesters clashed with NATO peacekeepers at a roadblock near Zvecan on Friday. A Reuters "
        "witness said KFOR troops from Germany and the US received reinforcements after initial clashes."
    )
    events = pipeline.extract(text, published="2012-06-02").events
    assert "Germany" not in [e.location for e in events]
    assert len(events) == 1  # "after initial clashes" tells the clashes of the lead again


@pytest.mark.parametrize(
    ("text", "doer", "target"),
    [
        # Cameroon News Agency-style copy (March 2019)
        (
            "The attack took place in Belo on Wednesday afternoon, when soldiers fell in an ambush, set up "
            "by separatists also known as Amba boys.",
            "Ambazonian Separatists",  # "Amba boys": the movement's fighters, no one group of it
            "Military Forces of Cameroon",
        ),
        ("A Nigerian army convoy came under attack by Boko Haram near Damboa on Monday.", "Boko Haram",
         "Military Forces of Nigeria"),
        ("Six policemen were killed in an IED blast triggered by Maoists in Dantewada on Sunday.",
         "Communist Party of India (Maoist)", None),
    ],
)  # fmt: skip
def test_who_falls_into_or_comes_under_an_act_suffers_it(pipeline, text, doer, target):
    events = pipeline.extract(text, published="2019-03-21").events
    assert len(events) == 1
    assert events[0].actor1 == doer
    if target is not None:
        assert events[0].actor2 == target


def test_a_suicide_bombing_that_kills_with_no_armed_target_named_killed_civilians(pipeline):
    # Al Jazeera-style copy (August 2016)
    text = (
        "The death toll from a suicide bombing in central Baghdad on July 3 has reached 324, Iraq's health "
        "minister said on Sunday. The attack was claimed by ISIS."
    )
    events = pipeline.extract(text, published="2016-08-01").events
    assert [(e.actor1, e.actor2) for e in events] == [("Islamic State", "Civilians (Iraq)")]


def test_a_suicide_bombing_of_soldiers_did_not_target_civilians(pipeline):
    text = "A suicide bomber blew himself up at an army checkpoint in Mogadishu on Sunday, killing five soldiers."
    events = pipeline.extract(text, published="2016-08-01").events
    assert [e.actor2 for e in events] == ["Military Forces of Somalia"]
