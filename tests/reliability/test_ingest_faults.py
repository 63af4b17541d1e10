"""Faults under real workers, beat and a broker: every article ends final, exactly once, with no command run.

Issue 17.8. The stack is this module's own, so that it can be broken: a private PostgreSQL
cluster (pg_cluster.py), a private `redis-server` on a free loopback port, gunicorn serving the
API, `celery beat` running the sweep every second and prefork `celery worker`s (pool children, as
in production). Leases, the sweep and the retries run on short settings (FAULT_SETTINGS) so that
each fault recovers in seconds; the mechanisms are the production ones. Per fault the test
submits articles through the API, injects the fault, and waits (bounded) until every article is
final; then it checks that each was processed once (one "processed" log line, which only the
lease's holder can write after the fence) and that no event is duplicated. The figures
(submitted / final / lost / duplicated / seconds to recover) go to the terminal and to
tests/artifacts/ingest-faults.json.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import requires_services
from tests.reliability.pg_cluster import (
    BIN,
    ROOT,
    Cluster,
    Web,
    free_port,
    http_request,
    private_cluster,
    running_gunicorn,
    stack_env,
    submitter_token,
)

pytestmark = [
    requires_services,  # the PostgreSQL + Redis leg of .ci/run only
    pytest.mark.services,
    pytest.mark.skipif(shutil.which("redis-server") is None, reason="needs redis-server for a private broker"),
]

# Short leases and a fast sweep, so that a fault recovers in seconds rather than minutes.
FAULT_SETTINGS = {
    "INGEST_LEASE_SECONDS": "6",
    "INGEST_SWEEP_SECONDS": "1",
    "INGEST_SWEEP_GRACE_SECONDS": "2",
    "INGEST_TASK_RETRIES": "1",
    "LOG_LEVEL": "INFO",
}
FINAL = ("done", "failed", "skipped")
RECOVERY_LIMIT = 120.0  # seconds: a fault that has not healed by then fails its test
ARTIFACT = ROOT / "tests" / "artifacts" / "ingest-faults.json"

# Distinct short reports: each article is three sentences from three pools, never the same three,
# so no two are (near-)copies of each other and none is skipped by the duplicate gate.
_OPENINGS = [
    "Gunmen attacked a police checkpoint on the outskirts of Kandahar on Monday, killing three officers.",
    "An air strike hit a weapons depot near the Syrian town of Idlib on Tuesday, killing at least nine fighters.",
    "Militants of Boko Haram raided the village of Gubio in Borno State on Wednesday and abducted twelve women.",
    "Protesters marched through the centre of Khartoum on Thursday, and security forces fired tear gas at them.",
    "A roadside bomb struck an army convoy near the Iraqi city of Tikrit on Friday, wounding four soldiers.",
    "Al-Shabaab fighters clashed with Somali troops near the port of Kismayo on Saturday for several hours.",
    "Rebels seized the town of Rutshuru in North Kivu on Sunday after government forces withdrew overnight.",
    "Police arrested forty demonstrators in the Venezuelan capital Caracas on Monday after a rally turned violent.",
]
_MIDDLES = [
    "A provincial spokesman said the attackers fled on motorcycles before reinforcements arrived at the scene.",
    "Residents told reporters that the shooting lasted for most of the night and that many families had left.",
    "The interior ministry said in a statement that an investigation had been opened into the incident.",
    "Witnesses described heavy gunfire and said the wounded were taken to the main hospital in the region.",
    "A local official said the area had seen repeated raids over the past month as the group expanded its reach.",
    "Aid agencies warned that the violence had cut the only road used to bring food and medicine to the district.",
    "The army said its units had regained control of the surrounding villages by the afternoon of the next day.",
    "Human rights groups called for an independent inquiry and urged all sides to protect civilians caught up.",
]
_CLOSINGS = [
    "No group has claimed responsibility for the attack so far, officials said.",
    "The United Nations said thousands of people had been displaced by the fighting this year alone.",
    "Talks between the government and the armed groups broke down earlier this spring without any agreement.",
    "Security in the province has deteriorated sharply since the elections held in the autumn of last year.",
    "The health ministry put the number of injured at more than twenty, several of them in a serious condition.",
    "Schools and markets in the town stayed closed on the following day as patrols moved through the streets.",
    "Analysts said the attack showed the group could still strike far from its strongholds in the north.",
    "The governor imposed a curfew from dusk until dawn and banned motorcycles from the main roads.",
]
_COMBINATIONS = itertools.product(range(8), range(8), range(8))


def distinct_articles(n: int) -> list[str]:
    texts = []
    for _ in range(n):
        a, b, c = next(_COMBINATIONS)
        texts.append(f"{_OPENINGS[(a + b + c) % 8]} {_MIDDLES[(b + 2 * c) % 8]}\n\n{_CLOSINGS[c]}")
    return texts


class PrivateRedis:
    """A `redis-server` of our own on a free loopback port, with no persistence: a restart empties it."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.port = free_port()
        self.proc: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        args = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        args += ["--daemonize", "no", "--dir", str(self.root), "--logfile", str(self.root / "redis.log")]
        self.proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 20
        while not self.answers():
            assert self.proc.poll() is None, (self.root / "redis.log").read_text()[-2000:]
            assert time.monotonic() < deadline, "redis-server did not start"
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)
        self.proc = None

    def answers(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(port=self.port, socket_connect_timeout=0.5).ping())
        except redis.RedisError:
            return False


class CeleryProcess:
    """`celery worker` or `celery beat` in a process group of its own (so kill -9 can take the whole worker)."""

    def __init__(self, env: dict[str, str], log: Path, args: list[str]) -> None:
        self.log = log
        self._file = log.open("w")
        self.proc = subprocess.Popen(
            [str(BIN / "celery"), "-A", "conflict_tracker", *args, "--loglevel", "INFO"],
            cwd=ROOT,
            env=env,
            stdout=self._file,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def output(self) -> str:
        return self.log.read_text(errors="replace")

    def wait_for_log(self, needle: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while needle not in self.output():
            assert self.proc.poll() is None, f"exited with {self.proc.returncode}:\n{self.output()[-3000:]}"
            assert time.monotonic() < deadline, f"no {needle!r} after {timeout}s:\n{self.output()[-3000:]}"
            time.sleep(0.2)

    def children(self) -> set[int]:
        path = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return {int(pid) for pid in path.read_text().split()} if path.exists() else set()

    def kill_all(self) -> None:
        """kill -9 the worker: its main process and its pool children at once, as a crash or OOM kill would."""
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=20)
        with contextlib.suppress(ProcessLookupError):  # pool children a killed main process left behind
            os.killpg(self.proc.pid, signal.SIGKILL)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=10)
        self._file.close()


@dataclass
class Stack:
    cluster: Cluster
    redis: PrivateRedis
    env: dict[str, str]
    web: Web
    token: str
    beat: CeleryProcess
    logs: Path


@pytest.fixture(scope="module")
def stack(tmp_path_factory) -> Iterator[Stack]:
    logs = tmp_path_factory.mktemp("ingest-faults")
    redis_root = Path(tempfile.mkdtemp(prefix="ct-faults-redis-"))
    broker = PrivateRedis(redis_root)
    broker.start()
    try:
        with private_cluster("ct_leases_faults") as cluster:
            env = stack_env(cluster, broker_url=broker.url, **FAULT_SETTINGS)
            token = submitter_token(env, "fault-submitter")
            with running_gunicorn(env, logs) as web:
                beat = CeleryProcess(env, logs / "beat.log", ["beat", "--schedule", str(logs / "beat-schedule")])
                try:
                    beat.wait_for_log("beat: Starting")
                    yield Stack(cluster, broker, env, web, token, beat, logs)
                finally:
                    beat.stop()
    finally:
        broker.stop()
        shutil.rmtree(redis_root, ignore_errors=True)


@pytest.fixture
def start_worker(stack, request):
    """Start prefork workers (pool children, as in production) on every queue; stop them afterwards."""
    started: list[CeleryProcess] = []

    def start(name: str, concurrency: int = 1) -> CeleryProcess:
        hostname = f"{name}-{os.getpid()}@%h"
        log = stack.logs / f"{request.node.name}-{name}.log"
        args = ["worker", "-Q", "extract,fetch,celery", "--pool", "prefork", "--concurrency", str(concurrency)]
        args += ["--without-gossip", "--without-mingle", "--hostname", hostname]
        worker = CeleryProcess(stack.env, log, args)
        started.append(worker)
        worker.wait_for_log(" ready.")
        return worker

    yield start
    for worker in started:
        worker.stop()


@pytest.fixture(scope="module")
def figures(request) -> Iterator[list[dict]]:
    rows: list[dict] = []
    yield rows
    if not rows:
        return
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(json.dumps(rows, indent=2) + "\n")
    lines = ["", "ingest faults: submitted / final / lost / duplicated / seconds to recover"]
    lines += [
        f"  {row['fault']:<34} {row['submitted']:>3} / {row['final']:>3} / {row['lost']:>3} / "
        f"{row['duplicated']:>3} / {row['recovery_seconds']:>6.1f}"
        for row in rows
    ]
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        sys.stdout.write("\n".join(lines) + "\n")
        sys.stdout.flush()


def submit(stack: Stack, texts: list[str]) -> list[int]:
    ids = []
    for text in texts:
        reply = http_request(
            stack.web, "POST", "/api/v1/articles/", {"text": text, "published": "2016-10-17"}, stack.token
        )
        assert reply.status == 202, (reply.status, reply.body)
        ids.append(reply.body["id"])
    return ids


def statuses(stack: Stack, ids: list[int]) -> dict[int, str]:
    rows = stack.cluster.query("SELECT id, status FROM events_article WHERE id = ANY(%s)", (ids,))
    return dict(rows)


def wait_until_final(stack: Stack, ids: list[int], timeout: float = RECOVERY_LIMIT) -> dict[int, str]:
    """Poll until every article is final or `timeout` passes (the database may be coming back); return the statuses."""
    deadline = time.monotonic() + timeout
    seen: dict[int, str] = {}
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            seen = statuses(stack, ids)
            if len(seen) == len(ids) and all(s in FINAL for s in seen.values()):
                return seen
        time.sleep(0.25)
    return seen


def wait_for(condition, what: str, timeout: float = 60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(Exception):
            value = condition()
            if value:
                return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def warm_up(stack: Stack) -> None:
    """Have the running worker(s) process one article first, so that a recovery time is not a model load."""
    (article_id,) = submit(stack, distinct_articles(1))
    assert wait_until_final(stack, [article_id]) == {article_id: "done"}


def lease_owner_pid(stack: Stack, article_id: int) -> int | None:
    rows = stack.cluster.query(
        "SELECT l.owner FROM ingest_articlelease l JOIN events_article a ON a.id = l.article_id "
        "WHERE a.id = %s AND a.status IN ('fetching', 'processing')",
        (article_id,),
    )
    return int(rows[0][0].rsplit(":", 1)[1]) if rows else None


def check_and_record(
    stack: Stack, figures: list[dict], fault: str, ids: list[int], final: dict[int, str], recovery: float, logs: str
) -> dict:
    """Count lost and duplicated articles, record the figures, and assert there are none."""
    processed = {pk: len(re.findall(rf"article {pk} processed in", logs)) for pk in ids}
    twice = sorted(pk for pk, n in processed.items() if n > 1)
    # The same incident twice from one article: what processing an article twice without the fence would leave.
    duplicate_events = stack.cluster.query(
        "SELECT ev.article_id, count(DISTINCT e.id) FROM events_evidence ev JOIN events_event e ON e.id = ev.event_id "
        "WHERE ev.article_id = ANY(%s) GROUP BY ev.article_id, e.event_type, e.sub_event_type, e.date, e.location_id "
        "HAVING count(DISTINCT e.id) > 1",
        (ids,),
    )
    repeated_evidence = stack.cluster.query(
        "SELECT article_id, start FROM events_evidence WHERE article_id = ANY(%s) "
        "GROUP BY article_id, event_id, start HAVING count(*) > 1",
        (ids,),
    )
    takeovers = dict(
        stack.cluster.query("SELECT article_id, takeovers FROM ingest_articlelease WHERE article_id = ANY(%s)", (ids,))
    )
    done = [pk for pk in ids if final.get(pk) in FINAL]
    row = {
        "fault": fault,
        "submitted": len(ids),
        "final": len(done),
        "lost": len(ids) - len(done),
        "duplicated": len(set(twice) | {pk for pk, _ in duplicate_events} | {pk for pk, _ in repeated_evidence}),
        "recovery_seconds": round(recovery, 1),
        "statuses": {str(pk): final.get(pk) for pk in ids},
        "takeovers": {str(pk): n for pk, n in takeovers.items() if n},
        "events": stack.cluster.query(
            "SELECT count(DISTINCT event_id) FROM events_evidence WHERE article_id = ANY(%s)", (ids,)
        )[0][0],
    }
    figures.append(row)
    assert row["lost"] == 0, (row, logs[-4000:])
    assert all(final[pk] == "done" for pk in ids), row
    assert [processed[pk] for pk in ids] == [1] * len(ids), (processed, logs[-4000:])
    assert row["duplicated"] == 0, (row, duplicate_events, repeated_evidence)
    assert row["events"] > 0, row
    return row


def test_a_pool_child_killed_mid_article(stack, start_worker, figures):
    worker = start_worker("child-kill")
    # The first article is long (every incident of the pools), and the child that takes it also
    # loads the NLP model: seconds in flight.
    long_text = "\n\n".join(" ".join(parts) for parts in zip(_OPENINGS, _MIDDLES, _CLOSINGS, strict=True))
    ids = submit(stack, [long_text, *distinct_articles(5)])
    victim = ids[0]
    pid = wait_for(lambda: lease_owner_pid(stack, victim), "the first article to be claimed")
    assert pid in worker.children(), (pid, worker.children())
    time.sleep(0.5)  # into the pipeline
    assert statuses(stack, [victim])[victim] == "processing", "the article finished before the kill"
    os.kill(pid, signal.SIGKILL)
    killed_at = time.monotonic()

    final = wait_until_final(stack, ids)
    recovery = time.monotonic() - killed_at
    logs = worker.output()
    assert "WorkerLostError" in logs or "exited prematurely" in logs, logs[-3000:]
    row = check_and_record(stack, figures, "kill -9 a pool child mid-article", ids, final, recovery, logs)
    assert row["takeovers"].get(str(victim)) == 1, row  # the redelivered task took the run-out lease over
    assert worker.proc.poll() is None


def test_the_worker_killed(stack, start_worker, figures):
    survivor = start_worker("survivor")
    warm_up(stack)
    doomed = start_worker("doomed")  # cold: its first article includes the model load, seconds in flight
    ids = submit(stack, distinct_articles(8))

    def held_by_doomed():
        return next((pk for pk in ids if lease_owner_pid(stack, pk) in doomed.children()), None)

    victim = wait_for(held_by_doomed, "the doomed worker to claim an article")
    doomed.kill_all()  # main process and pool child, no chance to ack or requeue anything
    killed_at = time.monotonic()

    final = wait_until_final(stack, ids)
    recovery = time.monotonic() - killed_at
    logs = doomed.output() + survivor.output()
    row = check_and_record(stack, figures, "kill -9 the worker", ids, final, recovery, logs)
    assert row["takeovers"].get(str(victim)) == 1, row  # taken over by the survivor, sent by the sweep
    assert f"article {victim} processed in" in survivor.output()


def test_the_broker_stopped_during_submission(stack, start_worker, figures):
    worker = start_worker("broker-stop")
    warm_up(stack)
    texts = distinct_articles(6)
    ids = submit(stack, texts[:3])
    stack.redis.stop()  # and with it every message it held: no persistence
    stopped = time.monotonic()
    try:
        began = time.monotonic()
        ids += submit(stack, texts[3:])  # stored `queued`, 202: the row is the outbox
        submit_seconds = (time.monotonic() - began) / 3
        assert all(s == "queued" for pk, s in statuses(stack, ids[3:]).items()), statuses(stack, ids)
        time.sleep(max(0.0, 3 - (time.monotonic() - stopped)))  # down a few seconds
    finally:
        stack.redis.start()
    back_at = time.monotonic()

    final = wait_until_final(stack, ids)
    recovery = time.monotonic() - back_at
    logs = worker.output()
    row = check_and_record(stack, figures, "broker stopped during submission", ids, final, recovery, logs)
    row["seconds_per_submission_while_down"] = round(submit_seconds, 2)
    assert "sweep: sent" in worker.output(), "the sweep, not luck, delivered the stored articles"


def test_the_database_refusing_connections(stack, start_worker, figures):
    worker = start_worker("db-stop")  # cold: the first article's model load holds the rest queued
    ids = submit(stack, distinct_articles(6))
    wait_for(lambda: lease_owner_pid(stack, ids[0]), "the first article to be claimed")
    stack.cluster.stop()  # every connection cut, every new one refused
    stopped_at = time.monotonic()
    try:
        # Down until every task has run out of retries and left its article to the sweep (or 30 s).
        deadline = stopped_at + 30
        while worker.output().count("left to the sweep") < len(ids) and time.monotonic() < deadline:
            time.sleep(0.3)
        time.sleep(1)
    finally:
        stack.cluster.start()
    back_at = time.monotonic()
    down_for = back_at - stopped_at

    final = wait_until_final(stack, ids)
    recovery = time.monotonic() - back_at
    logs = worker.output()
    row = check_and_record(stack, figures, "database refusing connections", ids, final, recovery, logs)
    row["down_seconds"] = round(down_for, 1)
    assert "left to the sweep" in logs, logs[-3000:]
