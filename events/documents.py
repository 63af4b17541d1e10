"""What a submitted article document must be: at most one size, and some visible text.

One limit, ``settings.INGEST_MAX_BYTES`` (UTF-8 bytes of the text or HTML as submitted or fetched),
and one message, wherever it is checked: the API, ``manage.py ingest``, the fetcher (``ingest_url``,
feeds) and the pipeline's first stage. Plain Python with no Django import, because the pipeline
(ingest/extraction/normalize.py, which must stay free of Django) reads it too.
"""

from __future__ import annotations

import unicodedata

# settings.INGEST_MAX_BYTES defaults to this; the pipeline uses it when nothing else is set.
DEFAULT_MAX_ARTICLE_BYTES = 2_000_000
# Invisible characters, besides whitespace: controls (Cc), format characters such as zero-width
# spaces, joiners, BOMs and direction marks (Cf), and lone surrogates (Cs).
INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Cs"})


def too_large_message(limit: int, size: int | None = None) -> str:
    """The one wording for a document over the limit (size None: a download cut off at the limit)."""
    amount = f"{size:,} bytes, more than" if size is not None else "more than"
    return f"too large: {amount} the {limit:,}-byte limit for one article (INGEST_MAX_BYTES)"


def encoded_size(document: str | bytes, limit: int) -> int:
    """Return the document's size in UTF-8 bytes (exact when it could be near or over ``limit``)."""
    if isinstance(document, bytes):
        return len(document)
    if len(document) * 4 <= limit:  # no character takes more than 4 bytes: surely within
        return len(document)
    return len(document.encode("utf-8", errors="surrogatepass"))


def size_refusal(document: str | bytes | None, limit: int) -> str | None:
    """Return the message if ``document`` is over ``limit`` bytes, else None."""
    if not document:
        return None
    size = encoded_size(document, limit)
    return too_large_message(limit, size) if size > limit else None


def is_invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) in INVISIBLE_CATEGORIES


def has_visible_text(text: str) -> bool:
    """Tell whether ``text`` holds anything but whitespace, control and zero-width characters."""
    return not all(map(is_invisible, text))
