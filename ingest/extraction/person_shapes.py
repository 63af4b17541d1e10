"""Names the NER calls persons that are no one: a platform ("posted on Twitter"), a place's prefix
("Brgy. Buhanginan", the Philippine barangay), a name cut from an organisation's ("Reporters Without
Borders" tagged "Without Borders"), a place the article names ("near Kan Gyi Kone", "Twic" of "Twic
East") and a byline ("Robina Asido/DMS"). Each is a table a newcomer extends; ``not_a_person`` says
which one a name falls under. Pure: reads the text and the article's place names.
"""

from __future__ import annotations

import re
from collections.abc import Set

# services people post on, never the actor who posts
PLATFORMS = frozenset(
    {
        "twitter",
        "facebook",
        "telegram",
        "whatsapp",
        "youtube",
        "instagram",
        "tiktok",
        "signal",
        "weibo",
        "wechat",
        "vkontakte",
        "viber",
        "truth social",
        "x",
    }
)
# words that open a place's name, not a person's
PLACE_PREFIXES = frozenset({"brgy", "barangay", "sitio", "purok", "kampung", "kelurahan"})
# words no person's name opens with: a preposition or conjunction left over from a longer name
NOT_NAME_OPENERS = frozenset({"without", "of", "for", "with", "and", "from", "in", "on", "at", "by", "to", "under"})
# "… insignificant level," he said. Robina Asido/DMS": a reporter's name and the agency's code
_BYLINE_AFTER = re.compile(r"\s*/\s*[A-Z]{2,6}\b")


def not_a_person(name: str, text: str, end: int, place_names: Set[str]) -> str | None:
    """Why the NER's PERSON ``name`` (ending at ``end`` in ``text``) is no one, or None if it may be someone."""
    low = name.lower().strip()
    words = low.replace(".", " ").split()
    if not words:
        return None
    if low in PLATFORMS:
        return "platform"
    if words[0] in PLACE_PREFIXES:
        return "place prefix"
    if words[0] in NOT_NAME_OPENERS:
        return "piece of a longer name"
    if low in place_names or any(p.startswith(low + " ") for p in place_names):
        return "place of the article"
    if _BYLINE_AFTER.match(text, end):
        return "byline"
    return None


# A name the NER calls an organisation that has a person's shape and speaks: "said Stig Jarle Hansen,
# a Norwegian academic", "Anand Kumar said", "Sunder Raj P, DIG Anti-Naxal Operation told ANI", "said a
# man called Néne". Words that make a name an organisation's are never in it (ORG_WORDS and the
# caller's organisation heads).
ORG_WORDS = frozenset(
    {
        "international",
        "news",
        "times",
        "press",
        "post",
        "radio",
        "television",
        "tv",
        "bank",
        "university",
        "hospital",
        "school",
        "company",
        "corporation",
        "foundation",
        "centre",
        "center",
        "club",
        "media",
        "daily",
        "herald",
        "tribune",
        "telegraph",
        "journal",
    }
)
_NAME_WORD = re.compile(r"^(?:[A-Z][a-z\u00e0-\u024f'\u2019-]+|(?:[A-Z]\.)+|[A-Z])$")
_SPEAKS_AFTER = re.compile(r"(?:\s*,[^,.;\"\u201c\u201d]{1,60}?)?\s+(?:said|says|told|added|stated|explained|wrote)\b")
_SPEAKS_BEFORE = re.compile(r"\b(?:said|says|told|added)\s+$")
_CALLED_BEFORE = re.compile(r"\b(?:called|named)\s+$")


def speaking_name(text: str, start: int, end: int, org_heads: Set[str]) -> bool:
    """Is the NER's organisation ``text[start:end]`` a person's name that speaks?"""
    words = text[start:end].split()
    before = text[max(0, start - 12) : start]
    one_word_ok = bool(_CALLED_BEFORE.search(before))
    if not (2 <= len(words) <= 4 or (one_word_ok and len(words) == 1)):
        return False
    if not all(_NAME_WORD.match(w) for w in words) or any(
        w.lower() in ORG_WORDS or w.lower() in org_heads for w in words
    ):
        return False
    return one_word_ok or bool(_SPEAKS_AFTER.match(text, end) or _SPEAKS_BEFORE.search(before))
