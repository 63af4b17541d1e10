"""Stage 1: turn raw input (bytes, text or HTML) into clean article text, or refuse it."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass

from events.documents import DEFAULT_MAX_ARTICLE_BYTES, encoded_size, too_large_message

from .language import guess_language

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
    site_name: str = ""  # the outlet, from the page's metadata (HTML only)


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


_HEAD_LIMIT = 200_000  # the metadata sits in the head or at the top of the body
_META_TAG = re.compile(r"<meta\b[^>]*>", re.IGNORECASE)
_ATTR = re.compile(r"""([a-zA-Z:_-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_TITLE_TAG = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_H1_TAG = re.compile(r"<h1\b[^>]*>(.*?)</h1\s*>", re.IGNORECASE | re.DOTALL)
# "Story headline | Outlet", "Story headline - Outlet", "Outlet: Story headline" in <title>.
_TITLE_SEPARATORS = (" | ", " – ", " — ", " - ", " :: ", " · ")
MAX_TITLE_CHARS = 500  # Article.title


def _unescape(text: str) -> str:
    import html as htmllib

    return " ".join(htmllib.unescape(text).split())


def _meta_tags(html: str) -> dict[str, str]:
    """Return {property or name (lower case): content} of the page's <meta> tags, the first of each."""
    found: dict[str, str] = {}
    for tag in _META_TAG.findall(html[:_HEAD_LIMIT]):
        attrs = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTR.findall(tag)}
        key = (attrs.get("property") or attrs.get("name") or "").lower()
        content = _unescape(attrs.get("content") or "")
        if key and content:
            found.setdefault(key, content)
    return found


def _tag_text(match: re.Match[str] | None) -> str:
    return _unescape(_TAGS.sub(" ", match.group(1))) if match else ""


def _strip_site_name(title: str, site_name: str) -> str:
    """Drop the outlet's name that a <title> adds before or after the headline."""
    for sep in _TITLE_SEPARATORS:
        if sep not in title:
            continue
        head, _, tail = title.rpartition(sep)
        first, _, rest = title.partition(sep)
        if site_name and tail.strip().casefold() == site_name.casefold():
            return head.strip()
        if site_name and first.strip().casefold() == site_name.casefold():
            return rest.strip()
        # An outlet not named in the metadata: a short last part after a long headline.
        if len(tail.split()) <= 3 and len(head.split()) >= 4:
            return head.strip()
    return title


def html_metadata(html: str) -> dict[str, str]:
    """Return the page's ``title`` and ``site_name``: og:title, else <title>, else the first <h1>.

    og:title is the headline the outlet chose for sharing; a <title> usually carries the outlet's
    name too (stripped here); an <h1> is the last resort of hand-made pages.
    """
    meta = _meta_tags(html)
    site_name = meta.get("og:site_name") or meta.get("application-name") or ""
    title = meta.get("og:title") or meta.get("twitter:title") or ""
    if not title:
        title = _strip_site_name(_tag_text(_TITLE_TAG.search(html[:_HEAD_LIMIT])), site_name)
    if not title:
        title = _tag_text(_H1_TAG.search(html))
    return {"title": title[:MAX_TITLE_CHARS], "site_name": site_name[:200]}


# A first line that reads as a headline: a few words, and no full stop ending a sentence.
HEADLINE_MIN_WORDS = 2
HEADLINE_MAX_WORDS = 20
HEADLINE_MAX_CHARS = 150
_BYLINE = re.compile(r"^(?:by|from)\s", re.IGNORECASE)
# "KABUL, Afghanistan —", "SOUTHWEST ASIA, Dec. 20, 2016": a dateline opening the story.
_DATELINE = re.compile(r"^[A-Z][A-Z.'-]+(?: [A-Z][A-Z.'-]+)*,")
_NOT_A_HEADLINE_START = "\"“‘'(-*•–—"


def headline(text: str) -> str:
    """Return the first line of a plain text when it reads as a headline, else "".

    "ISIS ON THE RUN Jihadists flee Mosul" above a story is its title; "Gunmen attacked a
    checkpoint on Monday." is the story's first sentence, "By Jane Doe" a byline.
    """
    first, newline, rest = text.partition("\n")
    first = first.strip()
    words = first.split()
    if not newline or len(rest.strip()) < MIN_CHARS:
        return ""  # one paragraph: the text itself, not a headline over it
    if not HEADLINE_MIN_WORDS <= len(words) <= HEADLINE_MAX_WORDS or len(first) > HEADLINE_MAX_CHARS:
        return ""
    if first[-1] in ".,;:-–—" or _BYLINE.match(first) or _DATELINE.match(first):
        return ""
    if first[0] in _NOT_A_HEADLINE_START or not any(ch.isalpha() for ch in first):
        return ""  # a quotation, a list item or a figure opens the story itself
    return first


def html_to_text(html: str) -> tuple[str, dict[str, str | None]]:
    """Return the main text and metadata of an HTML page (trafilatura; tag stripping as fallback)."""
    own = html_metadata(html)
    meta: dict[str, str | None] = {"title": own["title"] or None, "date": None, "site_name": own["site_name"] or None}
    try:
        import trafilatura

        body = trafilatura.extract(html, include_comments=False, include_tables=False, favor_recall=True)
        md = trafilatura.extract_metadata(html)
        if md is not None:
            meta = {"title": meta["title"] or md.title, "date": md.date, "site_name": meta["site_name"] or md.sitename}
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
    site_name = ""
    if was_html:
        text, meta = html_to_text(text)
        title = title or (meta.get("title") or "")
        published = published or (meta.get("date") or None)
        site_name = meta.get("site_name") or ""
    text = clean_whitespace(text)
    if len(text) < MIN_CHARS:
        raise RejectedInput("empty input (no text)")
    longest = max(len(block) for block in text.split("\n\n"))
    if longest > MAX_PARAGRAPH_CHARS:
        raise RejectedInput(f"not an article: a paragraph of {longest:,} characters without a break is too long")
    if not title and not was_html:
        title = headline(text)
    return CleanText(
        text=text,
        title=title[:MAX_TITLE_CHARS],
        published=published,
        language=guess_language(text),
        was_html=was_html,
        site_name=site_name,
    )
