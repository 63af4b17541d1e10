"""Names the gazetteer lacks that the article itself shows to be organisations, affairs or offices.

A name the NER tags as a place in one sentence and as an organisation in another, never the object
of "in" or "near", is that organisation ("Ocean energy developer Wavebob ... the board of Wavebob");
a name before "affair" or "framework" names an affair or a policy ("the Profumo affair"); the head
of "X of the Y" is X ("the Press Office of the US Embassy" is an office, not the embassy).
"""

import pytest

from ingest.extraction.place_shapes import names_an_affair, not_a_place_name
from ingest.extraction.places import Toponym, _named_facility, _worth_a_fallback

# The Irish Times on a wave energy firm, cut to the words the rule reads.
_FIRM = "Ocean energy developer Wavebob looks set to be wound up next week. The board of Wavebob will tell investors."


def _mention(text: str, name: str, label: str = "GPE", *, last: bool = True) -> list[Toponym]:
    at = text.rindex(name) if last else text.index(name)
    return [Toponym(at, at + len(name), name, 0, label)]


def _org(text: str, name: str) -> list[tuple[str, int]]:
    return [(name.lower(), text.index(name))]


def test_a_name_called_an_organisation_elsewhere_gets_no_fallback(gazetteer):
    mention = _mention(_FIRM, "Wavebob")
    assert _worth_a_fallback(mention, True, gazetteer, [], text=_FIRM)
    assert not _worth_a_fallback(mention, True, gazetteer, [], text=_FIRM, organisations=_org(_FIRM, "Wavebob"))


@pytest.mark.parametrize(
    ("text", "label", "settled"),
    [
        # the object of a locative: a place, whatever the NER called it elsewhere
        ("Korvane Holdings is based in Korvane. Flooding hit homes in Korvane.", "GPE", False),
        # a venue the NER calls a facility
        ("The Korvane Hall board met. Talks were held at the Korvane Hall in Geneva.", "FAC", False),
        # a settlement word after a mention
        ("Korvane said it would appeal. Fighting reached Korvane village.", "GPE", True),
    ],
)
def test_an_organisations_namesake_that_the_text_places_keeps_its_fallback(gazetteer, text, label, settled):
    name = "Korvane Hall" if label == "FAC" else "Korvane"
    mention = _mention(text, name, label)
    organisations = [(name.lower(), 0)]
    assert _worth_a_fallback(mention, True, gazetteer, [], settled=settled, text=text, organisations=organisations)


@pytest.mark.parametrize(
    ("text", "name", "affair"),
    [
        ("It was the worst crisis since the Profumo affair shook the government.", "Profumo", True),
        ("Officials said the Havlova scandal had cost the minister his job.", "Havlova", True),
        ("The European Commission wants to reset the Single European Sky framework.", "Single European Sky", True),
        ("Ministers discussed the Juncker doctrine in Brussels.", "Juncker", True),
        # a massacre or a siege happened in a place: the name keeps its place
        ("Survivors of the Brellin massacre returned home.", "Brellin", False),
        ("Heavy rain fell on Brellin overnight.", "Brellin", False),
    ],
)
def test_a_name_before_an_affair_or_policy_noun_is_no_place(gazetteer, text, name, affair):
    mention = _mention(text, name, "LOC")
    assert names_an_affair(text, mention[0].end) is affair
    assert _worth_a_fallback(mention, True, gazetteer, [], text=text) is not affair


@pytest.mark.parametrize(
    ("surface", "no_place"),
    [
        ("Culture Department of the Armenian Embassy", True),
        ("Ministry of Foreign Affairs", True),
        ("Commission of Inquiry into the Lekki shooting", True),
        ("Festival of Lights", True),
        ("Church of the Holy Sepulchre", False),
        ("Bay of Bengal", False),
        ("University of St. Thomas", False),
    ],
)
def test_the_head_of_x_of_y_decides_whether_a_name_is_a_body(surface, no_place):
    assert not_a_place_name(surface) is no_place


@pytest.mark.parametrize(
    ("surface", "facility"),
    [
        ("Press Office of the US Embassy", False),
        ("Culture Department of the Armenian Embassy", False),
        ("Bank of America Stadium", True),
        ("Church of the Nativity Square", True),
        ("Altnagelvin Hospital", True),
    ],
)
def test_a_facility_word_names_a_facility_only_as_the_head(surface, facility):
    assert _named_facility(surface) is facility


@pytest.mark.parametrize(
    ("text", "name", "fallback"),
    [
        # the article writes the word in lower case too: a common noun capitalised in a name
        ("The editor of Hockey Toronto said the hockey season would start late.", "Hockey", False),
        ("A spokesman for Fashion Lagos said the fashion week was cancelled.", "Fashion", False),
        # a name the article never writes in lower case keeps its fallback
        ("The editor of Brellin Weekly said the season would start late.", "Brellin", True),
    ],
)
def test_a_capitalised_common_noun_gets_no_fallback(gazetteer, text, name, fallback):
    assert _worth_a_fallback(_mention(text, name, last=False), True, gazetteer, [], text=text) is fallback
