"""The one trie-built alternation the dictionary, quote-cue and prefilter regexes share."""

from __future__ import annotations

import re

import pytest

from ingest.extraction.regex_trie import trie_regex

CASES = [
    # phrases, text, what a whole-word search finds
    (["Islamic State", "Islamic State group"], "the Islamic State group said", "Islamic State group"),
    (["Islamic State", "Islamic State group"], "Islamic State fighters", "Islamic State"),
    (["al-Shabaab", "al-Qaeda"], "an al-Qaeda affiliate", "al-Qaeda"),
    (["Rapid Support Forces"], "the Rapid  Support\nForces", "Rapid  Support\nForces"),  # any white space
    (["kill", "killed", "kills"], "gunmen killed five", "killed"),
    (["a.b"], "axb", None),  # metacharacters are literal
    (["C++", "C#"], "written in C#", "C#"),
]


@pytest.mark.parametrize(("phrases", "text", "found"), CASES)
def test_the_trie_matches_exactly_the_phrases_longest_first(phrases, text, found):
    match = re.search(r"(?<!\w)(?:" + trie_regex(phrases) + r")(?!\w)", text)
    assert (match.group(0) if match else None) == found


def test_the_trie_is_the_same_language_as_the_flat_alternation():
    phrases = ["attack", "attacked", "attacker", "ambush", "air strike", "air raid", "a"]
    trie = re.compile(r"\b(?:" + trie_regex(phrases) + r")\b")
    flat = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b")
    text = "an attacker attacked in an air raid, an ambush and an air strike: a attack"
    assert trie.findall(text) == flat.findall(text)
