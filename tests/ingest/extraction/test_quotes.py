from __future__ import annotations

import pytest

from ingest.extraction.actors import resolve_actors
from ingest.extraction.nlp import annotate, split_paragraphs
from ingest.extraction.quotes import extract_quotes


def _quotes(text):
    paras = annotate(text)
    actors = resolve_actors(text, paras)
    return extract_quotes(text, split_paragraphs(text), actors)


@pytest.mark.parametrize(
    ("text", "speaker", "starts"),
    [
        ("John Smith, the mayor, said: \u201cWe will rebuild the town.\u201d", "John Smith", "We will rebuild"),
        ("\u201cWe will rebuild the town,\u201d John Smith said.", "John Smith", "We will rebuild"),
        ('"We will rebuild the town," said John Smith.', "John Smith", "We will rebuild"),
        (
            "The army was \u201cstill fighting in the streets\u201d, according to John Smith.",
            "John Smith",
            "still fighting",
        ),
        (
            "A Foreign Office spokesman said: \u201cThe start of operations marks a step.\u201d",
            "Foreign Office",
            "The start",
        ),
    ],
)
def test_speaker_from_cue_verbs(text, speaker, starts):
    quotes = _quotes(text)
    assert quotes[0].speaker == speaker
    assert quotes[0].text.startswith(starts)


def test_he_added_goes_to_the_last_named_person():
    text = (
        "Stephen Brown, a UN official, said: \u201cI am concerned for civilians.\u201d\n\n"
        "He added: \u201cFamilies are at extreme risk\u201d."
    )
    quotes = _quotes(text)
    assert [q.speaker for q in quotes] == ["Stephen Brown", "Stephen Brown"]
    assert quotes[1].cue == "added"


def test_multi_paragraph_quote_keeps_its_speaker():
    text = (
        "A Foreign Office spokesman said: \u201cThe start of operations is a step forward.\n\n"
        "\u201cAfter two years of brutal rule, people can hope again.\n\n"
        "\u201cThis will be the greatest challenge yet.\u201d\n\n"
        "Residents fled the city."
    )
    quotes = _quotes(text)
    assert [q.text[:9] for q in quotes] == ["The start", "After two", "This will"]
    assert {q.speaker for q in quotes} == {"Foreign Office"}


def test_scare_quotes_of_one_word_are_ignored():
    assert _quotes("The spokesman confirmed \u201cmany\u201d fighters had been killed.") == []
