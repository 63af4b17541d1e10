"""Datelines: where a report is filed from, never by itself where its incident happened.

One pattern for the whole pipeline. A dateline opens a story or a paragraph: a place (in capitals
or not), maybe its country or state, maybe a date, maybe the agency, then a dash or a colon —
"NIAMEY, Niger —", "KHARTOUM, June 2 (Reuters) -", "Lucknow:", "Gaza City -", "PERU (AFP):",
"[Russia], March 14 (ANI):". Scraped pages sometimes put their own metadata first
("date 2019-08-28 Maputo — …"); that prefix is part of the dateline too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .nlp import Paragraph

_PLACE_WORD = r"[A-Z][\w.'\u2019-]*"
_PLACE = rf"{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,3}}"
DATELINE = re.compile(
    r"^\s*(?:date\s+\d{4}-\d{2}-\d{2}\s+)?"  # a scraper's metadata line
    rf"\[?(?:{_PLACE})(?:\s+&\s+{_PLACE})?\]?"  # NIAMEY, Gaza City, PORT-AU-PRINCE, [Russia], TIJUANA & SAN DIEGO
    rf"(?:,+\s*{_PLACE_WORD}(?:\s+{_PLACE_WORD}){{0,2}})?"  # , Niger / , Haiti / , Uttar Pradesh
    r"(?:,*\s*[A-Z][A-Za-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?)?"  # , June 2 / Sept. 10, 2019 / ,, MARCH 29, 2018
    r"\s*(?:\([^)]{1,30}\))?"  # (Reuters)
    r"\s*(?:[-\u2013\u2014]+|:)(?=\s)"  # a dash or a colon, then a space
)
# a capitalised word that starts a sentence and is followed by a colon but is no place
_NOT_A_PLACE = frozenset({"update", "updated", "breaking", "watch", "read", "note", "editor", "photo", "video", "live"})


def dateline_end(text: str) -> int:
    """Return where the dateline that opens ``text`` ends (0 when it has none).

    >>> dateline_end("NIAMEY, Niger \u2014 An ambush killed 16 soldiers.")
    15
    """
    m = DATELINE.match(text)
    if m is None:
        return 0
    words = re.findall(r"[A-Za-z]+", re.sub(r"^\s*date\s+[\d-]+\s+", "", m.group()))
    if words and words[0].lower() in _NOT_A_PLACE:
        return 0
    return m.end()


def dateline_spans(paragraphs: Sequence[Paragraph]) -> tuple[tuple[int, int], ...]:
    """The article's datelines as character spans: one at most per paragraph, at its start."""
    spans = []
    for p in paragraphs:
        end = dateline_end(p.doc.text)
        if end:
            spans.append((p.start, p.start + end))
    return tuple(spans)
