"""Where a scraped page's article ends: the lists of other stories a page carries after the body
("Related", "Read more", a lone dash before teaser headlines, or a run of headlines to the page's
end) are not the article's report.

Each marker is a row of ``TAIL_MARKERS``: a short paragraph that opens the tail. Only a marker
after the article's first paragraphs counts, so a story that begins "Read more about …" is kept.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .nlp import Paragraph

TAIL_MARKERS: tuple[str, ...] = (
    r"[-\u2013\u2014•*_=]+",  # a lone rule or bullet between the story and the teasers
    r"related(?:\s+(?:stories|articles|news|content|coverage|posts))?:?",
    r"read (?:more|also|next)(?::.*)?",
    r"also read(?::.*)?",
    r"more (?:from|on|stories|news|in)\b.*",
    r"(?:you may|you might) also like.*",
    r"recommended(?: for you| stories)?:?",
    r"most (?:read|popular|viewed):?",
    r"trending(?: now| stories)?:?",
    r"see also:?",
)
_MARKER = re.compile(rf"^\s*(?:{'|'.join(TAIL_MARKERS)})\s*$", re.IGNORECASE)
MAX_MARKER_CHARS = 60
MIN_BODY_PARAGRAPHS = 2


# A page's teasers with no marker: a run of short lines that end no sentence ("01:20", "Eni's CEO to
# face the courts over corruption", "Journalist shot dead: policeGMT 18:28 2017 Thursday") that lasts
# to the page's end. A list inside the body is followed by more body, so it never reaches the end.
MIN_TEASERS = 3
MAX_TEASER_CHARS = 120
TEASER_SHARE = 0.8  # of the paragraphs from the run's start to the page's end
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019)]*\s*$")


def _teaser(para: Paragraph) -> bool:
    text = para.doc.text.strip()
    return 0 < len(text) <= MAX_TEASER_CHARS and not _SENTENCE_END.search(text)


def body_end(paragraphs: Sequence[Paragraph]) -> int:
    """The index of the first paragraph of the page's tail, or ``len(paragraphs)`` if it has none."""
    for i, para in enumerate(paragraphs):
        if i < MIN_BODY_PARAGRAPHS:
            continue
        text = para.doc.text
        if len(text) <= MAX_MARKER_CHARS and _MARKER.match(text):
            return i
    return _teasers_start(paragraphs)


def _teasers_start(paragraphs: Sequence[Paragraph]) -> int:
    """The first of a run of teaser lines that fills the page to its end, else ``len(paragraphs)``."""
    teasers = [_teaser(p) for p in paragraphs]
    for i in range(MIN_BODY_PARAGRAPHS, len(paragraphs) - MIN_TEASERS + 1):
        if all(teasers[i : i + MIN_TEASERS]) and sum(teasers[i:]) >= TEASER_SHARE * (len(paragraphs) - i):
            return i
    return len(paragraphs)
