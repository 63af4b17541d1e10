"""Where a scraped page's article ends: the lists of other stories a page carries after the body
("Related", "Read more", a lone dash before teaser headlines) are not the article's report.

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


def body_end(paragraphs: Sequence[Paragraph]) -> int:
    """The index of the first paragraph of the page's tail, or ``len(paragraphs)`` if it has none."""
    for i, para in enumerate(paragraphs):
        if i < MIN_BODY_PARAGRAPHS:
            continue
        text = para.doc.text
        if len(text) <= MAX_MARKER_CHARS and _MARKER.match(text):
            return i
    return len(paragraphs)
