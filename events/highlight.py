"""Split an article's text into paragraphs of plain and highlighted segments.

Templates render the segments with autoescaping on and wrap highlighted ones in <mark>, so no
article text ever passes through |safe.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    sentence: str = ""
    ref: str = ""  # e.g. an element id the mark links to or is named after


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool = False
    ref: str = ""


def _locate(text: str, span: Span) -> tuple[int, int] | None:
    """Return the span's offsets, repaired by searching for its sentence when they no longer fit."""
    start, end = max(0, span.start), min(len(text), span.end)
    if start < end and (not span.sentence or text[start:end].strip() == span.sentence.strip()):
        return start, end
    if span.sentence:
        found = text.find(span.sentence.strip())
        if found >= 0:
            return found, found + len(span.sentence.strip())
    return (start, end) if start < end else None


def _merge(ranges: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    merged: list[tuple[int, int, str]] = []
    for start, end, ref in sorted(ranges):
        if merged and start <= merged[-1][1]:
            last_start, last_end, last_ref = merged[-1]
            merged[-1] = (last_start, max(last_end, end), last_ref)
        else:
            merged.append((start, end, ref))
    return merged


def highlight(text: str, spans: Iterable[Span]) -> list[list[Segment]]:
    """Return the text as paragraphs, each a list of segments, with the spans marked."""
    ranges = [(*loc, span.ref) for span in spans if (loc := _locate(text, span))]
    segments: list[Segment] = []
    pos = 0
    for start, end, ref in _merge(ranges):
        if start > pos:
            segments.append(Segment(text[pos:start]))
        segments.append(Segment(text[start:end], marked=True, ref=ref))
        pos = end
    if pos < len(text):
        segments.append(Segment(text[pos:]))
    return _paragraphs(segments)


def _paragraphs(segments: list[Segment]) -> list[list[Segment]]:
    paragraphs: list[list[Segment]] = [[]]
    for segment in segments:
        pieces = _PARAGRAPH_BREAK.split(segment.text)
        for i, piece in enumerate(pieces):
            if i > 0:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append(Segment(piece, segment.marked, segment.ref))
    return [p for p in paragraphs if any(s.text.strip() for s in p)]
