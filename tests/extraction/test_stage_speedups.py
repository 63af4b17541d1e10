"""The shortcuts the post-NLP stages take for speed give what the plain code gives."""

from __future__ import annotations

import re
import unicodedata

import pytest

from events.normalize import normalize_name
from ingest.extraction.nlp import annotate
from ingest.extraction.places import paragraph_end


def _normalize_name_uncached(name: str) -> str:
    """The original normalize_name: NFKD and combining marks stripped for every string."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("'", "").lower().strip()
    text = re.sub(r"^(the|a|an)\s+", "", text)
    return re.sub(r"[^\w]+", " ", text).strip()


@pytest.mark.parametrize(
    "name",
    [
        "The Taliban",
        "the  Islamic State",
        "Côte d'Ivoire",
        "S\u00e3o Tom\u00e9",
        "Al-Shabaab",
        "Hay\u2019at Tahrir al-Sham",
        "\u2018Ndrangheta",
        "An Najaf",
        "A",
        "  Iraqi  ",
        "Ḥamāh",
        "\ufb01re",  # a ligature NFKD spells out
        "\u2160 Corps",  # a Roman numeral NFKD turns into "I"
        "",
        None,
        "U.S.-led",
    ],
)
def test_normalize_name_matches_the_uncached_original(name):
    assert normalize_name(name) == _normalize_name_uncached(name)
    assert normalize_name(name) == _normalize_name_uncached(name)  # the cached answer too


@pytest.mark.parametrize(
    "text",
    [
        "Troops entered Kabul.\n\nFighting went on in Aleppo,  residents said.\n\nDone",
        "One paragraph only, ending in spaces   ",
        "Caf\u00e9 owners in Zürich said \u201cno\u201d.\n\nEmoji \U0001f600 here.",
    ],
)
def test_paragraph_end_is_where_the_paragraph_text_ends(text):
    for para in annotate(text):
        assert paragraph_end(para) == para.end
