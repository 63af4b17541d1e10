"""The typology table (ingest/extraction/events/typology_table.py) covers events/typology.py, agrees
with the classification ladder, and types short news sentences written for these tests."""

from __future__ import annotations

import pytest

from events.typology import SUB_EVENT_PARENT, cameo_code
from ingest.extraction.events import LADDER, TABLE, prefilter_words
from ingest.extraction.events.trigger_table import TRIGGERS

PUB = "2024-03-04"


def test_every_slug_has_exactly_one_row():
    slugs = [row.slug for row in TABLE]
    assert sorted(slugs) == sorted(SUB_EVENT_PARENT)
    assert len(slugs) == len(set(slugs))


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row.slug)
def test_a_row_names_its_parent_and_cameo_code(row):
    assert row.parent == SUB_EVENT_PARENT[row.slug]
    assert row.cameo == cameo_code(row.parent, row.slug)


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row.slug)
def test_a_row_lists_exactly_the_trigger_classes_the_ladder_gives_it(row):
    assert row.triggers == {cls for rule in LADDER if rule.yields == row.slug for cls in rule.classes}
    for cue in row.cues:
        assert cue.classes <= row.triggers


def test_a_trigger_class_has_at_most_one_default_row():
    defaults = [cls for row in TABLE for cls in row.default_for]
    assert len(defaults) == len(set(defaults))


def test_every_trigger_class_is_typed_by_some_row():
    classes = {t.cls for t in TRIGGERS}
    assert classes <= {cls for row in TABLE for cls in row.triggers}


def test_the_prefilter_lets_every_trigger_lemma_through():
    stems = prefilter_words()
    assert all(any(t.lemma.startswith(s) for s in stems) for t in TRIGGERS if len(t.lemma) >= 3)


@pytest.mark.parametrize("row", [row for row in TABLE if row.triggers], ids=lambda row: row.slug)
def test_a_row_types_its_own_example(pipeline, row):
    events = pipeline.extract(row.example, published=PUB).events
    assert [e.sub_event_type for e in events] == [row.slug]


# (sentence, expected sub-type of its one event): at least one a sub-type the rules can produce
SENTENCES = [
    ("Troops clashed with Al-Shabaab fighters near Kismayo on Monday.", "armed_clash"),
    ("Troops recaptured the town of Palmyra from Islamic State fighters on Sunday.", "government_regains_territory"),
    ("M23 rebels seized control of the town of Bunagana on Monday.", "non_state_actor_overtakes_territory"),
    ("Government forces attacked rebels in Douma with chlorine gas on Saturday.", "chemical_weapon"),
    ("A suicide bomber killed 12 people at a market in Maiduguri on Tuesday.", "suicide_bomb"),
    ("Syrian jets bombed rebel positions near Idlib on Sunday, killing 12 fighters.", "air_drone_strike"),
    ("Mortar shells hit a market in Mogadishu on Monday, killing five people.", "shelling_artillery_missile_attack"),
    ("Militants hurled a grenade at a police patrol in Srinagar on Friday, wounding three officers.", "grenade"),
    ("A roadside bomb killed four soldiers near Gao on Sunday.", "remote_explosive_landmine_ied"),
    ("Soldiers raped 12 women in the village of Minova, residents said on Tuesday.", "sexual_violence"),
    ("Gunmen shot dead five villagers in Zamfara state on Sunday.", "attack"),
    ("Gunmen kidnapped a priest in Kaduna state on Sunday.", "abduction_forced_disappearance"),
    ("Soldiers killed three protesters in Khartoum on Thursday.", "excessive_force_against_protesters"),
    ("Police fired tear gas to disperse protesters in Nairobi on Monday.", "protest_with_intervention"),
    ("Police arrested 40 protesters in Kampala on Monday.", "protest_with_intervention"),
    ("Thousands of protesters marched through Lagos on Friday.", "peaceful_protest"),
    ("A mob beat a man to death in Kano on Saturday after accusing him of blasphemy.", "mob_violence"),
    ("Rioters torched police stations in Dhaka on Sunday.", "violent_demonstration"),
    ("The government and the rebels signed a peace agreement in Doha on Monday.", "agreement"),
    ("Police arrested 15 suspected militants in Peshawar on Tuesday.", "arrests"),
    ("Troops defused a roadside bomb near Gao on Sunday.", "disrupted_weapons_use"),
    ("Soldiers seized a cache of weapons and ammunition near Mopti on Friday.", "disrupted_weapons_use"),
    ("Al-Shabaab fighters set up a base in the village of Bulo on Monday.", "headquarters_or_base_established"),
    ("Militants torched homes in the village of Kuchi on Saturday.", "looting_property_destruction"),
    ("Ukrainian troops withdrew from the town of Avdiivka on Saturday.", "non_violent_transfer_of_territory"),
]


@pytest.mark.parametrize(("sentence", "expected"), SENTENCES)
def test_a_sentence_gets_its_sub_type(pipeline, sentence, expected):
    events = pipeline.extract(sentence, published=PUB).events
    assert [e.sub_event_type for e in events] == [expected]


def test_the_sentences_cover_every_sub_type_the_rules_can_produce():
    producible = {row.slug for row in TABLE if row.triggers}
    assert producible <= {expected for _, expected in SENTENCES}
