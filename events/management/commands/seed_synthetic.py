"""Fill the database with a realistic synthetic dataset for benchmarks (bulk inserts)."""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from itertools import count

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from events.models import Actor, ActorAlias, Article, Event, Evidence, Location, Quote
from events.normalize import normalize_name
from events.typology import EVENT_TYPES, cameo_code

COUNTRIES = ["SY", "IQ", "NG", "SO", "AF", "YE", "UA", "SD", "ML", "CD", "MM", "ET", "BF", "PK", "LY"]
VERBS = {"battles": "clashed with", "explosions_remote_violence": "struck", "violence_against_civilians": "attacked",
         "protests": "protested against", "riots": "rioted against", "strategic_developments": "arrested"}
# Real conflict data is skewed: a few types, places and groups account for most events.
TYPE_WEIGHTS = {"battles": 35, "explosions_remote_violence": 30, "violence_against_civilians": 15, "protests": 10,
                "riots": 4, "strategic_developments": 6}


def _zipf_choice(rng: random.Random, items: list, s: float = 1.1):
    weights = [1 / (i + 1) ** s for i in range(len(items))]
    return rng.choices(items, weights=weights, k=1)[0]


class Command(BaseCommand):
    help = "Generate N synthetic events with articles, evidence and quotes (skewed distributions)."

    def add_arguments(self, parser):
        parser.add_argument("--events", type=int, default=10_000)
        parser.add_argument("--articles", type=int, default=None, help="default: events / 2")
        parser.add_argument("--actors", type=int, default=2_000)
        parser.add_argument("--locations", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--batch", type=int, default=5_000)

    def handle(self, *args, **options):
        n_events = options["events"]
        if n_events < 1:
            raise CommandError("--events must be positive")
        n_articles = options["articles"] or max(1, n_events // 2)
        rng = random.Random(options["seed"])
        batch = options["batch"]
        tag = f"syn{options['seed']}-{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S}"

        with transaction.atomic():
            actors = Actor.objects.bulk_create(
                [Actor(name=f"Synthetic group {tag}-{i}", kind=rng.choice(Actor.Kind.values),
                       country_code=_zipf_choice(rng, COUNTRIES)) for i in range(options["actors"])],
                batch_size=batch,
            )
            ActorAlias.objects.bulk_create(
                [ActorAlias(actor=a, alias=a.name, normalized=normalize_name(a.name)) for a in actors], batch_size=batch
            )
            locations = Location.objects.bulk_create(
                [
                    Location(
                        name=f"Place {tag}-{i}", normalized=normalize_name(f"Place {tag}-{i}"),
                        country_code=(cc := _zipf_choice(rng, COUNTRIES)), admin1=f"Province {cc}-{i % 20}",
                        feature=Location.Feature.CITY, latitude=rng.uniform(-10, 40), longitude=rng.uniform(-15, 70),
                        population=int(rng.paretovariate(1.2) * 1000),
                    )
                    for i in range(options["locations"])
                ],
                batch_size=batch,
            )
        actor_ids = [a.pk for a in actors]
        location_ids = [loc.pk for loc in locations]
        start_day = dt.date(2015, 1, 1)
        days = (dt.date(2026, 11, 1) - start_day).days
        article_ids: list[int] = []
        for offset in range(0, n_articles, batch):
            with transaction.atomic():
                made = Article.objects.bulk_create(
                    [
                        Article(
                            url=f"https://synthetic.example/{tag}/{i}", title=f"Synthetic report {i}",
                            publisher="Synthetic Wire", language="en", status=Article.Status.DONE,
                            published_on=start_day + dt.timedelta(days=rng.randrange(days)),
                            text=f"Synthetic report {i}. Fighters clashed near the town. Officials said it was calm.",
                            content_hash=hashlib.sha256(f"{tag}/{i}".encode()).hexdigest(), extractor_version="synthetic",
                        )
                        for i in range(offset, min(n_articles, offset + batch))
                    ]
                )
                article_ids += [a.pk for a in made]
        types = list(TYPE_WEIGHTS)
        weights = list(TYPE_WEIGHTS.values())
        serial = count()
        for offset in range(0, n_events, batch):
            size = min(batch, n_events - offset)
            with transaction.atomic():
                rows = []
                for _ in range(size):
                    event_type = rng.choices(types, weights=weights, k=1)[0]
                    sub = rng.choice(EVENT_TYPES[event_type])
                    a1, a2 = _zipf_choice(rng, actor_ids, 0.9), _zipf_choice(rng, actor_ids, 0.9)
                    # skew towards recent years, as reporting volume grows
                    day = start_day + dt.timedelta(days=int(days * (1 - rng.random() ** 2)))
                    fatalities = None if rng.random() < 0.3 else int(rng.paretovariate(1.5)) - 1
                    rows.append(
                        Event(
                            event_type=event_type, sub_event_type=sub, cameo_code=cameo_code(event_type, sub),
                            date=day, actor1_id=a1, actor2_id=a2 if a2 != a1 else None,
                            location_id=_zipf_choice(rng, location_ids, 0.8), fatalities=fatalities,
                            summary=f"Group {a1} {VERBS[event_type]} group {a2} (synthetic #{next(serial)}).",
                            confidence=round(rng.uniform(0.3, 0.99), 2),
                        )
                    )
                events = Event.objects.bulk_create(rows)
                evidence = []
                for event in events:
                    for k in range(1 + (rng.random() < 0.2)):
                        evidence.append(
                            Evidence(event=event, article_id=rng.choice(article_ids), sentence=event.summary,
                                     start=k * 40, end=k * 40 + 38)
                        )
                Evidence.objects.bulk_create(evidence, ignore_conflicts=True)
                Quote.objects.bulk_create(
                    [
                        Quote(article_id=rng.choice(article_ids), event=e, text="We will not stop until we win.",
                              speaker_id=e.actor1_id, speaker_name="Spokesman", cue="said", start=1000 + e.pk % 1000,
                              end=1030 + e.pk % 1000)
                        for e in events[: max(1, len(events) // 10)]
                    ],
                    ignore_conflicts=True,
                )
            self.stdout.write(f"  {offset + size}/{n_events} events")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        self.stdout.write(self.style.SUCCESS(f"{n_events} events, {n_articles} articles, {len(actors)} actors"))
