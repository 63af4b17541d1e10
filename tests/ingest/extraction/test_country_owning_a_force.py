"""A country named as the owner of a force ("Cameroon's soldiers", "Nigeria's army") is a place the
article names, though the mention is an actor's; a demonym ("the Cameroonian military") names none.
Sentences after the pattern of wire reports from Cameroon's North-West, written for the test.
"""

from __future__ import annotations

import pytest

from ingest.extraction.places import owned_by_country

PUB = "2019-03-21"


@pytest.mark.parametrize(
    ("text", "mention", "left_alone"),
    [
        ("Five of Cameroon's soldiers were wounded.", "Cameroon's soldiers", "soldiers"),
        ("Nigeria\u2019s army said the raid failed.", "Nigeria\u2019s army", "army"),
        ("Fighters seized guns from the Cameroonian military.", "Cameroonian military", "Cameroonian military"),
        ("Five of the Cameroonian's soldiers were wounded.", "Cameroonian's soldiers", "Cameroonian's soldiers"),
        ("Boko Haram's fighters attacked the base.", "Boko Haram's fighters", "Boko Haram's fighters"),
    ],
)
def test_only_a_country_named_as_owner_is_left_to_the_places_stage(gazetteer, text, mention, left_alone):
    start = text.index(mention)
    s, e = owned_by_country(text, start, start + len(mention), gazetteer)
    assert text[s:e] == left_alone


def test_a_country_owning_its_soldiers_is_listed(pipeline):
    text = (
        "Separatist fighters attacked an army post in Belo, in the North-West region, on Wednesday. "
        "In a shoot-out that lasted for hours, five of Cameroon's soldiers were wounded."
    )
    names = {p.name for p in pipeline.extract(text, published=PUB).locations}
    assert "Cameroon" in names
