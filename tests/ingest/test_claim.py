"""Claiming an article for a worker, and the exact-copy gate that follows, on either database."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.utils import timezone

from events.models import Article
from ingest import lifecycle, processing
from tests.ingest.conftest import fixture_text

requires_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="UPDATE … RETURNING is the PostgreSQL path"
)

STALE = dt.timedelta(hours=1)  # older than any task time limit


def _stored(*, status: str, url: str | None = None, text: str = "Some text.", age: dt.timedelta | None = None):
    article = Article.objects.create(url=url, text=text, status=status, status_reason="earlier reason")
    if age is not None:
        Article.objects.filter(pk=article.pk).update(updated_at=timezone.now() - age)
    return article


# (status, URL only, last change this long ago) → status after the claim, None when not claimable
CASES = [
    (Article.Status.QUEUED, False, None, Article.Status.PROCESSING),
    (Article.Status.QUEUED, True, None, Article.Status.FETCHING),
    (Article.Status.PROCESSING, False, None, None),
    (Article.Status.FETCHING, True, None, None),
    (Article.Status.PROCESSING, False, STALE, Article.Status.PROCESSING),
    (Article.Status.FETCHING, True, STALE, Article.Status.FETCHING),
    (Article.Status.DONE, False, STALE, None),
    (Article.Status.FAILED, False, None, None),
]


def _article_for(status, url_only, age, n=0):
    if url_only:
        return _stored(status=status, url=f"https://example.org/{n}", text="", age=age)
    return _stored(status=status, age=age)


@pytest.mark.django_db
@pytest.mark.parametrize(("status", "url_only", "age", "claimed_as"), CASES)
def test_claim_moves_a_claimable_article_on_and_returns_it_as_stored(status, url_only, age, claimed_as):
    article = _article_for(status, url_only, age)

    claim = lifecycle.article_claim(article_id=article.pk)

    stored = Article.objects.get(pk=article.pk)
    if claimed_as is None:
        assert claim is None
        assert (stored.status, stored.status_reason) == (status, "earlier reason")
        return
    assert (stored.status, stored.status_reason) == (claimed_as, "")
    assert claim is not None
    claimed = claim.article
    assert model_to_dict(claimed) == model_to_dict(stored)
    assert (claimed.pk, claimed.updated_at, claimed.created_at) == (stored.pk, stored.updated_at, stored.created_at)
    assert lifecycle.article_claim(article_id=article.pk) is None  # a second worker gets nothing


@requires_postgresql
@pytest.mark.django_db
@pytest.mark.parametrize(("status", "url_only", "age", "claimed_as"), CASES)
def test_postgresql_claim_returns_what_the_orm_claim_returns(status, url_only, age, claimed_as):
    one, other = _article_for(status, url_only, age, 1), _article_for(status, url_only, age, 2)
    stale_before = timezone.now() - dt.timedelta(minutes=30)

    orm_claim = lifecycle._claim_orm(article_id=one.pk, stale_before=stale_before)
    returning_claim = lifecycle._claim_returning(article_id=other.pk, stale_before=stale_before)

    if claimed_as is None:
        assert orm_claim is returning_claim is None
        return
    assert orm_claim is not None
    assert returning_claim is not None
    by_orm, by_returning = orm_claim.article, returning_claim.article
    assert orm_claim.lease.takeovers == returning_claim.lease.takeovers
    ignored = {"id", "url", "updated_at", "created_at"}
    assert {k: v for k, v in model_to_dict(by_returning).items() if k not in ignored} == {
        k: v for k, v in model_to_dict(by_orm).items() if k not in ignored
    }
    assert by_returning.status == claimed_as
    assert by_returning.updated_at == Article.objects.get(pk=other.pk).updated_at
    assert not by_returning._state.adding
    assert by_returning._state.db == by_orm._state.db


def _done(*, content_hash: str | None, duplicate_of: Article | None = None) -> Article:
    return Article.objects.create(
        text=fixture_text("wire.txt"), content_hash=content_hash, duplicate_of=duplicate_of, status="done"
    )


@pytest.mark.django_db
def test_exact_copy_of_a_copy_is_linked_to_the_original():
    digest = processing.content_hash(fixture_text("wire.txt"))
    original = _done(content_hash=None)
    _done(content_hash=digest, duplicate_of=original)  # the copy that holds the hash
    again = Article.objects.create(text=fixture_text("wire.txt"), status=Article.Status.QUEUED)

    assert processing.article_prepare(article_id=again.pk) == Article.Status.SKIPPED

    again.refresh_from_db()
    assert (again.status, again.duplicate_of_id) == (Article.Status.SKIPPED, original.pk)
    assert again.status_reason == f"duplicate of article {original.pk}"


@pytest.mark.parametrize(
    "in_transaction",
    [
        pytest.param(True, marks=pytest.mark.django_db),
        pytest.param(False, marks=pytest.mark.django_db(transaction=True)),
    ],
)
def test_a_copy_stored_between_the_check_and_the_write_makes_the_article_a_duplicate(in_transaction, monkeypatch):
    """The unique content hash catches the race whether or not a caller's transaction is open."""
    original = _done(content_hash=processing.content_hash(fixture_text("wire.txt")))
    late = Article.objects.create(text=fixture_text("wire.txt"), status=Article.Status.QUEUED)
    checks = []
    real_check = processing._same_content

    def check_that_misses_the_first_time(digest, article_id):
        checks.append(digest)
        return None if len(checks) == 1 else real_check(digest, article_id)

    monkeypatch.setattr(processing, "_same_content", check_that_misses_the_first_time)
    # No near-duplicate candidates: only the unique key can tell.
    monkeypatch.setattr(processing, "near_duplicate_candidates", lambda **kwargs: [])

    assert connection.in_atomic_block is in_transaction
    assert processing.article_prepare(article_id=late.pk) == Article.Status.SKIPPED

    # The connection is still usable after the failed UPDATE.
    late.refresh_from_db()
    assert (late.status, late.duplicate_of_id, late.fingerprint) == (Article.Status.SKIPPED, original.pk, "")
    assert len(checks) == 2


@pytest.mark.parametrize(
    "in_transaction",
    [
        pytest.param(True, marks=pytest.mark.django_db),
        pytest.param(False, marks=pytest.mark.django_db(transaction=True)),
    ],
)
def test_an_article_that_passes_the_gate_keeps_its_hash_and_fingerprint(in_transaction):
    article = Article.objects.create(text=fixture_text("wire.txt"), status=Article.Status.QUEUED)

    assert connection.in_atomic_block is in_transaction
    assert processing.article_prepare(article_id=article.pk).pk == article.pk

    article.refresh_from_db()
    assert article.status == Article.Status.PROCESSING
    assert article.fingerprint
    assert article.content_hash == processing.content_hash(fixture_text("wire.txt"))
