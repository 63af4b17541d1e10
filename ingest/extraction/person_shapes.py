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
