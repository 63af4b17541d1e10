"""Stage 1: turn raw input (bytes, text or HTML) into clean article text, or refuse it."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from events.documents import DEFAULT_MAX_ARTICLE_BYTES, encoded_size, too_large_message

logger = logging.getLogger(__name__)

# The largest article, in UTF-8 bytes of the input: the one limit of the whole project
# (settings.INGEST_MAX_BYTES, which ingest/apps.py copies here when Django starts; callers may also
# pass max_bytes). Plain Python: the pipeline never imports Django.
MAX_BYTES = DEFAULT_MAX_ARTICLE_BYTES
# spaCy's ceiling for one Doc (its nlp.max_length); the NLP stage runs a paragraph at a time, so a
# blank-line block longer than this would crash it rather than be refused with a reason.
MAX_PARAGRAPH_CHARS = 1_000_000
MIN_CHARS = 20
_HTML_HINT = re.compile(r"<(?:!doctype|html|body|p|div|article|head|br|span)\b", re.IGNORECASE)
_TAGS = re.compile(r"<[^>]+>")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200b\u202f\u205f\u3000]+")
_BLANKS = re.compile(r"\n\s*\n\s*")
_EN_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "in",
        "a",
        "is",
        "that",
        "for",
        "on",
        "was",
        "with",
        "as",
        "by",
        "at",
        "from",
        "it",
        "his",
        "her",
        "they",
        "said",
        "were",
        "have",
        "has",
        "be",
    ]
)


class RejectedInput(ValueError):
    """The input cannot be processed as an article; ``reason`` says why (kept on the article row)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True)
class CleanText:
    text: str
    title: str = ""
    published: str | None = None
    language: str = "en"
    was_html: bool = False


def decode(data: bytes | str) -> str:
    """Decode bytes as UTF-8 (with BOM), falling back to cp1252 then latin-1; reject binary data."""
    if isinstance(data, str):
        text = data
    else:
        if b"\x00" in data[:4096]:
            raise RejectedInput("binary input (NUL bytes)")
        for enc in ("utf-8-sig", "cp1252", "latin-1"):
            try:
                text = data.decode(enc)
                break
            except UnicodeDecodeError:
                continue
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > 8:
        raise RejectedInput("binary input (control characters)")
    return text


def looks_like_html(text: str) -> bool:
    return bool(_HTML_HINT.search(text[:5000]))


def html_to_text(html: str) -> tuple[str, dict[str, str | None]]:
    """Return the main text and metadata of an HTML page (trafilatura; tag stripping as fallback)."""
    meta: dict[str, str | None] = {"title": None, "date": None}
    try:
        import trafilatura

        body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
        md = trafilatura.extract_metadata(html)
        if md is not None:
            meta = {"title": md.title, "date": md.date}
        if body:
            return body, meta
    except Exception:  # noqa: BLE001 - a parser crash on odd markup must not lose the article
        logger.exception("trafilatura failed; falling back to tag stripping")
    text = re.sub(r"(?is)<(script|style)\b.*?</\1>", " ", html)
    text = re.sub(r"(?i)</?(p|div|br|h\d|li|article|section)\b[^>]*>", "\n\n", text)
    import html as htmllib

    return htmllib.unescape(_TAGS.sub(" ", text)), meta


def clean_whitespace(text: str) -> str:
    """Normalise line ends and spaces, keep paragraphs as blank-line separated blocks."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = [_SPACES.sub(" ", ln).strip() for ln in text.split("\n")]
    text = "\n".join(lines)
    return _BLANKS.sub("\n\n", text).strip()


def guess_language(text: str) -> str:
    """Return "en" when common English function words dominate, else "und" (undetermined)."""
    words = re.findall(r"[a-z]+", text[:5000].lower())
    if not words:
        return "und"
    share = sum(w in _EN_WORDS for w in words) / len(words)
    return "en" if share >= 0.12 else "und"


def normalize(
    data: bytes | str, *, title: str = "", published: str | None = None, max_bytes: int | None = None
) -> CleanText:
    """Stage 1: decode, strip HTML, normalise whitespace, guess language; raise RejectedInput."""
    if data is None or (isinstance(data, bytes | str) and len(data) == 0):
        raise RejectedInput("empty input")
    limit = MAX_BYTES if max_bytes is None else max_bytes
    size = encoded_size(data, limit)
    if size > limit:
        raise RejectedInput(too_large_message(limit, size))
    text = decode(data)
    was_html = looks_like_html(text)
    if was_html:
        text, meta = html_to_text(text)
        title = title or (meta.get("title") or "")
        published = published or (meta.get("date") or None)
    text = clean_whitespace(text)
    if len(text) < MIN_CHARS:
        raise RejectedInput("empty input (no text)")
    longest = max(len(block) for block in text.split("\n\n"))
    if longest > MAX_PARAGRAPH_CHARS:
        raise RejectedInput(f"not an article: a paragraph of {longest:,} characters without a break is too long")
    return CleanText(text=text, title=title, published=published, language=guess_language(text), was_html=was_html)
