"""The API's rate limit holds per client across gunicorn worker processes (issue 17.7).

gunicorn runs three workers; 60 requests arrive at once from one client; with the limit at 10 a
minute exactly 10 succeed when the count lives in Redis. The same run with per-process counting
(THROTTLE_CACHE_URL=locmem://) lets more through, which shows the requests really were spread
over the workers. Loopback only: Redis on 127.0.0.1, a throwaway SQLite database.
"""

from __future__ import annotations

import os
import subprocess
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis

from tests.reliability.pg_cluster import BIN, ROOT, http_request, running_gunicorn

LIMIT = 10
REQUESTS = 60


def _redis_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    if not url.startswith("redis://"):
        pytest.skip("needs CELERY_BROKER_URL=redis://… (a Redis to share the count in)")
    try:
        redis.Redis.from_url(url, socket_timeout=2).ping()
    except redis.RedisError as exc:
        pytest.skip(f"Redis at {url} does not answer: {exc}")
    return url


def _web_env(tmp_path, **overrides: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        # Broker mode, so web workers do not load the NLP pipeline as the embedded mode does; the
        # broker is never used (GET requests only) and nothing listens on port 1.
        CELERY_BROKER_URL="redis://127.0.0.1:1/0",
        CELERY_TASK_ALWAYS_EAGER="0",
        DEBUG="0",
        SECRET_KEY="throttle-test-" + "x" * 40,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        API_THROTTLE_ANON=f"{LIMIT}/minute",
        CACHE_KEY_PREFIX=f"test-{uuid.uuid4().hex[:8]}-",  # a fresh budget, whoever else uses this Redis
        **overrides,
    )
    subprocess.run(
        [str(BIN / "python"), "manage.py", "migrate", "--noinput"], cwd=ROOT, env=env, check=True, capture_output=True
    )
    return env


@pytest.fixture
def three_workers(monkeypatch):
    """running_gunicorn with --workers 3 instead of 1."""
    import tests.reliability.pg_cluster as cluster_module

    real_popen = subprocess.Popen

    def popen(args, *a, **kw):
        if args and str(args[0]).endswith("gunicorn"):
            args = [*args]
            args[args.index("--workers") + 1] = "3"
        return real_popen(args, *a, **kw)

    monkeypatch.setattr(cluster_module.subprocess, "Popen", popen)


def _statuses(web) -> Counter:
    # The first answer comes from the first worker ready; give the other two time to load the app.
    time.sleep(5)
    with ThreadPoolExecutor(max_workers=REQUESTS) as pool:
        replies = list(pool.map(lambda _: http_request(web, "GET", "/api/v1/actors/"), range(REQUESTS)))
    return Counter(reply.status for reply in replies)


@pytest.mark.services
def test_the_limit_holds_across_three_worker_processes(tmp_path, three_workers):
    env = _web_env(tmp_path, THROTTLE_CACHE_URL=_redis_url())
    with running_gunicorn(env, tmp_path) as web:
        statuses = _statuses(web)
        assert len(web.worker_pids()) == 3
        refused = http_request(web, "GET", "/api/v1/actors/")
    assert statuses == Counter({200: LIMIT, 429: REQUESTS - LIMIT}), statuses
    assert refused.status == 429
    assert 0 < int(refused.headers["Retry-After"]) <= 60
    assert "throttled" in refused.body["detail"].lower()


@pytest.mark.services
def test_counting_per_process_would_let_more_through(tmp_path, three_workers):
    _redis_url()
    env = _web_env(tmp_path, THROTTLE_CACHE_URL="locmem://")
    with running_gunicorn(env, tmp_path) as web:
        statuses = _statuses(web)
    assert statuses[200] > LIMIT, statuses


def test_a_throttle_cache_that_is_down_lets_requests_through(api_client, db, settings, monkeypatch):
    from events.api import throttling

    class Down:
        def add(self, *args, **kwargs):
            raise ConnectionError("redis is down")

    monkeypatch.setattr(throttling.AnonRateThrottle, "cache", Down())
    assert api_client.get("/api/v1/actors/").status_code == 200


def test_settings_pick_redis_for_the_throttle_whenever_one_is_configured():
    code = "from conflict_tracker import settings as s; print(s.CACHES['throttle']['BACKEND'].rsplit('.', 1)[-1], s.CACHES['throttle'].get('LOCATION'))"
    cases = [
        ({}, "LocMemCache throttle"),
        ({"CELERY_BROKER_URL": "redis://127.0.0.1:6379/3"}, "RedisCache redis://127.0.0.1:6379/3"),
        (
            {"CACHE_URL": "redis://cache:6379/1", "CELERY_BROKER_URL": "redis://b:6379/0"},
            "RedisCache redis://cache:6379/1",
        ),
        ({"THROTTLE_CACHE_URL": "redis://t:6379/2", "CACHE_URL": "redis://c:6379/1"}, "RedisCache redis://t:6379/2"),
        ({"THROTTLE_CACHE_URL": "locmem://", "CELERY_BROKER_URL": "redis://b:6379/0"}, "LocMemCache throttle"),
    ]
    base = {k: v for k, v in os.environ.items() if k not in ("CELERY_BROKER_URL", "CACHE_URL", "THROTTLE_CACHE_URL")}
    for env, expected in cases:
        out = subprocess.run(
            [str(BIN / "python"), "-c", code], cwd=ROOT, env={**base, **env}, capture_output=True, text=True
        )
        assert out.stdout.strip() == expected, (env, out.stdout, out.stderr[-500:])
