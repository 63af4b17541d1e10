"""Name normalisation shared by alias lookup, the gazetteer and deduplication."""

from __future__ import annotations

import functools
import re
import unicodedata

_LEADING_ARTICLE = re.compile(r"^(the|a|an)\s+")
_NON_WORD = re.compile(r"[^\w]+")


# A pure function of its argument, and the extraction stages ask for the same few hundred names
# several times an article (~680 calls); the bound keeps bulk loaders from growing it without end.
@functools.lru_cache(maxsize=8192)
def normalize_name(name: str) -> str:
    """Fold case, accents, quotes, hyphens and a leading article ("The Taliban" -> "taliban")."""
    text = name or ""
    if not text.isascii():  # NFKD leaves ASCII as it is, and ASCII has no combining marks
        text = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("'", "").lower().strip()
    text = _LEADING_ARTICLE.sub("", text)
    return _NON_WORD.sub(" ", text).strip()
