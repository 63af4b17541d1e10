"""What the broker holds: the article ids of a task's messages waiting in Redis or held by a worker."""

from __future__ import annotations

import base64
import datetime as dt
import json
from typing import Any, cast

from celery import current_app
from django.conf import settings
from kombu.transport.redis import Channel

# Past this many messages in the queue and in flight the broker is not read: a longer queue is a
# backlog, and reading it would cost the sweep more than resending late.
SCAN_LIMIT = 100_000


def articles_in_broker(task_name: str, *, now: float) -> set[int] | None:
    """Article ids of the `task_name` messages in the broker (Redis), or None if that cannot be told.

    Read: the lists of the task's queue (every priority), and the hash of messages delivered to a
    worker and not yet acknowledged (kombu's `unacked`, indexed by delivery time in
    `unacked_index`). A delivered message counts while its retry countdown (ETA) has not passed
    by more than a lease, or it was delivered less than a lease ago: beyond that, the worker
    holding it died (Redis would hand it out again only after the visibility timeout).
    """
    app = current_app
    if app.conf.task_always_eager:
        return None
    with app.connection_for_write() as conn:
        # kombu takes fractions of a second; celery-types declares the interval an int.
        conn.ensure_connection(max_retries=1, interval_start=0.5, timeout=5)  # type: ignore[arg-type]
        if conn.transport.driver_type != "redis":
            return None
        channel = cast(Channel, conn.default_channel)
        client = channel.client
        queues = {app.amqp.router.route({}, task_name)["queue"].name, app.conf.task_default_queue}
        # _q_for_pri: kombu's own name of a priority's list (private, so not in its stubs).
        keys = [channel._q_for_pri(queue, pri) for queue in queues for pri in channel.priority_steps]  # type: ignore[attr-defined]
        keys = list(dict.fromkeys(keys))
        sizes = [client.llen(key) for key in keys]
        if sum(sizes) + client.hlen(channel.unacked_key) > SCAN_LIMIT:
            return None
        found: set[int] = set()
        for key, size in zip(keys, sizes, strict=True):
            for start in range(0, size, 1000):
                for raw in client.lrange(key, start, start + 999):
                    article_id = article_of(raw, task_name)
                    if article_id is not None:
                        found.add(article_id)
        held_after = now - settings.INGEST_LEASE_SECONDS
        delivered = dict(client.zrange(channel.unacked_index_key, 0, -1, withscores=True))
        for tag, raw in client.hgetall(channel.unacked_key).items():
            try:
                message = json.loads(raw)[0]
            except (ValueError, IndexError, TypeError):
                continue
            article_id = article_of(message, task_name)
            if article_id is None:
                continue
            due = max(delivered.get(tag, now), _eta(message))
            if due >= held_after:
                found.add(article_id)
    return found


def article_of(raw: bytes | str | dict[str, Any], task_name: str) -> int | None:
    """The article id a raw kombu message for `task_name` carries, else None."""
    try:
        message = raw if isinstance(raw, dict) else json.loads(raw)
        if (message.get("headers") or {}).get("task") != task_name:
            return None
        body = message["body"]
        if (message.get("properties") or {}).get("body_encoding") == "base64":
            body = base64.b64decode(body)
        args, kwargs, *_ = json.loads(body)
        article_id = args[0] if args else kwargs["article_id"]
        return int(article_id)
    except (ValueError, KeyError, IndexError, TypeError, AttributeError):
        return None


def _eta(message: dict[str, Any]) -> float:
    eta = (message.get("headers") or {}).get("eta")
    if not eta:
        return 0.0
    try:
        return dt.datetime.fromisoformat(eta).timestamp()
    except (TypeError, ValueError):
        return 0.0
