"""Send lost articles (queued without a message, or in flight under a lease that ran out) to processing again."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from ingest.lifecycle import BrokerUnavailable, articles_requeue_stale
from ingest.tasks import process_article_task


def _broker_location(url: str) -> str:
    """The broker URL without its password, for a message."""
    scheme, sep, rest = (url or "").partition("://")
    if not sep:
        return url or "(none configured)"
    credentials, at, host = rest.rpartition("@")
    if not at:
        return url
    user = credentials.partition(":")[0]
    return f"{scheme}://{user + '@' if user else ''}{host}"


def _check_broker() -> None:
    """Raise BrokerUnavailable unless the broker answers (nothing to check when tasks run in-process)."""
    from celery import current_app

    if current_app.conf.task_always_eager:
        return
    try:
        with current_app.connection_for_write() as conn:
            # kombu takes fractions of a second; celery-types declares the interval an int.
            conn.ensure_connection(max_retries=1, interval_start=0.5, timeout=5)  # type: ignore[arg-type]
    except Exception as exc:
        raise BrokerUnavailable(f"cannot connect: {exc}", []) from exc


class Command(BaseCommand):
    help = (
        "Send the processing task again for articles queued for at least --minutes (default: "
        "INGEST_SWEEP_GRACE_SECONDS) whose message is not in the broker, and for articles in flight "
        "whose lease ran out. Celery beat runs the same sweep every INGEST_SWEEP_SECONDS."
    )

    def add_arguments(self, parser):
        parser.add_argument("--minutes", type=int, default=None, help="how long `queued` counts as lost")

    def handle(self, *args, **options):
        minutes = options["minutes"]
        try:
            _check_broker()
            sent = articles_requeue_stale(
                task=process_article_task, queued_for=None if minutes is None else dt.timedelta(minutes=minutes)
            )
        except BrokerUnavailable as exc:
            where = _broker_location(settings.CELERY_BROKER_URL)
            if exc.sent:
                done = f"{len(exc.sent)} article(s) were sent before it failed; the others stay as they are"
            else:
                done = "nothing was sent; the articles stay as they are"
            raise CommandError(
                f"the broker at {where} is unavailable ({exc}); {done}, and the sweep (or this command) "
                "sends them once the broker is back"
            ) from exc
        self.stdout.write(self.style.SUCCESS(f"requeued {len(sent)} article(s)"))
