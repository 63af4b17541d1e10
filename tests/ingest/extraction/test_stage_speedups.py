"""The shortcuts the post-NLP stages take for speed give what the plain code gives."""

from __future__ import annotations

import dataclasses
import re
import unicodedata

import pytest

from events.normalize import normalize_name
from ingest.extraction.actors import _BARE_FORCE, _may_name_a_bare_force, named_group_mentions
from ingest.extraction.nlp import annotate
from ingest.extraction.places import _entity_surface
from ingest.extraction.quotes import CLOSE, OPEN, find_segments


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
        assert para.end == para.start + len(para.doc.text)


def _find_segments_char_by_char(text: str, paragraphs: list[tuple[int, int]]) -> list[tuple]:
    """The original find_segments, which looked at every character of every paragraph."""
    out, carry = [], False
    for pi, (ps, pe) in enumerate(paragraphs):
        para = text[ps:pe]
        i, inside, qstart, continued = 0, False, 0, False
        if carry and para[:1] in (OPEN, '"'):
            inside, qstart, continued, i = True, 1, True, 1
        elif carry:
            inside, qstart, continued = True, 0, True
        carry = False
        while i < len(para):
            ch = para[i]
            if not inside and ch in (OPEN, '"'):
                inside, qstart, continued = True, i + 1, False
            elif inside and (ch in (CLOSE, '"') or (ch == OPEN and i > qstart)):
                out.append((ps + qstart, ps + i, pi, continued, False))
                if ch == OPEN:
                    qstart, continued = i + 1, False
                else:
                    inside = False
            i += 1
        if inside:
            end = len(para.rstrip())
            if end > qstart:
                out.append((ps + qstart, ps + end, pi, continued, True))
            carry = True
    return out


@pytest.mark.parametrize(
    "text",
    [
        'He said "we will fight" and left.',
        "\u201cWe will not leave,\u201d he said. \u201cNever.\u201d",
        "\u201cThe first paragraph opens a quote\n\n\u201cand the next carries it on,\u201d she said.",
        "\u201cOpen at the end  \n\nno mark here but still quoted.\u201d",
        "\u201cunbalanced \u201ccurly quotes\u201d here",
        '"" empty quotes and "a stray one',
        "\u201d a closing mark first, then \u201copen",
        "No quotes at all.",
    ],
)
def test_find_segments_matches_the_char_by_char_scan(text):
    paragraphs = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", text)]
    found = [dataclasses.astuple(s) for s in find_segments(text, paragraphs)]
    assert found == _find_segments_char_by_char(text, paragraphs)


@pytest.mark.parametrize(
    ("ent_text", "surface"),
    [
        ("the Gaza Strip", "Gaza Strip"),
        ("The Hague", "Hague"),
        ("Iraq's", "Iraq"),
        ("Aleppo\u2019", "Aleppo"),
        ("\u2018Kabul'", "\u2018Kabul"),
        ("Kwatandashi village", "Kwatandashi"),
        ("Mexico City", "Mexico City"),
        ('"Raqqa"', "Raqqa"),
        ("the", "the"),
    ],
)
def test_entity_surface_strips_article_quotes_possessive_and_feature_word(ent_text, surface):
    assert _entity_surface(ent_text) == surface


@pytest.mark.parametrize(
    "text",
    [
        "Troops entered the town.",
        "THE ARMY said nothing.",
        "Riot Police fired tear gas.",
        "The pro-government forces withdrew.",
        "\u017foldiers marched",  # a long s: IGNORECASE reads it as "s", str.lower() does not
        "the \u212aurdish army",  # the Kelvin sign
        "M\u0131l\u0131tary units",  # dotless i
        "Nobody was hurt in the storm.",
    ],
)
def test_bare_force_pre_check_never_skips_a_text_the_pattern_matches(text):
    assert _BARE_FORCE.search(text) is None or _may_name_a_bare_force(text)


def test_bare_force_pre_check_skips_a_text_without_force_words():
    assert not _may_name_a_bare_force("The storm flooded the valley; residents fled to higher ground.")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Members of the Gran Grif gang attacked the town.", ["Gran Grif"]),
        ("Tehreek-e-Jihad Pakistan, a little-known militant group, claimed it.", ["Tehreek-e-Jihad Pakistan"]),
        ("The storm flooded the valley.", []),
    ],
)
def test_named_groups_are_found_with_the_head_word_pre_check(text, names):
    assert [m.name for m in named_group_mentions(text)] == names
