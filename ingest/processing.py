"""Run the extraction pipeline over one stored article and persist what it found."""

from __future__ import annotations

import logging
import time

from events.models import Article
from ingest import services
from ingest.extraction.normalize import RejectedInput
from ingest.extraction.pipeline import get_pipeline

logger = logging.getLogger(__name__)


def article_process(*, article_id: int) -> str:
    """Claim, extract and persist one article; return the article's final status."""
    article = services.article_claim(article_id=article_id)
    if article is None:
        status = Article.objects.filter(pk=article_id).values_list("status", flat=True).first()
        logger.info("article %s not claimable (status %s)", article_id, status)
        return status or "missing"
    started = time.perf_counter()
    source = article.raw or article.text
    try:
        result = get_pipeline().extract(
            source,
            title=article.title,
            published=article.published_on.isoformat() if article.published_on else None,
        )
    except RejectedInput as exc:
        services.article_mark_failed(article_id=article_id, reason=str(exc), status=Article.Status.SKIPPED)
        return Article.Status.SKIPPED
    stats = services.article_persist_result(article=article, result=result)
    logger.info(
        "article %s processed in %.2fs: %d new events, %d matched, %d quotes",
        article_id,
        time.perf_counter() - started,
        stats.events_created,
        stats.events_matched,
        stats.quotes,
    )
    return Article.Status.DONE
