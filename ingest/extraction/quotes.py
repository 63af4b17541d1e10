"""Stage 6: direct quotations and their speakers.

Quotes are found per paragraph with straight or curly marks; a quote left open at the end of a
paragraph continues into the next one when that paragraph opens with a quote mark (the
newspaper convention), and each paragraph's part is reported on its own with the same speaker.
Speakers come from cue verbs on either side ("X said:", "…,” X said", "according to X") and
pronouns ("He added:") are carried back to the last named person.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence
from dataclasses import dataclass

from .actors import ActorSet, Mention
from .result import QuoteResult

CUES = (
    "said",
    "says",
    "say",
    "told",
    "tells",
    "added",
    "adds",
    "according to",
    "announced",
    "confirmed",
    "stated",
    "warned",
    "insisted",
    "explained",
    "noted",
    "wrote",
    "tweeted",
    "claimed",
    "declared",
    "continued",
    "urged",
    "argued",
    "asked",
    "replied",
    "recalled",
    "acknowledged",
    "admitted",
    "vowed",
    "promised",
    "describes",
    "described",
    "posted",
    "commented",
    "remarked",
    "stressed",
    "maintained",
    "saying",
    "telling",
)
_CUE_RX = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in sorted(CUES, key=len, reverse=True))
MAX_LEAD_CHARS = 400
_BEFORE = re.compile(r"(?P<cue>" + _CUE_RX + r")\b[^.!?\"\u201c\u201d]{0,40}?[:,]?\s*$", re.IGNORECASE)
_AFTER = re.compile(
    r"^[\s,.]*(?:(?P<cue1>" + _CUE_RX + r")\b|(?P<subj>[^.!?\"\u201c\u201d]{1,120}?)\s+(?P<cue2>" + _CUE_RX + r")\b)",
    re.IGNORECASE,
)
# "X said at a news conference that the government would not "declare war"": a partial quote
# inside reported speech belongs to who reports it
_REPORTED = re.compile(
    r"(?P<cue>" + _CUE_RX + r")\b[^.!?\"\u201c\u201d]{0,200}?\bthat\b[^.!?\"\u201c\u201d]{0,200}$", re.IGNORECASE
)
# "a fisherman who fled to the district capital told Reuters": the speaker's role, unnamed
_DESCRIBED = re.compile(
    r"^\s*(?:an?|the)\s+((?:[a-z-]+\s+){0,2}?[a-z-]+)(?=\s+(?:who|which|that|from|in|at|of|with)\b|\s*,|\s*$)"
)
_PRONOUN = re.compile(r"^\s*(?:he|she|they|i|we)\b", re.IGNORECASE)
_ROLE = re.compile(
    r"\b(?:an?\s+|the\s+)?((?:[\w-]+\s+){0,4}?(?:spokesman|spokeswoman|spokesperson|official|"
    r"officials|witness|witnesses|resident|residents|source|sources|commander|minister|officer))\b",
    re.IGNORECASE,
)
# "a commander of the al Qaeda-linked group told reporters": an unnamed member speaks, not the group
# (a spokesman, by contrast, speaks for it)
_UNNAMED_MEMBER = re.compile(
    r"^\s*(?:an?|one)\s+(?P<role>(?:[a-z-]+\s+){0,2}?(?:commander|fighter|member|leader|official|officer|soldier|"
    r"militant|rebel|resident|source|witness|negotiator|diplomat))\s+(?:of|from|in|with|within|close\s+to)\s",
    re.IGNORECASE,
)
MAX_SCARE_QUOTE_WORDS = 3
OPEN = "\u201c"
CLOSE = "\u201d"


_QUOTE_MARK = re.compile(f'[{OPEN}{CLOSE}"]')


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
        for mark in _QUOTE_MARK.finditer(para, i):  # only quote marks change the state: skip the rest
            i, ch = mark.start(), mark.group()
            if not inside and (ch == OPEN or (ch == '"')):
                inside, qstart, continued = True, i + 1, False
            elif inside and (ch == CLOSE or ch == '"' or (ch == OPEN and i > qstart)):
                if ch == OPEN:  # unbalanced curly quotes: treat as a new quote
                    out.append(_Segment(ps + qstart, ps + i, pi, continued, False))
                    qstart, continued = i + 1, False
                else:
                    out.append(_Segment(ps + qstart, ps + i, pi, continued, False))
                    inside = False
        if inside:
            end = len(para.rstrip())
            if end > qstart:
                out.append(_Segment(ps + qstart, ps + end, pi, continued, True))
            carry = True
    return out


def _sentence_start(text: str, pos: int, floor: int) -> int:
    cut = max(text.rfind(". ", floor, pos), text.rfind("? ", floor, pos), text.rfind("! ", floor, pos))
    return cut + 2 if cut >= 0 else floor


def _first_speaker(mentions: Sequence[Mention]) -> Mention | None:
    for kind_order in (("person",), ("government", "international", "state_force", "media", "other"), None):
        for m in mentions:
            if m.generic and m.kind in ("civilians", "protesters", "rioters"):
                continue
            if kind_order is None or m.kind in kind_order:
                return m
    return None


def _last_person(actors: ActorSet, before: int) -> Mention | None:
    best = None
    for m in actors.mentions:
        if m.start >= before:
            break
        if m.kind == "person":
            best = m
    return best


def extract_quotes(
    text: str, paragraphs: Sequence[tuple[int, int]], actors: ActorSet, *, min_words: int = 2
) -> list[QuoteResult]:
    """Stage 6: return the article's direct quotes with speakers (canonical actor names)."""
    segments = find_segments(text, paragraphs)
    out: list[QuoteResult] = []
    parts: list[_Segment] = []
    prev_speaker: tuple[str | None, str | None, str | None] | None = None
    for seg in segments:
        body = text[seg.start : seg.end].strip()
        if len(body.split()) < min_words or _scare_quote(text, seg, body):
            continue
        ps, pe = paragraphs[seg.paragraph]
        speaker: str | None = None
        role: str | None = None
        cue: str | None = None
        if seg.continued and prev_speaker is not None:
            speaker, role, cue = prev_speaker
        else:
            # The cue sits just before the quote; a bounded lead keeps a run-on "sentence" linear.
            lead_start = max(_sentence_start(text, seg.start - 1, ps), seg.start - 1 - MAX_LEAD_CHARS)
            lead = text[lead_start : max(lead_start, seg.start - 1)]
            m = _BEFORE.search(lead) or _REPORTED.search(lead)
            if m:
                cue = m.group("cue").lower()
                subj_start, subj_end = lead_start, lead_start + m.start()
                speaker, role = _speaker_from(text, subj_start, subj_end, actors)
            if speaker is None and role is None:
                tail_end = seg.end + 1
                sent_end = re.search(r"[.!?](?:\s|$)", text[tail_end:pe])
                tail = text[tail_end : tail_end + sent_end.end() if sent_end else pe]
                m2 = _AFTER.search(tail)
                if m2:
                    cue = (m2.group("cue1") or m2.group("cue2")).lower()
                    if m2.group("cue1"):
                        s0 = tail_end + m2.end("cue1")
                        speaker, role = _speaker_from(text, s0, tail_end + len(tail), actors)
                    else:
                        speaker, role = _speaker_from(
                            text, tail_end + m2.start("subj"), tail_end + m2.end("subj"), actors
                        )
            # a paragraph that is nothing but a quote right after a quoted one: same voice
            if (
                speaker is None
                and role is None
                and prev_speaker is not None
                and out
                and text[ps:pe].lstrip()[:1] in (OPEN, '"')
                and out[-1].end >= paragraphs[max(0, seg.paragraph - 1)][0]
            ):
                speaker, role, cue = prev_speaker
        out.append(QuoteResult(text=body, speaker=speaker, start=seg.start, end=seg.end, cue=cue, speaker_role=role))
        parts.append(seg)
        prev_speaker = (speaker, role, cue) if (speaker or role) else None
    return _attribute_from_the_last_part(out, parts)


def _scare_quote(text: str, seg: _Segment, body: str) -> bool:
    """A few words quoted inside running prose ("accused "criminal elements" of looting") mark
    someone's wording, not a quotation: up to three words, no sentence end, words before them."""
    if len(body.split()) > MAX_SCARE_QUOTE_WORDS or body[-1:] in ".!?" or seg.continued:
        return False
    before = text[max(0, seg.start - 40) : seg.start - 1]
    if re.search(r"\n\s*$", before) or re.search(r"\b(?:" + _CUE_RX + r")[\s,:]*$", before, re.IGNORECASE):
        return False  # a paragraph that opens with it, or "he said, "no comment"": a quotation
    return bool(re.search(r"[A-Za-z,]\s*$", before))


def _attribute_from_the_last_part(quotes: list[QuoteResult], parts: list[_Segment]) -> list[QuoteResult]:
    """A quote over several paragraphs is often attributed only after its last part: give it to every part."""
    for i in range(len(quotes) - 2, -1, -1):
        q, nxt = quotes[i], quotes[i + 1]
        if q.speaker is None and q.speaker_role is None and parts[i + 1].continued and parts[i].open_end:
            quotes[i] = dataclasses.replace(q, speaker=nxt.speaker, speaker_role=nxt.speaker_role, cue=nxt.cue)
    return quotes


def _speaker_from(text: str, start: int, end: int, actors: ActorSet) -> tuple[str | None, str | None]:
    chunk = text[start:end]
    if _PRONOUN.match(chunk) and not actors.in_span(start, end):
        person = _last_person(actors, start)
        return (person.name if person else None), None
    unnamed = _UNNAMED_MEMBER.match(chunk)
    if unnamed:
        return None, unnamed.group("role")
    m = _first_speaker(actors.in_span(start, end))
    if m is not None:
        return m.name, None
    role = _ROLE.search(chunk) or _DESCRIBED.search(chunk)
    if role:
        return None, role.group(1).strip()
    return None, None
