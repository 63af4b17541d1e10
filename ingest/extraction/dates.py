"""Event dates: DATE entity spans resolved against the publication date.

dateparser only ever sees a DATE span, never free text ("may" would become May). Durations
("two years", "several months") are not dates and are skipped.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
import re
from dataclasses import dataclass

logger = logging.getLogger(__name__)

WEEKDAY_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTH_NAMES = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
]
_DATEISH = re.compile(
    r"\b(?:today|tonight|yesterday|tomorrow|last|this|ago|earlier|overnight|weekend|"
    + "|".join(WEEKDAY_NAMES)
    + "|"
    + "|".join(MONTH_NAMES)
    + r"|\d{4}|\d{1,2}(?:st|nd|rd|th)?)\b",
    re.IGNORECASE,
)
_DURATION = re.compile(
    r"^(?:the\s+)?(?:past|last|next|over|for|more than|about|around|nearly|almost|several|few|many|some|"
    r"\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|\s)*\s*(?:days|weeks|months|years|decades|hours)$",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ResolvedDate:
    date: dt.date
    precision: str  # day | week | month | year


def parse_published(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _parse(text: str, base: dt.datetime) -> dt.datetime | None:
    from dateparser import parse

    settings = {
        "RELATIVE_BASE": base,
        "PREFER_DATES_FROM": "past",
        "PREFER_DAY_OF_MONTH": "first",
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    return parse(text, languages=["en"], settings=settings)


# A pure function of its two arguments, and dateparser costs ~1 ms a call: an article names the
# same span several times ("2017", "March 4"), and a day's articles share their publication date.
@functools.lru_cache(maxsize=8192)
def resolve_date(span: str, published: dt.date) -> ResolvedDate | None:
    """Resolve a DATE span ("on Sunday", "last week", "June 2014") against the publication date."""
    text = span.strip()
    while True:  # "late on Friday", "early on Sunday", "over the weekend"
        shorter = re.sub(
            r"^(?:on|in|since|by|during|from|until|the|early|late|mid|earlier|later|over|at|month\s+of)\s+",
            "",
            text,
            flags=re.IGNORECASE,
        )
        if shorter == text:
            break
        text = shorter
    low = text.lower().strip(" .,")
    # "Friday night", "Tuesday morning": the day is what counts
    low = re.sub(r"^((?:last |this )?\w+day)\s+(?:morning|afternoon|evening|night)$", r"\1", low)
    if low in ("weekend", "last weekend", "this weekend", "the weekend", "past weekend"):
        back = (published.weekday() - 5) % 7  # the latest Saturday, the publication day included
        if low == "last weekend" and back < 2:
            back += 7
        return ResolvedDate(published - dt.timedelta(days=back), "week")
    if not low or not _DATEISH.search(low) or _DURATION.match(low):
        return None
    if re.fullmatch(r"\d{1,2}", low):
        return None  # "Sultan Khatatbeh, 16, was killed": an age or a count the NER calls a DATE, no day
    if low in ("may", "march") and text.strip()[:1].islower():
        return None  # the modal verb and the verb, not the months
    base = dt.datetime.combine(published, dt.time(12))
    if low in WEEKDAY_NAMES or (low.startswith(("last ", "this ")) and low.split()[-1] in WEEKDAY_NAMES):
        target = WEEKDAY_NAMES.index(low.split()[-1])
        delta = (published.weekday() - target) % 7
        if low.startswith("last ") and delta == 0:
            delta = 7
        return ResolvedDate(published - dt.timedelta(days=delta), "day")
    if low in ("today", "tonight", "this morning", "this afternoon", "this evening"):
        return ResolvedDate(published, "day")
    if low in ("yesterday", "last night", "overnight"):
        return ResolvedDate(published - dt.timedelta(days=1), "day")
    if low in ("this week", "earlier this week"):
        return ResolvedDate(published, "week")
    if low == "last week":
        return ResolvedDate(published - dt.timedelta(days=7), "week")
    if low in ("this month", "earlier this month"):
        return ResolvedDate(published, "month")
    if low == "last month":
        return ResolvedDate((published.replace(day=1) - dt.timedelta(days=1)).replace(day=1), "month")
    if re.fullmatch(r"[1-2]\d{3}", low):  # a bare year, which dateparser parses whatever it is
        return ResolvedDate(dt.date(int(low), 1, 1), "year")
    try:
        parsed = _parse(text, base)
    except Exception:  # noqa: BLE001 - dateparser raises odd errors on odd strings
        logger.debug("dateparser failed on %r", text)
        return None
    if parsed is None:
        return None
    has_day = bool(re.search(r"\b\d{1,2}(?:st|nd|rd|th)?\b(?!\d)", low)) and not re.fullmatch(r"\d{4}", low)
    has_month = any(re.search(rf"\b{m}\b", low) for m in MONTH_NAMES)
    if re.fullmatch(r"(?:in\s+)?\d{4}", low):
        return ResolvedDate(dt.date(int(low[-4:]), 1, 1), "year")
    if has_month and not has_day:
        return ResolvedDate(parsed.date().replace(day=1), "month")
    if "week" in low:
        return ResolvedDate(parsed.date(), "week")
    return ResolvedDate(parsed.date(), "day")


def is_background(resolved: ResolvedDate, published: dt.date, *, max_days: int = 45) -> bool:
    """True when a date lies far before the publication date: history, not news."""
    return (published - resolved.date).days > max_days or resolved.date > published + dt.timedelta(days=2)
