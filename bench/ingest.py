"""Benchmark ingest end to end: submit → Redis → real Celery worker(s) → PostgreSQL.

    DEBUG=0 SECRET_KEY=… DATABASE_URL=postgres://postgres@127.0.0.1:5432/conflict_tracker_bench \
    CELERY_BROKER_URL=redis://127.0.0.1:6379/14 .venv/bin/python bench/ingest.py [-n 200] [--workers 1 2] \
    [--corpus ../shared/eval/geowebnews [--min-words 450 --max-words 800]] [--history 50000] \
    [--warm 40] [--cpus 1] [--pool prefork]

Run it with DEBUG off, as a deployed worker runs (`make bench-ingest` does): under DEBUG Django
wraps every cursor to log its queries, which doubled the persist stage's CPU.

For each worker count it migrates the database, empties the article tables, stores `--history`
earlier articles with fingerprints (the near-duplicate gate compares each new article with the
5,000 most recent, as in steady state; with fewer than ~10x that in the table PostgreSQL reads the
whole small table instead of the window's index, at 3-4 ms an article instead of ~1.5), submits N distinct articles — synthetic ~600-word ones,
or with `--corpus` the real news texts of a directory — through the same service the API uses,
starts `celery worker --concurrency K` and waits until every article is done. `--warm W` submits
W other articles first and starts the clock once they are done (a long-running worker has its
caches full); `--cpus` pins the worker to those CPUs, leaving the rest to PostgreSQL and Redis, as
when the database has its own machine. Prints articles/s per worker core, the CPU the worker's
processes spent per article (the figure that holds on a shared machine), the load average before
and after, plus the per-stage timings (normalise, NLP, places/actors/quotes/events, persist) and
the queries each persist issued, measured in-process over a sample of the same articles.
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conflict_tracker.settings")

from bench.extract import make_articles  # noqa: E402

# Every queue settings.CELERY_TASK_ROUTES sends to: this worker stands in for the whole deployment.
QUEUES = "extract,fetch,celery"


def _check_env() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("CELERY_BROKER_URL"):
        sys.exit("set DATABASE_URL=postgres://… and CELERY_BROKER_URL=redis://… (see the docstring)")
    name = os.environ["DATABASE_URL"].rsplit("/", 1)[-1]
    exists = subprocess.run(
        [
            "psql",
            os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{name}'",
        ],
        capture_output=True,
        text=True,
        check=False,
    ).stdout.strip()
    if exists != "1":
        subprocess.run(
            ["psql", os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/postgres", "-c", f'CREATE DATABASE "{name}"'],
            check=True,
            capture_output=True,
        )


def _stage_timings(articles: list[str]) -> tuple[dict[str, float], list[int]]:
    """Return the mean ms per stage and the number of queries each persist issued."""
    from django.db import connection, transaction
    from django.test.utils import CaptureQueriesContext

    from events.models import Article
    from ingest.extraction.pipeline import get_pipeline
    from ingest.persist import article_persist_result
    from ingest.warmup import pipeline_warm

    pipeline_warm()  # one-off loads (the model, the gazetteer's spelling index) are not a stage's cost
    pipeline = get_pipeline()
    stages: dict[str, list[float]] = {}
    queries = []
    for text in articles:
        result = pipeline.extract(text, published="2016-10-17")
        for name, seconds in result.timings.items():
            stages.setdefault(name, []).append(seconds)
        article = Article.objects.create(text=text, status=Article.Status.PROCESSING)
        connection.queries_log.clear()  # CaptureQueriesContext counts wrong once the log is full
        with CaptureQueriesContext(connection) as captured:
            t0 = time.perf_counter()
            article_persist_result(article=article, result=result)
            stages.setdefault("persist", []).append(time.perf_counter() - t0)
        queries.append(len(captured.captured_queries))
        with transaction.atomic():
            article.delete()
    return {name: statistics.mean(values) * 1000 for name, values in stages.items()}, queries


def _cpu_seconds(pid: int) -> float:
    """Return the user+system CPU seconds of a process and its live children (Linux /proc)."""
    total = 0.0
    for children in Path(f"/proc/{pid}/task").glob("*/children"):
        for child in children.read_text().split():
            total += _cpu_seconds(int(child))
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return total + (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _service_cpu_seconds(names: tuple[str, ...] = ("postgres", "redis-server")) -> float:
    """Return the CPU seconds spent so far by the live processes of the database and the broker."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            head, rest = stat.read_text().rsplit(")", 1)
        except OSError:
            continue  # the process ended
        if head.split("(", 1)[1].startswith(names):
            fields = rest.split()
            total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def _load() -> str:
    return "load average " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def _store_history(count: int) -> None:
    """Store `count` processed articles with random fingerprints: the gate's window in steady state."""
    import random

    from events.models import Article

    rng = random.Random(5)
    Article.objects.bulk_create(
        [
            Article(text=f"earlier article {i}", status=Article.Status.DONE, fingerprint=f"{rng.getrandbits(64):016x}")
            for i in range(count)
        ],
        batch_size=2000,
    )


@dataclass(frozen=True)
class RunSetup:
    """How one measured run deploys the worker."""

    processes: int  # celery --concurrency
    pool: str = "prefork"
    cpus: tuple[int, ...] = ()  # pin the worker to these CPUs (empty: the scheduler decides)
    history: int = 5000
    timeout: float = 900


def _worker_command(setup: RunSetup) -> list[str]:
    command = [sys.executable, "-m", "celery", "-A", "conflict_tracker", "worker", "-Q", QUEUES]
    command += ["--concurrency", str(setup.processes), "--pool", setup.pool, "--loglevel", "WARNING"]
    command += ["--without-gossip", "--without-mingle"]
    if setup.cpus:
        command = ["taskset", "-c", ",".join(map(str, setup.cpus)), *command]
    return command


def _reset(history: int) -> None:
    from events.models import Article, Event, Evidence, Quote

    Evidence.objects.all().delete()
    Quote.objects.all().delete()
    Event.objects.all().delete()
    Article.objects.all().delete()
    _store_history(history)
    # the planner must see the window's real size, as autovacuum's ANALYZE lets it in steady state
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_article")
    subprocess.run(
        [sys.executable, "-m", "celery", "-A", "conflict_tracker", "purge", "-f", "-Q", QUEUES],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )


def _run(articles: list[str], warm: list[str], setup: RunSetup) -> tuple[float, dict[str, int]]:
    """Submit `warm` then `articles`; return the steady rate over `articles` and the final states.

    The rate runs from the moment the warm-up articles (or, without them, the first article) were
    done to the last one, read off the articles' own finishing times; the worker's CPU is counted
    from the first poll after that moment, over the articles still left then. Model loading and
    first-use caches are paid once per worker process.
    """
    from django.db.models import Count

    from events.models import Article
    from events.services.articles import article_submit

    _reset(setup.history)
    for text in [*warm, *articles]:
        article_submit(text=text, published="2016-10-17")
    submitted = Article.objects.exclude(text__startswith="earlier article ")
    skip = len(warm) or 1  # finished before the clock starts
    worker = subprocess.Popen(_worker_command(setup), cwd=ROOT, env=os.environ | {"CELERY_TASK_ALWAYS_EAGER": "0"})
    try:
        start = time.perf_counter()
        left_at_first = None
        cpu_at_first = services_at_first = 0.0
        while time.perf_counter() - start < setup.timeout:
            pending = submitted.filter(status__in=["queued", "fetching", "processing"]).count()
            if left_at_first is None and pending <= len(warm) + len(articles) - skip:
                left_at_first = pending
                cpu_at_first = _cpu_seconds(worker.pid)
                services_at_first = _service_cpu_seconds()
            if pending == 0:
                break
            time.sleep(0.2)
        end = time.perf_counter()
        cpu = _cpu_seconds(worker.pid) - cpu_at_first
        services_cpu = _service_cpu_seconds() - services_at_first
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    counts = dict(submitted.values_list("status").annotate(n=Count("id")))
    finished = sorted(submitted.values_list("updated_at", flat=True))
    span = (finished[-1] - finished[skip - 1]).total_seconds() if len(finished) > skip else 0.0
    steady = (len(finished) - skip) / span if span > 0 else 0.0
    print(f"  start-up, warm-up ({len(warm)} articles) and measured run: {end - start:.1f}s; {_load()}")
    per_article = cpu / max(left_at_first or 0, 1)
    print(
        f"  worker CPU per measured article: {per_article * 1000:.0f} ms "
        f"(all its processes; PostgreSQL's share not included) = {1 / max(per_article, 1e-9):.1f} articles "
        f"per worker CPU-second"
    )
    print(
        f"  PostgreSQL + Redis CPU per measured article: {services_cpu / max(left_at_first or 0, 1) * 1000:.0f} ms "
        "(all their processes on this machine, this script's polling included)"
    )
    if len(warm) + len(articles) != sum(counts.values()):
        print(f"  warning: {len(warm) + len(articles)} submitted, {sum(counts.values())} found")
    return steady, counts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("-n", type=int, default=200)
    ap.add_argument("--words", type=int, default=600)
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--pool", default="prefork", help="the worker's pool (solo runs tasks in the main process)")
    ap.add_argument(
        "--corpus", type=Path, help="a directory of *.txt news articles to submit instead of synthetic ones"
    )
    ap.add_argument(
        "--history",
        type=int,
        default=50_000,
        help="earlier articles stored first: more than the 5,000 of the near-duplicate window, so that "
        "PostgreSQL scans the window's index as it does on a real database instead of a small table",
    )
    ap.add_argument(
        "--min-words", type=int, default=0, help="with --corpus: skip articles shorter than this many words"
    )
    ap.add_argument(
        "--max-words", type=int, default=0, help="with --corpus: skip articles longer than this many words (0: none)"
    )
    ap.add_argument(
        "--warm",
        type=int,
        default=0,
        help="warm each worker up on this many other articles first (a long-running worker's caches are full)",
    )
    ap.add_argument("--repeat", type=int, default=1, help="runs per worker count; the median is printed")
    ap.add_argument(
        "--cpus",
        type=lambda v: tuple(int(c) for c in v.split(",")),
        default=(),
        help="pin the worker to these CPUs, e.g. 1 (the others left to PostgreSQL, Redis and this script)",
    )
    a = ap.parse_args()
    _check_env()
    import django
    from django.conf import settings
    from django.core.management import call_command

    django.setup()
    logging.disable(logging.INFO)  # one "queued" line per submitted article
    call_command("migrate", verbosity=0)
    if a.corpus:
        texts = [p.read_text(encoding="utf-8") for p in sorted(a.corpus.glob("*.txt"))]
        fits = [a.min_words <= len(t.split()) and (not a.max_words or len(t.split()) <= a.max_words) for t in texts]
        articles = [t for t, fit in zip(texts, fits, strict=True) if fit][: a.n]
        warm = [t for t, fit in zip(texts, fits, strict=True) if not fit][: a.warm]
    else:
        articles = make_articles(a.n, a.words, seed=11)
        warm = make_articles(a.warm, a.words, seed=12)
    words = sum(len(t.split()) for t in articles) / len(articles)
    print(
        f"articles={len(articles)} words/article={words:.0f} history={a.history} "
        f"DEBUG={'on' if settings.DEBUG else 'off'}; {_load()}"
    )
    stages, queries = _stage_timings(articles[:30])
    print("per-stage ms/article (in-process, 30 articles): " + ", ".join(f"{k}={v:.1f}" for k, v in stages.items()))
    print(f"persist queries/article: mean {statistics.mean(queries):.1f}, max {max(queries)}, first {queries[0]}")
    where = f"pinned to CPU {','.join(map(str, a.cpus))}" if a.cpus else "on any CPU"
    print(f"worker {where}, pool {a.pool}, warm-up {len(warm)} articles")
    for k in a.workers:
        setup = RunSetup(processes=k, pool=a.pool, cpus=a.cpus, history=a.history, timeout=a.timeout)
        cores = len(a.cpus) if a.cpus else min(k, os.cpu_count() or 1)
        rates = []
        for _ in range(a.repeat):
            rate, counts = _run(articles, warm, setup)
            rates.append(rate)
            print(f"  {rate:.2f} articles/s end to end; states {counts}")
        rate = statistics.median(rates)
        print(
            f"workers={k}: {rate:.2f} articles/s end to end (median of {a.repeat}) = {rate / cores:.2f} per worker "
            f"core ({cores} core(s); {rate / cores * words / 600:.2f} scaled to 600-word articles)"
        )


if __name__ == "__main__":
    main()
