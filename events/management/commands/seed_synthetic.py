"""Fill the database with a realistic synthetic dataset for benchmarks (bulk inserts).

On PostgreSQL the large tables (articles, events, associated actors, evidence, quotes) are
loaded with COPY, a batch at a time, with ids drawn from each table's own sequence: a million
events take a few minutes. Elsewhere (SQLite) the same rows go through ``bulk_create``.
Synthetic rows skip django-simple-history: they are not editorial changes.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import random
import time
from bisect import bisect
from collections.abc import Sequence
from itertools import accumulate
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.db.models import Model
from django.utils import timezone

from events.models import Actor, ActorAlias, Article, Event, Evidence, Location, Quote
from events.normalize import normalize_name
from events.services.counts import event_counts_refresh
from events.typology import EVENT_TYPES, cameo_code

COUNTRIES = ["SY", "IQ", "NG", "SO", "AF", "YE", "UA", "SD", "ML", "CD", "MM", "ET", "BF", "PK", "LY"]
VERBS = {
    "battles": "clashed with",
    "explosions_remote_violence": "struck",
    "violence_against_civilians": "attacked",
    "protests": "protested against",
    "riots": "rioted against",
    "strategic_developments": "arrested members of",
}
# Real conflict data is skewed: a few types, places and groups account for most events.
TYPE_WEIGHTS = {
    "battles": 35,
    "explosions_remote_violence": 30,
    "violence_against_civilians": 15,
    "protests": 10,
    "riots": 4,
    "strategic_developments": 6,
}
# Words that give text search something to find, from common ("village") to rare ("pipeline").
OBJECTS = ["village", "market", "convoy", "checkpoint", "base", "school", "hospital", "bridge", "airport", "pipeline"]
REVIEW = [(Event.ReviewStatus.AUTO, 85), (Event.ReviewStatus.REVIEWED, 12), (Event.ReviewStatus.REJECTED, 3)]


class Skewed:
    """Draw items with Zipf-like weights in O(log n) a draw (cumulative weights, bisect)."""

    def __init__(self, items: Sequence[Any], s: float = 1.1) -> None:
        self.items = list(items)
        self.cum = list(accumulate(1 / (i + 1) ** s for i in range(len(self.items))))
        self.total = self.cum[-1]

    def __call__(self, rng: random.Random) -> Any:
        return self.items[min(bisect(self.cum, rng.random() * self.total), len(self.items) - 1)]


def _copy_text(value: Any) -> str:
    """Render one value in COPY's text format."""
    if value is None:
        return r"\N"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    text = str(value)
    if any(c in text for c in "\\\t\n\r"):
        text = text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    return text


class Loader:
    """Insert rows into a model's table: COPY on PostgreSQL, ``bulk_create`` elsewhere."""

    def __init__(self, model: type[Model], columns: Sequence[str]) -> None:
        self.model = model
        self.columns = list(columns)
        self.copy = connection.vendor == "postgresql"

    def reserve_ids(self, n: int) -> list[int]:
        """Return ``n`` fresh primary keys from the table's sequence (PostgreSQL)."""
        table = self.model._meta.db_table
        with connection.cursor() as cursor:
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
            return [row[0] for row in cursor.fetchall()]

    def load(self, rows: list[tuple]) -> None:
        if not rows:
            return
        if not self.copy:
            self.model._default_manager.bulk_create(
                [self.model(**dict(zip(self.columns, row, strict=True))) for row in rows], ignore_conflicts=True
            )
            return
        buffer = io.StringIO()
        buffer.writelines("\t".join(map(_copy_text, row)) + "\n" for row in rows)
        buffer.seek(0)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            cursor.cursor.copy_expert(f"COPY {self.model._meta.db_table} ({columns}) FROM STDIN", buffer)


class Command(BaseCommand):
    help = "Generate N synthetic events with articles, evidence and quotes (skewed distributions)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--events", type=int, default=10_000)
        parser.add_argument("--articles", type=int, default=None, help="default: events / 2")
        parser.add_argument("--actors", type=int, default=2_000)
        parser.add_argument("--locations", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--batch", type=int, default=20_000)

    def handle(self, *args: Any, **options: Any) -> None:
        n_events = options["events"]
        if n_events < 1:
            raise CommandError("--events must be positive")
        n_articles = options["articles"] or max(1, n_events // 2)
        rng = random.Random(options["seed"])
        batch = max(1, options["batch"])
        tag = f"syn{options['seed']}-{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}"
        started = time.perf_counter()
        now = timezone.now()

        with transaction.atomic():
            country = Skewed(COUNTRIES)
            actors = Actor.objects.bulk_create(
                [
                    Actor(
                        name=f"Synthetic group {tag}-{i}", kind=rng.choice(Actor.Kind.values), country_code=country(rng)
                    )
                    for i in range(options["actors"])
                ],
                batch_size=5000,
            )
            ActorAlias.objects.bulk_create(
                [ActorAlias(actor=a, alias=a.name, normalized=normalize_name(a.name)) for a in actors], batch_size=5000
            )
            locations = Location.objects.bulk_create(
                [
                    Location(
                        name=f"Place {tag}-{i}",
                        normalized=normalize_name(f"Place {tag}-{i}"),
                        country_code=(cc := country(rng)),
                        admin1=f"Province {cc}-{i % 20}",
                        feature=Location.Feature.CITY,
                        latitude=rng.uniform(-10, 40),
                        longitude=rng.uniform(-15, 70),
                        population=int(rng.paretovariate(1.2) * 1000),
                    )
                    for i in range(options["locations"])
                ],
                batch_size=5000,
            )
        actor_ids = [a.pk for a in actors]
        location_ids = [loc.pk for loc in locations]
        start_day = dt.date(2015, 1, 1)
        days = (dt.date(2026, 11, 1) - start_day).days

        article_loader = Loader(
            Article,
            [
                "id",
                "url",
                "title",
                "publisher",
                "language",
                "status",
                "published_on",
                "raw",
                "text",
                "content_hash",
                "status_reason",
                "extractor_version",
                "fingerprint",
                "created_at",
                "updated_at",
            ],
        )
        article_ids: list[int] = []
        for offset in range(0, n_articles, batch):
            size = min(batch, n_articles - offset)
            ids: list[int | None] = [*article_loader.reserve_ids(size)] if article_loader.copy else [None] * size
            rows = []
            for pk, i in zip(ids, range(offset, offset + size), strict=True):
                rows.append(
                    (
                        pk,
                        f"https://synthetic.example/{tag}/{i}",
                        f"Synthetic report {i}",
                        "Synthetic Wire",
                        "en",
                        Article.Status.DONE,
                        start_day + dt.timedelta(days=rng.randrange(days)),
                        "",
                        f"Synthetic report {i}. Fighters clashed near the town. Officials said it was calm.",
                        hashlib.sha256(f"{tag}/{i}".encode()).hexdigest(),
                        "",
                        "synthetic",
                        "",
                        now,
                        now,
                    )
                )
            with transaction.atomic():
                if article_loader.copy:
                    article_loader.load(rows)
                    article_ids += [pk for pk in ids if pk is not None]
                else:
                    made = Article.objects.bulk_create(
                        [Article(**dict(zip(article_loader.columns[1:], row[1:], strict=True))) for row in rows]
                    )
                    article_ids += [a.pk for a in made]
        self.stdout.write(f"  {n_articles} articles ({time.perf_counter() - started:.0f}s)")

        self._events(rng, n_events, batch, actor_ids, location_ids, article_ids, start_day, days, now, started)
        refreshed = event_counts_refresh()
        self.stdout.write(
            f"  event counts of {refreshed.actors} actors, {refreshed.locations} places "
            f"({time.perf_counter() - started:.0f}s)"
        )
        if connection.vendor == "postgresql":
            # VACUUM too: a bulk-loaded table has no visibility map until autovacuum gets to it, and
            # without one the index-only scans of the list counts read the heap (riots in one
            # country at 1M events: 117 ms before, 16 ms after). VACUUM cannot run in a transaction.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        self.stdout.write(
            self.style.SUCCESS(
                f"{n_events} events, {n_articles} articles, {len(actors)} actors in {time.perf_counter() - started:.0f}s"
            )
        )

    def _events(
        self,
        rng: random.Random,
        n_events: int,
        batch: int,
        actor_ids: list[int],
        location_ids: list[int],
        article_ids: list[int],
        start_day: dt.date,
        days: int,
        now: dt.datetime,
        started: float,
    ) -> None:
        event_loader = Loader(
            Event,
            [
                "id",
                "event_type",
                "sub_event_type",
                "cameo_code",
                "date",
                "date_precision",
                "actor1_id",
                "actor2_id",
                "location_id",
                "geo_precision",
                "fatalities",
                "summary",
                "confidence",
                "review_status",
                "locked_fields",
                "created_at",
                "updated_at",
            ],
        )
        assoc_loader = Loader(Event.assoc_actors.through, ["event_id", "actor_id"])
        evidence_loader = Loader(Evidence, ["event_id", "article_id", "sentence", "start", "end", "created_at"])
        quote_loader = Loader(
            Quote,
            ["article_id", "event_id", "text", "speaker_id", "speaker_name", "speaker_role", "cue", "start", "end"],
        )
        actor = Skewed(actor_ids, 0.9)
        place = Skewed(location_ids, 0.8)
        obj = Skewed(OBJECTS, 1.0)
        types = list(TYPE_WEIGHTS)
        type_cum = list(accumulate(TYPE_WEIGHTS.values()))
        review_cum = list(accumulate(w for _, w in REVIEW))
        serial = 0
        for offset in range(0, n_events, batch):
            size = min(batch, n_events - offset)
            ids: list[Any] = event_loader.reserve_ids(size) if event_loader.copy else [None] * size
            events, assoc, evidence, quotes = [], [], [], []
            for pk in ids:
                event_type = types[bisect(type_cum, rng.random() * type_cum[-1])]
                sub = rng.choice(EVENT_TYPES[event_type])
                a1, a2 = actor(rng), actor(rng)
                a2 = a2 if a2 != a1 else None
                # skewed towards recent years, as reporting volume grows
                day = start_day + dt.timedelta(days=int(days * (1 - rng.random() ** 2)))
                fatalities = None if rng.random() < 0.3 else int(rng.paretovariate(1.5)) - 1
                review = REVIEW[bisect(review_cum, rng.random() * review_cum[-1])][0]
                summary = (
                    f"Group {a1} {VERBS[event_type]} group {a2 or 'unknown'} near the {obj(rng)} (synthetic #{serial})."
                )
                serial += 1
                events.append(
                    [
                        pk,
                        event_type,
                        sub,
                        cameo_code(event_type, sub),
                        day,
                        "day",
                        a1,
                        a2,
                        place(rng),
                        1,
                        fatalities,
                        summary,
                        round(rng.uniform(0.3, 0.99), 2),
                        review,
                        "[]",
                        now,
                        now,
                    ]
                )
            if not event_loader.copy:
                made = Event.objects.bulk_create(
                    [Event(**dict(zip(event_loader.columns[1:], row[1:], strict=True))) for row in events]
                )
                for row, event in zip(events, made, strict=True):
                    row[0] = event.pk
            for row in events:
                pk, a1, summary = row[0], row[6], row[11]
                if rng.random() < 0.1:
                    other = actor(rng)
                    if other not in (a1, row[7]):
                        assoc.append((pk, other))
                for k in range(1 + (rng.random() < 0.2)):
                    evidence.append((pk, rng.choice(article_ids), summary, k * 40, k * 40 + 38, now))
            for row in events[: max(1, len(events) // 10)]:
                pk = row[0]
                quotes.append(
                    (
                        rng.choice(article_ids),
                        pk,
                        "We will not stop until we win.",
                        row[6],
                        "Spokesman",
                        "",
                        "said",
                        1000 + pk,
                        1030 + pk,
                    )
                )
            with transaction.atomic():
                if event_loader.copy:
                    event_loader.load([tuple(row) for row in events])
                assoc_loader.load(assoc)
                # COPY has no ON CONFLICT: drop repeats of the unique keys here (a second sentence from
                # the same article), as bulk_create(ignore_conflicts=True) would.
                evidence_loader.load(list({(e[0], e[1], e[3]): e for e in evidence}.values()))
                quote_loader.load(list({(q[0], q[7]): q for q in quotes if q[7] is not None}.values()))
            self.stdout.write(f"  {offset + size}/{n_events} events ({time.perf_counter() - started:.0f}s)")
