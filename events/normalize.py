"""Name normalisation shared by alias lookup, the gazetteer and deduplication."""

from __future__ import annotations

import re
import unicodedata

_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+")
_NON_WORD = re.compile(r"[^\w]+")


def normalize_name(name: str) -> str:
    """Fold case, accents, quotes, hyphens and a leading article ("The Taliban" -> "taliban")."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("'", "").lower().strip()
    text = _LEADING_ARTICLE.sub("", text)
    return _NON_WORD.sub(" ", text).strip()
