"""The extraction pipeline: text in, :class:`ExtractionResult` out (no Django, no database)."""

from __future__ import annotations

import functools
import logging
import time
from collections.abc import Iterable, Sequence

from spacy.language import Language

from events.normalize import normalize_name

from .actors import FrozenActor, dictionary_mentions, freeze_extra_actors, resolve_actors, state_mentions
from .classifier import SentenceClassifier
from .dates import parse_published
from .events import detect_events
from .gazetteer import Gazetteer, default_gazetteer
from .nlp import Paragraph, annotate_many, load_nlp
from .normalize import CleanText, normalize
from .page_tail import body_end
from .places import owned_by_country, resolve_places
from .quotes import extract_quotes
from .result import ActorResult, ArticleMeta, ExtractionResult, QuoteResult

logger = logging.getLogger(__name__)

# (canonical name, aliases, kind[, ISO country code]), e.g. one row per events.Actor with its ActorAlias
# surface forms. The rows are compiled into one regex, cached while the same rows come back.
ExtraActor = tuple[str, Sequence[str], str] | tuple[str, Sequence[str], str, str | None]


class Pipeline:
    """Holds the loaded NLP model and gazetteer; :meth:`extract` is safe to call many times."""

    def __init__(
        self,
        nlp: Language | None = None,
        gazetteer: Gazetteer | None = None,
        *,
        classifier: SentenceClassifier | None = None,
    ):
        t0 = time.perf_counter()
        self.gazetteer = gazetteer or default_gazetteer()
        self.nlp = nlp or load_nlp()
        # the learned background reading (classifier.py): off unless given, see its module docstring
        self.classifier = classifier
        self.load_seconds = time.perf_counter() - t0
        self._extra_memo: tuple[object, tuple[FrozenActor, ...]] = ((), ())

    def extract(
        self,
        text: str | bytes,
        *,
        title: str = "",
        published: str | None = None,
        extra_actors: Iterable[ExtraActor] = (),
    ) -> ExtractionResult:
        """Run every stage over one article; raises normalize.RejectedInput on unusable input."""
        return self.extract_many([text], title=title, published=published, extra_actors=extra_actors)[0]

    def extract_many(
        self,
        texts: Sequence[str | bytes],
        *,
        title: str = "",
        published: str | None = None,
        extra_actors: Iterable[ExtraActor] = (),
    ) -> list[ExtractionResult]:
        """Extract several articles with one batched pass of the NLP model."""
        extra = self._frozen_extra(extra_actors)
        t0 = time.perf_counter()
        cleaned = [normalize(t, title=title, published=published) for t in texts]
        t1 = time.perf_counter()
        annotated = annotate_many([c.text for c in cleaned], self.nlp)
        t2 = time.perf_counter()
        per_doc = (t2 - t1) / max(len(texts), 1)
        return [
            self._stages(c, paras, extra, {"normalize": (t1 - t0) / len(texts), "annotate": per_doc})
            for c, paras in zip(cleaned, annotated, strict=True)
        ]

    def _frozen_extra(self, extra_actors: Iterable[ExtraActor]) -> tuple[FrozenActor, ...]:
        """Freeze the extra actor rows, once per tuple: a worker passes the same cached table each time.

        Freezing 20,000 stored actors took ~8 ms an article, and hashing the frozen rows for the
        compiled-regex cache ~1 ms; a tuple seen last time is taken as unchanged.
        """
        source, frozen = self._extra_memo
        if extra_actors is not source:
            frozen = HashedOnce(freeze_extra_actors(extra_actors))
            if isinstance(extra_actors, tuple):
                self._extra_memo = (extra_actors, frozen)
        return frozen

    def _stages(
        self, clean: CleanText, paragraphs: list[Paragraph], extra: tuple[FrozenActor, ...], timings: dict[str, float]
    ) -> ExtractionResult:
        # the page's list of other stories after the article (page_tail.py) is no part of its report
        body = paragraphs[: body_end(paragraphs)]
        text = clean.text if len(body) == len(paragraphs) else clean.text[: body[-1].end]
        paragraphs = body
        t = time.perf_counter()
        states = state_mentions(text)
        named = dictionary_mentions(text)
        blocked = [owned_by_country(text, m.start, m.end, self.gazetteer) for m in named + states if not m.generic]
        # a country's own forces named by name ("Gardai", "the PSNI") say where the story is, as
        # "Malian soldiers" do
        forces = [m for m in named if m.kind == "state_force" and not m.generic]
        places = resolve_places(
            text,
            paragraphs,
            blocked=blocked,
            gaz=self.gazetteer,
            context_countries=[m.country_code for m in states + forces if m.country_code],
        )
        t_places = time.perf_counter()
        place_spans = [(tp.start, tp.end) for tp, _ in places.mentions]
        actors = resolve_actors(
            text,
            paragraphs,
            focus_country=places.focus_country,
            place_spans=place_spans,
            extra_actors=extra,
            gaz=self.gazetteer,
        )
        t_actors = time.perf_counter()
        para_spans = [(p.start, p.end) for p in paragraphs]
        quotes = extract_quotes(text, para_spans, actors)
        t_quotes = time.perf_counter()
        published = parse_published(clean.published)
        events = detect_events(
            text,
            paragraphs,
            actors,
            places,
            published,
            quote_spans=[(q.start, q.end) for q in quotes],
            classifier=self.classifier,
        )
        t_events = time.perf_counter()
        used = {n for e in events for n in (e.actor1, e.actor2, *e.assoc_actors) if n}
        used |= {q.speaker for q in quotes if q.speaker}
        timings = timings | {
            "places": t_places - t,
            "actors": t_actors - t_places,
            "quotes": t_quotes - t_actors,
            "events": t_events - t_quotes,
        }
        return ExtractionResult(
            article=ArticleMeta(
                title=clean.title,
                published=published.isoformat() if published else clean.published,
                language=clean.language,
                site_name=clean.site_name,
            ),
            text=clean.text,
            actors=_with_named_speakers(actors.results(used), quotes),
            locations=places.results({e.location for e in events if e.location}),
            events=tuple(events),
            quotes=tuple(quotes),
            timings=timings,
        )


def _with_named_speakers(reported: tuple[ActorResult, ...], quotes: Sequence[QuoteResult]) -> tuple[ActorResult, ...]:
    """The actors, and the named speakers of quotes that no actor names ("said NATO spokesperson in
    Kosovo Uwe Nowitzki", a name the NER missed that the speaker reading found). A speaker of one
    word or a generic one ("a resident", "Wafa") is left out: the actor stage decides those."""
    known = {normalize_name(n) for a in reported for n in (a.name, *a.aliases)}
    extra: list[ActorResult] = []
    for q in quotes:
        name = q.speaker
        if not name or " " not in name or not name[:1].isupper() or normalize_name(name) in known:
            continue
        known.add(normalize_name(name))
        kind = "person" if all(w[:1].isupper() for w in name.split()) else "other"
        extra.append(ActorResult(name, kind, None, (name,)))
    return reported + tuple(extra)


class HashedOnce(tuple[FrozenActor, ...]):
    """A tuple that computes its hash once (CPython recomputes a tuple's hash on every lookup)."""

    def __hash__(self) -> int:
        cached = self.__dict__.get("hash")
        if cached is None:
            cached = self.__dict__["hash"] = super().__hash__()
        return cached


@functools.lru_cache(maxsize=1)
def get_pipeline() -> Pipeline:
    """Return the process-wide pipeline (model and gazetteer loaded once)."""
    return Pipeline()
