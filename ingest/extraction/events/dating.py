"""When a sentence says its event happened: the dates its own words give (not a comparison's
baseline, not the day of the report), and whether it tells a running total instead of an act."""

from __future__ import annotations

import datetime as dt
import re

from spacy.tokens import Span

from ..dates import ResolvedDate, resolve_date
from .clauses import REPORT_LEMMAS

# "has killed 5,000 since 2017", "more than 200 have been killed since the assault began": a running
# total, not one incident's toll; but "the largest offensive since 2020" dates nothing
_CONFLICT_SUBJECT = re.compile(
    r"\b(?:conflict|war|insurgency|violence|fighting|uprising|rebellion|crisis|unrest|campaign)\b"
    r"(?:\s+(?:between|in|against|with)\b[^,.]{1,60}?)?(?:,[^,]{0,60},)?\s+(?:has|have|had)\s+(?:killed|claimed|left)\b"
)
_RUNNING_TOLL = re.compile(
    r"\b(?:has|have)\s+(?:been\s+)?(?:killed|died)\b[^.]{0,80}\bsince\s+(?:the|its|their)\s+(?:[\w-]+\s+){1,3}?"
    r"(?:began|started|erupted|broke out|was launched)\b"
)
_MONTH = r"(?:january|february|march|april|may|june|july|august|september|october|november|december)"
# "since 2017", "since October last year", "since last year": a count over a stretch of time
_SINCE_YEAR = re.compile(rf"\bsince (?:then|(?:19|20)\d\d|last year|{_MONTH}(?:,? (?:19|20)\d\d| last year))\b")
_SUPERLATIVE_BEFORE = re.compile(r"\b(?:\w+est|first|most \w+|worst)\b(?:\s+[\w-]+){0,3}\s+$")


def _is_cumulative(low: str) -> bool:
    """Does the sentence tell history or a running total rather than an incident?"""
    if _CONFLICT_SUBJECT.search(low) or _RUNNING_TOLL.search(low):
        return True
    return any(not _SUPERLATIVE_BEFORE.search(low[: m.start()]) for m in _SINCE_YEAR.finditer(low))


def _dates_in(sent: Span, published: dt.date | None) -> list[ResolvedDate]:
    """The dates a sentence's own words give, other than a comparison's baseline ("largest since 2020")."""
    if published is None:
        return []
    out = []
    for ent in sent.ents:
        if ent.label_ in ("DATE", "TIME") and not _comparison_baseline(ent, sent):
            resolved = resolve_date(ent.text, published)
            if resolved is not None:
                out.append(resolved)
    return out


def _comparison_baseline(ent: Span, sent: Span) -> bool:
    """ "Their largest offensive since 2020": the year is what the event is measured against, not its date."""
    before = sent.doc[sent.start : ent.start].text.lower()
    if not before.endswith("since"):
        return False
    return bool(_SUPERLATIVE_BEFORE.search(before.removesuffix("since")))


def _dates_the_report(ent: Span) -> bool:
    """Is a date attached to the reporting verb ("police said on Friday that …"), not to the event?"""
    head = ent.root.head
    if head.dep_ == "prep" or head.pos_ == "ADP":
        head = head.head
    if head.pos_ == "NOUN" and head.lemma_.lower() in REPORT_NOUNS:
        return True  # "In a Telegram post on Tuesday, ISIL said …": the day of the post
    return head.lemma_.lower() in REPORT_LEMMAS and head.pos_ in ("VERB", "AUX")


# the things a report is made in: a date on one of them dates the report, not the event
REPORT_NOUNS = frozenset(
    {"post", "statement", "video", "message", "release", "briefing", "interview", "tweet", "conference", "communique"}
)
