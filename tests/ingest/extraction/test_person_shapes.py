"""Names the NER calls persons that are no one (ingest/extraction/person_shapes.py): a platform, a
place's prefix, a piece cut from an organisation's name, a place the article names and a byline;
real people stay.

Written for these tests after the pattern of wire and local copy; none is from a reference article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.actors import ORG_HEADS, _acronym_written_as_a_word, _org_shaped
from ingest.extraction.person_shapes import not_a_person, speaking_name

PUB = "2024-06-10"


@pytest.mark.parametrize(
    ("name", "text_after", "places", "reason"),
    [
        ("Twitter", " on Monday", set(), "platform"),
        ("Telegram", ".", set(), "platform"),
        ("Brgy. Buhanginan", " in Patikul", set(), "place prefix"),
        ("Without Borders", ".", set(), "piece of a longer name"),
        ("Kan Gyi Kone", ",", {"kan gyi kone"}, "place of the article"),
        ("Twic", " county", {"twic east"}, "place of the article"),
        ("Robina Asido", "/DMS", set(), "byline"),
        ("Stig Jarle Hansen", ", a Norwegian academic", {"baidoa"}, None),
        ("Mahmoud Hamza", ", the commander", set(), None),
        ("De Souza", " said", set(), None),
    ],
)
def test_why_a_name_is_no_one(name, text_after, places, reason):
    text = "xx " + name + text_after
    assert not_a_person(name, text, 3 + len(name), places) == reason


def _names(pipeline, text):
    return {a.name for a in pipeline.extract(text, published=PUB).actors}


@pytest.mark.parametrize(
    ("text", "nobody"),
    [
        (
            "Militia leader Kofi Mensah said on Twitter that his fighters had taken the town.",
            "Twitter",
        ),
        (
            "More than 90 media workers have been killed in Mexico since 2000, according to the press freedom group "
            "Reporters Without Borders.",
            "Without Borders",
        ),
        (
            "Troops clashed with Abu Sayyaf gunmen in Brgy. Buhanginan in Patikul town on Monday, the army said.",
            "Brgy",
        ),
    ],
)
def test_the_pipeline_keeps_no_one_of_those(pipeline, text, nobody):
    names = _names(pipeline, text)
    assert not any(n.startswith(nobody) for n in names)


@pytest.mark.parametrize(
    ("name", "actor"),
    [("Amisom", "African Union"), ("Nato", "NATO"), ("Amir", None), ("AMISOM", None), ("McKee", None)],
)
def test_an_acronym_written_as_a_word_is_the_dictionarys_actor(name, actor):
    known = _acronym_written_as_a_word(name)
    assert (known.name if known else None) == actor


@pytest.mark.parametrize(
    ("text", "name", "speaks"),
    [
        ("Amisom is fighting the wrong war, said Stig Jarle Hansen, a Norwegian academic.", "Stig Jarle Hansen", True),
        ("ADG (law and order) Anand Kumar said that 49 people were held.", "Anand Kumar", True),
        ("Sunder Raj P, DIG Anti-Naxal Operation told ANI that a search was on.", "Sunder Raj P", True),
        ("The gangs burned everything, said a man called Néne, who gave no last name.", "Néne", True),
        ("Human Rights Watch said the raid was unlawful.", "Human Rights Watch", False),  # an organisation's word
        ("Kenya Times said the raid was unlawful.", "Kenya Times", False),
        ("Troops entered Stig Jarle Hansen camp on Monday.", "Stig Jarle Hansen", False),  # says nothing
        ("Néne said the gangs burned everything.", "Néne", False),  # one word needs "a man called"
    ],
)
def test_an_organisation_the_ner_tagged_is_a_person_who_speaks(text, name, speaks):
    start = text.index(name)
    assert speaking_name(text, start, start + len(name), ORG_HEADS) is speaks


@pytest.mark.parametrize(
    ("surface", "org"),
    [
        ("the Defense Ministry", True),
        ("the defense ministry", True),
        ("congress", False),
        ("212 Battalion", False),
    ],
)
def test_an_organisations_name_has_its_shape(surface, org):
    assert _org_shaped(surface) is org


def test_a_speaker_the_ner_calls_an_organisation_is_an_actor(pipeline):
    text = (
        "Soldiers killed four militants in Kupwara on Sunday. ADG (law and order) Anand Kumar said that the area "
        "had been sealed off."
    )
    assert "Anand Kumar" in _names(pipeline, text)
