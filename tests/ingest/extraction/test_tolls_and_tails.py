"""Tolls that a date's numbers must not make, the civilian victims of a bombing whose doer is named
later, and the page's list of other stories after the article's body.

Texts were written for these tests in the shape of wire copy and scraped pages.
"""

from __future__ import annotations

import pytest

from ingest.extraction.page_tail import body_end

PUB = "2022-06-10"


@pytest.mark.parametrize(
    ("text", "toll"),
    [
        ("A suicide bombing in Kirkuk killed dozens.\n\nThe death toll from the bombing on May 3 has reached 41.", 41),
        ("date 2022-06-09 At least one person was killed when a shell hit a school in Kramatorsk.", 1),
        ("date 2022-06-09 Three soldiers were killed while two others were wounded in an ambush near Jolo.", 3),
    ],
)
def test_a_date_s_numbers_are_no_toll(pipeline, text, toll):
    assert [e.fatalities for e in pipeline.extract(text, published=PUB).events] == [toll]


def test_the_unnamed_dead_of_a_claimed_bombing_are_civilians(pipeline):
    text = (
        "A car exploded outside a crowded cafe in Beledweyne on Saturday.\n\n"
        "At least 12 people died in the attack, the latest by al-Shabaab."
    )
    events = pipeline.extract(text, published=PUB).events
    assert [(e.actor1.lower(), e.actor2) for e in events] == [("al-shabaab", "Civilians (Somalia)")]


def test_the_dead_soldiers_of_a_bombing_are_not_civilians(pipeline):
    text = "A roadside bomb planted by al-Shabaab exploded under an army truck in Beledweyne, killing four soldiers."
    events = pipeline.extract(text, published=PUB).events
    assert [e.actor2 for e in events] != ["Civilians"]


TAIL_PAGE = (
    "Gunmen kill nine in attack on Kaduna village\n\n"
    "Gunmen killed nine villagers in an attack on a village in Kaduna state on Monday, police said.\n\n"
    "The attackers arrived on motorcycles and burned several homes, a resident said.\n\n"
    "{marker}\n\n"
    "Troops kill 30 militants in Borno raid\n\n"
    "Soldiers killed 30 militants in a raid on a camp near Maiduguri, the army said. Africa -"
)


@pytest.mark.parametrize("marker", ["-", "Related stories", "Read more:", "More from Africa", "You may also like"])
def test_the_stories_a_page_lists_after_the_article_are_not_its_events(pipeline, marker):
    events = pipeline.extract(TAIL_PAGE.format(marker=marker), published=PUB).events
    assert [e.location for e in events] == ["Kaduna"]


def test_a_marker_among_the_first_paragraphs_does_not_cut_the_article(pipeline):
    text = "Read more\n\nSoldiers killed 30 militants in a raid on a camp near Maiduguri on Sunday, the army said."
    assert [e.sub_event_type for e in pipeline.extract(text, published=PUB).events] == ["armed_clash"]


def test_body_end_is_the_whole_article_without_a_marker(pipeline):
    from ingest.extraction.nlp import annotate_many

    text = "One paragraph.\n\nA second one.\n\nA third, longer paragraph with no marker in it."
    paragraphs = annotate_many([text], pipeline.nlp)[0]
    assert body_end(paragraphs) == len(paragraphs) == 3


TEASER_PAGE = (
    "Gunmen kill nine in attack on Kaduna village\n\n"
    "Gunmen killed nine villagers in an attack on a village in Kaduna state on Monday, police said.\n\n"
    "The attackers arrived on motorcycles and burned several homes, a resident said.\n\n"
    "01:20\n\n"
    "Troops kill 30 militants in Borno raid\n\n"
    "00:52\n\n"
    "Governor Babagana Zulum visits flood victims in Maiduguri\n\n"
    "01:50\n\n"
    "Journalist shot dead in Lagos: policeGMT 18:28 2017 Thursday ,19 October"
)


def test_a_run_of_headlines_to_the_pages_end_is_its_tail(pipeline):
    result = pipeline.extract(TEASER_PAGE, published=PUB)
    assert [e.location for e in result.events] == ["Kaduna"]
    assert "Babagana Zulum" not in {a.name for a in result.actors}  # a teaser's person is no actor
    assert "Maiduguri" not in {p.name for p in result.locations}


def test_a_list_inside_the_body_is_not_a_tail(pipeline):
    text = (
        "Gunmen killed nine villagers in an attack on a village in Kaduna state on Monday, police said.\n\n"
        "The dead included:\n\n"
        "Musa Ibrahim, 34\n\n"
        "Aisha Bello, 22\n\n"
        "Yusuf Danladi, 41\n\n"
        "Troops later killed 30 militants in a raid on a camp near Maiduguri, the army said on Tuesday.\n\n"
        "The army said it recovered rifles and motorcycles in the raid."
    )
    result = pipeline.extract(text, published=PUB)
    assert "Maiduguri" in {e.location for e in result.events}
