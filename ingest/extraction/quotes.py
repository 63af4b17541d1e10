"""Stage 6: direct quotations and their speakers.

Quotes are found per paragraph with straight or curly marks; a quote left open at the end of a
paragraph continues into the next one when that paragraph opens with a quote mark (the
newspaper convention), and each paragraph's part is reported on its own with the same speaker.

Speakers come from the article's speaker model (speakers.py): every cue verb outside the quotes
is read in text order, so "he added", "the officer said" and "the statement said" resolve to
who spoke last, was given that noun, or issued that statement. A quote takes, in this order
(``ATTRIBUTION_RULES``): the speaker of the quote it continues, the cue before it in its
sentence ("X said: …", "X said that … “…”"), the cue after it ("“…,” X said", "“…,” said X",
"according to X"), the speaker of an earlier quote of its paragraph, or of the quote paragraph
just before it.
"""

from __future__ import annotations

import bisect
import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .actors import ActorSet
from .regex_trie import trie_regex
from .result import QuoteResult
from .speakers import ACCORDING_TO, CUE_VERBS, INVERTIBLE_CUES, Speaker, SpeakerModel, subject_after, subject_before

MAX_LEAD_CHARS = 400
MAX_SCARE_QUOTE_WORDS = 3
OPEN = "\u201c"
CLOSE = "\u201d"

# one trie alternation (Python's re tries a flat list word by word), case-sensitive: a
# capitalised cue counts only where it opens a sentence ("According to", not "United States")
_CUE_ALT = trie_regex([*CUE_VERBS, ACCORDING_TO])
_CUE = re.compile(rf"\b(?:{trie_regex(w for c in [*CUE_VERBS, ACCORDING_TO] for w in (c, c[:1].upper() + c[1:]))})\b")
_CUE_JUST_BEFORE = re.compile(rf"\b(?:{_CUE_ALT})[\s,:]*$", re.IGNORECASE)
_AFTER_CLOSE = re.compile(rf"[{CLOSE}\"][,.!?]?\s*$")
_WORD_BEFORE = re.compile(r"[A-Za-z,]\s*$")
_QUOTE_MARK = re.compile(f'[{OPEN}{CLOSE}"]')
_SENTENCE_END = re.compile(r"[.!?](?:\s|$)")


@dataclass
class _Segment:
    start: int
    end: int
    paragraph: int
    continued: bool  # carries on a quote opened in an earlier paragraph
    open_end: bool  # not closed before the paragraph ended


def find_segments(text: str, paragraphs: Sequence[tuple[int, int]]) -> list[_Segment]:
    """Return the quoted stretches of every paragraph (offsets exclude the quote marks)."""
    out: list[_Segment] = []
    carry = False
    for pi, (ps, pe) in enumerate(paragraphs):
        para = text[ps:pe]
        i, inside, qstart = 0, False, 0
        continued = False
        if carry and para[:1] in (OPEN, '"'):
            inside, qstart, continued, i = True, 1, True, 1
        elif carry:  # a continuation without the opening mark still belongs to the quote
            inside, qstart, continued = True, 0, True
        carry = False
        first = True
        for mark in _QUOTE_MARK.finditer(para, i):  # only quote marks change the state: skip the rest
            i, ch = mark.start(), mark.group()
            if not inside and ch == CLOSE and first and _lost_opening_mark(para, i):
                # 'Amisom is fighting the wrong war,” said X': the opening mark was lost, the
                # quote runs from the paragraph's start
                out.append(_Segment(ps, ps + i, pi, False, False))
            elif not inside and (ch == OPEN or (ch == '"')):
                inside, qstart, continued = True, i + 1, False
            elif inside and (ch == CLOSE or ch == '"' or (ch == OPEN and i > qstart)):
                if ch == OPEN:  # unbalanced curly quotes: treat as a new quote
                    out.append(_Segment(ps + qstart, ps + i, pi, continued, False))
                    qstart, continued = i + 1, False
                else:
                    out.append(_Segment(ps + qstart, ps + i, pi, continued, False))
                    inside = False
            first = False
        if inside:
            end = len(para.rstrip())
            if end > qstart:
                out.append(_Segment(ps + qstart, ps + end, pi, continued, True))
            carry = True
    return out


def _lost_opening_mark(para: str, close_at: int) -> bool:
    """A closing curly mark with no opening one before it, after a clause ended by a comma or
    sentence mark and followed by a cue: the paragraph opened a quotation."""
    body = para[:close_at].rstrip()
    return len(body.split()) >= 3 and body[-1:] in ",.!?" and bool(_CUE.search(para[close_at + 1 : close_at + 60]))


@dataclass
class _Quote:
    """One kept segment and what the article says around it (the input of the attribution rules)."""

    seg: _Segment
    paragraph: tuple[int, int]
    lead_start: int  # where its sentence starts (bounded)
    tail_end: int  # where the sentence after it ends


@dataclass(frozen=True)
class _Attribution:
    cue_start: int
    cue: str
    speaker: Speaker


@dataclass
class _State:
    """What the attribution rules can see: the text, the attributions and the quotes so far."""

    text: str
    paragraphs: Sequence[tuple[int, int]]
    actors: ActorSet
    attributions: list[_Attribution]
    cue_starts: list[int]
    done: list[tuple[_Segment, QuoteResult]]
    every_cue: list[int] = dataclasses.field(default_factory=list)  # resolved or not

    def has_own_cue(self, q: _Quote) -> bool:
        """A cue in the quote's own sentence, before or after it, even one naming no one we know."""
        i = bisect.bisect_left(self.every_cue, q.lead_start)
        return (
            i < len(self.every_cue)
            and self.every_cue[i] < q.tail_end
            and not (q.seg.start - 1 <= self.every_cue[i] < q.seg.end)
        )


def extract_quotes(
    text: str, paragraphs: Sequence[tuple[int, int]], actors: ActorSet, *, min_words: int = 2
) -> list[QuoteResult]:
    """Stage 6: return the article's direct quotes with speakers (canonical actor names)."""
    segments = find_segments(text, paragraphs)
    kept = [
        seg
        for seg in segments
        if len(text[seg.start : seg.end].split()) >= min_words
        and not _scare_quote(text, seg, text[seg.start : seg.end].strip())
    ]
    if not kept:
        return []
    every_cue: list[int] = []
    attributions = _attributions(text, paragraphs, actors, segments, kept, every_cue)
    state = _State(text, paragraphs, actors, attributions, [a.cue_start for a in attributions], [], every_cue)
    for seg in kept:
        ps, pe = paragraphs[seg.paragraph]
        lead_start = max(_sentence_start(text, seg.start - 1, ps), seg.start - 1 - MAX_LEAD_CHARS)
        after = seg.end + 1
        nxt = _QUOTE_MARK.search(text, after, pe)
        end_at = _SENTENCE_END.search(text, after, pe)
        tail_end = min(nxt.start() if nxt else pe, end_at.end() if end_at else pe)
        quote = _Quote(seg, (ps, pe), lead_start, tail_end)
        speaker, cue = None, None
        for rule in ATTRIBUTION_RULES:
            found = rule(state, quote)
            if found is not None:
                speaker, cue = found
                break
        body = text[seg.start : seg.end].strip()
        result = QuoteResult(
            text=body,
            speaker=speaker.name if speaker else None,
            start=seg.start,
            end=seg.end,
            cue=cue,
            speaker_role=speaker.role if speaker else None,
        )
        state.done.append((seg, result))
    return _attribute_from_the_last_part([q for _, q in state.done], [s for s, _ in state.done])


def _attributions(
    text: str,
    paragraphs: Sequence[tuple[int, int]],
    actors: ActorSet,
    segments: Sequence[_Segment],
    kept: Sequence[_Segment],
    every_cue: list[int],
) -> list[_Attribution]:
    """Read every cue outside the quotes, in text order, into the article's speaker model."""
    quoted = [(s.start - 1, s.end + 1) for s in segments]
    quoted_starts = [s for s, _ in quoted]
    quote_ends = sorted(s.end + 1 for s in kept)
    para_starts = [p[0] for p in paragraphs]
    model = SpeakerModel(text, actors, quoted)
    out: list[_Attribution] = []
    # a cue after the last quote's paragraph attributes none of them
    for m in _CUE.finditer(text, 0, paragraphs[kept[-1].paragraph][1]):
        if m.group()[0].isupper() and not _opens_a_sentence(text, m.start()):
            continue
        i = bisect.bisect_right(quoted_starts, m.start()) - 1
        if i >= 0 and m.start() < quoted[i][1]:
            continue  # inside a quotation
        pi = bisect.bisect_right(para_starts, m.start()) - 1
        if pi < 0:
            continue
        every_cue.append(m.start())
        ps, pe = paragraphs[pi]
        cue = " ".join(m.group().lower().split())
        sent_start = _sentence_start(text, m.start(), ps)
        qi = bisect.bisect_right(quote_ends, m.start()) - 1
        clause_start = max(sent_start, quote_ends[qi] if qi >= 0 else 0, m.start() - MAX_LEAD_CHARS)
        speaker = None
        clause = (clause_start, m.end())
        if cue == ACCORDING_TO:
            speaker = model.attribute([subject_after(text, m.end(), _clause_end(text, m.end(), pe))])
        else:
            spans, coordinated = subject_before(text, clause_start, m.start())
            if any(text[a:b].strip(" ,;:\u2013\u2014\n") for a, b in spans):
                speaker = model.attribute(spans, clause=clause, coordinated=coordinated)
            elif cue in INVERTIBLE_CUES and _right_after_a_quote(text, clause_start, m.start()):
                a, b = subject_after(text, m.end(), _clause_end(text, m.end(), pe))
                speaker = model.attribute([(a, b)], clause=(clause_start, b))
        if speaker is not None:
            out.append(_Attribution(m.start(), cue, speaker))
    return out


# -- attribution rules: (state, quote) -> (speaker, cue) | None, first answer wins ---------------

Found = tuple[Speaker, str | None] | None
AttributionRule = Callable[[_State, _Quote], Found]


def continued_quote(state: _State, q: _Quote) -> Found:
    """ "“The start of operations is a step forward. ¶ “After two years …" — a quote carried on
    from the previous paragraph keeps its speaker."""
    if q.seg.continued and state.done:
        prev = state.done[-1][1]
        if prev.speaker or prev.speaker_role:
            return _again(prev)
    return None


def cue_before(state: _State, q: _Quote) -> Found:
    """ "Stephen Brown said: “…”", "Wafa reported that troops stormed the town, “firing …”" —
    the last cue earlier in the quote's sentence."""
    i = bisect.bisect_left(state.cue_starts, q.seg.start - 1) - 1
    if i >= 0 and state.cue_starts[i] >= q.lead_start:
        a = state.attributions[i]
        return a.speaker, a.cue
    return None


def cue_after(state: _State, q: _Quote) -> Found:
    """ "“…,” the officer said.", "“…,” said Colonel X.", "… “still fighting”, according to X." """
    i = bisect.bisect_left(state.cue_starts, q.seg.end)
    if i < len(state.cue_starts) and state.cue_starts[i] < q.tail_end:
        a = state.attributions[i]
        return a.speaker, a.cue
    return None


def same_paragraph(state: _State, q: _Quote) -> Found:
    """ "“There are boys cornered,” one resident said. “And the police want to kill them.”",
    "Smith said the town was calm. “We are safe now.”" — a quote with no cue of its own takes
    the speaker of the sentence just before it in its paragraph (a quote's or reported speech),
    unless someone new is named in between."""
    if state.has_own_cue(q):
        return None
    ps = q.paragraph[0]
    prev_start = _sentence_start(state.text, max(ps, q.lead_start - 2), ps)
    i = bisect.bisect_left(state.cue_starts, q.lead_start) - 1
    said = state.attributions[i] if i >= 0 and state.cue_starts[i] >= prev_start else None
    seg, prev = state.done[-1] if state.done else (None, None)
    if seg is None or prev is None or seg.paragraph != q.seg.paragraph or seg.end < prev_start:
        seg, prev = None, None
    if said is not None and (seg is None or said.cue_start > seg.end):
        return said.speaker, said.cue
    if prev is None or seg is None or not (prev.speaker or prev.speaker_role):
        return None
    between = state.actors.in_span(seg.end, q.seg.start)
    if any(m.name != prev.speaker for m in between if not m.generic):
        return None
    return _again(prev)


def quote_paragraph(state: _State, q: _Quote) -> Found:
    """ "Governor X wrote on Telegram: ¶ “…” ¶ “…”" — a paragraph that is only a quote continues
    the quote paragraph before it, or takes the cue that ends the paragraph before it with a colon."""
    ps, pe = q.paragraph
    text = state.text
    if q.seg.paragraph == 0 or text[ps:pe].lstrip()[:1] not in (OPEN, '"') or state.has_own_cue(q):
        return None
    prev_ps, prev_pe = state.paragraphs[q.seg.paragraph - 1]
    if state.done:
        seg, prev = state.done[-1]
        if seg.paragraph == q.seg.paragraph - 1 and (prev.speaker or prev.speaker_role):
            return _again(prev)
    if text[prev_ps:prev_pe].rstrip().endswith(":"):
        i = bisect.bisect_left(state.cue_starts, prev_pe) - 1
        if i >= 0 and state.cue_starts[i] >= prev_ps:
            a = state.attributions[i]
            return a.speaker, a.cue
    return None


ATTRIBUTION_RULES: tuple[AttributionRule, ...] = (
    continued_quote,
    cue_before,
    cue_after,
    same_paragraph,
    quote_paragraph,
)


def _again(prev: QuoteResult) -> Found:
    return Speaker(prev.speaker, prev.speaker_role), prev.cue


# -- helpers ---------------------------------------------------------------------------------------


_SENTENCE_ENDS = tuple(f"{mark}{close} " for mark in ".?!" for close in ("", '"', CLOSE, "\u2019"))


def _sentence_start(text: str, pos: int, floor: int) -> int:
    """Where the sentence holding ``pos`` starts: after the last '. ', '." ' or '.” ' before it."""
    best = floor
    for end in _SENTENCE_ENDS:
        cut = text.rfind(end, floor, pos)
        if cut >= 0:
            best = max(best, cut + len(end))
    return best


def _opens_a_sentence(text: str, pos: int) -> bool:
    before = text[max(0, pos - 3) : pos].rstrip(' \t"\u201c')
    return not before or before[-1] in ".!?\n\u201d:"


def _clause_end(text: str, start: int, limit: int) -> int:
    m = _SENTENCE_END.search(text, start, limit)
    return m.start() if m else limit


def _right_after_a_quote(text: str, clause_start: int, cue_start: int) -> bool:
    return text[max(0, clause_start - 1) : clause_start] in (CLOSE, '"') or bool(
        _AFTER_CLOSE.search(text, max(0, cue_start - 6), cue_start)
    )


def _scare_quote(text: str, seg: _Segment, body: str) -> bool:
    """A few words quoted inside running prose ("accused "criminal elements" of looting") mark
    someone's wording, not a quotation: up to three words, no sentence end, words before them.

    Those that close a sentence of reported speech ("X said the farms had been “packed with
    families”.") are the speaker's own words and are kept.
    """
    if len(body.split()) > MAX_SCARE_QUOTE_WORDS or body[-1:] in ".!?" or seg.continued:
        return False
    before = text[max(0, seg.start - 40) : seg.start - 1]
    if before.rstrip(" \t").endswith("\n") or _CUE_JUST_BEFORE.search(before):
        return False  # a paragraph that opens with it, or "he said, "no comment"": a quotation
    title = all(w[:1].isupper() for w in body.split() if len(w) > 3)  # "the newssheet "Carta de Mocambique"."
    if not title and text[seg.end + 1 : seg.end + 2] in (".", "!", "?"):
        sentence = text[_sentence_start(text, seg.start, max(0, seg.start - MAX_LEAD_CHARS)) : seg.start]
        if _CUE.search(sentence):
            return False
    return bool(_WORD_BEFORE.search(before))


def _attribute_from_the_last_part(quotes: list[QuoteResult], parts: list[_Segment]) -> list[QuoteResult]:
    """A quote over several paragraphs is often attributed only after its last part: give it to every part."""
    for i in range(len(quotes) - 2, -1, -1):
        q, nxt = quotes[i], quotes[i + 1]
        if q.speaker is None and q.speaker_role is None and parts[i + 1].continued and parts[i].open_end:
            quotes[i] = dataclasses.replace(q, speaker=nxt.speaker, speaker_role=nxt.speaker_role, cue=nxt.cue)
    return quotes
