"""PostgreSQL restarts under a running worker and web server: both reconnect by themselves.

The machine's shared PostgreSQL (port 5432) is used by other suites at the same time, so these
tests start a private cluster of their own (initdb into a temporary directory, a free port, trust
auth), migrate it, and run a real Celery worker and a real gunicorn against it and the Redis
broker the suite is given. Then they restart or stop that cluster while both keep running.

What production relies on here: in gunicorn, CONN_MAX_AGE (conflict_tracker/settings.py) keeps
one connection per worker across requests, and conn_health_checks=True makes Django test that
reused connection before the first query of a request, so a connection the server killed is
replaced instead of failing the request. Celery's Django fixup closes the connection before every
task (CELERY_DB_REUSE_MAX is unset), so each task opens a fresh one. A task that does meet a dead
database retries with backoff (ingest/tasks.py), and the requeue sweep sends articles that are
still queued again (ingest.services.articles_requeue_stale).
"""

from __future__ import annotations

import contextlib
import glob
import json
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.conf import settings

from tests.conftest import SAMPLE_ARTICLE

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
DB_NAME = "ct_pg_restart"

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(
        not (settings.CELERY_BROKER_URL or "").startswith("redis://"),
        reason="needs CELERY_BROKER_URL=redis://… (a real broker for the worker)",
    ),
]

SHORT_ARTICLE = (
    "Militants of Boko Haram attacked a military base near Maiduguri in Borno State on Sunday, "
    "killing four soldiers, the army said on Monday."
)

# Not a near-duplicate of the others (it would be skipped as one).
OUTAGE_ARTICLE = (
    "Police fired tear gas at protesters in Baghdad's Tahrir Square on Friday, and two demonstrators "
    "died of their wounds, a medical source said."
)


def _pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    """A private PostgreSQL cluster in a temporary directory, run as the postgres user when we are root."""

    bin: Path
    root: Path
    port: int
    as_user: list[str] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{DB_NAME}"

    def run(self, *args: str, timeout: float = 120) -> subprocess.CompletedProcess:
        result = subprocess.run([*self.as_user, *args], capture_output=True, text=True, timeout=timeout, cwd=self.root)
        if result.returncode != 0:
            raise AssertionError(f"{' '.join(args)} failed ({result.returncode}):\n{result.stdout}\n{result.stderr}")
        return result

    def pg_ctl(self, *args: str) -> None:
        self.run(str(self.bin / "pg_ctl"), "-D", str(self.data), *args)

    def _server_args(self) -> list[str]:
        # -l always: a server started without a log file writes to pg_ctl's stdout, our pipe,
        # and capture_output would wait for it to close until the server stops.
        options = f"-p {self.port} -k {self.root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off"
        return ["-o", options, "-l", str(self.root / "postgres.log"), "-w", "-t", "60"]

    def start(self) -> None:
        self.pg_ctl(*self._server_args(), "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "-w", "-t", "60", "stop")

    def restart(self) -> None:
        self.pg_ctl("-m", "fast", *self._server_args(), "restart")

    def is_running(self) -> bool:
        return (
            subprocess.run(
                [*self.as_user, str(self.bin / "pg_ctl"), "-D", str(self.data), "status"], capture_output=True
            ).returncode
            == 0
        )

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        import psycopg2

        conn = psycopg2.connect(host="127.0.0.1", port=self.port, user="postgres", dbname=DB_NAME, connect_timeout=5)
        try:
            with conn, conn.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            conn.close()

    def log_tail(self) -> str:
        path = self.root / "postgres.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    pg_bin = _pg_bin()
    if pg_bin is None:
        pytest.skip("no PostgreSQL server binaries (initdb, pg_ctl) on this machine")
    as_user: list[str] = []
    owner = None
    if os.geteuid() == 0:  # initdb refuses to run as root
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user to run initdb as")
        runuser = shutil.which("runuser")
        as_user = [runuser, "-u", "postgres", "--"] if runuser else []
        if not as_user:
            pytest.skip("running as root without runuser to run initdb as postgres")
    root = Path(tempfile.mkdtemp(prefix="ct-pg-restart-"))
    os.chmod(root, 0o700)
    if owner is not None:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    instance = Cluster(bin=pg_bin, root=root, port=_free_port(), as_user=as_user)
    try:
        instance.run(
            str(pg_bin / "initdb"), "-D", str(instance.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync"
        )
        instance.start()
        instance.run(str(pg_bin / "createdb"), "-h", "127.0.0.1", "-p", str(instance.port), "-U", "postgres", DB_NAME)
        yield instance
    finally:
        with contextlib.suppress(Exception):
            if instance.is_running():
                instance.pg_ctl("-m", "immediate", "-w", "-t", "30", "stop")
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="module")
def stack_env(cluster) -> dict[str, str]:
    """The environment of every subprocess: the private cluster, the suite's Redis broker, no eager tasks."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=cluster.url,
        CELERY_BROKER_URL=settings.CELERY_BROKER_URL,
        CELERY_TASK_ALWAYS_EAGER="0",
        DJANGO_SETTINGS_MODULE="conflict_tracker.settings",
        DEBUG="0",
        SECRET_KEY="pg-restart-test-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback, no TLS proxy in front
        DB_CONN_MAX_AGE="60",  # the production default, stated: the point is reusing connections
        # The sweep (sent by the test, as beat would) may requeue an article at once.
        INGEST_REQUEUE_AFTER_MINUTES="0",
        API_THROTTLE_ANON="100000/minute",
        API_THROTTLE_USER="100000/minute",
    )
    env.pop("CELERY_RESULT_BACKEND", None)
    subprocess.run(
        [str(BIN / "python"), "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return env


@pytest.fixture(scope="module")
def api_token(stack_env) -> str:
    script = (
        "from django.contrib.auth.models import Permission, User\n"
        "from rest_framework.authtoken.models import Token\n"
        "user = User.objects.create_user('restart-submitter', password='pw-restart-1')\n"
        "user.user_permissions.add(Permission.objects.get(codename='add_article'))\n"
        "print(Token.objects.create(user=user).key)\n"
    )
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=stack_env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def worker(stack_env, tmp_path_factory) -> Iterator[tuple[subprocess.Popen, Path]]:
    """One Celery worker process (solo pool: the tasks run in this very process) on every queue."""
    from conflict_tracker.celery import app

    hostname = f"pg-restart-{os.getpid()}@{socket.gethostname()}"
    log_path = tmp_path_factory.mktemp("pg-restart") / "worker.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            str(BIN / "celery"),
            "-A",
            "conflict_tracker",
            "worker",
            "-Q",
            "extract,fetch,celery",
            "--pool",
            "solo",
            "--purge",
            "--without-gossip",
            "--without-mingle",
            "--hostname",
            hostname,
            "--loglevel",
            "INFO",
        ],
        cwd=ROOT,
        env=stack_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 120
        while not app.control.ping(destination=[hostname], timeout=1.0):
            if proc.poll() is not None:
                raise AssertionError(f"celery worker exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            if time.monotonic() > deadline:
                raise AssertionError("celery worker did not become ready")
        yield proc, log_path
    finally:
        _stop(proc)
        log.close()


@dataclass
class Web:
    proc: subprocess.Popen
    base: str
    log: Path

    def worker_pids(self) -> set[int]:
        """The gunicorn worker processes (children of the master)."""
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


@pytest.fixture(scope="module")
def web(stack_env, tmp_path_factory) -> Iterator[Web]:
    """gunicorn with one sync worker, as in docker-compose.yml: one persistent connection to reuse."""
    port = _free_port()
    log_path = tmp_path_factory.mktemp("pg-restart-web") / "gunicorn.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "conflict_tracker.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=stack_env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    server = Web(proc, f"http://127.0.0.1:{port}", log_path)
    try:
        deadline = time.monotonic() + 60
        while True:
            if proc.poll() is not None:
                raise AssertionError(f"gunicorn exited with {proc.returncode}:\n{log_path.read_text()[-3000:]}")
            with contextlib.suppress(OSError):
                if _get(server, "/health/")[0] in (200, 503):
                    break
            if time.monotonic() > deadline:
                raise AssertionError("gunicorn did not start")
            time.sleep(0.3)
        yield server
    finally:
        _stop(proc)
        log.close()


def _get(web: Web, path: str) -> tuple[int, dict | str]:
    return _request(web, "GET", path)


def _request(web: Web, method: str, path: str, body: dict | None = None, token: str = "") -> tuple[int, dict | str]:
    headers = {"Accept": "application/json", "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(web.base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, raw = response.status, response.read()
    except urllib.error.HTTPError as exc:
        status, raw = exc.code, exc.read()
    try:
        return status, json.loads(raw)
    except ValueError:
        return status, raw.decode(errors="replace")[:500]


def _submit(web: Web, token: str, text: str) -> int:
    status, body = _request(web, "POST", "/api/v1/articles/", {"text": text, "published": "2016-10-17"}, token)
    assert status == 202, (status, body)
    return body["id"]


def _wait_done(cluster: Cluster, article_id: int, timeout: float = 180, nudge: Callable[[], None] | None = None) -> str:
    deadline = time.monotonic() + timeout
    status = None
    next_nudge = time.monotonic() + 15
    while time.monotonic() < deadline:
        rows = None
        with contextlib.suppress(Exception):  # the database may be coming back
            rows = cluster.query("SELECT status, status_reason FROM events_article WHERE id = %s", (article_id,))
        if rows:
            status, reason = rows[0]
            if status in ("done", "failed", "skipped"):
                assert status == "done", (status, reason)
                return status
        if nudge is not None and time.monotonic() > next_nudge:
            nudge()
            next_nudge = time.monotonic() + 15
        time.sleep(0.5)
    raise AssertionError(f"article {article_id} still {status} after {timeout}s")


def _until_ok(web: Web, path: str, tries: int = 10) -> list[int]:
    """GET ``path`` until it answers 200 (a second apart at most); return every status seen."""
    seen = []
    for _ in range(tries):
        status, _body = _get(web, path)
        seen.append(status)
        if status == 200:
            return seen
        time.sleep(1)
    raise AssertionError(f"{path} did not recover: {seen}")


def _worker_pid(worker_proc: subprocess.Popen) -> int:
    from conflict_tracker.celery import app

    stats = app.control.inspect(timeout=2.0).stats() or {}
    pids = [s["pid"] for name, s in stats.items() if name.startswith("pg-restart-")]
    assert pids == [worker_proc.pid], stats.keys()
    return pids[0]


def test_worker_and_web_reconnect_after_a_postgres_restart(cluster, worker, web, api_token):
    worker_proc, worker_log = worker
    web_pids = web.worker_pids()
    assert len(web_pids) == 1, web_pids

    # Both work, and both hold a connection to the cluster the restart will cut.
    status, health = _get(web, "/health/")
    assert (status, health["status"], health["database"]["ok"]) == (200, "ok", True), health
    assert _get(web, "/api/v1/events/")[0] == 200
    first = _submit(web, api_token, SAMPLE_ARTICLE.read_text(encoding="utf-8"))
    assert _wait_done(cluster, first) == "done", worker_log.read_text()[-3000:]
    pid_before = _worker_pid(worker_proc)
    events_before = cluster.query("SELECT count(*) FROM events_event")[0][0]
    assert events_before > 0

    cluster.restart()

    # The same gunicorn worker answers again at once: its connection, dead since the restart, is
    # health-checked and replaced before the first query (conn_health_checks=True).
    health_statuses = _until_ok(web, "/health/")
    api_statuses = _until_ok(web, "/api/v1/events/")
    assert health_statuses == [200], f"first requests after the restart: /health/ {health_statuses}"
    assert api_statuses == [200], f"first requests after the restart: /api/v1/events/ {api_statuses}"
    status, body = _get(web, "/api/v1/events/")
    assert status == 200
    assert body["results"], body
    assert web.worker_pids() == web_pids, "gunicorn replaced its worker instead of reconnecting"
    status, health = _get(web, "/health/")
    assert health["database"]["ok"], health

    # The same Celery worker process processes an article submitted after the restart, at the
    # first attempt: its task opens a fresh connection.
    log_start = worker_log.stat().st_size
    second = _submit(web, api_token, SHORT_ARTICLE)
    assert _wait_done(cluster, second, timeout=120) == "done", worker_log.read_text()[-3000:]
    assert " retry: " not in worker_log.read_text(errors="replace")[log_start:]
    assert worker_proc.poll() is None
    assert _worker_pid(worker_proc) == pid_before
    assert cluster.query("SELECT count(*) FROM events_event")[0][0] > events_before


def test_an_article_whose_task_meets_a_stopped_database_is_processed_when_it_returns(cluster, stack_env, worker, web):
    """The database is down when the worker takes the task: it retries, and the article ends done."""
    from conflict_tracker.celery import app

    worker_proc, worker_log = worker
    pid_before = _worker_pid(worker_proc)
    # Stored, but its task not sent yet: the test sends it once the database is down.
    script = (
        "from events.models import Article\n"
        f"print(Article.objects.create(text={OUTAGE_ARTICLE!r}, status='queued').pk)\n"
    )
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=stack_env,
        check=True,
        capture_output=True,
        text=True,
    )
    article_id = int(result.stdout.strip().splitlines()[-1])
    log_start = worker_log.stat().st_size

    cluster.stop()
    try:
        # The web server says so, and does not hang or die.
        status, health = _get(web, "/health/")
        assert status == 503, (status, health)
        assert health["database"]["ok"] is False
        assert _get(web, "/api/v1/events/")[0] == 500  # DEBUG=0: a plain server error, no traceback shown

        app.send_task("ingest.tasks.process_article", args=[article_id])
        deadline = time.monotonic() + 30
        while "OperationalError" not in worker_log.read_text(errors="replace")[log_start:]:
            assert time.monotonic() < deadline, worker_log.read_text()[log_start:][-3000:]
            time.sleep(0.3)
        time.sleep(2)  # down a little longer: the first retries meet it too
    finally:
        cluster.start()

    # The task's retries (backoff) or, failing those, the requeue sweep that beat runs bring it through.
    def sweep() -> None:
        app.send_task("ingest.tasks.requeue_stale_articles_task")

    assert _wait_done(cluster, article_id, timeout=240, nudge=sweep) == "done", worker_log.read_text()[-3000:]
    assert worker_proc.poll() is None
    assert _worker_pid(worker_proc) == pid_before
    assert _until_ok(web, "/health/") == [200]
