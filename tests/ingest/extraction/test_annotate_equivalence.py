"""Stage 2's shortcuts give exactly what the plain spaCy calls they replace would give."""

from __future__ import annotations

import re

import pytest

from ingest.extraction.events import prefilter_words
from ingest.extraction.nlp import (
    ENTITY_PIPES,
    FastAttributeRuler,
    FastLemmatizer,
    _sentencizer,
    load_nlp,
    may_report_event,
    sentence_doc,
)

PARAGRAPHS = [
    # an entity at the sentence end, and one ending the paragraph with no full stop
    "Gunmen attacked a checkpoint near Mosul. Two soldiers died in Baghdad",
    # quotes the sentencizer leaves on the previous sentence, a hyphenated word, a double space
    'Officials said the U.S.-led strikes hit Raqqa. "We were shot at," he said.  Troops fled.',
    # a sentence that starts inside a run of characters: alone, "'We" is cut in two
    "He said the unit was ready.'We are always training.' Police arrested 3 men in Aleppo.",
    # tokenizer exceptions with their own norms ('gon' -> 'going'), and a line break inside
    "They're gonna storm the town, y'all. It ain't over.\nRebels shelled Homs on Monday.",
]


def _pass_one(paragraph: str):
    """Return the paragraph as annotate_many's first pass leaves it: tokens, entities, sentences."""
    nlp = load_nlp()
    skip = [p for p in nlp.pipe_names if p not in ENTITY_PIPES]
    return _sentencizer()(nlp(paragraph, disable=skip))


def _retokenised(sent):
    """Build the sentence's Doc the old way: tokenise its text again and copy entities by character."""
    nlp = load_nlp()
    sub = nlp.make_doc(sent.text)
    base = sent.start_char
    ents = [sub.char_span(e.start_char - base, e.end_char - base, label=e.label) for e in sent.ents]
    sub.ents = [e for e in ents if e is not None]
    return sub


def _describe(doc):
    tokens = [(t.text, t.whitespace_, t.idx, t.norm_, t.ent_iob_, t.ent_type_) for t in doc]
    return doc.text, tokens, [(e.start, e.end, e.label_) for e in doc.ents]


@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_sentence_doc_equals_retokenising_the_sentence(paragraph):
    doc = _pass_one(paragraph)
    for sent in doc.sents:
        sub = sentence_doc(load_nlp(), sent, paragraph)
        assert _describe(sub) == _describe(_retokenised(sent))
        assert sub.text == sent.text
        for tok in sub:  # downstream maps a token back to the paragraph by sent.start_char + idx
            start = sent.start_char + tok.idx
            assert paragraph[start : start + len(tok.text)] == tok.text


def test_sentence_doc_keeps_an_entity_that_ends_the_sentence():
    doc = _pass_one(PARAGRAPHS[0])
    last = list(doc.sents)[-1]
    sub = sentence_doc(load_nlp(), last, PARAGRAPHS[0])
    assert (sub.ents[-1].text, sub.ents[-1].label_) == ("Baghdad", "GPE")
    assert sub.ents[-1].end == len(sub)


def test_a_sentence_starting_inside_a_word_is_cut_as_tokenising_it_alone_cuts_it():
    paragraph = PARAGRAPHS[2]
    sent = next(s for s in _pass_one(paragraph).sents if s.text.startswith("'We"))
    assert sent[0].text == "'We"  # in the paragraph the quote stays on the word...
    sub = sentence_doc(load_nlp(), sent, paragraph)
    assert [t.text for t in sub[:2]] == ["'", "We"]  # ...alone it does not, as the parser always saw


def test_trailing_space_of_the_last_token_is_left_out():
    paragraph = PARAGRAPHS[1]
    sent = next(s for s in _pass_one(paragraph).sents if s.text.startswith("We were"))
    assert sent[-1].whitespace_  # two spaces follow the sentence in the paragraph
    sub = sentence_doc(load_nlp(), sent, paragraph)
    assert sub[-1].whitespace_ == ""
    assert sub.text == sent.text


def test_prefilter_answers_as_one_branch_a_stem_would():
    stems = sorted(set(prefilter_words()), key=len, reverse=True)
    plain = re.compile(r"\b(?:" + "|".join(re.escape(w) for w in stems) + r")", re.IGNORECASE)
    samples = []
    for stem in stems:
        # whole, cut short, capitalised, glued to a word before or after, and Unicode case twins
        samples += [stem, stem[:-1], stem.upper(), stem.title(), "x" + stem, stem + "s", "-" + stem]
        samples += [stem.replace("s", "\u017f"), stem.replace("k", "\u212a"), stem.replace("i", "\u0130")]
    assert {s: may_report_event(s) for s in samples} == {s: bool(plain.search(s)) for s in samples}
    assert any(may_report_event(s) for s in samples)
    assert not all(may_report_event(s) for s in samples)


RULER_TEXTS = [
    "Y'all gonna let's go, c'mon. There's  \n  nothin' here, ain't it? I 'd go.",
    "He ain't gonna do it; we gotta. Do it! Did he? I did, and they had.",
    "There were 14 militants killed in Mosul, and it was said that he'd fled.",
]


@pytest.mark.parametrize("text", RULER_TEXTS)
def test_fast_ruler_and_lemmatizer_match_spacy(text):
    nlp = load_nlp()
    tagged = nlp(text, disable=["attribute_ruler", "lemmatizer", *ENTITY_PIPES])
    ours, theirs = tagged.copy(), tagged.copy()
    FastLemmatizer(nlp.get_pipe("lemmatizer"))(FastAttributeRuler(nlp.get_pipe("attribute_ruler"))(ours))
    nlp.get_pipe("lemmatizer")(nlp.get_pipe("attribute_ruler")(theirs))
    described = [[(t.pos_, str(t.morph), t.lemma_, t.tag_, t.dep_) for t in d] for d in (ours, theirs)]
    assert described[0] == described[1]
    assert "be" in {t.lemma_ for t in ours}


@pytest.fixture(scope="module")
def plain_and_patched():
    """The model as spaCy loads it, and the same model with its Maxout layers predicting without argmax."""
    import spacy

    from ingest.extraction.nlp import MODEL, predict_maxout_without_argmax

    plain, patched = spacy.load(MODEL), spacy.load(MODEL)
    assert predict_maxout_without_argmax(patched) >= 2  # the NER's and the shared tok2vec's layers
    assert predict_maxout_without_argmax(patched) == 0  # and only once
    return plain, patched


@pytest.mark.parametrize("paragraph", PARAGRAPHS)
def test_maxout_without_argmax_predicts_exactly_what_thinc_does(plain_and_patched, paragraph):
    import numpy

    plain, patched = plain_and_patched
    a, b = plain(paragraph), patched(paragraph)
    assert [(e.start_char, e.end_char, e.label_) for e in a.ents] == [
        (e.start_char, e.end_char, e.label_) for e in b.ents
    ]
    assert [(t.tag_, t.dep_, t.head.i, t.lemma_) for t in a] == [(t.tag_, t.dep_, t.head.i, t.lemma_) for t in b]
    assert numpy.array_equal(a.tensor, b.tensor)  # the shared tok2vec's output, bit for bit


def test_maxout_layers_still_train_through_thincs_forward(plain_and_patched):
    import numpy
    from thinc.layers import maxout as thinc_maxout

    from ingest.extraction.nlp import _maxout_forward

    _plain, patched = plain_and_patched
    layer = next(n for n in patched.get_pipe("tok2vec").model.walk() if n._func is _maxout_forward)
    X = numpy.random.default_rng(1).random((7, layer.get_dim("nI")), dtype="float32")  # noqa: N806
    trained, backprop = _maxout_forward(layer, X, is_train=True)
    expected, _ = thinc_maxout.forward(layer, X, is_train=True)
    assert numpy.array_equal(trained, expected)
    assert backprop(numpy.ones_like(trained)).shape == X.shape
    predicted, no_backprop = _maxout_forward(layer, X, is_train=False)
    assert numpy.array_equal(predicted, expected)
    with pytest.raises(RuntimeError, match="prediction"):
        no_backprop(numpy.ones_like(predicted))
