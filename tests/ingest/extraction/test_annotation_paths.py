"""The fast annotation paths give what the full spaCy pipeline gives."""

from __future__ import annotations

import pytest

from ingest.extraction.nlp import FastAttributeRuler, annotate_many, load_nlp, may_report_event

TEXT = (
    "Iraqi forces clashed with Islamic State fighters in Mosul on Sunday, killing 14 militants.\n\n"
    "The prime minister said he wasn't gonna visit the city. Y'all know why, he added.\n\n"
    "Kurdish troops opened fire on two vehicles laden with bombs. One crashed before exploding."
)


def test_fast_attribute_ruler_matches_spacy():
    nlp = load_nlp()
    fast = FastAttributeRuler(nlp.get_pipe("attribute_ruler"))
    slow = nlp.get_pipe("attribute_ruler")
    before = [p for p in nlp.pipe_names if p not in ("attribute_ruler", "lemmatizer")]
    for para in TEXT.split("\n\n"):
        a = nlp(para, disable=[p for p in nlp.pipe_names if p not in before])
        b = nlp(para, disable=[p for p in nlp.pipe_names if p not in before])
        slow(a)
        fast(b)
        assert [(t.pos_, str(t.morph), t.lemma_, t.tag_) for t in a] == [
            (t.pos_, str(t.morph), t.lemma_, t.tag_) for t in b
        ]


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("Gunmen stormed the village, killing nine.", True),
        ("Troops fought their way into the city.", True),
        ("Police fired tear gas at the crowd.", True),
        ("The minister spoke to reporters about the budget.", False),
        ("It was a sunny morning in the capital.", False),
    ],
)
def test_prefilter_keeps_every_sentence_an_event_may_come_from(sentence, expected):
    assert may_report_event(sentence) is expected


def test_selective_parse_finds_the_same_events_as_a_full_parse(pipeline):
    from ingest.extraction import pipeline as pipeline_module

    selective = pipeline.extract(TEXT, published="2016-10-17").events
    original = pipeline_module.annotate_many
    try:
        pipeline_module.annotate_many = lambda texts, nlp=None: original(texts, nlp, parse_all=True)
        full = pipeline.extract(TEXT, published="2016-10-17").events
    finally:
        pipeline_module.annotate_many = original
    key = [(e.sub_event_type, e.actor1, e.actor2, e.location, e.fatalities) for e in selective]
    assert key == [(e.sub_event_type, e.actor1, e.actor2, e.location, e.fatalities) for e in full]


def test_sentences_and_entities_survive_the_two_passes():
    (paras,) = annotate_many([TEXT])
    assert [p.start for p in paras] == [0, TEXT.index("The prime"), TEXT.index("Kurdish")]
    assert "Mosul" in {e.text for e in paras[0].doc.ents}
    (off, sent), *_ = paras[0].parsed_sentences(paras[0].sents[0])
    assert off == 0
    assert {e.text for e in sent.ents} >= {"Mosul"}
    assert any(t.dep_ == "nsubj" for t in sent)
