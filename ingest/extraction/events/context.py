"""What the event stage reads a sentence against: the article's context and the sentence's own."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from spacy.tokens import Span

from ..actors import ActorSet
from ..classifier import SentenceClassifier
from ..nlp import Paragraph
from ..places import PlaceSet, Resolved


@dataclass(frozen=True)
class ArticleContext:
    """What every sentence of one article is read against: its actors and places, the focus place,
    the publication day, the quotations' spans, and the optional learned background reading."""

    actors: ActorSet
    places: PlaceSet
    focus: Resolved | None
    published: dt.date | None
    quote_spans: Sequence[tuple[int, int]] = ()
    classifier: SentenceClassifier | None = None
    datelines: tuple[tuple[int, int], ...] = ()  # where the report is filed from (datelines.py)
    # battles told only by their dead ("The death toll from armed clashes in Tripoli has risen to
    # 27"): no event of their own, their toll goes to the incident the report names (incidents.py)
    tolls: list[Any] = field(default_factory=list)


@dataclass(frozen=True)
class SentenceContext:
    """One sentence as the event stage reads it: the parsed span, its paragraph, where it starts in the
    article (``off`` for token offsets, ``s0``/``s1`` for its own characters), its lower-cased text and
    its rank in the article; ``history``: it dates itself before the report ("in 2022, when …")."""

    sent: Span
    para: Paragraph
    off: int
    s0: int
    s1: int
    low: str
    index: int
    history: bool = False
