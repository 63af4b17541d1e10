"""Split an article's text into paragraphs of plain and highlighted segments.

Templates render the segments with autoescaping on and wrap highlighted ones in <mark>, so no
article text ever passes through |safe. Spans may overlap (a quote inside an evidence sentence,
an actor's name inside a quote): the text is cut at every span boundary and each piece carries
the kinds of all the spans covering it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Names shorter than this match inside too many unrelated words ("US", "Al") to be worth marking.
_MIN_MENTION_LENGTH = 3


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    sentence: str = ""
    ref: str = ""  # an element id the mark gets, e.g. "evidence-12"
    kind: str = ""  # "" (plain evidence), quote, actor, location: a CSS class hl-<kind>
    title: str = ""  # shown on hover
    href: str = ""  # the mark links here (actor and place mentions)


@dataclass(frozen=True)
class Segment:
    text: str
    marked: bool = False
    ref: str = ""
    kinds: tuple[str, ...] = ()
    title: str = ""
    href: str = ""
    extra_refs: tuple[str, ...] = ()

    @property
    def css_class(self) -> str:
        return " ".join(f"hl-{kind}" for kind in self.kinds or ("evidence",))


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


def highlight(text: str, spans: Iterable[Span]) -> list[list[Segment]]:
    """Return the text as paragraphs, each a list of segments, with the spans marked."""
    located = [(loc[0], loc[1], span) for span in spans if (loc := _locate(text, span))]
    cuts = sorted({0, len(text), *(s for s, _, _ in located), *(e for _, e, _ in located)})
    segments: list[Segment] = []
    for a, b in zip(cuts, cuts[1:], strict=False):
        if a >= b:
            continue
        covering = [span for s, e, span in located if s <= a and b <= e]
        if not covering:
            segments.append(Segment(text[a:b]))
            continue
        starting = [span.ref for s, _, span in located if s == a and span.ref]
        linked = sorted((span for span in covering if span.href), key=lambda sp: sp.end - sp.start)
        segments.append(
            Segment(
                text[a:b],
                marked=True,
                ref=starting[0] if starting else "",
                kinds=_kinds(covering),
                title=" · ".join(dict.fromkeys(span.title for span in covering if span.title)),
                href=linked[0].href if linked else "",
                extra_refs=tuple(starting[1:]),
            )
        )
    return _paragraphs(_join(segments))


def _kinds(covering: list[Span]) -> tuple[str, ...]:
    # A plain span alone stays kind-less (the original, single-colour marking); next to other
    # kinds it is named, so the template can style the mix.
    kinds = {span.kind for span in covering}
    if kinds == {""}:
        return ()
    return tuple(sorted(kind or "evidence" for kind in kinds))


def _join(segments: list[Segment]) -> list[Segment]:
    """Merge neighbours that look the same (overlapping spans of one kind make one mark)."""
    joined: list[Segment] = []
    for segment in segments:
        last = joined[-1] if joined else None
        if (
            last is not None
            and last.marked == segment.marked
            and (last.kinds, last.title, last.href) == (segment.kinds, segment.title, segment.href)
            and not segment.ref
            and not segment.extra_refs
        ):
            joined[-1] = Segment(
                last.text + segment.text, last.marked, last.ref, last.kinds, last.title, last.href, last.extra_refs
            )
        else:
            joined.append(segment)
    return joined


def find_mentions(text: str, names: Mapping[str, Span]) -> list[Span]:
    """Return a span for every whole-word, case-sensitive occurrence of one of ``names`` in ``text``.

    ``names`` maps a surface form to a template span (kind, title, href); the longest name wins
    where two overlap ("Iraqi Armed Forces" over "Iraqi").
    """
    forms = sorted((n for n in names if len(n.strip()) >= _MIN_MENTION_LENGTH), key=len, reverse=True)
    if not forms or not text:
        return []
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(n) for n in forms) + r")(?!\w)")
    spans = []
    for match in pattern.finditer(text):
        template = names[match.group(1)]
        spans.append(Span(match.start(), match.end(), kind=template.kind, title=template.title, href=template.href))
    return spans


def _paragraphs(segments: list[Segment]) -> list[list[Segment]]:
    paragraphs: list[list[Segment]] = [[]]
    for segment in segments:
        pieces = _PARAGRAPH_BREAK.split(segment.text)
        for i, piece in enumerate(pieces):
            if i > 0:
                paragraphs.append([])
            if piece:
                # Only the first piece of a mark split across paragraphs keeps its id.
                keep = i == 0
                paragraphs[-1].append(
                    Segment(
                        piece,
                        segment.marked,
                        segment.ref if keep else "",
                        segment.kinds,
                        segment.title,
                        segment.href,
                        segment.extra_refs if keep else (),
                    )
                )
    return [p for p in paragraphs if any(s.text.strip() for s in p)]
