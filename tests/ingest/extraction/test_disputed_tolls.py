"""A count another source gives against the one told ("The army, however, said four persons were
killed in the attack") is a disputed toll: ACLED codes the lower, most conservative figure. A source
that retells or raises the count without disputing it keeps the larger, as tolls rise.

Written for these tests after the pattern of Nigerian wire copy; none is from a reference article.
"""

from __future__ import annotations

import pytest

from ingest.extraction.events.fatalities import contests_toll
from ingest.extraction.nlp import load_nlp

PUB = "2019-06-10"  # a Monday


def _tolls(pipeline, text):
    return [e.fatalities for e in pipeline.extract(text, published=PUB).events]


@pytest.mark.parametrize(
    ("second", "dead"),
    [
        ("The police, however, said five people were killed in the attack.", 5),  # disputed: the lower
        ("But the police said five people were killed in the attack.", 5),
        ("The police said 15 people were killed in the attack.", 15),  # a higher count told since
    ],
)
def test_a_disputed_count_of_an_attack_is_coded_low(pipeline, second, dead):
    lead = "Gunmen killed 12 villagers in Bukkuyum, Zamfara State, on Sunday, residents said. "
    assert _tolls(pipeline, lead + second) == [dead]


def test_a_claimants_count_disputed_by_the_other_side_gives_way(pipeline):
    text = (
        "Islamic State claimed its fighters killed 20 soldiers in a clash in Damboa, Borno state, on Saturday. "
        "The Nigerian army, however, said four persons, including two troops, were killed in the attack."
    )
    assert _tolls(pipeline, text) == [4]


def test_a_claimants_count_stands_when_no_one_disputes_it(pipeline):
    text = (
        "Islamic State claimed its fighters killed 20 soldiers in a clash in Damboa, Borno state, on Saturday. "
        "The Nigerian army said four persons, including two troops, were killed in the attack."
    )
    assert _tolls(pipeline, text) == [20]


@pytest.mark.parametrize(
    ("sentence", "contested"),
    [
        ("The military, however, said eight were killed.", True),
        ("The army disputed the figure, saying nine soldiers died.", True),
        ("Officials said eight were killed.", False),
    ],
)
def test_a_contrast_or_a_dispute_contests_the_count(sentence, contested):
    assert contests_toll(load_nlp()(sentence)[:]) is contested
