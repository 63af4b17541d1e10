"""A private PostgreSQL cluster and a gunicorn in front of it, for tests that stop the database.

The machine's shared PostgreSQL (port 5432) is used by other suites at the same time, so tests
that restart or stop a database start a cluster of their own: initdb into a temporary directory,
a free port, trust auth. `private_cluster` makes one, `stack_env` is the environment of every
subprocess run against it (migrated), `running_gunicorn` serves the project over it.
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
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Cluster:
    """A private PostgreSQL cluster in a temporary directory, run as the postgres user when we are root."""

    bin: Path
    root: Path
    port: int
    db_name: str
    as_user: list[str] = field(default_factory=list)

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.port}/{self.db_name}"

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

        conn = psycopg2.connect(
            host="127.0.0.1", port=self.port, user="postgres", dbname=self.db_name, connect_timeout=5
        )
        try:
            with conn, conn.cursor() as cursor:
                cursor.execute(sql, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            conn.close()

    def log_tail(self) -> str:
        path = self.root / "postgres.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""


@contextlib.contextmanager
def private_cluster(db_name: str) -> Iterator[Cluster]:
    """Start a fresh cluster with an empty database ``db_name``; skip the test where that is impossible."""
    bin_dir = pg_bin()
    if bin_dir is None:
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
    root = Path(tempfile.mkdtemp(prefix=f"ct-{db_name}-"))
    os.chmod(root, 0o700)
    if owner is not None:
        os.chown(root, owner.pw_uid, owner.pw_gid)
    instance = Cluster(bin=bin_dir, root=root, port=free_port(), db_name=db_name, as_user=as_user)
    try:
        instance.run(
            str(bin_dir / "initdb"),
            "-D",
            str(instance.data),
            "-U",
            "postgres",
            "-A",
            "trust",
            "-E",
            "UTF8",
            "--no-sync",
        )
        instance.start()
        instance.run(str(bin_dir / "createdb"), "-h", "127.0.0.1", "-p", str(instance.port), "-U", "postgres", db_name)
        yield instance
    finally:
        with contextlib.suppress(Exception):
            if instance.is_running():
                instance.pg_ctl("-m", "immediate", "-w", "-t", "30", "stop")
        shutil.rmtree(root, ignore_errors=True)


def stack_env(cluster: Cluster, *, broker_url: str, **overrides: str) -> dict[str, str]:
    """Return the environment of subprocesses on ``cluster`` (production-like, no eager tasks), migrated."""
    env = dict(os.environ)
    env.update(
        DATABASE_URL=cluster.url,
        CELERY_BROKER_URL=broker_url,
        CELERY_TASK_ALWAYS_EAGER="0",
        DJANGO_SETTINGS_MODULE="conflict_tracker.settings",
        DEBUG="0",
        SECRET_KEY="private-cluster-test-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",  # plain HTTP on the loopback, no TLS proxy in front
        DB_CONN_MAX_AGE="60",  # the production default, stated: the point is reusing connections
        API_THROTTLE_ANON="100000/minute",
        API_THROTTLE_USER="100000/minute",
        **overrides,
    )
    env.pop("CELERY_RESULT_BACKEND", None)
    subprocess.run(
        [str(BIN / "python"), "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return env


def manage_shell(env: dict[str, str], script: str) -> str:
    """Run ``script`` in ``manage.py shell`` with ``env``; return the last line it printed."""
    result = subprocess.run(
        [str(BIN / "python"), "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip().splitlines()[-1]


def submitter_token(env: dict[str, str], username: str) -> str:
    """Create a user allowed to submit articles in the database of ``env``; return their API token."""
    script = (
        "from django.contrib.auth.models import Permission, User\n"
        "from rest_framework.authtoken.models import Token\n"
        f"user = User.objects.create_user({username!r}, password='pw-' + {username!r})\n"
        "user.user_permissions.add(Permission.objects.get(codename='add_article'))\n"
        "print(Token.objects.create(user=user).key)\n"
    )
    return manage_shell(env, script)


def stop_process(proc: subprocess.Popen) -> None:
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=10)


@dataclass
class Web:
    proc: subprocess.Popen
    base: str
    log: Path

    def worker_pids(self) -> set[int]:
        """The gunicorn worker processes (children of the master)."""
        children = Path(f"/proc/{self.proc.pid}/task/{self.proc.pid}/children")
        return {int(pid) for pid in children.read_text().split()} if children.exists() else set()


@contextlib.contextmanager
def running_gunicorn(env: dict[str, str], log_dir: Path) -> Iterator[Web]:
    """gunicorn with one sync worker, as in docker-compose.yml: one persistent connection to reuse."""
    port = free_port()
    log_path = log_dir / "gunicorn.log"
    log = log_path.open("w")
    proc = subprocess.Popen(
        [
            str(BIN / "gunicorn"),
            "--config",
            "python:conflict_tracker.gunicorn_conf",
            "conflict_tracker.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            "1",
            "--timeout",
            "60",
        ],
        cwd=ROOT,
        env=env,
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
                if http_request(server, "GET", "/health/").status in (200, 503):
                    break
            if time.monotonic() > deadline:
                raise AssertionError("gunicorn did not start")
            time.sleep(0.3)
        yield server
    finally:
        stop_process(proc)
        log.close()


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict[str, str]
    body: dict | str


def http_request(
    web: Web, method: str, path: str, body: dict | None = None, token: str = "", accept: str = "application/json"
) -> Reply:
    """Send one request to ``web``; an error status is returned, not raised."""
    headers = {"Accept": accept, "Content-Type": "application/json"}
    if token:
        headers["Authorization"] = f"Token {token}"
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(web.base + path, data=data, headers=headers, method=method)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            status, response_headers, raw = response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as exc:
        status, response_headers, raw = exc.code, dict(exc.headers), exc.read()
    try:
        return Reply(status, response_headers, json.loads(raw))
    except ValueError:
        return Reply(status, response_headers, raw.decode(errors="replace")[:2000])
